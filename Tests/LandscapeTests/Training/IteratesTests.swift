import Foundation
import Testing
import Landscape

/// The iterates a training run keeps are the parameters of the runs that stop at those steps, bit
/// for bit, and survive checkpoints, files and resumption unchanged.
@Suite("Iterates of a training run")
struct IteratesTests {
    func configuration(_ precision: Precision = .float64, steps: Int) -> RunConfiguration {
        var c = RunConfiguration(data: TestData.repository.appendingPathComponent("datasets/iris.csv").path)
        c.split = .fraction(0.8)
        c.hidden = [6]
        c.batchSize = 16
        c.optimizer = OptimizerSettings(kind: .momentum)
        c.length = .steps(steps)
        c.seed = 3
        c.precision = precision
        return c
    }

    /// A run of `configuration` keeping iterates every `every` steps (nil: none), saving its
    /// checkpoint to `checkpoint` and stopping (interrupted) before step `stop`, when given.
    func train(_ configuration: RunConfiguration, every: Int?, checkpoint: String? = nil, stop: Int? = nil,
               resumingFrom saved: TrainingCheckpoint? = nil) throws -> (TrainingRun, TrainingOutcome) {
        var run = try TrainingRun(configuration: configuration)
        run.iteratesInterval = every
        run.checkpointPath = checkpoint
        if let stop {
            let steps = StepCounter(start: saved?.step ?? 0)
            run.interruption = { steps.next() >= stop }
        }
        let outcome = try run.run(resumingFrom: saved)
        return (run, outcome)
    }

    /// Counts the steps a run has asked about, from another thread's point of view too.
    final class StepCounter: @unchecked Sendable {
        private let lock = NSLock()
        private var step: Int
        init(start: Int) { step = start }
        /// The step about to be taken; counts it.
        func next() -> Int { lock.withLock { defer { step += 1 }; return step } }
    }

    @Test("iterate k is, bit for bit, the final parameters of the same run stopped at its step", arguments: [Precision.float64, .float32])
    func againstShorterRuns(precision: Precision) throws {
        let (run, outcome) = try train(configuration(precision, steps: 45), every: 10)
        let iterates = try #require(run.iterates)
        #expect(iterates.steps == [0, 10, 20, 30, 40, 45] && iterates.every == 10 && iterates.architecture == run.architecture)
        let initial: [Double] = switch precision {
        case .float64: Network<Double>(architecture: run.architecture, seed: 3).flatParameters
        case .float32: Network<Float>(architecture: run.architecture, seed: 3).flatParameters.map(Double.init)
        }
        #expect(iterates.parameters[0].map(\.bitPattern) == initial.map(\.bitPattern))
        #expect(iterates.parameters.last!.map(\.bitPattern) == outcome.network.flatParameters.map(\.bitPattern))
        for (step, parameters) in zip(iterates.steps, iterates.parameters).dropFirst() {
            let (_, shorter) = try train(configuration(precision, steps: step), every: nil)
            #expect(parameters.map(\.bitPattern) == shorter.network.flatParameters.map(\.bitPattern), "step \(step)")
        }
    }

    @Test("keeping iterates changes nothing else: the same model and log")
    func nothingElse() throws {
        let (plain, without) = try train(configuration(steps: 45), every: nil)
        let (_, with) = try train(configuration(steps: 45), every: 4)
        #expect(with.model.json == without.model.json)
        #expect(plain.iterates == nil)
    }

    @Test("an interrupted run's checkpoint holds the iterates so far; resumed, the run keeps the iterates of one never stopped")
    func resumed() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("run.ckpt").path
        let (whole, _) = try train(configuration(steps: 60), every: 7)
        for stop in [5, 21, 37] {
            #expect(throws: LandscapeError.interrupted(step: stop)) { try train(configuration(steps: 60), every: 7, checkpoint: path, stop: stop) }
            let saved = try TrainingCheckpoint(json: try JSON(parsing: try Files.read(path)))
            #expect(saved.step == stop && saved.iterates?.steps == Array(stride(from: 0, through: stop, by: 7)))
            var resumed = try TrainingRun(configuration: configuration(steps: 60))
            resumed.iteratesInterval = 7
            try saved.requireResumable(by: resumed, name: "run.ckpt")
            _ = try resumed.run(resumingFrom: saved)
            #expect(resumed.iterates == whole.iterates, "resumed from step \(stop)")
        }
    }

    @Test("a checkpoint without iterates, or with another interval, is refused to a run that keeps them")
    func refusedCheckpoints() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("run.ckpt").path
        #expect(throws: LandscapeError.self) { try train(configuration(steps: 60), every: nil, checkpoint: path, stop: 20) }
        let bare = try TrainingCheckpoint(json: try JSON(parsing: try Files.read(path)))
        #expect(bare.iterates == nil)
        var run = try TrainingRun(configuration: configuration(steps: 60))
        run.iteratesInterval = 7
        #expect(throws: LandscapeError.invalidInput(
            "run.ckpt holds no iterates (its run did not keep them): start the run again with --save-iterates to have them all")) {
            try bare.requireResumable(by: run, name: "run.ckpt")
        }
        #expect(throws: LandscapeError.self) { try train(configuration(steps: 60), every: 5, checkpoint: path, stop: 20) }
        run.iteratesInterval = 7
        #expect(throws: LandscapeError.invalidInput("run.ckpt holds the iterates of every 5 steps, not every 7: resume with --iterates-every 5")) {
            try TrainingCheckpoint(json: try JSON(parsing: try Files.read(path))).requireResumable(by: run, name: "run.ckpt")
        }
        // Without iterates asked for, a checkpoint with them resumes as any other.
        run.iteratesInterval = nil
        try TrainingCheckpoint(json: try JSON(parsing: try Files.read(path))).requireResumable(by: run, name: "run.ckpt")
    }

    @Test("the file reads back to the same bits; malformed files are refused")
    func file() throws {
        let (run, _) = try train(configuration(.float32, steps: 20), every: 3)
        let iterates = try #require(run.iterates)
        let read = try Iterates(json: try JSON(parsing: iterates.json.compactText))
        #expect(read == iterates)
        #expect(read.parameters.flatMap { $0 }.map(\.bitPattern) == iterates.parameters.flatMap { $0 }.map(\.bitPattern))
        #expect(iterates.json["n_params"]?.intValue == 4 * 6 + 6 + 6 * 3 + 3)
        func refused(_ key: String, _ value: JSON, _ fragment: String) {
            do {
                _ = try Iterates(json: iterates.json.setting(key, to: value))
                Issue.record("\(key) = \(value.compactText) was accepted")
            } catch LandscapeError.invalidInput(let message) {
                #expect(message.contains(fragment), "\(message)")
            } catch {
                Issue.record("\(error)")
            }
        }
        refused("format", .string("landscape-mlp"), "the 'format' key is \"landscape-mlp\"")
        refused("version", .number(2), "version 2 is not supported")
        refused("n_params", .number(50), "'n_params' is 50 but the architecture has 51 parameters")
        refused("every", .number(0), "'every' must be a positive integer")
        refused("steps", .array([0, 3, 3, 9, 12, 15, 18, 20].map { .number($0) }), "steps must be integers from 0 up, ascending (entry 2 is 3)")
        refused("steps", .array([0, 3].map { .number($0) }), "'steps' and 'iterates' must be lists of one length")
        refused("architecture", .object(["sizes": .array([.number(4)]), "activation": .string("tanh"), "output": .string("mse")]), "'architecture' needs")
        var short = iterates.json["iterates"]!.arrayValue!
        short[1] = .numbers([1.0, 2.0])
        refused("iterates", .array(short), "iterate 1 has 2 numbers, not the 51 of the architecture")
    }
}
