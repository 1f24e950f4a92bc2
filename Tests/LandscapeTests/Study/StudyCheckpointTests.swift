import Foundation
import Testing
import Landscape

@Suite("Study checkpoints")
struct StudyCheckpointTests {
    struct Stop: Error {}

    @Test("a study cut off after some runs and resumed from its checkpoint gives the same result", arguments: [Study.Matching.epochs, .loss])
    func resume(matching: Study.Matching) throws {
        var base = RunConfiguration(data: TestData.repository.appendingPathComponent("datasets/wine.csv").path)
        base.split = .fraction(0.7)
        base.hidden = [6]
        base.seed = 3
        let study = Study.batchSizes(base: base, batchSizes: [4, 32], learningRates: [0.05, 0.05], epochs: 4, seedCount: 2, matching: matching)
        let whole = try study.run().json(timings: false)
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("study.ckpt").path
        var saved = 0
        #expect(throws: Stop.self) {
            try study.run(onRunFinished: { runs in
                // Runs on other threads may finish after the cut: they are not saved.
                guard saved < 3 else { throw Stop() }
                try StudyCheckpoint(study: study, runs: runs()).save(to: path)
                saved += 1
            })
        }
        let checkpoint = try StudyCheckpoint.load(path)
        #expect(checkpoint.runs.map(\.count).reduce(0, +) == 3)
        let resumed = try study.run(finished: checkpoint.runs).json(timings: false)
        #expect(resumed == whole)
    }
}
