import Foundation
import Testing
import Landscape

/// Studies over any settings: the crossed grid, the batch-size study as one case of it, runs spread
/// over threads with the serial bits, and correlations recomputed here from the runs.
@Suite("Study")
struct StudyTests {
    static var wine: String { TestData.repository.appendingPathComponent("datasets/wine.csv").path }

    static var base: RunConfiguration {
        var base = RunConfiguration(data: wine)
        base.split = .fraction(0.7)
        base.hidden = [6]
        base.length = .epochs(4)
        return base
    }

    @Test("the grid crosses the variations, the first outermost, and refuses what cannot vary")
    func grid() throws {
        let grid = try Study.grid(base: Self.base, varying: [
            Study.Variation(setting: "weight-decay", values: ["0", "0.01"]), Study.Variation(setting: "hidden", values: ["4", "8,8", "none"]),
        ])
        #expect(grid.count == 6)
        #expect(grid.map(\.optimizer.weightDecay) == [0, 0, 0, 0.01, 0.01, 0.01])
        #expect(grid.map(\.hidden) == [[4], [8, 8], [], [4], [8, 8], []])
        let refusals: [([Study.Variation], String)] = [
            ([Study.Variation(setting: "wd", values: ["0"])], "'wd' is not a setting"),
            ([Study.Variation(setting: "seed", values: ["1", "2"])], "seed cannot vary within a study"),
            ([Study.Variation(setting: "lr", values: [])], "lr: the list of values is empty"),
            ([Study.Variation(setting: "lr", values: ["0.1", "0.1"])], "lr: a value is listed twice"),
            ([Study.Variation(setting: "lr", values: ["0.1", "-1"])], "lr=-1: must be positive"),
            ([Study.Variation(setting: "lr", values: ["0.1"]), Study.Variation(setting: "lr", values: ["0.2"])], "lr is varied twice"),
            ([Study.Variation(setting: "epochs", values: ["1"]), Study.Variation(setting: "steps", values: ["5"])], "vary epochs or steps, not both"),
        ]
        for (variations, message) in refusals {
            do {
                _ = try Study.grid(base: Self.base, varying: variations)
                Issue.record("accepted \(variations)")
            } catch LandscapeError.invalidInput(let text) {
                #expect(text.hasPrefix(message), "\(text)")
            }
        }
    }

    @Test("a grid over the batch size is compare's batch-size study, bit for bit")
    func batchGrid() throws {
        let compare = Study.batchSizes(base: Self.base, batchSizes: [8, 64], learningRates: [0.05, 0.05], epochs: 4, seedCount: 2)
        let grid = Study(configurations: try Study.grid(base: Self.base, varying: [Study.Variation(setting: "batch", values: ["8", "64"])]),
                         seedCount: 2)
        #expect(grid.json == compare.json)
        #expect(try grid.run().json(timings: false, form: .batchSizes) == compare.run().json(timings: false, form: .batchSizes))
    }

    /// A two-setting grid with every measure, float32 training in half of it.
    static func measuredStudy() throws -> Study {
        let configurations = try Study.grid(base: base, varying: [
            Study.Variation(setting: "batch", values: ["8", "64"]), Study.Variation(setting: "precision", values: ["float64", "float32"]),
        ])
        return Study(configurations: configurations, seedCount: 2, measures: Measure.allCases)
    }

    @Test("runs spread over threads give the serial study's bytes")
    func threads() throws {
        let study = try Self.measuredStudy()
        let one = try withThreads(1) { try study.run().json(timings: false).compactText }
        let two = try withThreads(2) { try study.run().json(timings: false).compactText }
        let all = try withThreads(nil) { try study.run().json(timings: false).compactText }
        #expect(one == two && two == all)
    }

    @Test("every run carries every measure asked for, and the correlations are Kendall's τ of the runs' values")
    func correlations() throws {
        let json = try Self.measuredStudy().run().json(timings: false)
        let runs = try #require(json["configs"]?.arrayValue).flatMap { $0["runs"]?.arrayValue ?? [] }
        #expect(runs.count == 8)
        for measure in Measure.allCases {
            let values = runs.map { $0[measure.rawValue]?.doubleValue }
            #expect(values.allSatisfy { $0 != nil && $0!.isFinite }, "\(measure)")
            for gap in ["gap_loss", "gap_accuracy"] {
                let y = runs.map { $0[gap]!.doubleValue! }
                let x = values.map { $0! }
                var s = 0.0, tx = 0.0, ty = 0.0
                for i in x.indices {
                    for j in x.indices where i < j {
                        let a = x[i] < x[j] ? -1.0 : x[i] > x[j] ? 1 : 0, b = y[i] < y[j] ? -1.0 : y[i] > y[j] ? 1 : 0
                        s += a * b
                        tx += a * a
                        ty += b * b
                    }
                }
                let entry = try #require(json["correlations"]?[measure.rawValue]?[gap])
                #expect(entry["n_runs"]?.intValue == 8)
                if let tau = entry["kendall_tau"]?.doubleValue {
                    #expect(abs(tau - s / (tx * ty).squareRoot()) < 1e-14, "\(measure) \(gap)")
                } else {
                    #expect(tx * ty == 0)
                }
            }
        }
        // Two settings vary: each has its granulated τ, and the mean is theirs.
        let granulated = try #require(json["granulated"]?["sharpness"]?["gap_loss"])
        let batch = granulated["settings"]?["batch"]?.doubleValue, precision = granulated["settings"]?["precision"]?.doubleValue
        let defined = [batch, precision].compactMap { $0 }
        #expect(granulated["mean"]?.doubleValue == (defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)))
    }

    @Test("the batch-size grouping of the granulated τ: pairs of runs that share the seed and the other setting")
    func granulatedGroups() throws {
        let result = try Self.measuredStudy().run()
        // With two values per setting each group is one pair: τ is ±1, the mean the share that agree.
        let (settings, _) = result.granulatedCorrelation(.weightNorm, "gap_loss")
        var agree = 0.0, count = 0.0
        for precision in ["float64", "float32"] {
            let pair = result.configurations.filter { $0.configuration.precision.rawValue == precision }
            for s in 0..<2 {
                let a = pair[0].runs[s], b = pair[1].runs[s]
                let dx = b.weightNorm! - a.weightNorm!, dy = b.metric("gap_loss")! - a.metric("gap_loss")!
                guard dx != 0, dy != 0 else { continue }
                agree += (dx > 0) == (dy > 0) ? 1 : -1
                count += 1
            }
        }
        #expect(settings.first { $0.name == "batch" }?.tau == agree / count)
    }

    @Test("a grid study cut off after some runs and resumed from its checkpoint gives the same result")
    func resume() throws {
        let study = Study(configurations: try Study.grid(base: Self.base, varying: [Study.Variation(setting: "weight-decay", values: ["0", "0.1"])]),
                          seedCount: 2, measures: [.trace, .margin])
        let whole = try study.run().json(timings: false)
        var saved: [[StudyRun]] = []
        do {
            _ = try study.run(onRunFinished: { runs in
                guard runs().joined().count <= 2 else { throw LandscapeError.interrupted(step: 0) }
                saved = runs()
            })
            Issue.record("the study was not cut off")
        } catch LandscapeError.interrupted {}
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("ck.json").path
        try StudyCheckpoint(study: study, runs: saved).save(to: path)
        let checkpoint = try StudyCheckpoint.load(path)
        try checkpoint.requireSameStudy(study, name: path)
        #expect(checkpoint.runs.joined().count == 2)
        #expect(try study.run(finished: checkpoint.runs).json(timings: false) == whole)
    }
}
