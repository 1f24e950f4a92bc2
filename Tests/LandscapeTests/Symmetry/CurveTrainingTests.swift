import Foundation
import Testing
import Landscape

@Suite("Training a curve between two models")
struct CurveTrainingTests {
    /// 200 noisy moons rows: the first 150 train, the rest test.
    static let moons = ToyDataset.moons.generate(count: 200, noise: 0.1, seed: 0).csvText

    /// Two 2-8-2 tanh models trained on the moons from seeds 1 and 2: the straight line between
    /// them rises about 1 nat above the end losses.
    static let pair: (a: Model, b: Model) = {
        try! withData { data in
            let models = try [1, 2].map { seed -> Model in
                var configuration = RunConfiguration(data: data)
                configuration.split = .firstRows(150)
                configuration.hidden = [8]
                configuration.optimizer = OptimizerSettings(kind: .adam)
                configuration.learningRate = 0.02
                configuration.length = .epochs(100)
                configuration.seed = UInt64(seed)
                var run = try TrainingRun(configuration: configuration)
                return try run.run().model
            }
            return (models[0], models[1])
        }
    }()

    /// `body` with the path of the moons written to a fresh folder, removed afterwards.
    static func withData<R>(_ body: (String) throws -> R) throws -> R {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("moons.csv").path
        try Files.writeAtomically(moons, to: path)
        return try body(path)
    }

    /// The curve's training settings: Adam at 0.01 for 30 epochs on the first 150 rows.
    static func configuration(data: String, precision: Precision = .float64) -> RunConfiguration {
        var configuration = RunConfiguration(data: data)
        configuration.split = .firstRows(150)
        configuration.optimizer = OptimizerSettings(kind: .adam)
        configuration.learningRate = 0.01
        configuration.length = .epochs(30)
        configuration.precision = precision
        return configuration
    }

    @Test("a trained curve has a lower barrier and mean loss than the straight line", arguments: Precision.allCases)
    func barrierDrops(precision: Precision) throws {
        let (a, b) = Self.pair
        let outcome = try Self.withData { data in
            try CurveTraining(from: a, to: b, configuration: Self.configuration(data: data, precision: precision)).run()
        }
        let (along, line) = (outcome.along, outcome.line)
        #expect(line.trainBarrier.height > 0.5, "the pair should have a real barrier on the line")
        #expect(along.trainBarrier.height < line.trainBarrier.height / 2)
        let (alongTest, lineTest) = (try #require(along.testBarrier), try #require(line.testBarrier))
        #expect(alongTest.height < lineTest.height)
        func mean(_ profile: InterpolationProfile) -> Double { profile.points.map(\.train.loss).reduce(0, +) / Double(profile.points.count) }
        #expect(mean(along) < mean(line))
        #expect(along.points.map(\.alpha) == CurveTraining.barrierGrid && CurveTraining.barrierGrid.count == 25)
        #expect(outcome.curve.curve.start == a.network.parameters && outcome.curve.curve.end == b.network.parameters)
        #expect(outcome.steps == 30 * 5)
    }

    @Test("the first step moves the bend from the midpoint by −lr·2t(1 − t)·∇L(θ(t)), t the seed's first draw")
    func firstStep() throws {
        let (a, b) = Self.pair
        let (bend, batch) = try Self.withData { data in
            var configuration = Self.configuration(data: data)
            configuration.optimizer = OptimizerSettings(kind: .sgd)
            configuration.learningRate = 0.1
            configuration.batchSize = 150
            configuration.length = .steps(1)
            configuration.seed = 7
            let training = try CurveTraining(from: a, to: b, configuration: configuration)
            return (flatten(try training.run().curve.curve.bend), try a.batch(for: training.data.train, as: Double.self))
        }
        let t = CurveTraining.t(seed: 7, step: 0)
        let (pa, pb) = (a.network.flatParameters, b.network.flatParameters)
        let onLine = zip(pa, pb).map { (1 - t) * $0 + t * $1 }
        let g = flatten(Network(architecture: a.architecture, flatParameters: onLine).lossAndGradient(on: batch).gradient)
        let expected = pa.indices.map { (pa[$0] + pb[$0]) / 2 - 0.1 * 2 * t * (1 - t) * g[$0] }
        #expect(relativeError(bend, expected) < 1e-12)
    }

    @Test("each step's t is uniform in [0, 1) and fixed by the seed and the step")
    func draws() {
        let ts = (0..<4000).map { CurveTraining.t(seed: 3, step: $0) }
        #expect(ts.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(ts.reduce(0, +) / 4000 - 0.5) < 0.02)
        #expect(CurveTraining.t(seed: 3, step: 17) == ts[17] && CurveTraining.t(seed: 4, step: 17) != ts[17])
    }

    @Test("the curve file reads back to the same bits")
    func roundTrip() throws {
        let (a, b) = Self.pair
        let curve = try Self.withData { data in
            var configuration = Self.configuration(data: data)
            configuration.length = .epochs(2)
            return try CurveTraining(from: a, to: b, configuration: configuration, fromName: "a.json", toName: "b.json").run().curve
        }
        let read = try ModeCurve(json: try JSON(parsing: curve.json.prettyText))
        #expect(read.curve.start == curve.curve.start && read.curve.bend == curve.curve.bend && read.curve.end == curve.curve.end)
        #expect(read.architecture == a.architecture && read.inputTransform == a.inputTransform && read.featureNames == ["x", "y"])
        #expect(read.fromName == "a.json" && read.toName == "b.json" && read.training == curve.training)
        #expect(read.json == curve.json)
        let settings = try #require(curve.training?["configuration"])
        #expect(settings["optimizer"]?.stringValue == "adam" && settings["epochs"]?.intValue == 2 && settings["hidden"] == nil)
        #expect(try RunConfiguration(json: settings).learningRate == 0.01)
    }

    @Test("models that cannot be joined and settings that do not train a curve are refused")
    func refused() throws {
        let (a, b) = Self.pair
        let wider = Model(network: Network(architecture: Architecture(sizes: [2, 9, 2], activation: .tanh, loss: .crossEntropy), seed: 1),
                          inputTransform: a.inputTransform)
        try Self.withData { data in
            #expect(throws: LandscapeError.self) { try CurveTraining(from: a, to: wider, configuration: Self.configuration(data: data)) }
            var newton = Self.configuration(data: data)
            newton.optimizer = OptimizerSettings(kind: .newton)
            #expect(throws: LandscapeError.self) { try CurveTraining(from: a, to: b, configuration: newton) }
            var hidden = Self.configuration(data: data)
            hidden.hidden = [4]
            #expect(throws: LandscapeError.self) { try CurveTraining(from: a, to: b, configuration: hidden) }
        }
    }
}
