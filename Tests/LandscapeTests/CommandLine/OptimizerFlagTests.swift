import Foundation
import Testing
import Landscape

/// `train` with the optimizer flags, as a user runs it.
@Suite("Command line: optimizer flags")
struct OptimizerFlagTests {
    let iris = TestData.repository.appendingPathComponent("datasets/iris.csv").path

    @Test("train with adamw, a warm-up + cosine schedule and clipping records them in the model")
    func adamw() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("m.json").path
        let r = try CommandRunner.run(["train", "--data", iris, "--hidden", "8", "--epochs", "20", "--batch", "16", "--lr", "0.01",
                                       "--optimizer", "adamw", "--weight-decay", "0.01", "--beta2", "0.99",
                                       "--schedule", "warmup:10+cosine", "--clip-norm", "5", "--out", out, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try #require(JSON(parsing: r.stdout)["train_loss"]?.doubleValue) < 0.5)
        let configuration = try #require(JSON(parsing: try Files.read(out))["training"]?["configuration"])
        #expect(configuration["optimizer"]?.stringValue == "adamw")
        #expect(configuration["schedule"]?.stringValue == "warmup:10+cosine")
        #expect(configuration["beta2"]?.doubleValue == 0.99)
        #expect(configuration["beta1"]?.doubleValue == 0.9)
        #expect(configuration["weight-decay"]?.doubleValue == 0.01)
        #expect(configuration["clip-norm"]?.doubleValue == 5)
        #expect(configuration["momentum"] == nil)
    }

    @Test("train with newton on a small network reports the damping on stderr")
    func newton() throws {
        let r = try CommandRunner.run(["train", "--data", iris, "--hidden", "4", "--batch", "150", "--steps", "5", "--lr", "1",
                                       "--optimizer", "newton", "--damping", "0.001"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.hasPrefix("newton: "))
    }

    @Test("train with sam fits iris, records rho and momentum, and a checkpoint resumed for more epochs ends as one run")
    func sam() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let run = ["train", "--data", iris, "--split", "0.8", "--hidden", "16", "--batch", "16", "--lr", "0.1", "--optimizer", "sam",
                   "--rho", "0.05", "--momentum", "0.5"]
        let whole = try CommandRunner.run(run + ["--epochs", "60", "--out", path("whole.json"), "--json"])
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(try #require(JSON(parsing: whole.stdout)["train_loss"]?.doubleValue) < 0.1)
        let configuration = try #require(JSON(parsing: try Files.read(path("whole.json")))["training"]?["configuration"])
        #expect(configuration["optimizer"]?.stringValue == "sam")
        #expect(configuration["rho"]?.doubleValue == 0.05 && configuration["momentum"]?.doubleValue == 0.5 && configuration["eta"] == nil)

        let first = try CommandRunner.run(run + ["--epochs", "25", "--checkpoint", path("run.ckpt"), "--checkpoint-every", "7"])
        #expect(first.status == 0, "\(first.stderr)")
        let resumed = try CommandRunner.run(run + ["--epochs", "60", "--checkpoint", path("run.ckpt"), "--resume", path("run.ckpt"),
                                                   "--out", path("resumed.json")])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        func weights(_ name: String) throws -> [UInt64] { try Model.load(path(name)).network.flatParameters.map(\.bitPattern) }
        #expect(try weights("resumed.json") == weights("whole.json"))
    }

    @Test("descend runs sam and asam on Rosenbrock and reports where they ended")
    func descendSharpnessAware() throws {
        let r = try CommandRunner.run(["descend", "--surface", "rosenbrock", "--optimizer", "sgd,sam,asam", "--lr", "0.0015",
                                       "--steps", "2000", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let runs = try #require(JSON(parsing: r.stdout)["runs"]?.arrayValue)
        #expect(runs.compactMap { $0["optimizer"]?.stringValue } == ["sgd", "sam", "asam"])
        for run in runs {
            #expect(run["diverged_at"] == JSON.null && run["loss"]?.doubleValue.map { $0 < 2 } == true, "\(run)")
        }
        let text = try CommandRunner.run(["descend", "--surface", "rosenbrock", "--optimizer", "sam,asam", "--rho", "0.01", "--eta", "0",
                                          "--lr", "0.0015", "--steps", "500"])
        #expect(text.status == 0 && text.stdout.contains("\nsam ") && text.stdout.contains("\nasam "), "\(text.stdout)\(text.stderr)")
    }

    static let usageErrors: [[String]] = [
        ["--optimizer", "lbfgs"],
        ["--optimizer", "sgd,adam"],
        ["--optimizer", "adam", "--momentum", "0.9"],
        ["--optimizer", "sgd", "--beta1", "0.9"],
        ["--optimizer", "adam", "--beta1", "1"],
        ["--optimizer", "momentum", "--momentum", "-0.1"],
        ["--optimizer", "adam", "--epsilon", "0"],
        ["--weight-decay", "-1"],
        ["--optimizer", "adam", "--damping", "1"],
        ["--schedule", "sawtooth"],
        ["--schedule", "cosine:1"],
        ["--schedule", "step:10"],
        ["--clip-norm", "0"],
        ["--optimizer", "newton", "--hidden", "128"],
        ["--optimizer", "sam", "--rho", "0"],
        ["--rho", "0.05"],
        ["--optimizer", "sam", "--eta", "0.01"],
        ["--optimizer", "asam", "--eta", "-0.01"],
    ]

    @Test("bad optimizer flags give one line 'error: …' and exit status 2", arguments: usageErrors)
    func usageError(flags: [String]) throws {
        try CommandRunner.expectUsageError(["train", "--data", iris, "--steps", "2"] + flags)
    }
}
