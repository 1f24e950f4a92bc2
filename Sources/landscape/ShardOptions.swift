import Foundation
import Landscape

/// Splitting a command's independent pieces over shards: `--shard K/N --part FILE` computes shard
/// K's pieces into its part file, and `landscape merge` puts the parts together.
enum ShardOptions {
    static let shard = Option<Shard>("--shard", "K/N", "compute only shard K of N (K from 0) into --part; in a Slurm array job K and N come from the array",
                                     parse: Shard.init(parsing:))
    static let part = Option.output("--part", "write this shard's part here as its pieces finish (a shard started again continues it); landscape merge joins the parts")

    static let options: [any OptionDeclaration] = [shard, part]

    /// The shard this command computes: `--shard`, or the Slurm array task's when only `--part`
    /// is given; nil when it is not sharded. A sharded command writes its part and nothing else.
    static func shard(_ arguments: Arguments, refusing others: [any OptionDeclaration] = []) throws -> Shard? {
        guard arguments.has(part) else {
            try arguments.require(part, for: shard, "FILE, where the shard's results go")
            return nil
        }
        guard let shard = try arguments.value(shard) ?? Shard(slurm: ProcessInfo.processInfo.environment) else {
            throw LandscapeError.invalidInput("--part needs --shard K/N, or a Slurm array job to take K and N from")
        }
        if let output = arguments.givenOutputs.first(where: { $0.name != part.name }) ?? arguments.first(of: others) {
            throw LandscapeError.invalidInput("\(output.name) is for the whole result: a shard writes only its --part; give \(output.name) to landscape merge")
        }
        return shard
    }

    /// Computes `shard`'s pieces of the command's work, continuing the part file if it holds some,
    /// and writes the part as pieces finish (paced, `PacedSaves`), when stopped, and at the end;
    /// prints what it did. `compute` gets the pieces already done and a function to offer the pieces
    /// done so far for saving, and returns all of them.
    static func run(_ command: String, shard: Shard, arguments: Arguments, defining: [String], pieceCount: Int,
                    compute: (_ done: [Int: JSON], _ offer: (@escaping () -> [Int: JSON]) throws -> Void) throws -> [Int: JSON]) throws {
        let path = try arguments.required(part)
        var part = ShardPart(command: command, arguments: defining, shard: shard, pieceCount: pieceCount)
        if FileManager.default.fileExists(atPath: path) {
            let saved: ShardPart
            do {
                saved = try ShardPart.load(path)
            } catch LandscapeError.invalidInput(let reason) {
                throw LandscapeError.invalidInput("--part \(path) exists and is not a part file to continue (\(reason)); give another name")
            }
            guard saved.command == command, saved.arguments == defining, saved.shard == shard, saved.pieceCount == pieceCount else {
                throw LandscapeError.invalidInput(
                    "--part \(path) holds shard \(saved.shard) of another \(saved.command): give another name, or the same command and shard as then")
            }
            part = saved
            if !part.complete { Output.note("note: continuing shard \(shard) from \(path): \(part.pieces.count) of \(part.owned.count) pieces done") }
        }
        if !part.complete {
            let saves = PacedSaves<[Int: JSON]> { done in
                part.pieces = done
                try part.save(to: path)
            }
            let pieces: [Int: JSON]
            do {
                pieces = try compute(part.pieces, saves.offer)
            } catch {
                try saves.flush()
                if case LandscapeError.interrupted = error {
                    Output.note("finished pieces saved to \(path); run the same command again to continue shard \(shard)")
                }
                throw error
            }
            part.pieces = pieces
            part.complete = true
            try part.save(to: path)
        }
        if arguments.has(Options.json) {
            Output.json(.object(["shard": .number(shard.index), "shards": .number(shard.count), "pieces": .number(part.pieces.count),
                                 "of": .number(pieceCount), "part": .string(path)]))
        } else {
            print("shard \(shard): \(part.pieces.count) of \(pieceCount) pieces in \(path); join all \(shard.count) parts with landscape merge")
        }
    }
}
