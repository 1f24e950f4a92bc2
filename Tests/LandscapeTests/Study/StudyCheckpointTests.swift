import Foundation
import Testing
import Landscape

@Suite("Study checkpoints")
struct StudyCheckpointTests {
    struct Stop: Error {}

    @Test("a study cut off after some runs and resumed from its checkpoint gives the same result", arguments: [BatchSizeStudy.Matching.epochs, .loss])
    func resume(matching: BatchSizeStudy.Matching) throws {
        let data = try TrainingData(dataset: try TestData.dataset("wine.csv"), split: .fraction(0.7), testSet: nil, loss: .crossEntropy,
                                    seed: 0, standardize: true)
        let study = BatchSizeStudy(data: data, architecture: Architecture(sizes: [13, 6, 3], activation: .tanh, loss: .crossEntropy),
                                   batchSizes: [4, 32], learningRates: [0.05, 0.05], epochs: 4, seeds: [3, 4], matching: matching)
        let whole = try study.run().json(timings: false)
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("study.ckpt").path
        var saved = 0
        #expect(throws: Stop.self) {
            try study.run(onRunFinished: { runs in
                try StudyCheckpoint(arguments: ["wine"], runs: runs).save(to: path)
                saved += 1
                if saved == 3 { throw Stop() }
            })
        }
        let checkpoint = try StudyCheckpoint.load(path)
        #expect(checkpoint.runs.map(\.count).reduce(0, +) == 3)
        let resumed = try study.run(finished: checkpoint.runs).json(timings: false)
        #expect(resumed == whole)
    }
}
