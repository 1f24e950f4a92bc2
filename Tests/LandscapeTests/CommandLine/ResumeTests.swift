import Foundation
import Testing
import Landscape

/// A long run that is killed, or stopped with Ctrl-C, and resumed from its checkpoint ends with the
/// same model, bit for bit, as the run that was never stopped.
@Suite("Resuming training")
struct ResumeTests {
    let run = ["train", "--data", "datasets/iris.csv", "--hidden", "16", "--batch", "4", "--epochs", "150", "--optimizer", "adam",
               "--lr", "0.003", "--seed", "2"]

    /// Starts `arguments`, waits until `file` exists, sends `signal`, and returns the exit status.
    func stop(_ arguments: [String], when file: String, with signal: Int32) throws -> Int32 {
        let process = Process()
        process.executableURL = CommandRunner.binary
        process.arguments = arguments
        process.currentDirectoryURL = TestData.repository
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        while !FileManager.default.fileExists(atPath: file), process.isRunning { usleep(2_000) }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        return process.terminationStatus
    }

    func weights(_ path: String) throws -> [UInt64] {
        try Model.load(path).network.flatParameters.map(\.bitPattern)
    }

    @Test("killed with SIGKILL or stopped with SIGINT, then resumed: the same model", arguments: [SIGKILL, SIGINT])
    func resume(signal: Int32) throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let whole = try CommandRunner.run(run + ["--out", path("whole.json")], in: TestData.repository)
        #expect(whole.status == 0, "\(whole.stderr)")

        let checkpointed = run + ["--out", path("resumed.json"), "--checkpoint", path("run.ckpt"), "--checkpoint-every", "50"]
        let status = try stop(checkpointed, when: path("run.ckpt"), with: signal)
        #expect(signal == SIGKILL || status == 130 || status == 0)
        let step = try #require(try JSON(parsing: try Files.read(path("run.ckpt")))["step"]?.intValue)
        #expect(step > 0)
        if status != 0 { #expect(!FileManager.default.fileExists(atPath: path("resumed.json"))) }

        let resumed = try CommandRunner.run(checkpointed + ["--resume", path("run.ckpt")], in: TestData.repository)
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try weights(path("resumed.json")) == weights(path("whole.json")), "resumed from step \(step)")
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
}
