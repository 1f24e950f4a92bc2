import Foundation
import Testing
import Landscape

/// Sharded commands and `merge`: the parts of all shards, merged, give the bytes of the unsharded
/// command, whatever order they come in, and a shard started again continues its part.
@Suite("Shards and merge")
struct ShardCommandTests {
    static var wine: String { TestData.repository.appendingPathComponent("datasets/wine.csv").path }
    static let study = ["study", "--data", wine, "--split", "0.7", "--hidden", "6", "--epochs", "4", "--seeds", "3",
                        "--vary", "batch=8,32", "--vary", "dropout=0,0.2", "--measures", "sharpness,trace,margin"]

    /// Runs `arguments` in `folder` and returns stdout, expecting success.
    static func run(_ arguments: [String], in folder: URL, environment: [String: String] = [:]) throws -> String {
        let r = try CommandRunner.run(arguments, in: folder, environment: environment)
        #expect(r.status == 0, "\(arguments.joined(separator: " ")): \(r.stderr)")
        return r.stdout
    }

    static func read(_ name: String, in folder: URL) throws -> String { try Files.read(folder.appendingPathComponent(name).path) }

    /// The text without wall times: the last column of a CSV (`seconds`), the last column of a
    /// table (`s/run`, whose width also moves the spaces before it).
    static func withoutTimes(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.contains(",") && !line.contains(" ")
                ? line.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",")
                : line.split(separator: " ").dropLast().joined(separator: " ")
        }.joined(separator: "\n")
    }

    @Test("a 4-shard study, merged from its parts in any order, prints and writes the unsharded study's bytes")
    func study() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = try Self.run(Self.study + ["--json", "--csv", "whole.csv", "--svg", "whole.svg"], in: folder)
        let text = try Self.run(Self.study, in: folder)
        for k in 0..<4 { _ = try Self.run(Self.study + ["--shard", "\(k)/4", "--part", "part-\(k).json"], in: folder) }
        let parts = ["part-2.json", "part-0.json", "part-3.json", "part-1.json"]
        let merged = try Self.run(["merge", "--json", "--csv", "merged.csv", "--svg", "merged.svg"] + parts, in: folder)
        #expect(merged == whole)
        #expect(try Self.read("merged.svg", in: folder) == Self.read("whole.svg", in: folder))
        #expect(Self.withoutTimes(try Self.read("merged.csv", in: folder)) == Self.withoutTimes(try Self.read("whole.csv", in: folder)))
        #expect(Self.withoutTimes(try Self.run(["merge"] + parts, in: folder)) == Self.withoutTimes(text))
    }

    @Test("a plane in 3 shards merges to the unsharded plane's JSON, CSV, figure and text")
    func plane() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let iris = TestData.repository.appendingPathComponent("datasets/iris.csv").path
        _ = try Self.run(["train", "--data", iris, "--split", "0.8", "--hidden", "6", "--epochs", "10", "--out", "m.json"], in: folder)
        let plane = ["plane", "--model", "m.json", "--data", iris, "--rows", "train", "--grid", "7", "--directions", "layer"]
        let whole = try Self.run(plane + ["--json", "--csv", "whole.csv", "--svg", "whole.svg"], in: folder)
        for k in 0..<3 { _ = try Self.run(plane + ["--shard", "\(k)/3", "--part", "p\(k).json"], in: folder) }
        #expect(try Self.run(["merge", "--json", "--csv", "whole.csv", "--svg", "whole.svg", "p1.json", "p0.json", "p2.json"], in: folder) == whole)
        #expect(try Self.read("whole.csv", in: folder).split(separator: "\n").count == 50)
        #expect(try Self.run(["merge", "p0.json", "p1.json", "p2.json"], in: folder) == (try Self.run(plane, in: folder)))
    }

    @Test("compare under loss matching shards by seed and merges to its bytes")
    func compareLossMatching() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let compare = ["compare", "--data", Self.wine, "--split", "0.7", "--hidden", "6", "--batches", "8,64", "--epochs", "3", "--seeds", "3",
                       "--match", "loss"]
        let whole = try Self.run(compare + ["--json"], in: folder)
        for k in 0..<2 { _ = try Self.run(compare + ["--shard", "\(k)/2", "--part", "c\(k).json"], in: folder) }
        #expect(try Self.run(["merge", "--json", "c0.json", "c1.json"], in: folder) == whole)
        let part = try ShardPart.load(folder.appendingPathComponent("c0.json").path)
        #expect(part.pieceCount == 3 && part.pieces.keys.sorted() == [0, 2])
    }

    @Test("a shard started again continues its part, and a Slurm array task takes its shard from the array")
    func resumeAndSlurm() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let whole = try Self.run(Self.study + ["--json"], in: folder)
        // Shards 0 and 1 as tasks 10 and 11 of the array 10-11.
        for task in [10, 11] {
            _ = try Self.run(Self.study + ["--part", "part-\(task).json"], in: folder,
                             environment: ["SLURM_ARRAY_TASK_ID": "\(task)", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_MAX": "11"])
        }
        let path = folder.appendingPathComponent("part-11.json").path
        var part = try ShardPart.load(path)
        #expect(part.shard == (try Shard(index: 1, count: 2)) && part.pieces.count == 6)
        // Cut off after two of its runs: the shard started again computes the other four only.
        part.pieces = part.pieces.filter { [1, 3].contains($0.key) }
        part.complete = false
        try part.save(to: path)
        let again = try CommandRunner.run(Self.study + ["--shard", "1/2", "--part", "part-11.json"], in: folder)
        #expect(again.status == 0 && again.stderr.contains("continuing shard 1/2 from part-11.json: 2 of 6 pieces done"), "\(again.stderr)")
        #expect(try Self.run(["merge", "--json", "part-10.json", "part-11.json"], in: folder) == whole)
    }

    @Test("a shard stopped with SIGTERM, as Slurm stops a job at its time limit, saves its part, exits 143 and finishes when started again")
    func terminated() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let long = ["study", "--data", Self.wine, "--hidden", "8", "--epochs", "30", "--batch", "4", "--seeds", "12",
                    "--vary", "weight-decay=0,0.01", "--measures", "sharpness"]
        let whole = try Self.run(long + ["--json"], in: folder)
        let part = folder.appendingPathComponent("part-0.json").path
        // The first finished run is saved at once; the shard is stopped then.
        let status = try CommandRunner.stop(long + ["--shard", "0/2", "--part", part], in: folder, when: part, with: SIGTERM)
        let saved = try ShardPart.load(part)
        if status == 143 {
            #expect(!saved.complete && !saved.pieces.isEmpty && saved.pieces.count < 12)
        } else {
            #expect(status == 0 && saved.complete, "the shard ended with status \(status)")
        }
        _ = try Self.run(long + ["--shard", "0/2", "--part", "part-0.json"], in: folder)
        _ = try Self.run(long + ["--shard", "1/2", "--part", "part-1.json"], in: folder)
        #expect(try Self.run(["merge", "--json", "part-0.json", "part-1.json"], in: folder) == whole)
    }
}
