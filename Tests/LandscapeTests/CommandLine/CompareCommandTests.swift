import Foundation
import Testing
import Landscape

@Suite("Compare command")
struct CompareCommandTests {
    let study = ["compare", "--data", "datasets/wine.csv", "--split", "0.7", "--batches", "8,64", "--hidden", "8", "--epochs", "5", "--seeds", "2"]

    @Test("--json has the keys of docs/FORMATS.md#command-outputs for every configuration and run")
    func json() throws {
        let r = try CommandRunner.run(study + ["--json"], in: TestData.repository)
        #expect(r.status == 0, "\(r.stderr)")
        let configs = try #require(try JSON(parsing: r.stdout)["configs"]?.arrayValue)
        #expect(configs.map { $0["batch"]?.intValue } == [8, 64])
        let runKeys = ["seed", "sharpness", "train_loss", "test_loss", "train_accuracy", "test_accuracy", "gap_loss", "gap_accuracy", "weight_norm"]
        for config in configs {
            for key in ["batch", "lr", "epochs", "steps", "runs", "mean", "sd"] { #expect(config[key] != nil, "\(key)") }
            let runs = try #require(config["runs"]?.arrayValue)
            #expect(runs.map { $0["seed"]?.intValue } == [0, 1])
            for run in runs { for key in runKeys { #expect(run[key] != nil && run[key] != .null, "\(key)") } }
            for key in runKeys.dropFirst() { #expect(config["mean"]?[key]?.doubleValue != nil, "mean \(key)") }
            #expect(config["seconds"] == nil)
        }
    }

    @Test("writes the CSV, the scatter plot and the sharpness trace; a saved baseline checks")
    func files() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        func path(_ name: String) -> String { folder.appendingPathComponent(name).path }
        let r = try CommandRunner.run(study + ["--csv", path("runs.csv"), "--svg", path("gap.svg"), "--track-sharpness", "10",
                                               "--trace-svg", path("trace.svg"), "--save-baseline", path("baseline.json")],
                                      in: TestData.repository)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("| batch | lr |") && r.stdout.contains("Paired differences against batch 8"))
        let csv = try Files.read(path("runs.csv")).split(separator: "\n")
        #expect(csv.count == 1 + 4 && csv[0].hasPrefix("batch,lr,seed,steps,epochs,sharpness"))
        for svg in ["gap.svg", "trace.svg"] { #expect(try Files.read(path(svg)).contains("<svg"), "\(svg)") }
        let check = try CommandRunner.run(["compare", "--check-baseline", path("baseline.json")], in: TestData.repository)
        #expect(check.status == 0, "\(check.stderr)")
    }

    static let errors: [[String]] = [
        ["compare", "--data", "datasets/wine.csv"],
        ["compare", "--data", "datasets/wine.csv", "--batches", "8,0"],
        ["compare", "--data", "datasets/wine.csv", "--batches", "8,8"],
        ["compare", "--data", "datasets/wine.csv", "--batches", "8,64", "--lr", "0.1,0.2,0.3"],
        ["compare", "--data", "datasets/wine.csv", "--batches", "8,64", "--lr", "0.1,0.2", "--lr-scaling", "linear"],
        ["compare", "--data", "datasets/wine.csv", "--batches", "8,64", "--match", "time"],
        ["compare", "--data", "datasets/wine.csv", "--batches", "8,64", "--trace-svg", "t.svg"],
        ["compare", "--data", "datasets/wine.csv", "--batches", "8,64", "--tolerance", "3sd"],
        ["compare", "--check-baseline", "datasets/wine.csv"],
        ["compare", "--check-baseline", "Tests/LandscapeTests/Fixtures/study/wine-batch-size-baseline.json", "--epochs", "3"],
        ["compare", "--check-baseline", "Tests/LandscapeTests/Fixtures/study/wine-batch-size-baseline.json", "--tolerance", "x"],
    ]

    @Test("bad usage is one line 'error: …' with exit status 2", arguments: errors)
    func usage(arguments: [String]) throws {
        try CommandRunner.expectUsageError(arguments, in: TestData.repository)
    }
}
