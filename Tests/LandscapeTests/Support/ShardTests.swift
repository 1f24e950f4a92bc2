import Testing
import Landscape

/// Shards: how they are written and dealt, what Slurm's array variables give, and how parts are
/// checked before they are merged.
@Suite("Shard")
struct ShardTests {
    @Test("K/N is read and checked, and the pieces are dealt round-robin, each to one shard")
    func parsing() throws {
        let shard = try Shard(parsing: "2/5")
        #expect(shard.index == 2 && shard.count == 5 && shard.description == "2/5")
        for text in ["5/5", "-1/3", "1", "1/0", "a/b", "1/2/3", ""] { #expect(throws: LandscapeError.self) { try Shard(parsing: text) } }
        let shards = try (0..<3).map { try Shard(index: $0, count: 3) }
        for piece in 0..<20 { #expect(shards.filter { $0.owns(piece) }.map(\.index) == [piece % 3]) }
    }

    @Test("a Slurm array task is shard ID − MIN of COUNT (or MAX − MIN + 1); arrays with steps are refused")
    func slurm() throws {
        #expect(try Shard(slurm: [:]) == nil)
        #expect(try Shard(slurm: ["SLURM_ARRAY_TASK_ID": "7", "SLURM_ARRAY_TASK_MIN": "4", "SLURM_ARRAY_TASK_MAX": "7"]) == Shard(index: 3, count: 4))
        #expect(try Shard(slurm: ["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_COUNT": "16"]) == Shard(index: 0, count: 16))
        #expect(throws: LandscapeError.self) {
            try Shard(slurm: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_MAX": "6", "SLURM_ARRAY_TASK_COUNT": "4"])
        }
        #expect(throws: LandscapeError.self) { try Shard(slurm: ["SLURM_ARRAY_TASK_ID": "2"]) }
    }

    static func part(_ index: Int, of count: Int, complete: Bool = true, arguments: [String] = ["--data=d.csv"]) throws -> ShardPart {
        let shard = try Shard(index: index, count: count)
        let pieces = Dictionary(uniqueKeysWithValues: (0..<10).filter(shard.owns).map { ($0, JSON.number($0)) })
        return ShardPart(command: "study", arguments: arguments, shard: shard, pieceCount: 10, pieces: pieces, complete: complete)
    }

    @Test("parts read back, and merge only a whole set: missing, repeated, unfinished and foreign parts are named")
    func merging() throws {
        let parts = try (0..<3).map { (part: try Self.part($0, of: 3), name: "p\($0).json") }
        let round = try ShardPart(json: parts[1].part.json)
        #expect(round.json == parts[1].part.json && round.owned == [1, 4, 7])
        let merged = try ShardPart.merge(parts)
        #expect(merged.command == "study" && merged.pieces.keys.sorted() == Array(0..<10))
        let cases: [([(part: ShardPart, name: String)], String)] = [
            ([parts[0], parts[2]], "1 of 3 shards are missing (1): run them with --shard K/3"),
            ([parts[0], parts[1], parts[1], parts[2]], "p1.json and p1.json are both shard 1/3: give each shard once"),
            ([parts[0], (try Self.part(1, of: 3, complete: false), "p1.json"), parts[2]], "p1.json (shard 1/3) is unfinished"),
            ([parts[0], (try Self.part(1, of: 3, arguments: ["--data=e.csv"]), "other.json"), parts[2]], "other.json is a part of another study"),
            ([parts[0], (try Self.part(1, of: 4), "p1of4.json")], "p1of4.json is shard 1/4 but p0.json is of 3 shards"),
        ]
        for (set, message) in cases {
            do {
                _ = try ShardPart.merge(set)
                Issue.record("merged \(set.map(\.name))")
            } catch LandscapeError.invalidInput(let text) {
                #expect(text.hasPrefix(message), "\(text)")
            }
        }
        var stray = parts[0].part.json
        stray = stray.setting("results", to: .array([.object(["piece": .number(1), "result": .number(1)])]))
        #expect(throws: LandscapeError.self) { try ShardPart(json: stray) }
    }
}
