import Foundation
import Testing
import Landscape

/// `descend`, `classify` and `critical` as a user runs them.
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
    ]

    @Test("bad usage gives one line 'error: …' and exit status 2", arguments: usageErrors)
    func usageError(arguments: [String]) throws {
        try CommandRunner.expectUsageError(arguments)
    }
}
