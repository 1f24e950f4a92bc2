import Foundation
import Testing
import Landscape

/// A study's files hold the study itself (its configurations and controls), so the library can run
/// it again from the file alone and get the recorded result, bit for bit.
@Suite("Study files")
struct StudyFileTests {
    static var wine: String { TestData.repository.appendingPathComponent("datasets/wine.csv").path }

    @Test("a baseline written by the library and read back runs again to the same bytes")
    func rerunFromOwnFile() throws {
        var base = RunConfiguration(data: Self.wine)
        base.split = .fraction(0.7)
        base.hidden = [6]
        base.optimizer = OptimizerSettings(kind: .momentum, momentum: 0.8)
        base.seed = 7
        let study = Study.batchSizes(base: base, batchSizes: [4, 32], learningRates: [0.02, 0.05], scaling: .none, epochs: 3, seedCount: 2,
                                     matching: .loss, sharpnessInterval: 5)
        let result = try study.run().json(timings: false)
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("study.json").path
        try StudyBaseline(study: study, result: result).save(to: path)

        let loaded = try StudyBaseline.load(path)
        #expect(loaded.study.json == study.json)
        #expect(try loaded.study.run().json(timings: false).compactText == loaded.result.compactText)
    }

    @Test("the committed baseline's study, run by the library from the file, gives its recorded result exactly")
    func committedBaseline() throws {
        let baseline = try StudyBaseline.load(GeneralizationGapTests.baseline)
        var study = baseline.study
        for i in study.configurations.indices {
            study.configurations[i].data = TestData.repository.appendingPathComponent(study.configurations[i].data).path
        }
        #expect(try study.run().json(timings: false, form: .batchSizes).compactText == baseline.result.compactText)
    }

    @Test("a study file's configurations share their rows, loss and seeds; compare reads batch-size studies only")
    func refusals() throws {
        var base = RunConfiguration(data: Self.wine)
        base.hidden = [4]
        let json = Study.batchSizes(base: base, batchSizes: [8, 64], learningRates: [0.05, 0.05], epochs: 2, seedCount: 1).json
        #expect(try Study(json: json).json == json)
        try Study(json: json).requireBatchSizeStudy()
        var configurations = try #require(json["configurations"]?.arrayValue)
        configurations[1] = configurations[1].setting("seed", to: .number(3))
        #expect(throws: LandscapeError.self) { try Study(json: json.setting("configurations", to: .array(configurations))) }
        #expect(throws: LandscapeError.self) { try Study(json: json.setting("match", to: .string("time"))) }
        #expect(throws: LandscapeError.self) { try Study(json: json.setting("configurations", to: .array([]))) }
        #expect(throws: LandscapeError.self) { try Study(json: json.setting("measures", to: .array([.string("flatness")]))) }

        configurations = try #require(json["configurations"]?.arrayValue)
        configurations[1] = configurations[1].setting("weight-decay", to: .number(0.01))
        let grid = try Study(json: json.setting("configurations", to: .array(configurations)))
        #expect(grid.varied == ["weight-decay", "batch"])
        #expect(throws: LandscapeError.invalidInput(
            "not a batch-size study: its configurations differ in more than batch and lr (weight-decay 0.0 → 0.01)")) {
            try grid.requireBatchSizeStudy()
        }
        let measured = try Study(json: json.setting("measures", to: .array([.string("trace"), .string("margin")])))
        #expect(measured.measures == [.trace, .margin])
        #expect(measured.json["measures"] != nil && json["measures"] == nil)
    }

    @Test("a checkpoint of another study is refused, naming what differs")
    func otherStudy() throws {
        var base = RunConfiguration(data: Self.wine)
        base.hidden = [4]
        let study = Study.batchSizes(base: base, batchSizes: [8, 64], learningRates: [0.05, 0.05], epochs: 2, seedCount: 1)
        var other = study
        for i in other.configurations.indices { other.configurations[i].optimizer.weightDecay = 0.1 }
        let checkpoint = StudyCheckpoint(study: other, runs: [[], []])
        #expect(throws: LandscapeError.invalidInput(
            "ck.json is a checkpoint of another study: give the same settings as then (weight-decay 0.1 → 0.0)")) {
            try checkpoint.requireSameStudy(study, name: "ck.json")
        }
        try StudyCheckpoint(study: study, runs: [[], []]).requireSameStudy(study, name: "ck.json")
    }
}
