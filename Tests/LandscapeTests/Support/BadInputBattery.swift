import Foundation
import Landscape
import Testing

/// One case of the bad-input battery (`Fixtures/bad-inputs.json`, also run by
/// `scripts/bad-input.py`): a command line, the files it runs among, and a fragment its one-line
/// error must contain.
struct BadInput: Sendable, CustomTestStringConvertible {
    let id: String
    let arguments: [String]
    /// The case's own files, created after the battery's shared ones.
    let files: [JSON.Member]
    let expected: String
    /// True when the case needs file permissions to keep the user out, which they do not for root.
    let needsPermissions: Bool

    var testDescription: String { id }
}

/// The battery: shared files and every case, with the matrices (each command of a list run with each
/// input of a list) expanded exactly as `scripts/bad-input.py` expands them.
struct BadInputBattery: Sendable {
    let shared: [JSON.Member]
    let cases: [BadInput]

    static let path = TestData.repository.appendingPathComponent("Tests/LandscapeTests/Fixtures/bad-inputs.json").path

    /// The battery, or an empty one and the reason when the file cannot be read.
    static let standard: (battery: BadInputBattery, problem: String?) = {
        do {
            return (try BadInputBattery(json: try JSON(parsing: try Files.read(path))), nil)
        } catch {
            return (BadInputBattery(shared: [], cases: []), "\(path): \(error)")
        }
    }()

    init(shared: [JSON.Member], cases: [BadInput]) {
        self.shared = shared
        self.cases = cases
    }

    init(json: JSON) throws {
        func members(_ value: JSON?) -> [JSON.Member] {
            guard case .object(let members)? = value else { return [] }
            return members
        }
        func strings(_ value: JSON?) throws -> [String] {
            guard let items = value?.arrayValue else { throw LandscapeError.invalidInput("expected a list of strings") }
            return try items.map { item in
                guard let s = item.stringValue else { throw LandscapeError.invalidInput("expected a string, got \(item.compactText)") }
                return s
            }
        }
        /// A required string field, as scripts/bad-input.py requires it: a case without an id or an expected
        /// fragment is a broken battery, not a case that matches anything.
        func string(_ item: JSON, _ key: String) throws -> String {
            guard let s = item[key]?.stringValue else {
                throw LandscapeError.invalidInput("\"\(key)\" must be a string in \(item.compactText.prefix(200))")
            }
            return s
        }
        var cases: [BadInput] = []
        for item in json["cases"]?.arrayValue ?? [] {
            cases.append(BadInput(
                id: try string(item, "id"), arguments: try strings(item["args"]), files: members(item["files"]),
                expected: try string(item, "expect"), needsPermissions: item["unless_root"]?.boolValue ?? false))
        }
        for matrix in json["matrices"]?.arrayValue ?? [] {
            let name = try string(matrix, "id")
            for (index, command) in (matrix["commands"]?.arrayValue ?? []).enumerated() {
                let template = try strings(command)
                for input in matrix["inputs"]?.arrayValue ?? [] {
                    let value = try string(input, "value")
                    cases.append(BadInput(
                        id: "\(name)-\(try string(input, "id"))-\(template.first ?? "")-\(index)",
                        arguments: template.map { $0.replacingOccurrences(of: "{}", with: value) }, files: members(input["files"]),
                        expected: try string(input, "expect"), needsPermissions: input["unless_root"]?.boolValue ?? false))
                }
            }
        }
        self.shared = members(json["files"])
        self.cases = cases
        // Raw bytes are checked here, so that a malformed hex string fails the loading, not one case's run.
        for member in shared + cases.flatMap(\.files) where member.value["hex"] != nil { _ = try Self.bytes(member.value) }
    }

    /// Creates the files `members` describe in `folder`: a string is the text, an object gives
    /// `text`, `hex` (raw bytes), `repeat` (`[[piece, count], …]`), `folder: true` or `link` (a
    /// symbolic link to that path), and a `mode` (octal), applied last so that a locked folder can
    /// still be filled.
    static func create(_ members: [JSON.Member], in folder: URL) throws {
        var modes: [(String, Int)] = []
        for member in members {
            let path = folder.appendingPathComponent(member.key).path
            let spec = member.value
            if spec["folder"]?.boolValue == true {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } else if let target = spec["link"]?.stringValue {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: target)
            } else {
                try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                guard FileManager.default.createFile(atPath: path, contents: Data(try bytes(spec))) else {
                    throw LandscapeError.invalidInput("cannot create \(path)")
                }
            }
            if let mode = spec["mode"]?.stringValue, let bits = Int(mode, radix: 8) { modes.append((path, bits)) }
        }
        for (path, bits) in modes { try FileManager.default.setAttributes([.posixPermissions: bits], ofItemAtPath: path) }
    }

    private static func bytes(_ spec: JSON) throws -> [UInt8] {
        if let text = spec.stringValue ?? spec["text"]?.stringValue { return Array(text.utf8) }
        if let hex = spec["hex"]?.stringValue {
            let digits = Array(hex)
            guard digits.count % 2 == 0 else { throw LandscapeError.invalidInput("hex \"\(hex.prefix(80))\" has an odd number of digits") }
            return try stride(from: 0, to: digits.count, by: 2).map { i in
                let pair = String(digits[i...i + 1])
                guard pair.allSatisfy(\.isHexDigit), let byte = UInt8(pair, radix: 16) else {
                    throw LandscapeError.invalidInput("hex \"\(hex.prefix(80))\": '\(pair)' is not a byte")
                }
                return byte
            }
        }
        var out: [UInt8] = []
        for piece in spec["repeat"]?.arrayValue ?? [] {
            guard let items = piece.arrayValue, items.count == 2, let text = items[0].stringValue, let count = items[1].intValue else {
                throw LandscapeError.invalidInput("a repeat piece is [text, count], got \(piece.compactText)")
            }
            for _ in 0..<count { out += Array(text.utf8) }
        }
        return out
    }

    /// One entry of a folder as `snapshot` sees it.
    struct Entry: Equatable {
        let type: String
        let size: Int
        let modified: Date?
        /// Nil when the entry is a folder or cannot be read.
        let contents: Data?
    }

    /// Everything under `folder`: each entry's kind, size, modification time and (when readable)
    /// contents, to compare before and after a command.
    static func snapshot(_ folder: URL) -> [String: Entry] {
        var entries: [String: Entry] = [:]
        let manager = FileManager.default
        for case let name as String in manager.enumerator(atPath: folder.path) ?? NSEnumerator() {
            let path = folder.appendingPathComponent(name).path
            let attributes = (try? manager.attributesOfItem(atPath: path)) ?? [:]
            let type = (attributes[.type] as? FileAttributeType)?.rawValue ?? "?"
            entries[name] = Entry(type: type, size: (attributes[.size] as? Int) ?? -1, modified: attributes[.modificationDate] as? Date,
                                  contents: manager.isReadableFile(atPath: path) ? manager.contents(atPath: path) : nil)
        }
        return entries
    }

    /// Whether file permissions keep this user out (they do not keep root out).
    static let permissionsBite: Bool = {
        guard let folder = try? CommandRunner.temporaryFolder() else { return false }
        defer { try? FileManager.default.removeItem(at: folder) }
        let probe = folder.appendingPathComponent("probe").path
        guard FileManager.default.createFile(atPath: probe, contents: Data("x".utf8), attributes: [.posixPermissions: 0]) else { return false }
        return FileManager.default.contents(atPath: probe) == nil
    }()
}
