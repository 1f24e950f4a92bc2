import Foundation
import Testing
import Landscape

/// `train --dropout` end to end: the same bytes on any number of threads and after resuming, and
/// losses reported for the network without dropout.
@Suite("Dropout on the command line")
struct DropoutCommandTests {
    static let base = ["train", "--data", "datasets/iris.csv", "--split", "0.8", "--hidden", "16,16", "--batch", "16", "--seed", "5"]
    let run = DropoutCommandTests.base + ["--dropout", "0.2"]

    @Test("train --dropout 0.2 writes the same model file on one thread and on two")
    func threads() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        for threads in ["1", "2"] {
            let r = try CommandRunner.run(run + ["--epochs", "20", "--threads", threads, "--out", path("t\(threads).json")], in: TestData.repository)
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try Files.read(path("t1.json")) == Files.read(path("t2.json")))
    }

    @Test("a dropout run checkpointed inside an epoch and resumed writes the model of the run that never stopped")
    func resume() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let whole = try CommandRunner.run(run + ["--steps", "100", "--out", path("whole.json")], in: TestData.repository)
        #expect(whole.status == 0, "\(whole.stderr)")
        // 120 training rows in batches of 16: 8 steps an epoch, so step 37 is inside the fifth.
        let first = try CommandRunner.run(run + ["--steps", "37", "--checkpoint", path("run.ckpt")], in: TestData.repository)
        #expect(first.status == 0, "\(first.stderr)")
        let resumed = try CommandRunner.run(run + ["--steps", "100", "--resume", path("run.ckpt"), "--out", path("resumed.json")],
                                            in: TestData.repository)
        #expect(resumed.status == 0 && resumed.stderr.contains("from step 37 to 100"), "\(resumed.stderr)")
        #expect(try Files.read(path("resumed.json")) == Files.read(path("whole.json")))
    }

    @Test("the final train loss is eval's loss of the written model on the training rows, and the model records the settings")
    func evaluation() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = folder.appendingPathComponent("m.json").path
        let trained = try CommandRunner.run(Self.base + ["--dropout", "0.5", "--epochs", "30", "--init-scale", "2", "--out", model, "--json"],
                                            in: TestData.repository)
        #expect(trained.status == 0, "\(trained.stderr)")
        let evaluated = try CommandRunner.run(["eval", "--model", model, "--data", "datasets/iris.csv", "--rows", "train", "--json"],
                                              in: TestData.repository)
        #expect(evaluated.status == 0, "\(evaluated.stderr)")
        let train = try JSON(parsing: trained.stdout), eval = try JSON(parsing: evaluated.stdout)
        #expect(train["train_loss"] == eval["loss"] && train["train_accuracy"] == eval["accuracy"])
        let configuration = try #require(try JSON(parsing: try Files.read(model))["training"]?["configuration"])
        #expect(configuration["dropout"]?.doubleValue == 0.5 && configuration["init-scale"]?.doubleValue == 2)
    }
}
