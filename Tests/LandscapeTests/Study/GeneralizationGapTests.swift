import Foundation
import Testing
import Landscape

/// The batch-size study as a regression test: a small deterministic study on wine (a 13-16-3 tanh
/// network, batches 8 and 256, 20 epochs, 3 paired seeds) against the baseline committed under
/// `Tests/LandscapeTests/Fixtures/study`, and the relations that hold on it.
@Suite("GeneralizationGap")
struct GeneralizationGapTests {
    static let baseline = TestData.repository.appendingPathComponent("Tests/LandscapeTests/Fixtures/study/wine-batch-size-baseline.json").path

    static func study(_ matching: Study.Matching) throws -> StudyResult {
        var base = RunConfiguration(data: TestData.repository.appendingPathComponent("datasets/wine.csv").path)
        base.split = .fraction(0.7)
        base.hidden = [16]
        return try Study.batchSizes(base: base, batchSizes: [8, 256], learningRates: [0.05, 0.05], epochs: 20, seedCount: 3,
                                    matching: matching).run()
    }

    /// The study at matched epochs, run once for the tests that only read it.
    static let matchedEpochsStudy = Result { try study(.epochs) }

    @Test("the committed baseline holds when the study is run again")
    func baselineHolds() throws {
        let r = try CommandRunner.run(["compare", "--check-baseline", Self.baseline, "--tolerance", "3sd+1e-6"], in: TestData.repository)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("baseline holds"))
    }

    @Test("a figure that moved beyond the tolerance fails the check and is named")
    func baselineCatchesAChange() throws {
        let json = try JSON(parsing: try Files.read(Self.baseline))
        var configs = try #require(json["result"]?["configs"]?.arrayValue)
        let mean = try #require(configs[1]["mean"]?["test_accuracy"]?.doubleValue)
        let sd = try #require(configs[1]["sd"]?["test_accuracy"]?.doubleValue)
        configs[1] = configs[1].setting("mean", to: configs[1]["mean"]!.setting("test_accuracy", to: .number(mean + 3 * sd + 0.1)))
        let text = json.setting("result", to: json["result"]!.setting("configs", to: .array(configs))).prettyText
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("moved.json").path
        try Files.writeAtomically(text, to: path)
        let r = try CommandRunner.run(["compare", "--check-baseline", path], in: TestData.repository)
        #expect(r.status == 1)
        #expect(r.stderr.contains("baseline: batch 256 test_accuracy"))
    }

    @Test("at matched epochs the larger batch ends sharper, with a higher training loss and a lower test accuracy, on every seed")
    func matchedEpochs() throws {
        let result = try Self.matchedEpochsStudy.get()
        let sharpness = try #require(result.difference("sharpness", configuration: 1))
        #expect(sharpness.positive == 3 && sharpness.summary.mean > 0.5 * result.configurations[0].summary("sharpness")!.mean)
        #expect(try #require(result.difference("train_loss", configuration: 1)).positive == 3)
        #expect(try #require(result.difference("test_accuracy", configuration: 1)).summary.mean < 0)
    }

    @Test("matched steps and matched loss remove most of the sharpness difference", arguments: [Study.Matching.steps, .loss])
    func controls(matching: Study.Matching) throws {
        let epochs = try #require(try Self.matchedEpochsStudy.get().difference("sharpness", configuration: 1)).summary.mean
        let result = try Self.study(matching)
        let matched = try #require(result.difference("sharpness", configuration: 1)).summary.mean
        #expect(abs(matched) < 0.2 * abs(epochs), "\(matching): difference \(matched) against \(epochs) at matched epochs")
        if matching == .loss {
            #expect(result.configurations[0].runs.allSatisfy { $0.reachedTarget == true })
            #expect(result.configurations[0].meanSteps < result.configurations[1].meanSteps * 10)
        }
    }

    @Test("the same study gives the same JSON, bit for bit, on one thread and on all")
    func determinism() throws {
        let one = try withThreads(1) { try Self.study(.epochs).json(timings: false, form: .batchSizes).compactText }
        let all = try withThreads(nil) { try Self.study(.epochs).json(timings: false, form: .batchSizes).compactText }
        #expect(one == all)
    }
}
