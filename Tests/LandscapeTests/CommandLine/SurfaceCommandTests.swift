import Foundation
import Testing
import Landscape

/// `descend`, `surface`, `classify` and `critical` as a user runs them.
@Suite("Command line: surfaces")
struct SurfaceCommandTests {
    @Test("descend writes every iterate as CSV and a summary as JSON, the same for the same seed")
    func descend() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("paths.csv").path
        let args = ["descend", "--surface", "rosenbrock", "--start", "-1.5,2", "--optimizer", "sgd,adam,newton",
                    "--lr", "0.001,0.05,1", "--steps", "40", "--noise", "0.1", "--seed", "7", "--json"]
        let r = try CommandRunner.run(args + ["--csv", csv])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSON(parsing: r.stdout)
        let runs = try #require(json["runs"]?.arrayValue)
        #expect(runs.map { $0["optimizer"]?.stringValue } == ["sgd", "adam", "newton"])
        #expect(runs.allSatisfy { $0["steps_run"]?.intValue == 40 && $0["diverged_at"] == .null })
        #expect(json["minima"] == .array([.numbers([1.0, 1.0])]))
        let lines = try Files.read(csv).split(separator: "\n")
        #expect(lines[0] == "optimizer,step,x,y,loss,grad_norm")
        #expect(lines.count == 1 + 3 * 41)
        // At the start: f = 12.5 and ∇f = (−155, −50) (see the surface tests).
        #expect(lines[1] == "sgd,0,-1.5,2.0,12.5,\((155.0 * 155 + 50 * 50).squareRoot())")
        #expect(try CommandRunner.run(args).stdout == r.stdout)
    }

    @Test("descend --path gives the CSV's iterates in the JSON, each run's last iterate its summary, a shorter run a prefix")
    func descendPath() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("paths.csv").path
        let args = ["descend", "--surface", "himmelblau", "--start", "0.5,-0.5", "--optimizer", "sgd,momentum,newton",
                    "--lr", "0.01,0.01,1", "--noise", "2,0,0", "--seed", "3", "--json", "--path"]
        let r = try CommandRunner.run(args + ["--steps", "60", "--csv", csv])
        #expect(r.status == 0, "\(r.stderr)")
        let runs = try #require(JSON(parsing: r.stdout)["runs"]?.arrayValue)
        // The CSV's rows, read back, against the JSON's column lists.
        let rows = try Files.read(csv).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        var rowIndex = 0
        for run in runs {
            let path = try #require(run["path"])
            let steps = path["step"]?.arrayValue ?? [], xs = path["x"]?.arrayValue ?? []
            let ys = path["y"]?.arrayValue ?? [], losses = path["loss"]?.arrayValue ?? []
            let norms = path["grad_norm"]?.arrayValue ?? []
            #expect(steps.count == 61 && [xs, ys, losses, norms].allSatisfy { $0.count == 61 })
            for k in steps.indices {
                let row = rows[rowIndex]
                rowIndex += 1
                #expect(row[0] == Substring(run["optimizer"]?.stringValue ?? ""))
                #expect(Int(row[1]) == steps[k].intValue && Int(row[1]) == k)
                #expect([xs[k], ys[k], losses[k], norms[k]].map(\.doubleValue) == row[2...5].map { Double($0) })
            }
            #expect(xs.last == run["x"] && ys.last == run["y"] && losses.last == run["loss"] && norms.last == run["grad_norm"])
        }
        #expect(rowIndex == rows.count)
        // A run of 20 steps is the first 21 iterates of the run of 60 (the noise is drawn step by step).
        let short = try CommandRunner.run(args + ["--steps", "20"])
        let shortRuns = try #require(JSON(parsing: short.stdout)["runs"]?.arrayValue)
        for (long, short) in zip(runs, shortRuns) {
            for key in ["x", "y", "loss"] {
                let prefix = (long["path"]?[key]?.arrayValue ?? []).prefix(21)
                #expect(prefix.count == 21 && short["path"]?[key]?.arrayValue == Array(prefix))
            }
        }
        // Without --path the JSON has no path, and is otherwise the same.
        let plain = try CommandRunner.run(args.dropLast() + ["--steps", "60"])
        #expect(!plain.stdout.contains("\"path\"") && plain.stdout.count < r.stdout.count)
        try CommandRunner.expectUsageError(["descend", "--surface", "bowl", "--path"])
    }

    @Test("surface gives f on a grid: Rosenbrock's and a formula's values as written out here, float32 within its rounding")
    func surfaceGrid() throws {
        let r = try CommandRunner.run(["surface", "--surface", "rosenbrock", "--box", "-1.5:2,-0.5:3", "--grid", "8", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSON(parsing: r.stdout)
        let xs = json["x"]?.arrayValue?.compactMap(\.doubleValue) ?? []
        let ys = json["y"]?.arrayValue?.compactMap(\.doubleValue) ?? []
        let values = try #require(json["values"]?.arrayValue?.map { $0.arrayValue?.compactMap(\.doubleValue) ?? [] })
        #expect(xs.count == 8 && ys.count == 8 && values.count == 8 && values.allSatisfy { $0.count == 8 })
        #expect(xs.first == -1.5 && xs.last == 2 && ys.first == -0.5 && ys.last == 3)
        func rosenbrock(_ x: Double, _ y: Double) -> Double { (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x) }
        var lowest = Double.infinity
        for j in 0..<8 {
            for i in 0..<8 {
                #expect(abs(xs[i] - (-1.5 + 3.5 * Double(i) / 7)) <= 1e-15 && abs(ys[j] - (-0.5 + 3.5 * Double(j) / 7)) <= 1e-15)
                let expected = rosenbrock(xs[i], ys[j])
                #expect(abs(values[j][i] - expected) <= 1e-13 * max(1, expected), "f(\(xs[i]), \(ys[j]))")
                lowest = min(lowest, values[j][i])
            }
        }
        #expect(json["lowest"]?["value"]?.doubleValue == lowest)
        #expect(json["minima"] == .array([.numbers([1.0, 1.0])]))
        let single = try CommandRunner.run(["surface", "--surface", "rosenbrock", "--box", "-1.5:2,-0.5:3", "--grid", "8", "--json",
                                            "--precision", "float32"])
        let singleValues = try #require(JSON(parsing: single.stdout)["values"]?.arrayValue?.map { $0.arrayValue?.compactMap(\.doubleValue) ?? [] })
        for j in 0..<8 {
            for i in 0..<8 {
                let x = Double(Float(xs[i])), y = Double(Float(ys[j]))
                #expect(abs(singleValues[j][i] - rosenbrock(x, y)) <= 1e-5 * max(1, rosenbrock(x, y)))
            }
        }
        // A typed formula: its minima found in the box; f where it is not defined is null.
        let formula = try JSON(parsing: try CommandRunner.run(["surface", "--surface", "(x-1)^2 + log(y)^2", "--box", "-2:2,-1:3", "--grid", "5", "--json"]).stdout)
        #expect(formula["minima"] == .array([.numbers([1.0, 1.0])]))
        let row = try #require(formula["values"]?.arrayValue)
        #expect(row[0] == .array(Array(repeating: .null, count: 5)) && row[1] == .array(Array(repeating: .null, count: 5)))
        #expect(row[2].arrayValue?.compactMap(\.doubleValue) == [9, 4, 1, 0, 1].map { $0 + 0.0 })
    }

    @Test("surface's CSV holds the JSON's values; its SVG marks the minima; its text names the lowest point")
    func surfaceOutputs() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let csv = folder.appendingPathComponent("h.csv").path, svg = folder.appendingPathComponent("h.svg").path
        let args = ["surface", "--surface", "himmelblau", "--grid", "11"]
        let r = try CommandRunner.run(args + ["--json", "--csv", csv, "--svg", svg])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSON(parsing: r.stdout)
        let values = try #require(json["values"]?.arrayValue).flatMap { $0.arrayValue ?? [] }.map(\.doubleValue)
        let lines = try Files.read(csv).split(separator: "\n")
        #expect(lines[0] == "x,y,value" && lines.count == 1 + 121)
        #expect(lines.dropFirst().map { Double($0.split(separator: ",")[2]) } == values)
        #expect(json["minima"]?.arrayValue?.count == 4)
        #expect(try Files.read(svg).components(separatedBy: ">min<").count == 5)
        let text = try CommandRunner.run(args)
        #expect(text.stdout.contains("11 × 11 points over [-5, 5] × [-5, 5]"))
        // The grid point nearest (3, 2) is it to rounding: f there is zero to rounding.
        let lowest = try #require(text.stdout.split(separator: "\n").first { $0.hasPrefix("lowest") }?.split(separator: " ", omittingEmptySubsequences: true))
        #expect(lowest.count == 5 && (Double(lowest[1]) ?? 1) < 1e-25 && lowest[3...].joined(separator: " ") == "(3, 2)")
    }

    @Test("descend's text summary names diverged runs, the tolerance rule and Newton's damping")
    func summary() throws {
        let r = try CommandRunner.run(["descend", "--surface", "saddle", "--optimizer", "sgd,newton", "--lr", "0.1,1", "--steps", "20"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("saddle: x^2 - y^2, from (0.05, 0.05), 20 steps"))
        #expect(r.stdout.contains("no minimum is known"))
        #expect(r.stdout.contains("newton: the Hessian was not positive definite at 20 of 20 steps"))
        let diverged = try CommandRunner.run(["descend", "--surface", "rosenbrock", "--optimizer", "sgd", "--lr", "0.01", "--steps", "100"])
        #expect(diverged.status == 0 && diverged.stdout.contains("diverged at "))
    }

    @Test("classify at (0.05, 0.05) on the saddle reports eigenvalues +2 and −2 and the escape along y")
    func classify() throws {
        let r = try CommandRunner.run(["classify", "--surface", "x^2 - y^2", "--at", "0.05,0.05", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let json = try JSON(parsing: r.stdout)
        #expect(json["eigenvalues"] == .numbers([2.0, -2.0]))
        #expect(json["escape_direction"] == .numbers([0.0, 1.0]))
        #expect(json["critical"] == .bool(false) && json["curvature"]?.stringValue == "saddle")
        #expect(json["trace"]?.doubleValue == 0 && json["determinant"]?.doubleValue == -4)
        let text = try CommandRunner.run(["classify", "--surface", "saddle", "--at", "0,0"])
        #expect(text.stdout.contains("verdict       saddle"))
    }

    @Test("critical finds Himmelblau's four minima, four saddles and one maximum")
    func critical() throws {
        let r = try CommandRunner.run(["critical", "--surface", "himmelblau", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let points = try #require(JSON(parsing: r.stdout)["points"]?.arrayValue)
        let kinds = points.compactMap { $0["kind"]?.stringValue }
        #expect(kinds == Array(repeating: "minimum", count: 4) + Array(repeating: "saddle", count: 4) + ["maximum"])
        #expect(points.prefix(4).allSatisfy { abs($0["value"]?.doubleValue ?? 1) < 1e-20 })
        let text = try CommandRunner.run(["critical", "--surface", "himmelblau"])
        #expect(text.stdout.contains("4 minima, 4 saddles, 1 maximum"))
    }

    @Test("descend and critical draw their SVG plots; a bad second output path leaves no file written")
    func plots() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let paths = folder.appendingPathComponent("paths.svg").path, csv = folder.appendingPathComponent("paths.csv").path
        let r = try CommandRunner.run(["descend", "--surface", "himmelblau", "--optimizer", "sgd,sgd", "--noise", "0,3", "--steps", "50",
                                       "--svg", paths, "--csv", csv])
        #expect(r.status == 0, "\(r.stderr)")
        let svg = try Files.read(paths)
        #expect(svg.hasPrefix("<?xml") && svg.contains("<svg") && svg.contains("sgd noise=3") && svg.contains(">min<"))
        let critical = folder.appendingPathComponent("critical.svg").path
        #expect(try CommandRunner.run(["critical", "--surface", "saddle", "--grid", "3", "--svg", critical]).status == 0)
        #expect(try Files.read(critical).contains(">saddle<"))
        let other = folder.appendingPathComponent("other.csv").path
        let bad = try CommandRunner.run(["descend", "--surface", "saddle", "--csv", other, "--svg", "/no/such/folder/p.svg"])
        #expect(bad.status == 2 && !FileManager.default.fileExists(atPath: other))
    }

    @Test("a bad formula names the column")
    func formulaError() throws {
        let r = try CommandRunner.run(["classify", "--surface", "(1-x", "--at", "0,0"])
        #expect(r.status == 2 && r.stderr == "error: --surface \"(1-x\": expected ')' at column 5\n")
    }

    static let usageErrors: [[String]] = [
        ["descend", "--surface", "banana + 1"],
        ["descend", "--surface", "x^2 + y^2"],
        ["descend", "--surface", "rosenbrock", "--condition", "10"],
        ["descend", "--surface", "bowl", "--condition", "0.5"],
        ["descend", "--surface", "bowl", "--optimizer", "sgd,adam,newton", "--lr", "0.1,0.2"],
        ["descend", "--surface", "bowl", "--lr", "0"],
        ["descend", "--surface", "bowl", "--noise", "-1"],
        ["descend", "--surface", "bowl", "--start", "1"],
        ["descend", "--surface", "bowl", "--start", "1,nan"],
        ["descend", "--surface", "bowl", "--optimizer", "sgd,sgd,sgd,sgd,sgd,sgd,sgd,sgd,sgd,sgd,sgd,sgd,sgd,sgd,sgd,sgd,sgd"],
        ["descend", "--surface", "bowl", "--optimizer", "sgd", "--momentum", "0.5"],
        ["descend", "--surface", "bowl", "--tolerance", "0"],
        ["descend", "--surface", "bowl", "--csv", "/no/such/folder/p.csv"],
        ["descend", "--surface", "bowl", "--box", "-1:1,-1:1"],
        ["descend", "--surface", "bowl", "--optimizer", "sgd,sgd,sgd", "--seed", "1,2"],
        ["descend", "--surface", "bowl", "--seed", "-1"],
        ["descend", "--surface", String(repeating: "(", count: 5000) + "x" + String(repeating: ")", count: 5000), "--start", "0,0"],
        ["classify", "--surface", "saddle", "--at", "0;0"],
        ["critical", "--surface", "saddle", "--grid", "0"],
        ["critical", "--surface", "saddle", "--grid", "101"],
        ["critical", "--surface", "saddle", "--box", "1:0,0:1"],
        ["critical", "--surface", "saddle", "--box", "0:1"],
        ["critical"],
        ["surface", "--surface", "saddle", "--grid", "1"],
        ["surface", "--surface", "saddle", "--grid", "1002"],
        ["surface", "--surface", "saddle", "--box", "0:0,0:1"],
        ["surface", "--surface", "bowl", "--condition", "0"],
        ["surface", "--surface", "saddle", "--svg", "/no/such/folder/s.svg"],
        ["surface"],
    ]

    @Test("bad usage gives one line 'error: …' and exit status 2", arguments: usageErrors)
    func usageError(arguments: [String]) throws {
        try CommandRunner.expectUsageError(arguments)
    }
}
