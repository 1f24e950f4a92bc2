import Foundation
import Testing
import Landscape

/// The same command gives the same output, byte for byte, on every run and on one thread or all.
@Suite("Determinism")
struct DeterminismTests {
    /// The first 300 digits rows, so the probes on the 26 122-parameter model stay quick.
    static let digits = TestData.digitsFirst300CSV

    static let commands: [[String]] = [
        ["train", "--data", "datasets/digits.csv", "--split", "file:1437", "--hidden", "32", "--batch", "64", "--epochs", "2",
         "--optimizer", "adam", "--lr", "0.01", "--precision", "float32"],
        ["compare", "--data", "datasets/wine.csv", "--split", "0.7", "--batches", "8,64", "--hidden", "8", "--epochs", "3", "--seeds", "2"],
        ["sharpness", "--model", "Tests/LandscapeTests/Fixtures/peers/init_model.json", "--data", digits, "--k", "2", "--tol", "1e-3"],
        ["plane", "--model", "Tests/LandscapeTests/Fixtures/peers/init_model.json", "--data", digits, "--grid", "3"],
        ["trace", "--model", "Tests/LandscapeTests/Fixtures/peers/init_model.json", "--data", digits, "--samples", "3"],
    ]

    /// stdout without wall-clock figures.
    func output(_ arguments: [String]) throws -> String {
        let r = try CommandRunner.run(arguments + ["--json"], in: TestData.repository)
        #expect(r.status == 0, "\(arguments[0]): \(r.stderr)")
        guard case .object(let members) = try JSON(parsing: r.stdout) else { return r.stdout }
        return JSON.object(members.filter { $0.key != "seconds" }).compactText
    }

    @Test("across runs and thread counts", arguments: commands)
    func sameBytes(arguments: [String]) throws {
        let one = try output(arguments + ["--threads", "1"])
        #expect(try output(arguments + ["--threads", "2"]) == one)
        #expect(try output(arguments) == one)
    }
}
