import Foundation
import Testing
import Landscape

/// `landscape connect` and `landscape interpolate --curve`, end to end.
@Suite("connect and interpolate --curve")
struct ConnectCommandTests {
    /// A folder with moons data (150 train rows, 50 test) and two models trained on it from seeds 1 and 2.
    static func folder() throws -> URL {
        let folder = try CommandRunner.temporaryFolder()
        try Files.writeAtomically(CurveTrainingTests.moons, to: folder.appendingPathComponent("moons.csv").path)
        for seed in ["1", "2"] {
            let r = try CommandRunner.run(["train", "--data", "moons.csv", "--split", "file:150", "--hidden", "8", "--optimizer", "adam",
                                           "--lr", "0.02", "--epochs", "100", "--seed", seed, "--out", "m\(seed).json"], in: folder)
            #expect(r.status == 0, "\(r.stderr)")
        }
        return folder
    }

    static let connect = ["connect", "--from", "m1.json", "--to", "m2.json", "--data", "moons.csv", "--split", "file:150",
                          "--optimizer", "adam", "--lr", "0.01"]

    func json(_ arguments: [String], in folder: URL) throws -> JSON {
        let r = try CommandRunner.run(arguments + ["--json"], in: folder)
        #expect(r.status == 0, "\(r.stderr)")
        return try JSON(parsing: r.stdout)
    }

    @Test("connect lowers the barrier; interpolate --curve and interpolate measure the same barriers")
    func endToEnd() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let trained = try json(Self.connect + ["--epochs", "30", "--out", "curve.json", "--svg", "curve.svg"], in: folder)
        let barrier = try #require(trained["barrier"]?.doubleValue), linear = try #require(trained["linear_barrier"]?.doubleValue)
        #expect(linear > 0.5 && barrier < linear)
        #expect(try #require(trained["test_barrier"]?.doubleValue) < (try #require(trained["linear_test_barrier"]?.doubleValue)))
        let points = try #require(trained["points"]?.arrayValue)
        #expect(points.count == 25 && points[12]["t"]?.doubleValue == 0.5 && points[0]["train_loss"] == points[0]["linear_train_loss"])
        #expect(trained["steps"]?.intValue == 150)
        let curve = try ModeCurve.load(folder.appendingPathComponent("curve.json").path)
        #expect(curve.fromName == "m1.json" && curve.training?["steps"]?.intValue == 150)
        #expect(try Files.read(folder.appendingPathComponent("curve.svg").path).contains("straight line, train loss"))

        let along = try json(["interpolate", "--curve", "curve.json", "--data", "moons.csv", "--split", "file:150"], in: folder)
        #expect(along["train_barrier"] == trained["barrier"] && along["linear_train_barrier"] == trained["linear_barrier"])
        #expect(along["test_barrier"] == trained["test_barrier"] && along["linear_test_barrier"] == trained["linear_test_barrier"])
        #expect(along["points"]?.arrayValue?.map { $0["alpha"]! } == points.map { $0["t"]! })
        let straight = try json(["interpolate", "--from", "m1.json", "--to", "m2.json", "--data", "moons.csv", "--split", "file:150",
                                 "--alphas", "0:1:25"], in: folder)
        #expect(straight["train_barrier"] == trained["linear_barrier"] && straight["linear_train_barrier"] == nil)
        // --rows alone finds the rows the curve was trained on, as for a model.
        let rows = try json(["interpolate", "--curve", "curve.json", "--data", "moons.csv", "--rows", "train", "--alphas", "0,0.5,1"], in: folder)
        #expect(rows["points"]?.arrayValue?.map { $0["train_loss"]! } == [points[0], points[12], points[24]].map { $0["train_loss"]! })

        let text = try CommandRunner.run(["interpolate", "--curve", "curve.json", "--data", "moons.csv", "--alphas", "0,0.5,1"], in: folder)
        #expect(text.status == 0 && text.stdout.contains("straight line between the curve's ends: train barrier"))
    }

    @Test("connect gives the same bytes on one thread and on two")
    func threads() throws {
        // Digits models wide enough (64-128-10, batches of 64) that the matrix products split over threads.
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let digits = TestData.digitsFirst300CSV
        for seed in ["1", "2"] {
            let r = try CommandRunner.run(["train", "--data", digits, "--hidden", "128", "--batch", "64", "--epochs", "1", "--seed", seed,
                                           "--out", "d\(seed).json"], in: folder)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let runs = try ["1", "2"].map { threads in
            let result = try json(["connect", "--from", "d1.json", "--to", "d2.json", "--data", digits, "--split", "file:200", "--batch", "64",
                                   "--epochs", "2", "--optimizer", "momentum", "--precision", "float32", "--threads", threads, "--out", "c\(threads).json"],
                                  in: folder)
            return (result.setting("seconds", to: .null), try Files.read(folder.appendingPathComponent("c\(threads).json").path))
        }
        #expect(runs[0].0 == runs[1].0 && runs[0].1 == runs[1].1)
        #expect(runs[0].0["steps"]?.intValue == 8)
    }

    @Test("text output names the barriers and the file; no progress off a terminal")
    func text() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let r = try CommandRunner.run(Self.connect + ["--epochs", "2", "--out", "c.json"], in: folder)
        #expect(r.status == 0 && r.stderr.isEmpty)
        #expect(r.stdout.contains("barrier ") && r.stdout.contains("; straight line ") && r.stdout.contains("test barrier "))
        #expect(r.stdout.hasSuffix("curve written to c.json\n"))
    }

    @Test("stopped by SIGTERM or SIGKILL with --checkpoint, then resumed, and resumed with more epochs: the curve of one run, byte for byte",
          arguments: [SIGTERM, SIGKILL])
    func resume(signal: Int32) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for precision in ["float64", "float32"] {
            let base = Self.connect + ["--precision", precision, "--batch", "8"]
            let whole = try CommandRunner.run(base + ["--epochs", "60", "--out", "whole.json"], in: folder)
            #expect(whole.status == 0, "\(whole.stderr)")
            // Stopped in the middle (the first checkpoint exists), then continued to the end.
            let stopped = base + ["--epochs", "40", "--checkpoint", "c.ckpt", "--checkpoint-every", "25", "--out", "resumed.json"]
            let status = try CommandRunner.stop(stopped, in: folder, when: folder.appendingPathComponent("c.ckpt").path, with: signal)
            #expect(signal == SIGKILL || status == 143 || status == 0, "\(status)")
            let step = try #require(try JSON(parsing: try Files.read(folder.appendingPathComponent("c.ckpt").path))["step"]?.intValue)
            #expect(step > 0)
            let finished = try CommandRunner.run(stopped + ["--resume", "c.ckpt"], in: folder)
            #expect(finished.status == 0, "\(finished.stderr)")
            // Then made longer: 40 epochs and 20 more end where one run of 60 ends.
            let longer = try CommandRunner.run(base + ["--epochs", "60", "--checkpoint", "c.ckpt", "--resume", "c.ckpt", "--out", "resumed.json"], in: folder)
            #expect(longer.status == 0 && longer.stderr == "note: continuing the training of c.ckpt from step 760 to 1140\n", "\(longer.stderr)")
            let (a, b) = (try Files.read(folder.appendingPathComponent("whole.json").path), try Files.read(folder.appendingPathComponent("resumed.json").path))
            #expect(a == b, "\(precision), stopped at step \(step)")
            try FileManager.default.removeItem(at: folder.appendingPathComponent("c.ckpt"))
        }
    }

    @Test("a checkpoint is refused for a curve between other models, with other settings, and across train and connect")
    func refusedCheckpoints() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let short = Self.connect + ["--epochs", "2", "--out", "c.json"]
        #expect(try CommandRunner.run(short + ["--checkpoint", "curve.ckpt"], in: folder).status == 0)
        let train = ["train", "--data", "moons.csv", "--split", "file:150", "--hidden", "8", "--epochs", "2"]
        #expect(try CommandRunner.run(train + ["--checkpoint", "run.ckpt"], in: folder).status == 0)
        let cases: [(arguments: [String], error: String)] = [
            (["connect", "--from", "m2.json", "--to", "m1.json"] + short.dropFirst(5) + ["--resume", "curve.ckpt"],
             "error: curve.ckpt is a checkpoint of a curve between other models: give the same --from and --to as then\n"),
            (short + ["--batch", "16", "--resume", "curve.ckpt"],
             "error: curve.ckpt is a checkpoint of another run: give the same settings as then (batch 32 → 16)\n"),
            (short + ["--resume", "run.ckpt"], "error: run.ckpt is not a checkpoint of a curve's training (landscape connect --checkpoint)\n"),
            (train + ["--resume", "curve.ckpt"], "error: curve.ckpt is a checkpoint of a curve's training: continue it with landscape connect --resume\n"),
            (short + ["--checkpoint-every", "5"], "error: --checkpoint-every needs --checkpoint\n"),
        ]
        for c in cases {
            let r = try CommandRunner.run(c.arguments, in: folder)
            #expect(r.status == 2 && r.stderr == c.error, "\(c.arguments): \(r.stderr)")
        }
    }
}
