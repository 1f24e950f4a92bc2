/// What one shard computed, as its part file holds it (`docs/FORMATS.md#part-files`): the
/// command and the arguments that define the work, the shard, whether it is finished, and the
/// pieces it computed, keyed by piece number. `landscape merge` puts the parts of all shards
/// together; a shard started again continues from its own part.
public struct ShardPart: Sendable {
    public static let formatName = "landscape-part"
    public static let formatVersion = 1

    /// The command that split its work (`study`, `compare`, `plane`).
    public var command: String
    /// Its arguments, without the shard, the part and the output options.
    public var arguments: [String]
    public var shard: Shard
    /// How many pieces the whole work has.
    public var pieceCount: Int
    /// The pieces computed so far, by number; all of the shard's when `complete`.
    public var pieces: [Int: JSON]
    public var complete: Bool

    public init(command: String, arguments: [String], shard: Shard, pieceCount: Int, pieces: [Int: JSON] = [:], complete: Bool = false) {
        self.command = command
        self.arguments = arguments
        self.shard = shard
        self.pieceCount = pieceCount
        self.pieces = pieces
        self.complete = complete
    }

    /// The numbers of the pieces this shard owns.
    public var owned: [Int] { (0..<pieceCount).filter(shard.owns) }

    public var json: JSON {
        .object([
            "format": .string(ShardPart.formatName), "version": .number(ShardPart.formatVersion),
            "command": .string(command), "arguments": .array(arguments.map(JSON.string)),
            "shard": .number(shard.index), "shards": .number(shard.count), "pieces": .number(pieceCount),
            "complete": .bool(complete),
            "results": .array(pieces.keys.sorted().map { .object(["piece": .number($0), "result": pieces[$0]!]) }),
        ])
    }

    public init(json: JSON) throws {
        func fail(_ what: String) -> LandscapeError { .invalidInput("not a \(ShardPart.formatName) file of version \(ShardPart.formatVersion): \(what)") }
        guard json["format"]?.stringValue == ShardPart.formatName else { throw fail("no 'format': \"\(ShardPart.formatName)\"") }
        guard json["version"]?.intValue == ShardPart.formatVersion else { throw fail("'version' is \(json["version"]?.compactText ?? "missing")") }
        guard let command = json["command"]?.stringValue, let list = json["arguments"]?.arrayValue,
              let index = json["shard"]?.intValue, let count = json["shards"]?.intValue, let pieceCount = json["pieces"]?.intValue,
              pieceCount >= 0, let complete = json["complete"]?.boolValue, let results = json["results"]?.arrayValue else {
            throw fail("'command', 'arguments', 'shard', 'shards', 'pieces', 'complete' or 'results' is missing")
        }
        let arguments = try list.map { item -> String in
            guard let text = item.stringValue else { throw fail("'arguments' holds \(item.compactText)") }
            return text
        }
        let shard = try Shard(index: index, count: count)
        var pieces: [Int: JSON] = [:]
        for item in results {
            guard let piece = item["piece"]?.intValue, let result = item["result"], (0..<pieceCount).contains(piece), shard.owns(piece) else {
                throw fail("a result is not one of shard \(shard)'s \(pieceCount) pieces")
            }
            guard pieces.updateValue(result, forKey: piece) == nil else { throw fail("piece \(piece) appears twice") }
        }
        self.init(command: command, arguments: arguments, shard: shard, pieceCount: pieceCount, pieces: pieces, complete: complete)
        if complete, pieces.count != owned.count { throw fail("it says complete but holds \(pieces.count) of its \(owned.count) pieces") }
    }

    /// Saves the part atomically.
    public func save(to path: String) throws {
        try Files.writeAtomically(json.compactText + "\n", to: path)
    }

    public static func load(_ path: String) throws -> ShardPart {
        try Files.readJSON(path, decode: ShardPart.init(json:))
    }

    /// The pieces of all shards' parts, checked to be one whole work: the same command and
    /// arguments, every shard of the same count once, every part complete. The errors name what is
    /// missing, so that only those shards are run again.
    public static func merge(_ parts: [(part: ShardPart, name: String)]) throws -> (command: String, arguments: [String], pieces: [Int: JSON]) {
        guard let (first, firstName) = parts.first else { throw LandscapeError.invalidInput("no part files given") }
        var byIndex: [Int: String] = [:]
        for (part, name) in parts {
            guard part.command == first.command, part.arguments == first.arguments, part.pieceCount == first.pieceCount else {
                throw LandscapeError.invalidInput("\(name) is a part of another \(part.command) than \(firstName) (its command or arguments differ)")
            }
            guard part.shard.count == first.shard.count else {
                throw LandscapeError.invalidInput("\(name) is shard \(part.shard) but \(firstName) is of \(first.shard.count) shards")
            }
            if let other = byIndex.updateValue(name, forKey: part.shard.index) {
                throw LandscapeError.invalidInput("\(other) and \(name) are both shard \(part.shard): give each shard once")
            }
            guard part.complete else {
                throw LandscapeError.invalidInput(
                    "\(name) (shard \(part.shard)) is unfinished, \(part.pieces.count) of its \(part.owned.count) pieces: run shard \(part.shard) again to finish it")
            }
        }
        let missing = (0..<first.shard.count).filter { byIndex[$0] == nil }
        guard missing.isEmpty else {
            let list = missing.count > 10 ? missing.prefix(10).map(String.init).joined(separator: ", ") + ", …" : missing.map(String.init).joined(separator: ", ")
            throw LandscapeError.invalidInput("\(missing.count) of \(first.shard.count) shards are missing (\(list)): run them with --shard K/\(first.shard.count)")
        }
        var pieces: [Int: JSON] = [:]
        for (part, _) in parts { pieces.merge(part.pieces) { a, _ in a } }
        return (first.command, first.arguments, pieces)
    }
}
