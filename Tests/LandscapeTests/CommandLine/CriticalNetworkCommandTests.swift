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
}
