/// A JSON value that keeps object keys in order and numbers as written, so files and outputs are
/// deterministic and floats read back to the same bits.
public enum JSON: Equatable, Sendable {
    case null
    case bool(Bool)
    /// A number as its literal text.
    case number(String)
    case string(String)
    case array([JSON])
    case object([Member])

    /// One key and value of an object; objects keep their members in order, so output is stable.
    public struct Member: Equatable, Sendable {
        public var key: String
        public var value: JSON
        public init(_ key: String, _ value: JSON) {
            self.key = key
            self.value = value
        }
    }

    /// A float in its shortest round-trip form; `null` when not finite (JSON has no NaN or infinity).
    public static func number<T: BinaryFloatingPoint & LosslessStringConvertible>(_ x: T) -> JSON {
        x.isFinite ? .number(x.description) : .null
    }

    public static func number(_ n: Int) -> JSON { .number(String(n)) }

    /// An optional float, `null` when absent.
    public static func number(_ x: Double?) -> JSON { x.map { JSON.number($0) } ?? .null }

    public static func numbers<T: BinaryFloatingPoint & LosslessStringConvertible>(_ xs: [T]) -> JSON {
        .array(xs.map { JSON.number($0) })
    }

    /// An object from key–value pairs, in this order.
    public static func object(_ pairs: KeyValuePairs<String, JSON>) -> JSON {
        .object(pairs.map { Member($0.key, $0.value) })
    }

    public subscript(key: String) -> JSON? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    public var doubleValue: Double? {
        guard case .number(let text) = self else { return nil }
        return Double(text)
    }

    public var intValue: Int? {
        guard case .number(let text) = self else { return nil }
        if let n = Int(text) { return n }
        guard let d = Double(text), d == d.rounded(), abs(d) < 0x1p53 else { return nil }
        return Int(d)
    }

    public var stringValue: String? {
        guard case .string(let s) = self else { return nil }
        return s
    }

    public var boolValue: Bool? {
        guard case .bool(let b) = self else { return nil }
        return b
    }

    public var arrayValue: [JSON]? {
        guard case .array(let a) = self else { return nil }
        return a
    }

    /// A copy with `value` under `key`, replacing an existing member or appending a new one.
    public func setting(_ key: String, to value: JSON) -> JSON {
        guard case .object(var members) = self else { return self }
        if let i = members.firstIndex(where: { $0.key == key }) {
            members[i].value = value
        } else {
            members.append(Member(key, value))
        }
        return .object(members)
    }
}

// MARK: - Writing

extension JSON {
    /// Compact text on one line.
    public var compactText: String {
        var out = ""
        write(to: &out, indent: nil, level: 0)
        return out
    }

    /// Text with nested objects and arrays on their own lines, except arrays of plain values, which
    /// stay on one line (a weight row, a list of eigenvalues).
    public var prettyText: String {
        var out = ""
        write(to: &out, indent: "  ", level: 0)
        return out
    }

    private var isContainer: Bool {
        switch self {
        case .array, .object: return true
        default: return false
        }
    }

    private func write(to out: inout String, indent: String?, level: Int) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let text): out += text
        case .string(let s): JSON.writeString(s, to: &out)
        case .array(let items):
            let multiline = indent != nil && items.contains { $0.isContainer }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += multiline ? "," : (indent == nil ? "," : ", ") }
                if multiline, let indent { out += "\n" + String(repeating: indent, count: level + 1) }
                item.write(to: &out, indent: indent, level: level + 1)
            }
            if multiline, let indent { out += "\n" + String(repeating: indent, count: level) }
            out += "]"
        case .object(let members):
            out += "{"
            for (i, member) in members.enumerated() {
                if i > 0 { out += "," }
                if let indent { out += "\n" + String(repeating: indent, count: level + 1) }
                JSON.writeString(member.key, to: &out)
                out += indent == nil ? ":" : ": "
                member.value.write(to: &out, indent: indent, level: level + 1)
            }
            if let indent, !members.isEmpty { out += "\n" + String(repeating: indent, count: level) }
            out += "}"
        }
    }

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}

// MARK: - Reading

extension JSON {
    /// Parses one JSON value (RFC 8259) from `text`, after a byte-order mark if there is one; errors
    /// name the line and column (counted in characters).
    public init(parsing text: String) throws {
        let utf8 = text.utf8
        var parser = JSONParser(bytes: Array(utf8.starts(with: [0xEF, 0xBB, 0xBF]) ? utf8.dropFirst(3) : utf8[...]))
        self = try parser.parseDocument()
    }
}

/// A recursive-descent parser over UTF-8 bytes, with a nesting limit so that hostile input cannot
/// exhaust the stack.
struct JSONParser {
    let bytes: [UInt8]
    var position = 0
    static let maximumDepth = 512

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func parseDocument() throws -> JSON {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        guard position == bytes.count else { throw error("unexpected text after the JSON value") }
        return value
    }

    private func error(_ message: String) -> LandscapeError {
        var line = 1, column = 1
        for b in bytes[0..<min(position, bytes.count)] where b & 0xC0 != 0x80 {
            if b == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
        }
        return .invalidInput("line \(line) column \(column): \(message)")
    }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private mutating func skipWhitespace() {
        while let c = current, c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 { position += 1 }
    }

    private mutating func expect(_ literal: String, _ value: JSON) throws -> JSON {
        for b in literal.utf8 {
            guard current == b else { throw error("invalid literal, expected '\(literal)'") }
            position += 1
        }
        return value
    }

    private mutating func parseValue(depth: Int) throws -> JSON {
        guard depth < JSONParser.maximumDepth else { throw error("nesting deeper than \(JSONParser.maximumDepth) levels") }
        guard let c = current else { throw error("unexpected end of input") }
        switch c {
        case UInt8(ascii: "{"): return try parseObject(depth: depth)
        case UInt8(ascii: "["): return try parseArray(depth: depth)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): return try expect("true", .bool(true))
        case UInt8(ascii: "f"): return try expect("false", .bool(false))
        case UInt8(ascii: "n"): return try expect("null", .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        default: throw error(c < 0x80 ? "unexpected character '\(Character(Unicode.Scalar(c)))'" : "unexpected non-ASCII text")
        }
    }

    private mutating func parseObject(depth: Int) throws -> JSON {
        position += 1
        var members: [JSON.Member] = []
        skipWhitespace()
        if current == UInt8(ascii: "}") {
            position += 1
            return .object(members)
        }
        while true {
            skipWhitespace()
            guard current == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let key = try parseString()
            skipWhitespace()
            guard current == UInt8(ascii: ":") else { throw error("expected ':' after a key") }
            position += 1
            skipWhitespace()
            members.append(JSON.Member(key, try parseValue(depth: depth + 1)))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"):
                position += 1
                return .object(members)
            default: throw error("expected ',' or '}' in an object")
            }
        }
    }

    private mutating func parseArray(depth: Int) throws -> JSON {
        position += 1
        var items: [JSON] = []
        skipWhitespace()
        if current == UInt8(ascii: "]") {
            position += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try parseValue(depth: depth + 1))
            skipWhitespace()
            switch current {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"):
                position += 1
                return .array(items)
            default: throw error("expected ',' or ']' in an array")
            }
        }
    }

    private mutating func parseNumber() throws -> JSON {
        let start = position
        func digits() -> Int {
            let from = position
            while let c = current, c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { position += 1 }
            return position - from
        }
        if current == UInt8(ascii: "-") { position += 1 }
        let intStart = position
        guard digits() > 0 else { throw error("invalid number") }
        if bytes[intStart] == UInt8(ascii: "0") && position - intStart > 1 { throw error("invalid number: leading zero") }
        if current == UInt8(ascii: ".") {
            position += 1
            guard digits() > 0 else { throw error("invalid number: no digits after '.'") }
        }
        if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
            position += 1
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
            guard digits() > 0 else { throw error("invalid number: no digits in the exponent") }
        }
        return .number(String(decoding: bytes[start..<position], as: UTF8.self))
    }

    private mutating func parseString() throws -> String {
        position += 1
        var scalars = String.UnicodeScalarView()
        var runStart = position
        func flushRun() throws {
            guard runStart < position else { return }
            guard let run = String(validating: bytes[runStart..<position], as: UTF8.self) else {
                throw error("invalid UTF-8 in a string")
            }
            scalars.append(contentsOf: run.unicodeScalars)
        }
        while true {
            guard let c = current else { throw error("unterminated string") }
            switch c {
            case UInt8(ascii: "\""):
                try flushRun()
                position += 1
                return String(scalars)
            case UInt8(ascii: "\\"):
                try flushRun()
                position += 1
                scalars.append(try parseEscape())
                runStart = position
            case 0..<0x20:
                throw error("control character in a string")
            default:
                position += 1
            }
        }
    }

    private mutating func parseEscape() throws -> Unicode.Scalar {
        guard let c = current else { throw error("unterminated escape") }
        position += 1
        switch c {
        case UInt8(ascii: "\""): return "\""
        case UInt8(ascii: "\\"): return "\\"
        case UInt8(ascii: "/"): return "/"
        case UInt8(ascii: "b"): return "\u{08}"
        case UInt8(ascii: "f"): return "\u{0C}"
        case UInt8(ascii: "n"): return "\n"
        case UInt8(ascii: "r"): return "\r"
        case UInt8(ascii: "t"): return "\t"
        case UInt8(ascii: "u"):
            let high = try parseHex4()
            if (0xD800..<0xDC00).contains(high) {
                guard current == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "u") else {
                    throw error("unpaired surrogate in a string")
                }
                position += 2
                let low = try parseHex4()
                guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in a string") }
                return Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00))!
            }
            guard let scalar = Unicode.Scalar(high) else { throw error("unpaired surrogate in a string") }
            return scalar
        default:
            throw error("invalid escape in a string")
        }
    }

    private mutating func parseHex4() throws -> UInt32 {
        guard position + 4 <= bytes.count,
              let value = UInt32(String(decoding: bytes[position..<position + 4], as: UTF8.self), radix: 16),
              bytes[position..<position + 4].allSatisfy({ $0 != UInt8(ascii: "+") && $0 != UInt8(ascii: "-") })
        else { throw error("invalid \\u escape") }
        position += 4
        return value
    }
}
