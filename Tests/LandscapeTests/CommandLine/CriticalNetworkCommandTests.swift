import Foundation
import Testing
import Landscape

/// `critical --model`: the command line over `NetworkCriticalPointSearch`.
@Suite("Command line: critical points of networks")
struct CriticalNetworkCommandTests {
    @Test("on a linear regression every start reaches the one least-squares minimum; the JSON counts its points and the SVG is written")
    func linearRegression() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var csv = "a,b,label\n"
        var random = RandomSource(seed: 2, stream: .data)
        for _ in 0..<25 {
            let (a, b) = (random.normal(), random.normal())
            csv += "\(a),\(b),\(0.5 * a - 2 * b + 0.1 * random.normal())\n"
        }
        try csv.write(to: folder.appendingPathComponent("reg.csv"), atomically: true, encoding: .utf8)
        try Model(network: Network(architecture: Architecture(sizes: [2, 1], activation: .tanh, loss: .meanSquaredError), seed: 3))
            .save(to: folder.appendingPathComponent("line.json").path)
        let r = try CommandRunner.run(["critical", "--model", "line.json", "--data", "reg.csv", "--starts", "4", "--radius", "2", "--svg", "index.svg",
                                       "--json"], in: folder)
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSON(parsing: r.stdout)
        #expect(json["n_params"]?.intValue == 3 && json["starts"]?.intValue == 4 && json["counts"]?["minimum"]?.intValue == 4)
        let points = try #require(json["points"]?.arrayValue)
        let losses = points.compactMap { $0["loss"]?.doubleValue }
        #expect(losses.count == 4 && losses.allSatisfy { abs($0 - losses[0]) <= 1e-12 * losses[0] })
        #expect(points.allSatisfy { $0["kind"]?.stringValue == "minimum" && $0["index"]?.doubleValue == 0 && $0["grad_norm"]!.doubleValue! <= 1e-9 })
        #expect(try Files.read(folder.appendingPathComponent("index.svg").path).contains("minimum (4)"))
    }

    @Test("--iterates starts from every point of a training path: one search per start around each, numbered by centre, the first one from the point itself")
    func iterates() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let iris = TestData.repository.appendingPathComponent("datasets/iris.csv").path
        let trained = try CommandRunner.run(["train", "--data", iris, "--split", "0.8", "--hidden", "2", "--epochs", "4", "--save-iterates", "path.json",
                                             "--iterates-every", "6", "--out", "m.json"], in: folder)
        #expect(trained.status == 0, "\(trained.stderr)")
        let path = try Iterates.load(folder.appendingPathComponent("path.json").path)
        let r = try CommandRunner.run(["critical", "--model", "m.json", "--data", iris, "--rows", "train", "--iterates", "path.json", "--starts", "2",
                                       "--iterations", "3", "--json"], in: folder)
        #expect(r.status == 0, "\(r.stderr)")
        let points = try #require(try JSON(parsing: r.stdout)["points"]?.arrayValue)
        #expect(points.count == 2 * path.steps.count)
        #expect(points.enumerated().allSatisfy { s, p in p["centre"]?.intValue == s / 2 && p["start"]?.intValue == s })
        // A search from a point with no step taken reports that point's own loss.
        let model = try Model.load(folder.appendingPathComponent("m.json").path)
        let rows = try RowSelection(split: nil, part: .train).rows(of: try Dataset.load(iris), path: iris, model: model).rows
        let zero = try CommandRunner.run(["critical", "--model", "m.json", "--data", iris, "--rows", "train", "--iterates", "path.json", "--starts", "1",
                                          "--tolerance", "1e300", "--json"], in: folder)
        let losses = try #require(try JSON(parsing: zero.stdout)["points"]?.arrayValue).compactMap { $0["loss"]?.doubleValue }
        for (k, parameters) in path.parameters.enumerated() {
            var point = model
            point.network = Network(architecture: model.architecture, flatParameters: parameters)
            #expect(losses[k] == (try ProbeSession(model: point, data: rows, precision: .float64).evaluation.loss))
        }
    }
}
