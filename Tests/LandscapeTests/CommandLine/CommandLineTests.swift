import Foundation
import Testing
import Landscape

/// The tool as a user runs it: outputs, exit statuses and files.
@Suite("Command line")
struct CommandLineTests {
    var model: String { TestData.fixtures.appendingPathComponent("init_model.json").path }

    @Test("eval --json reproduces the reference loss and gradient norm")
    func eval() throws {
        let r = try CommandRunner.run(["eval", "--model", model, "--data", TestData.digitsTrainingCSV, "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSON(parsing: r.stdout)
        let checks = try TestData.expectedChecks()
        #expect(relativeError(json["loss"]!.doubleValue!, checks["grad"]!["loss"]!.doubleValue!) < 1e-10)
        #expect(relativeError(json["grad_norm"]!.doubleValue!, checks["grad"]!["grad_norm"]!.doubleValue!) < 1e-10)
        #expect(json["n_rows"]?.intValue == 1437 && json["n_params"]?.intValue == 26122)
    }

    @Test("grad --json gives the full gradient in flat order")
    func grad() throws {
        let r = try CommandRunner.run(["grad", "--model", model, "--data", TestData.digitsTrainingCSV, "--json", "--precision", "float32"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSON(parsing: r.stdout)
        let g = try #require(json["grad"]?.arrayValue).compactMap(\.doubleValue)
        #expect(g.count == 26122)
        let norm = g.reduce(0) { $0 + $1 * $1 }.squareRoot()
        #expect(relativeError(norm, try TestData.expectedChecks()["grad"]!["grad_norm"]!.doubleValue!) < 1e-5)
    }

    @Test("train writes a model, a log and the same numbers for the same seed")
    func train() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let iris = TestData.repository.appendingPathComponent("datasets/iris.csv").path
        let args = ["train", "--data", iris, "--split", "0.8", "--hidden", "8", "--epochs", "15", "--batch", "16", "--lr", "0.1",
                    "--seed", "3", "--json"]
        let first = try CommandRunner.run(args + ["--out", folder.appendingPathComponent("m.json").path,
                                                  "--log", folder.appendingPathComponent("log.csv").path])
        #expect(first.status == 0, "\(first.stderr)")
        let second = try CommandRunner.run(args)
        let a = try JSON(parsing: first.stdout), b = try JSON(parsing: second.stdout)
        #expect(a["train_loss"] == b["train_loss"] && a["test_accuracy"] == b["test_accuracy"])
        #expect(a["steps"]?.intValue == 15 * 8)
        let model = try Model.load(folder.appendingPathComponent("m.json").path)
        #expect(model.architecture.sizes == [4, 8, 3] && model.inputTransform != nil)
        let log = try Files.read(folder.appendingPathComponent("log.csv").path).split(separator: "\n")
        #expect(log.count == 16 && log[0].hasPrefix("epoch,step,train_loss"))
        let evaluated = try CommandRunner.run(["eval", "--model", folder.appendingPathComponent("m.json").path, "--data", iris, "--json"])
        #expect(evaluated.status == 0)
    }

    static let usageErrors: [[String]] = [
        ["no-such-command"],
        ["train"],
        ["train", "--data", "datasets/iris.csv", "--batch", "0"],
        ["train", "--data", "datasets/iris.csv", "--lr", "-1"],
        ["train", "--data", "datasets/iris.csv", "--split", "1.5"],
        ["train", "--data", "datasets/iris.csv", "--epochs", "3", "--steps", "4"],
        ["train", "--data", "datasets/iris.csv", "--hidden", "8,x"],
        ["train", "--data", "datasets/iris.csv", "--frobnicate"],
        ["train", "--data", "datasets/iris.csv", "--lr"],
        ["train", "--data", "datasets/iris.csv", "--out", "/no/such/folder/m.json"],
        ["eval", "--model", "datasets/iris.csv", "--data", "datasets/iris.csv"],
    ]

    @Test("bad usage gives one line 'error: …' and exit status 2", arguments: usageErrors)
    func usageError(arguments: [String]) throws {
        try CommandRunner.expectUsageError(arguments, in: TestData.repository)
    }

    @Test("a model that does not fit the data is refused")
    func mismatch() throws {
        let iris = TestData.repository.appendingPathComponent("datasets/iris.csv").path
        let r = try CommandRunner.run(["eval", "--model", model, "--data", iris])
        #expect(r.status == 2 && r.stderr.contains("4 feature columns but the model takes 64 inputs"))
    }
}
