import Foundation
import Testing
import Landscape

/// The same command gives the same output, byte for byte, on every run, on one thread or all, and
/// with every copy of the kernels this CPU runs.
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
    func output(_ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let r = try CommandRunner.run(arguments + ["--json"], in: TestData.repository, environment: environment)
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

    @Test("across kernel paths: every path this build holds and this CPU runs prints the same bytes", arguments: commands)
    func samePathBytes(arguments: [String]) throws {
        let paths = KernelPath.built.filter(\.isSupported)
        #expect(paths.count >= 2 || KernelPath.best == .portable, "\(paths)")
        let best = try output(arguments)
        for path in paths where path != KernelPath.best {
            #expect(try output(arguments, environment: ["LANDSCAPE_KERNELS": path.rawValue]) == best, "\(path)")
        }
    }
}
