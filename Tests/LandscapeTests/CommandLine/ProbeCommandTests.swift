import Foundation
import Testing
import Landscape

/// The probe commands as a user runs them: hvp, hessian, sharpness, trace, density,
/// epsilon-sharpness, interpolate and plane.
@Suite("Probe commands")
final class ProbeCommandTests {
    let folder: URL
    let digits = TestData.digitsTrainingCSV
    let iris = TestData.repository.appendingPathComponent("datasets/iris.csv").path
    var reference: String { TestData.fixtures.appendingPathComponent("init_model.json").path }

    init() throws {
        folder = try CommandRunner.temporaryFolder()
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A 4-5-3 iris model from `seed`, with the input transform of all iris rows unless told otherwise.
    func irisModel(_ name: String, seed: UInt64, hidden: Int = 5, transform: InputTransform? = nil) throws -> String {
        let data = try TestData.dataset("iris.csv")
        let architecture = Architecture(sizes: [4, hidden, 3], activation: .tanh, loss: .crossEntropy)
        let model = Model(network: Network(architecture: architecture, seed: seed),
                          inputTransform: transform ?? InputTransform.standardizing(data.features))
        try model.save(to: path(name))
        return path(name)
    }

    func writeVector(_ name: String, _ values: [Double]) throws -> String {
        try Files.writeAtomically(values.map { "\($0)\n" }.joined(), to: path(name))
        return path(name)
    }

    func json(_ arguments: [String]) throws -> JSON {
        let r = try CommandRunner.run(arguments + ["--json"])
        try #require(r.status == 0, "\(arguments): \(r.stderr)")
        return try JSON(parsing: r.stdout)
    }

    func numbers(_ json: JSON?) -> [Double] { json?.arrayValue?.compactMap(\.doubleValue) ?? [] }

    /// An SVG document that names `words` somewhere in its text.
    func expectSVG(_ name: String, mentioning words: [String]) throws {
        let svg = try Files.read(path(name))
        #expect(svg.hasPrefix("<?xml") && svg.contains("<svg") && svg.hasSuffix("</svg>\n"), "\(name)")
        for word in words { #expect(svg.contains(word), "\(name) lacks '\(word)'") }
    }

    @Test("hvp reproduces the reference vᵀHv and ‖Hv‖, and writes H v with --out")
    func hvp() throws {
        let v = try writeVector("v.txt", try TestData.workloadVector("v_hvp_and_power"))
        let checks = try TestData.expectedChecks()["hvp"]!
        let j = try json(["hvp", "--model", reference, "--data", digits, "--vector", v, "--out", path("hv.txt")])
        #expect(relativeError(j["vHv"]!.doubleValue!, checks["vHv"]!.doubleValue!) < 1e-9)
        let hv = numbers(j["Hv"])
        #expect(hv.count == 26122)
        #expect(relativeError(hv.reduce(0) { $0 + $1 * $1 }.squareRoot(), checks["Hv_norm"]!.doubleValue!) < 1e-9)
        let written = try Files.read(path("hv.txt")).split(separator: "\n").compactMap { Double($0) }
        #expect(written == hv)
        let oneThread = try json(["hvp", "--model", reference, "--data", digits, "--vector", v, "--threads", "1"])
        #expect(oneThread["Hv"] == j["Hv"])
        let single = try json(["hvp", "--model", reference, "--data", digits, "--vector", v, "--precision", "float32"])
        #expect(relativeError(single["vHv"]!.doubleValue!, checks["vHv"]!.doubleValue!) < 1e-4)
    }

    @Test("sharpness: Lanczos top-3 on digits, and 20 power steps that are not converged")
    func sharpness() throws {
        let j = try json(["sharpness", "--model", reference, "--data", digits, "--k", "3"])
        let eigenvalues = numbers(j["eigenvalues"])
        #expect(eigenvalues.count == 3)
        for (x, y) in zip(eigenvalues, [0.8975442, 0.877456, 0.867926]) { #expect(relativeError(x, y) < 2e-6) }
        #expect(j["converged"] == .bool(true) && j["method"] == .string("lanczos") && j["top"]?.doubleValue == eigenvalues[0])
        #expect(numbers(j["residuals"]).count == 3 && (j["iterations"]?.intValue ?? 0) > 3)

        let v = try writeVector("v.txt", try TestData.workloadVector("v_hvp_and_power"))
        let afterTwenty = try TestData.expectedChecks()["power"]!["lambda_after_20"]!.doubleValue!
        let p = try json(["sharpness", "--model", reference, "--data", digits, "--method", "power", "--max-iters", "20", "--tol", "0", "--start", v])
        #expect(relativeError(p["top"]!.doubleValue!, afterTwenty) < 1e-10)
        #expect(p["converged"] == .bool(false) && p["iterations"]?.intValue == 20)

        let text = try CommandRunner.run(["sharpness", "--model", reference, "--data", digits, "--method", "power", "--max-iters", "20", "--tol", "0", "--start", v])
        #expect(text.status == 0 && text.stdout.contains("NOT converged") && text.stdout.contains(String(format: "%.10f", afterTwenty)))
    }

    @Test("hessian: all eigenvalues, consistent with its trace and Frobenius norm; sharpness agrees")
    func hessian() throws {
        let model = try irisModel("a.json", seed: 1)
        let j = try json(["hessian", "--model", model, "--data", iris])
        let eigenvalues = numbers(j["eigenvalues"])
        #expect(j["n_params"]?.intValue == 43 && eigenvalues.count == 43)
        #expect(zip(eigenvalues, eigenvalues.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(j["top"]?.doubleValue == eigenvalues.first && j["min"]?.doubleValue == eigenvalues.last)
        #expect(abs(eigenvalues.reduce(0, +) - j["trace"]!.doubleValue!) < 1e-12)
        #expect(relativeError(eigenvalues.reduce(0) { $0 + $1 * $1 }.squareRoot(), j["frobenius"]!.doubleValue!) < 1e-12)
        let s = try json(["sharpness", "--model", model, "--data", iris, "--k", "2", "--tol", "1e-10"])
        #expect(zip(numbers(s["eigenvalues"]), eigenvalues).allSatisfy { abs($0 - $1) < 1e-8 })
        let bottom = try json(["sharpness", "--model", model, "--data", iris, "--which", "smallest", "--tol", "1e-10"])
        #expect(abs(bottom["min"]!.doubleValue! - eigenvalues.last!) < 1e-8 && bottom["top"] == nil)
        let t = try json(["trace", "--model", model, "--data", iris, "--samples", "400", "--seed", "2"])
        #expect(abs(t["trace"]!.doubleValue! - j["trace"]!.doubleValue!) < 4 * t["standard_error"]!.doubleValue!)
    }

    @Test("density writes a CSV curve of unit mass; epsilon-sharpness reports a percentage")
    func densityAndEpsilon() throws {
        let model = try irisModel("a.json", seed: 1)
        let d = try json(["density", "--model", model, "--data", iris, "--steps", "20", "--points", "500", "--csv", path("d.csv"), "--svg", path("d.svg")])
        try expectSVG("d.svg", mentioning: ["density", "eigenvalue"])
        let rows = try Files.read(path("d.csv")).split(separator: "\n")
        #expect(rows.first == "lambda,density" && rows.count == 501)
        let curve = rows.dropFirst().map { $0.split(separator: ",").map { Double($0)! } }
        let mass = curve.reduce(0) { $0 + $1[1] } * (curve[1][0] - curve[0][0])
        #expect(abs(mass - 1) < 0.01)
        #expect(d["nodes"]?.arrayValue?.count == 20 && d["trace_estimate"]?.doubleValue != nil)
        let e = try json(["epsilon-sharpness", "--model", model, "--data", iris, "--epsilon", "1e-2"])
        #expect((e["epsilon_sharpness"]?.doubleValue ?? 0) > 0 && e["converged"] != nil && e["epsilon"]?.doubleValue == 1e-2)
        #expect((e["max_loss"]?.doubleValue ?? 0) > (e["loss"]?.doubleValue ?? 1))
    }

    @Test("interpolate: α = 0 and 1 equal eval of the two models exactly; CSV, test keys and barrier")
    func interpolate() throws {
        let a = try irisModel("a.json", seed: 1), b = try irisModel("b.json", seed: 2)
        let j = try json(["interpolate", "--from", a, "--to", b, "--data", iris, "--test", iris, "--alphas", "-0.5:1.5:9", "--csv", path("i.csv"),
                          "--svg", path("i.svg")])
        try expectSVG("i.svg", mentioning: ["train loss", "test loss", "a.json", "b.json"])
        let points = try #require(j["points"]?.arrayValue)
        #expect(points.map { $0["alpha"]!.doubleValue! } == [-0.5, -0.25, 0, 0.25, 0.5, 0.75, 1, 1.25, 1.5])
        let evalA = try json(["eval", "--model", a, "--data", iris]), evalB = try json(["eval", "--model", b, "--data", iris])
        #expect(points[2]["train_loss"] == evalA["loss"] && points[2]["train_accuracy"] == evalA["accuracy"])
        #expect(points[6]["train_loss"] == evalB["loss"] && points[6]["test_loss"] == evalB["loss"])
        #expect(j["train_barrier"]?.doubleValue != nil && j["test_barrier"]?.doubleValue != nil)
        let csv = try Files.read(path("i.csv")).split(separator: "\n")
        #expect(csv.first == "alpha,train_loss,train_accuracy,test_loss,test_accuracy" && csv.count == 10)
        let plain = try json(["interpolate", "--from", a, "--to", a, "--data", iris, "--alphas", "0,0.3,2"])
        #expect(try #require(plain["points"]?.arrayValue).allSatisfy { $0["train_loss"] == evalA["loss"] && $0["test_loss"] == nil })
        #expect(plain["train_barrier"]?.doubleValue == 0)
    }

    @Test("plane: the centre equals eval; directions from files; through three models")
    func plane() throws {
        let a = try irisModel("a.json", seed: 1), b = try irisModel("b.json", seed: 2), c = try irisModel("c.json", seed: 3)
        let evalA = try json(["eval", "--model", a, "--data", iris])
        for kind in DirectionScaling.allCases {
            let j = try json(["plane", "--model", a, "--data", iris, "--grid", "3", "--directions", kind.rawValue, "--csv", path("p.csv"),
                              "--svg", path("p.svg")])
            try expectSVG("p.svg", mentioning: ["a.json", kind == .random ? "scaled to ‖θ‖" : "\(kind.rawValue)-normalized"])
            let grid = try #require(j["grid"]?.arrayValue)
            #expect(grid.count == 9 && grid[4]["a"]?.doubleValue == 0 && grid[4]["b"]?.doubleValue == 0)
            #expect(grid[4]["loss"] == evalA["loss"] && grid[4]["accuracy"] == evalA["accuracy"])
            #expect(j["directions"]?["kind"] == .string(kind.rawValue))
        }
        #expect(try Files.read(path("p.csv")).split(separator: "\n").count == 10)
        let again = try json(["plane", "--model", a, "--data", iris, "--grid", "3", "--directions", "random", "--threads", "1"])
        let first = try json(["plane", "--model", a, "--data", iris, "--grid", "3", "--directions", "random"])
        #expect(again["grid"] == first["grid"])

        let n = 43
        let d1 = try writeVector("d1.txt", (0..<n).map { Double($0 % 5) / 10 }), d2 = try writeVector("d2.txt", (0..<n).map { Double($0 % 3) / 10 - 0.1 })
        let files = try json(["plane", "--model", a, "--data", iris, "--d1", d1, "--d2", d2, "--grid", "2", "--range", "0:1"])
        let corner = try #require(files["grid"]?.arrayValue?.last)
        let direct = Model(network: Network(architecture: try Model.load(a).architecture, flatParameters: zip(zip(try Model.load(a).network.flatParameters,
                           try ProbeCommandTests.read(d1)), try ProbeCommandTests.read(d2)).map { $0.0 + $0.1 + $1 }),
                           inputTransform: try Model.load(a).inputTransform)
        try direct.save(to: path("corner.json"))
        #expect(relativeError(corner["loss"]!.doubleValue!, try json(["eval", "--model", path("corner.json"), "--data", iris])["loss"]!.doubleValue!) < 1e-12)

        let through = try json(["plane", "--through", "\(a),\(b),\(c)", "--data", iris, "--grid", "4", "--svg", path("t.svg")])
        try expectSVG("t.svg", mentioning: [">A<", ">B<", ">C<", "mean loss"])
        let coordinates = try #require(through["directions"]?["coordinates"]?.arrayValue).map { numbers($0) }
        #expect(coordinates[0] == [0, 0] && coordinates[1] == [1, 0] && coordinates[2][1] > 0)
        #expect(through["grid"]?.arrayValue?.count == 16)
    }

    static func read(_ path: String) throws -> [Double] {
        try Files.read(path).split(separator: "\n").map { Double($0)! }
    }

    @Test("bad input: one line 'error: …', exit status 2, nothing on stdout")
    func badInput() throws {
        let a = try irisModel("a.json", seed: 1)
        let wider = try irisModel("wide.json", seed: 1, hidden: 6)
        let otherTransform = try irisModel("other.json", seed: 2, transform: InputTransform(mean: [0, 0, 0, 0], std: [1, 1, 1, 1]))
        let short = try writeVector("short.txt", [1, 2, 3])
        try Files.writeAtomically("1\n2\nabc\n", to: path("bad.txt"))
        let zeros = try writeVector("zeros.txt", [Double](repeating: 0, count: 43))
        let mismatch = try CommandRunner.expectUsageError(["hvp", "--model", a, "--data", iris, "--vector", short])
        #expect(mismatch.stderr.contains("has 3 numbers but the model has 43 parameters"))
        let refused = try CommandRunner.expectUsageError(["hessian", "--model", reference, "--data", digits])
        #expect(refused.stderr.contains("26122 parameters") && refused.stderr.contains("sharpness"))
        let cases: [[String]] = [
            ["hvp", "--model", a, "--data", iris, "--vector", path("bad.txt")],
            ["hvp", "--model", a, "--data", iris],
            ["sharpness", "--model", a, "--data", iris, "--k", "0"],
            ["sharpness", "--model", a, "--data", iris, "--k", "44"],
            ["sharpness", "--model", a, "--data", iris, "--which", "middle"],
            ["sharpness", "--model", a, "--data", iris, "--method", "arnoldi"],
            ["sharpness", "--model", a, "--data", iris, "--tol", "-1"],
            ["sharpness", "--model", a, "--data", iris, "--start", zeros],
            ["sharpness", "--model", a, "--data", iris, "--start", short],
            ["trace", "--model", a, "--data", iris, "--samples", "1"],
            ["epsilon-sharpness", "--model", a, "--data", iris, "--epsilon", "0"],
            ["density", "--model", a, "--data", iris, "--width", "-1"],
            ["interpolate", "--from", a, "--to", wider, "--data", iris],
            ["interpolate", "--from", a, "--to", otherTransform, "--data", iris],
            ["interpolate", "--from", a, "--to", a, "--data", iris, "--alphas", "0:1:1"],
            ["interpolate", "--from", a, "--to", a, "--data", iris, "--alphas", "0,x"],
            ["interpolate", "--from", a, "--to", a, "--data", digits],
            ["plane", "--model", a, "--data", iris, "--grid", "1"],
            ["plane", "--model", a, "--data", iris, "--range", "1:-1"],
            ["plane", "--model", a, "--data", iris, "--d1", short, "--d2", short],
            ["plane", "--model", a, "--data", iris, "--d1", zeros],
            ["plane", "--model", a, "--data", iris, "--directions", "diagonal"],
            ["plane", "--through", "\(a),\(a)", "--data", iris],
            ["plane", "--through", "\(a),\(a),\(a)", "--data", iris],
            ["plane", "--through", "\(a),\(wider),\(a)", "--data", iris],
            ["plane", "--through", "\(a),\(otherTransform),\(a)", "--data", iris],
            ["plane", "--through", "\(a),\(otherTransform),\(a)", "--model", a, "--data", iris],
            ["plane", "--model", a, "--data", iris, "--grid", "2", "--csv", path("fresh.csv"), "--svg", "/no/such/folder/p.svg"],
            ["interpolate", "--from", a, "--to", a, "--data", iris, "--csv", folder.path],
            ["hvp", "--model", a, "--data", iris, "--vector", zeros, "--out", "/no/such/folder/hv.txt"],
        ]
        for arguments in cases { try CommandRunner.expectUsageError(arguments) }
        #expect(!FileManager.default.fileExists(atPath: path("fresh.csv")))
    }

    @Test("every probe on --split file:120 prints exactly what it prints on a file of those 120 rows")
    func splitRows() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let iris = TestData.repository.appendingPathComponent("datasets/iris.csv").path
        let first = folder.appendingPathComponent("first120.csv").path
        try Files.writeAtomically(try Files.read(iris).split(separator: "\n").prefix(121).joined(separator: "\n") + "\n", to: first)
        let model = folder.appendingPathComponent("m.json").path
        let trained = try CommandRunner.run(["train", "--data", iris, "--split", "file:120", "--hidden", "8", "--epochs", "30", "--out", model])
        #expect(trained.status == 0, "\(trained.stderr)")
        for probe in [["eval"], ["grad"], ["hessian"], ["sharpness", "--k", "3"], ["trace", "--samples", "20"], ["density", "--steps", "20"],
                      ["epsilon-sharpness"], ["plane", "--grid", "5"]] {
            let split = try CommandRunner.run(probe + ["--model", model, "--data", iris, "--split", "file:120", "--json"])
            let file = try CommandRunner.run(probe + ["--model", model, "--data", first, "--json"])
            #expect(split.status == 0 && file.status == 0, "\(probe[0]): \(split.stderr) \(file.stderr)")
            #expect(split.stdout == file.stdout, "\(probe[0])")
            #expect(split.stderr.contains("measuring the 120 train rows of \(iris): the split file:120 the model was trained with"))
            #expect(!file.stderr.contains("note:"))
        }
        let rows = try CommandRunner.run(["sharpness", "--model", model, "--data", iris, "--rows", "train", "--json"])
        #expect(rows.stdout == (try CommandRunner.run(["sharpness", "--model", model, "--data", first, "--json"])).stdout)
    }
}
