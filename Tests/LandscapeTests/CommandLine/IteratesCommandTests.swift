import Foundation
import Testing
import Landscape

/// Optimization paths end to end: train --save-iterates, plane --pca, and the directions of highest
/// curvature from sharpness --vectors as a plane.
@Suite("Iterates, principal planes and curvature planes")
struct IteratesCommandTests {
    static var iris: String { TestData.repository.appendingPathComponent("datasets/iris.csv").path }
    static let train = ["train", "--data", iris, "--split", "0.8", "--hidden", "8", "--batch", "16", "--optimizer", "momentum", "--seed", "5"]

    /// Runs `arguments` in `folder` and returns stdout, expecting success.
    static func run(_ arguments: [String], in folder: URL) throws -> String {
        let r = try CommandRunner.run(arguments, in: folder)
        #expect(r.status == 0, "\(arguments.joined(separator: " ")): \(r.stderr)")
        return r.stdout
    }

    static func read(_ name: String, in folder: URL) throws -> String { try Files.read(folder.appendingPathComponent(name).path) }

    /// A training log or `--json` without its wall times: the `seconds` column, the `seconds` key.
    static func withoutSeconds(_ text: String) throws -> String {
        if text.hasPrefix("{") { return try JSON(parsing: text).setting("seconds", to: .null).compactText }
        return text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") }
            .joined(separator: "\n")
    }

    @Test("--save-iterates changes no other output: the model, the log (with tracked sharpness) and --json are the same")
    func nothingElseChanges() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for tracking in [[], ["--track-sharpness", "6"]] {
            let common = Self.train + ["--epochs", "6", "--json", "--checkpoint", "run.ckpt"] + tracking
            let plain = try Self.run(common + ["--out", "plain.json", "--log", "plain.csv"], in: folder)
            let kept = try Self.run(common + ["--out", "kept.json", "--log", "kept.csv", "--save-iterates", "path.json", "--iterates-every", "4"],
                                    in: folder)
            #expect(try Self.read("kept.json", in: folder) == Self.read("plain.json", in: folder))
            #expect(try Self.withoutSeconds(Self.read("kept.csv", in: folder)) == Self.withoutSeconds(Self.read("plain.csv", in: folder)))
            #expect(try Self.withoutSeconds(kept) == Self.withoutSeconds(plain))
            let iterates = try Iterates.load(folder.appendingPathComponent("path.json").path)
            #expect(iterates.steps == Array(stride(from: 0, through: 48, by: 4)))
            #expect(iterates.parameters.last == (try Model.load(folder.appendingPathComponent("kept.json").path)).network.flatParameters)
        }
        // One epoch's steps by default: 120 training rows in batches of 16.
        _ = try Self.run(Self.train + ["--epochs", "3", "--save-iterates", "path.json"], in: folder)
        #expect(try Iterates.load(folder.appendingPathComponent("path.json").path).steps == [0, 8, 16, 24])
    }

    @Test("a run resumed, finished or made longer from its checkpoint writes the iterates file of one run never stopped")
    func resumed() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let every = ["--iterates-every", "5"]
        _ = try Self.run(Self.train + every + ["--epochs", "12", "--save-iterates", "short.json"], in: folder)
        _ = try Self.run(Self.train + every + ["--epochs", "30", "--save-iterates", "long.json"], in: folder)
        _ = try Self.run(Self.train + every + ["--epochs", "12", "--save-iterates", "a.json", "--checkpoint", "run.ckpt"], in: folder)
        #expect(try Self.read("a.json", in: folder) == Self.read("short.json", in: folder))
        _ = try Self.run(Self.train + every + ["--epochs", "12", "--save-iterates", "b.json", "--resume", "run.ckpt"], in: folder)
        #expect(try Self.read("b.json", in: folder) == Self.read("short.json", in: folder))
        _ = try Self.run(Self.train + every + ["--epochs", "30", "--save-iterates", "c.json", "--checkpoint", "run.ckpt", "--resume", "run.ckpt"],
                         in: folder)
        #expect(try Self.read("c.json", in: folder) == Self.read("long.json", in: folder))
        // A checkpoint of a run that kept none cannot give the early iterates.
        _ = try Self.run(Self.train + ["--epochs", "12", "--checkpoint", "bare.ckpt"], in: folder)
        let refused = try CommandRunner.expectUsageError(
            Self.train + ["--epochs", "30", "--save-iterates", "d.json", "--resume", "bare.ckpt"], in: folder)
        #expect(refused.stderr.contains("bare.ckpt holds no iterates"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("d.json").path))
    }

    @Test("plane --pca: the path around the model at (0, 0), drawn, shares of the variance, in float64 and float32; shards merge to the same bytes")
    func principalPlane() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for precision in ["float64", "float32"] {
            _ = try Self.run(Self.train + ["--epochs", "20", "--precision", precision, "--out", "m.json", "--save-iterates", "path.json"], in: folder)
            let plane = ["plane", "--model", "m.json", "--data", Self.iris, "--rows", "train", "--pca", "path.json", "--grid", "7",
                         "--precision", precision]
            let j = try JSON(parsing: try Self.run(plane + ["--json", "--svg", "path.svg"], in: folder))
            let shares = try #require(j["explained_variance"]?.arrayValue?.compactMap { $0.doubleValue })
            #expect(shares.count == 2 && shares[0] >= shares[1] && shares[1] > 0 && shares[0] + shares[1] <= 1 + 1e-12)
            let path = try #require(j["trajectory"]?.arrayValue)
            #expect(path.compactMap { $0["step"]?.intValue } == Array(stride(from: 0, through: 160, by: 8)))
            #expect(path.last?["a"]?.doubleValue == 0 && path.last?["b"]?.doubleValue == 0)
            #expect(j["directions"]?["kind"]?.stringValue == "pca" && j["directions"]?["count"]?.intValue == 21)
            // The grid covers the path; its centre point is the model itself.
            let grid = try #require(j["grid"]?.arrayValue)
            let a = grid.compactMap { $0["a"]?.doubleValue }, b = grid.compactMap { $0["b"]?.doubleValue }
            for point in path {
                #expect(a.min()! < point["a"]!.doubleValue! && point["a"]!.doubleValue! < a.max()!)
                #expect(b.min()! < point["b"]!.doubleValue! && point["b"]!.doubleValue! < b.max()!)
            }
            // (0, 0) is exactly the model.
            let evaluation = try JSON(parsing: try Self.run(["eval", "--model", "m.json", "--data", Self.iris, "--rows", "train",
                                                             "--precision", precision, "--json"], in: folder))["loss"]?.doubleValue
            let centred = try JSON(parsing: try Self.run(plane + ["--range", "-1:1", "--json"], in: folder))["grid"]?.arrayValue
            #expect(centred?.count == 49 && centred?[24]["a"]?.doubleValue == 0 && centred?[24]["loss"]?.doubleValue == evaluation)
            let svg = try Self.read("path.svg", in: folder)
            #expect(svg.contains("class=\"trajectory\"") && svg.contains("training path: 21 iterates, steps 0 to 160"))
            #expect(svg.contains("a (1st principal direction: ") && svg.contains("b (2nd: "))

            let whole = try Self.run(plane + ["--json"], in: folder)
            for k in 0..<2 { _ = try Self.run(plane + ["--shard", "\(k)/2", "--part", "\(precision)-\(k).json"], in: folder) }
            #expect(try Self.run(["merge", "--json", "\(precision)-1.json", "\(precision)-0.json"], in: folder) == whole)
        }
    }

    @Test("sharpness --vectors writes unit eigenvectors; on the plane along the top two the loss bends as ½λa²")
    func curvaturePlane() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try Self.run(Self.train + ["--epochs", "20", "--out", "m.json"], in: folder)
        let sharpness = try JSON(parsing: try Self.run(["sharpness", "--model", "m.json", "--data", Self.iris, "--rows", "train", "--k", "2",
                                                        "--vectors", "top", "--json"], in: folder))
        let eigenvalues = try #require(sharpness["eigenvalues"]?.arrayValue?.compactMap { $0.doubleValue })
        #expect(sharpness["vectors"]?.arrayValue?.compactMap(\.stringValue) == ["top-1.txt", "top-2.txt"])
        let n = 4 * 8 + 8 + 8 * 3 + 3
        let v1 = try VectorFile.read(folder.appendingPathComponent("top-1.txt").path, count: n)
        let v2 = try VectorFile.read(folder.appendingPathComponent("top-2.txt").path, count: n)
        #expect(abs(FlatVector.norm(v1) - 1) < 1e-12 && abs(FlatVector.norm(v2) - 1) < 1e-12 && abs(FlatVector.dot(v1, v2)) < 1e-10)
        // Unit directions: L(θ + a·v) = L(θ) + a·g·v + ½λa² + O(a³), so the central second difference
        // at step h is λ up to O(h²) (and rounding of order ε·L/h², far smaller here).
        let h = 1e-3
        let j = try JSON(parsing: try Self.run(["plane", "--model", "m.json", "--data", Self.iris, "--rows", "train", "--d1", "top-1.txt",
                                                "--d2", "top-2.txt", "--grid", "3", "--range", "-\(h):\(h)", "--json"], in: folder))
        let loss = try #require(j["grid"]?.arrayValue?.compactMap { $0["loss"]?.doubleValue })
        #expect(loss.count == 9)
        let alongA = (loss[7] - 2 * loss[4] + loss[1]) / (h * h), alongB = (loss[5] - 2 * loss[4] + loss[3]) / (h * h)
        #expect(abs(alongA - eigenvalues[0]) < 100 * h * h * eigenvalues[0], "\(alongA) against λ₁ = \(eigenvalues[0])")
        #expect(abs(alongB - eigenvalues[1]) < 100 * h * h * eigenvalues[0], "\(alongB) against λ₂ = \(eigenvalues[1])")
        // The text names the files; an output prefix whose file is an input is refused before any work.
        let text = try Self.run(["sharpness", "--model", "m.json", "--data", Self.iris, "--rows", "train", "--k", "2", "--vectors", "again"], in: folder)
        #expect(text.contains("eigenvectors written to again-1.txt … again-2.txt"))
        #expect(try Self.read("again-1.txt", in: folder) == Self.read("top-1.txt", in: folder))
        let refused = try CommandRunner.expectUsageError(["sharpness", "--model", "m.json", "--data", Self.iris, "--rows", "train", "--k", "2",
                                                          "--vectors", "top", "--start", "top-2.txt"], in: folder)
        #expect(refused.stderr.contains("--vectors top-2.txt is the --start input"))
    }
}
