import Foundation
import Testing
import Landscape

/// `landscape align` and `interpolate --align` as a user runs them.
@Suite("Align command")
final class AlignCommandTests {
    let folder: URL
    let iris = TestData.repository.appendingPathComponent("datasets/iris.csv").path

    init() throws {
        folder = try CommandRunner.temporaryFolder()
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// An iris model of `hidden` widths from `seed`, standardized with all iris rows unless told otherwise.
    func irisModel(_ name: String, seed: UInt64, hidden: [Int] = [6, 5], transform: InputTransform? = nil) throws -> String {
        let data = try TestData.dataset("iris.csv")
        let architecture = Architecture(sizes: [4] + hidden + [3], activation: .tanh, loss: .crossEntropy)
        let model = Model(network: Network(architecture: architecture, seed: seed), inputTransform: transform ?? InputTransform.standardizing(data.features),
                          extra: [JSON.Member("training", .object(["seed": .number(Int(seed))]))])
        try model.save(to: path(name))
        return path(name)
    }

    func run(_ arguments: [String]) throws -> CommandRunner.Result {
        let r = try CommandRunner.run(arguments)
        try #require(r.status == 0, "\(arguments): \(r.stderr)")
        return r
    }

    func json(_ arguments: [String]) throws -> JSON { try JSON(parsing: try run(arguments + ["--json"]).stdout) }

    func loss(_ model: String) throws -> Double { try #require(try json(["eval", "--model", model, "--data", iris])["loss"]?.doubleValue) }

    @Test("align: the keys, B2 is B's function nearer A with an alignment record, and the text")
    func align() throws {
        let a = try irisModel("a.json", seed: 1), b = try irisModel("b.json", seed: 2)
        for method in AlignmentMethod.allCases {
            let out = path("b2-\(method.rawValue).json")
            let j = try json(["align", "--from", a, "--to", b, "--out", out, "--method", method.rawValue] + (method == .activation ? ["--data", iris] : []))
            guard case .object(let members) = j else { Issue.record("not an object"); return }
            #expect(members.map(\.key) == ["method", "sweeps", "converged", "distance_before", "distance_after", "permutations"])
            #expect(j["method"]?.stringValue == method.rawValue)
            let before = try #require(j["distance_before"]?.doubleValue), after = try #require(j["distance_after"]?.doubleValue)
            #expect(after < before)
            let permutations = try #require(j["permutations"]?.arrayValue).map { $0.arrayValue?.compactMap(\.intValue) ?? [] }
            #expect(permutations.map { $0.sorted() } == [Array(0..<6), Array(0..<5)])
            let (ma, mb, m2) = (try Model.load(a), try Model.load(b), try Model.load(out))
            #expect(m2.network.parameters == mb.network.permutingHiddenUnits(permutations).parameters)
            #expect(m2.network.distance(to: ma.network) == after && mb.network.distance(to: ma.network) == before)
            #expect(abs(try loss(out) - loss(b)) < 1e-12)
            #expect(m2.json["training"] == mb.json["training"] && m2.json["alignment"]?["reference"]?.stringValue == a)
            #expect(method == .weight ? (j["sweeps"]?.intValue ?? 0) >= 1 && j["converged"]?.boolValue == true : j["sweeps"] == .null)
        }
        let text = try run(["align", "--from", a, "--to", b, "--out", path("b2-text.json")]).stdout
        #expect(text.contains("aligned by weight matching, ") && text.contains("before,") && text.contains("hidden layer 2: ")
                && text.hasSuffix("wrote \(path("b2-text.json"))\n"), "\(text)")
        #expect(try Files.read(path("b2-text.json")) == Files.read(path("b2-weight.json")))
    }

    @Test("the same bytes on one thread or two, for both methods")
    func determinism() throws {
        let a = try irisModel("a.json", seed: 7, hidden: [12, 10]), b = try irisModel("b.json", seed: 8, hidden: [12, 10])
        for method in AlignmentMethod.allCases {
            let data = method == .activation ? ["--data", iris] : []
            let outputs = try ["1", "2"].map { threads -> [String] in
                let out = path("b2-\(threads).json")
                let printed = try run(["align", "--from", a, "--to", b, "--out", out, "--method", method.rawValue, "--threads", threads, "--json"] + data).stdout
                return [printed, try Files.read(out)]
            }
            #expect(outputs[0] == outputs[1], "\(method)")
        }
    }

    @Test("--permutation applies align's own JSON, or an aligned model's record, to the same weights")
    func permutationRoundTrip() throws {
        let a = try irisModel("a.json", seed: 3), b = try irisModel("b.json", seed: 4)
        let found = try run(["align", "--from", a, "--to", b, "--out", path("b2.json"), "--json"]).stdout
        try Files.writeAtomically(found, to: path("permutation.json"))
        for file in [path("permutation.json"), path("b2.json")] {
            let j = try json(["align", "--from", a, "--to", b, "--permutation", file, "--out", path("b3.json")])
            #expect(j["method"]?.stringValue == "given" && j["sweeps"] == .null)
            #expect(j["permutations"] == (try JSON(parsing: found))["permutations"])
            #expect(try Model.load(path("b3.json")).network.parameters == Model.load(path("b2.json")).network.parameters)
        }
    }

    @Test("interpolate reports both barriers; --align is align then interpolate, point for point")
    func interpolate() throws {
        let a = try irisModel("a.json", seed: 5), b = try irisModel("b.json", seed: 6)
        let plain = try json(["interpolate", "--from", a, "--to", b, "--data", iris, "--test", iris, "--alphas", "0:1:5"])
        guard case .object(let members) = plain else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["points", "train_barrier", "train_barrier_alpha", "test_barrier", "test_barrier_alpha",
                                       "train_barrier_frankle", "train_barrier_frankle_alpha", "test_barrier_frankle", "test_barrier_frankle_alpha"])
        let trainOnly = try json(["interpolate", "--from", a, "--to", b, "--data", iris, "--alphas", "0:1:5"])
        #expect(trainOnly["test_barrier_frankle"] == nil && trainOnly["train_barrier_frankle"] == plain["train_barrier_frankle"])
        for method in AlignmentMethod.allCases {
            let aligned = try json(["interpolate", "--from", a, "--to", b, "--data", iris, "--alphas", "0:1:5", "--align", method.rawValue])
            let data = method == .activation ? ["--method", "activation", "--data", iris] : []
            _ = try run(["align", "--from", a, "--to", b, "--out", path("b2.json")] + data)
            let piped = try json(["interpolate", "--from", a, "--to", path("b2.json"), "--data", iris, "--alphas", "0:1:5"])
            #expect(aligned["points"] == piped["points"] && aligned["train_barrier_frankle"] == piped["train_barrier_frankle"])
            #expect(aligned["alignment"]?["method"]?.stringValue == method.rawValue)
            #expect((aligned["alignment"]?["distance_after"]?.doubleValue ?? 1e9) < (aligned["alignment"]?["distance_before"]?.doubleValue ?? 0))
        }
        let text = try run(["interpolate", "--from", a, "--to", b, "--data", iris, "--alphas", "0:1:5", "--align", "weight"]).stdout
        let lines = text.split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("train barrier ") } && lines.contains { $0.hasPrefix("train Frankle barrier ") }
                && lines.contains { $0.hasPrefix("aligned by weight matching") }, "\(text)")
    }

    @Test("refused with one error line and no file: other architectures or transforms, permutations that do not fit, missing data")
    func refused() throws {
        let a = try irisModel("a.json", seed: 1), b = try irisModel("b.json", seed: 2)
        let wider = try irisModel("wide.json", seed: 2, hidden: [7, 5]), oneLayer = try irisModel("one.json", seed: 2, hidden: [6])
        let shifted = try irisModel("shifted.json", seed: 2, transform: InputTransform(mean: [0, 0, 0, 0], std: [1, 1, 1, 1]))
        let files = [("dup.json", #"{"permutations": [[0, 0, 1, 2, 3, 4], [0, 1, 2, 3, 4]]}"#), ("count.json", #"{"permutations": [[0, 1, 2, 3, 4, 5]]}"#),
                     ("length.json", #"{"permutations": [[0, 1, 2, 3, 4], [0, 1, 2, 3, 4]]}"#), ("nokey.json", #"{"perms": []}"#)]
        for (name, text) in files { try Files.writeAtomically(text, to: path(name)) }
        let out = path("out.json")
        let cases: [([String], String)] = [
            (["align", "--from", a, "--to", wider, "--out", out], "different architectures"),
            (["align", "--from", a, "--to", oneLayer, "--out", out], "different architectures"),
            (["align", "--from", a, "--to", shifted, "--out", out], "different input transforms"),
            (["align", "--from", a, "--to", b, "--out", out, "--method", "activation"], "--method activation needs --data"),
            (["align", "--from", a, "--to", b, "--out", out, "--data", iris], "--data applies to --method activation"),
            (["align", "--from", a, "--to", b, "--out", out, "--permutation", path("dup.json")], "names unit 0 twice"),
            (["align", "--from", a, "--to", b, "--out", out, "--permutation", path("count.json")], "1 permutation for a model with 2 hidden layers"),
            (["align", "--from", a, "--to", b, "--out", out, "--permutation", path("length.json")], "has 5 entries for 6 units"),
            (["align", "--from", a, "--to", b, "--out", out, "--permutation", path("nokey.json")], "with a 'permutations' key"),
            (["align", "--from", a, "--to", b, "--out", out, "--permutation", path("dup.json"), "--method", "weight"], "give either --permutation or --method"),
            (["align", "--from", a, "--to", b, "--out", b], "is the --to input"),
            (["interpolate", "--from", a, "--to", wider, "--data", iris, "--align", "weight"], "different architectures"),
            (["interpolate", "--from", a, "--to", b, "--data", iris, "--align", "rotation"], "expected one of weight, activation"),
        ]
        for (arguments, expected) in cases {
            let r = try CommandRunner.expectUsageError(arguments)
            #expect(r.stderr.contains(expected), "\(arguments.last!): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }
}
