import Foundation
import Testing
import Landscape

@Suite("Study command")
struct StudyCommandTests {
    static let common = ["--data", "datasets/wine.csv", "--split", "0.7", "--hidden", "8", "--epochs", "5", "--seeds", "2"]

    @Test("study --vary batch=8,64 prints compare's numbers bit for bit, with each configuration's settings")
    func batchStudyIsCompare() throws {
        let compare = try CommandRunner.run(["compare", "--batches", "8,64"] + Self.common + ["--json"], in: TestData.repository)
        let study = try CommandRunner.run(["study", "--vary", "batch=8,64"] + Self.common + ["--json"], in: TestData.repository)
        #expect(compare.status == 0 && study.status == 0, "\(compare.stderr)\(study.stderr)")
        let expected = try JSON(parsing: compare.stdout), actual = try JSON(parsing: study.stdout)
        let configs = try #require(actual["configs"]?.arrayValue)
        #expect(configs.map { $0["settings"] } == [.object(["batch": .number(8)]), .object(["batch": .number(64)])])
        guard case .object(let members)? = actual["configs"]?.arrayValue?[0] else { return }
        #expect(members.first?.key == "settings")
        let stripped = JSON.array(configs.map { config -> JSON in
            guard case .object(let members) = config else { return config }
            return .object(members.filter { $0.key != "settings" })
        })
        #expect(stripped == expected["configs"])
        #expect(actual["differences"]?.arrayValue?[0]["metrics"] == expected["differences"]?.arrayValue?[0]["metrics"])
        #expect(actual["correlations"]?["sharpness"]?["gap_loss"]?["n_runs"]?.intValue == 4)
    }

    @Test("a dropout grid gives the same bytes on one thread and on two, and writes its table, CSV and figure")
    func threadsAndFiles() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let arguments = ["study", "--vary", "dropout=0,0.3", "--vary", "weight-decay=0,0.01"] + Self.common
            + ["--measures", "sharpness,trace,margin"]
        let one = try CommandRunner.run(arguments + ["--json", "--threads", "1"], in: TestData.repository)
        let two = try CommandRunner.run(arguments + ["--json", "--threads", "2"], in: TestData.repository)
        #expect(one.status == 0 && one.stdout == two.stdout, "\(one.stderr)")
        let json = try JSON(parsing: one.stdout)
        #expect(json["granulated"]?["trace"]?["gap_loss"]?["settings"]?["dropout"] != nil)
        #expect(json["configs"]?.arrayValue?.map { $0["settings"]?["dropout"]?.doubleValue } == [0, 0, 0.3, 0.3])
        let text = try CommandRunner.run(arguments + ["--csv", folder.appendingPathComponent("runs.csv").path,
                                                      "--svg", folder.appendingPathComponent("gap.svg").path], in: TestData.repository)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("varying dropout, weight-decay") && text.stdout.contains("Kendall τ") && text.stdout.contains("margin"))
        let csv = try Files.read(folder.appendingPathComponent("runs.csv").path).split(separator: "\n")
        #expect(csv.count == 1 + 8 && csv[0].hasPrefix("dropout,weight-decay,lr,seed,steps,epochs,sharpness,"))
        #expect(csv[0].hasSuffix(",trace,margin,sharpness_converged,diverged_at,seconds"))
        #expect(try Files.read(folder.appendingPathComponent("gap.svg").path).contains("<svg"))
    }

    @Test("a study saved as a baseline checks against a re-run; a checkpoint resumes it")
    func baselineAndResume() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let baseline = folder.appendingPathComponent("b.json").path, checkpoint = folder.appendingPathComponent("ck.json").path
        let arguments = ["study", "--vary", "lr=0.02,0.1"] + Self.common + ["--measures", "distance_from_init"]
        let first = try CommandRunner.run(arguments + ["--save-baseline", baseline, "--checkpoint", checkpoint, "--json"], in: TestData.repository)
        #expect(first.status == 0, "\(first.stderr)")
        let check = try CommandRunner.run(["study", "--check-baseline", baseline], in: TestData.repository)
        #expect(check.status == 0 && check.stderr.contains("baseline holds"), "\(check.stderr)")
        let resumed = try CommandRunner.run(arguments + ["--resume", checkpoint, "--json"], in: TestData.repository)
        #expect(resumed.stdout == first.stdout)
        let other = try CommandRunner.run(["study", "--vary", "lr=0.02,0.2"] + Self.common + ["--measures", "distance_from_init", "--resume", checkpoint],
                                          in: TestData.repository)
        #expect(other.status == 2 && other.stderr.contains("is a checkpoint of another study"))
    }

    @Test("--save-models keeps every run's model: byte for byte the file landscape train writes with the same settings and seed, also from a shard")
    func saveModels() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let wine = TestData.repository.appendingPathComponent("datasets/wine.csv").path
        let base = ["--data", wine, "--split", "file:120", "--epochs", "3", "--lr", "0.1"]
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("models"), withIntermediateDirectories: false)
        let study = try CommandRunner.run(["study"] + base + ["--seed", "4", "--seeds", "2", "--vary", "hidden=3,5", "--vary", "batch=16,32",
                                                             "--measures", "weight_norm", "--save-models", "models"], in: folder)
        #expect(study.status == 0, "\(study.stderr)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("models").path).sorted()
        #expect(names.count == 8 && names.contains("hidden-5_batch-16-seed5.json"), "\(names)")
        for (hidden, batch, seed) in [(3, 16, 4), (5, 32, 5)] {
            let out = "train-\(hidden)-\(batch)-\(seed).json"
            let train = try CommandRunner.run(["train"] + base + ["--hidden", "\(hidden)", "--batch", "\(batch)", "--seed", "\(seed)", "--out", out], in: folder)
            #expect(train.status == 0, "\(train.stderr)")
            #expect(try Files.read(folder.appendingPathComponent("models/hidden-\(hidden)_batch-\(batch)-seed\(seed).json").path)
                == Files.read(folder.appendingPathComponent(out).path))
        }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("shard"), withIntermediateDirectories: false)
        let shard = try CommandRunner.run(["study"] + base + ["--seed", "4", "--seeds", "2", "--vary", "hidden=3,5", "--vary", "batch=16,32",
                                                             "--measures", "weight_norm", "--save-models", "shard", "--shard", "1/2", "--part", "p1.json"],
                                          in: folder)
        #expect(shard.status == 0, "\(shard.stderr)")
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("shard").path)
        #expect(written.count == 4)
        for name in written {
            #expect(try Files.read(folder.appendingPathComponent("shard/\(name)").path) == Files.read(folder.appendingPathComponent("models/\(name)").path))
        }
    }
}

