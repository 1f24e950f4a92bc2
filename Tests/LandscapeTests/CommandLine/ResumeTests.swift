import Foundation
import Testing
import Landscape

/// A long run that is killed, or stopped with Ctrl-C, and resumed from its checkpoint ends with the
/// same model, bit for bit, as the run that was never stopped.
@Suite("Resuming training")
struct ResumeTests {
    let run = ["train", "--data", "datasets/iris.csv", "--hidden", "16", "--batch", "4", "--epochs", "150", "--optimizer", "adam",
               "--lr", "0.003", "--seed", "2"]

    func weights(_ path: String) throws -> [UInt64] {
        try Model.load(path).network.flatParameters.map(\.bitPattern)
    }

    @Test("killed with SIGKILL or stopped with SIGINT, then resumed: the same model and iterates", arguments: [SIGKILL, SIGINT])
    func resume(signal: Int32) throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let whole = try CommandRunner.run(run + ["--out", path("whole.json"), "--save-iterates", path("whole-path.json")], in: TestData.repository)
        #expect(whole.status == 0, "\(whole.stderr)")

        let checkpointed = run + ["--out", path("resumed.json"), "--checkpoint", path("run.ckpt"), "--checkpoint-every", "50",
                                  "--save-iterates", path("resumed-path.json")]
        let status = try CommandRunner.stop(checkpointed, in: TestData.repository, when: path("run.ckpt"), with: signal)
        #expect(signal == SIGKILL || status == 130 || status == 0)
        let step = try #require(try JSON(parsing: try Files.read(path("run.ckpt")))["step"]?.intValue)
        #expect(step > 0)
        if status != 0 { #expect(!FileManager.default.fileExists(atPath: path("resumed.json")) && !FileManager.default.fileExists(atPath: path("resumed-path.json"))) }

        let resumed = try CommandRunner.run(checkpointed + ["--resume", path("run.ckpt")], in: TestData.repository)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try weights(path("resumed.json")) == weights(path("whole.json")), "resumed from step \(step)")
        #expect(try Files.read(path("resumed-path.json")) == Files.read(path("whole-path.json")), "resumed from step \(step)")
    }

    @Test("a checkpoint is refused for a run with other settings")
    func otherRun() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let checkpoint = folder.appendingPathComponent("run.ckpt").path
        let short = ["train", "--data", "datasets/iris.csv", "--hidden", "4", "--epochs", "2"]
        #expect(try CommandRunner.run(short + ["--checkpoint", checkpoint], in: TestData.repository).status == 0)
        let r = try CommandRunner.run(short + ["--lr", "0.2", "--resume", checkpoint], in: TestData.repository)
        #expect(r.status == 2 && r.stderr.hasPrefix("error: ") && r.stderr.contains("checkpoint of another run"))
    }

    @Test("a finished run resumed says so; resumed with more epochs it ends where one longer run ends, bit for bit")
    func extend() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let base = ["train", "--data", "datasets/iris.csv", "--split", "0.8", "--hidden", "8", "--batch", "16", "--optimizer", "momentum",
                    "--schedule", "warmup:10+step:40:0.5", "--seed", "4"]
        let long = try CommandRunner.run(base + ["--epochs", "30", "--out", path("long.json")], in: TestData.repository)
        #expect(long.status == 0, "\(long.stderr)")
        let short = try CommandRunner.run(base + ["--epochs", "12", "--checkpoint", path("run.ckpt")], in: TestData.repository)
        #expect(short.status == 0, "\(short.stderr)")

        let again = try CommandRunner.run(base + ["--epochs", "12", "--resume", path("run.ckpt")], in: TestData.repository)
        #expect(again.status == 0 && again.stderr.contains("holds a finished run (96 of 96 steps): nothing is left to train"), "\(again.stderr)")

        let extended = try CommandRunner.run(base + ["--epochs", "30", "--checkpoint", path("run.ckpt"), "--resume", path("run.ckpt"),
                                                     "--out", path("extended.json")], in: TestData.repository)
        #expect(extended.status == 0 && extended.stderr.contains("continuing the run of \(path("run.ckpt")) from step 96 to 240"), "\(extended.stderr)")
        #expect(try Files.read(path("extended.json")) == Files.read(path("long.json")))

        // A cosine schedule depends on the length: the longer run's early rates differ, so it is refused.
        let cosine = ["train", "--data", "datasets/iris.csv", "--hidden", "4", "--schedule", "cosine"]
        #expect(try CommandRunner.run(cosine + ["--epochs", "2", "--checkpoint", path("cos.ckpt")], in: TestData.repository).status == 0)
        let refused = try CommandRunner.expectUsageError(cosine + ["--epochs", "4", "--resume", path("cos.ckpt")], in: TestData.repository)
        #expect(refused.stderr.contains("a cosine schedule depends on the run's length"))
        // Fewer epochs than already taken cannot be continued to.
        try CommandRunner.expectUsageError(base + ["--epochs", "5", "--resume", path("run.ckpt")], in: TestData.repository)
    }

    @Test("the training log has one row schema: tracked rows fill every column, epoch rows every column but the sharpness")
    func logSchema() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("log.csv").path, svg = folder.appendingPathComponent("s.svg").path
        let tracked = try CommandRunner.run(["train", "--data", "datasets/iris.csv", "--split", "0.8", "--hidden", "4", "--batch", "120",
                                             "--lr", "0.5", "--steps", "40", "--track-sharpness", "10", "--log", log, "--svg", svg],
                                            in: TestData.repository)
        #expect(tracked.status == 0, "\(tracked.stderr)")
        var rows = try Files.read(log).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.removeFirst().joined(separator: ",") == "epoch,step,train_loss,train_accuracy,test_loss,test_accuracy,sharpness,two_over_lr,seconds")
        #expect(rows.map { $0[1] } == ["0", "10", "20", "30", "40"])
        #expect(rows.allSatisfy { $0.count == 9 && $0.allSatisfy { !$0.isEmpty } })
        #expect(rows.allSatisfy { Double($0[7]) == 4 })
        #expect(try Files.read(svg).contains("2/lr"))

        let epochs = try CommandRunner.run(["train", "--data", "datasets/iris.csv", "--hidden", "4", "--epochs", "3", "--log", log],
                                           in: TestData.repository)
        #expect(epochs.status == 0)
        rows = try Files.read(log).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(rows.map { $0[0] } == ["1", "2", "3"])
        #expect(rows.allSatisfy { $0[6].isEmpty && $0[7].isEmpty && !$0[2].isEmpty && !$0[8].isEmpty })
    }
}
