import Foundation
import Landscape

/// One option a command accepts: `--name VALUE`, or a flag `--name` when `value` is nil.
struct Option: Sendable {
    let name: String
    let value: String?
    let help: String
    /// The value is a file the command writes: checked before any work (see `checkOutputs`).
    let isOutput: Bool

    init(_ name: String, _ value: String, _ help: String) {
        self.name = name
        self.value = value
        self.help = help
        self.isOutput = false
    }

    /// A flag that takes no value.
    init(_ name: String, _ help: String) {
        self.name = name
        self.value = nil
        self.help = help
        self.isOutput = false
    }

    /// An option naming a file the command writes.
    private init(output name: String, _ help: String) {
        self.name = name
        self.value = "FILE"
        self.help = help
        self.isOutput = true
    }

    static func output(_ name: String, _ help: String) -> Option { Option(output: name, help) }
}

/// The options given to one command, checked against what it accepts; typed accessors turn a bad
/// value into a one-line error naming the option.
struct Arguments {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    /// Arguments that are not options, in order.
    private(set) var positional: [String] = []

    /// Reads `arguments` against `options` (plus `--help`). A value is taken from the next argument
    /// unless that is one of the options: `--out --json` means a forgotten value, not a file named
    /// `--json` (`--out=--json` or `--out ./--json` still name one).
    init(_ arguments: [String], accepting options: [Option]) throws {
        let byName = Dictionary(uniqueKeysWithValues: (options + [.help]).map { ($0.name, $0) })
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            guard argument.hasPrefix("--") else {
                positional.append(argument)
                continue
            }
            var name = argument
            var inline: String?
            if let eq = argument.firstIndex(of: "=") {
                name = String(argument[..<eq])
                inline = String(argument[argument.index(after: eq)...])
            }
            guard let option = byName[name] else {
                throw LandscapeError.invalidInput("unknown option \(name) (see --help)")
            }
            if option.value == nil {
                guard inline == nil else { throw LandscapeError.invalidInput("\(name) takes no value") }
                flags.insert(name)
                continue
            }
            if values[name] != nil { throw LandscapeError.invalidInput("\(name) is given twice") }
            if let inline {
                values[name] = inline
            } else {
                guard i < arguments.count, !Arguments.isOption(arguments[i], in: byName) else {
                    let found = i < arguments.count ? ", not the option \(arguments[i])" : ""
                    throw LandscapeError.invalidInput("\(name) needs a value (\(option.value ?? "VALUE"))\(found)")
                }
                values[name] = arguments[i]
                i += 1
            }
        }
    }

    /// Refuses, before any work is done, the files of output options (`Option.output`) that could not
    /// be written (`Files.checkWritable`), and two options naming one regular file: a command must not fail on
    /// its outputs after a long computation, nor leave some of them written when it fails.
    func checkOutputs(_ options: [Option]) throws {
        var seen: [String: String] = [:]
        for option in options where option.isOutput {
            guard let path = values[option.name] else { continue }
            let target: (path: String, folder: String, isSpecial: Bool)
            do {
                target = try Files.checkWritable(path)
            } catch LandscapeError.invalidInput(let message) {
                throw LandscapeError.invalidInput("\(option.name) \(message)")
            }
            guard !target.isSpecial else { continue }
            let key = URL(fileURLWithPath: target.path).standardizedFileURL.path
            if let other = seen[key] { throw LandscapeError.invalidInput("\(other) and \(option.name) name the same file \(path)") }
            seen[key] = option.name
        }
    }

    /// Whether `argument` is one of `options`, alone or as `--name=value`.
    private static func isOption(_ argument: String, in options: [String: Option]) -> Bool {
        options[String(argument.prefix { $0 != "=" })] != nil
    }

    func has(_ name: String) -> Bool { flags.contains(name) || values[name] != nil }

    func string(_ name: String) -> String? { values[name] }

    func required(_ name: String) throws -> String {
        guard let v = values[name] else { throw LandscapeError.invalidInput("\(name) is required") }
        return v
    }

    func int(_ name: String, range: ClosedRange<Int>? = nil) throws -> Int? {
        guard let text = values[name] else { return nil }
        guard let v = Int(text) else { throw LandscapeError.invalidInput("\(name) '\(text)': not an integer") }
        if let range, !range.contains(v) { throw LandscapeError.invalidInput("\(name) \(v): must be in \(Arguments.describe(range))") }
        return v
    }

    func double(_ name: String, where valid: ((Double) -> Bool)? = nil, expected: String = "") throws -> Double? {
        guard let text = values[name] else { return nil }
        guard let v = NumberText.finite(text) else {
            throw LandscapeError.invalidInput("\(name) '\(text)': not a finite number")
        }
        if let valid, !valid(v) { throw LandscapeError.invalidInput("\(name) \(text): must be \(expected)") }
        return v
    }

    func seed(_ name: String = "--seed") throws -> UInt64 {
        guard let text = values[name] else { return 0 }
        guard let v = UInt64(text) else { throw LandscapeError.invalidInput("\(name) '\(text)': not a non-negative integer") }
        return v
    }

    /// A comma list of integers, each in `range`.
    func ints(_ name: String, range: ClosedRange<Int>) throws -> [Int]? {
        guard let text = values[name] else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        return try parts.map { part in
            guard let v = Int(part.trimmingCharacters(in: .whitespaces)), range.contains(v) else {
                throw LandscapeError.invalidInput("\(name) '\(text)': expected a comma list of integers in \(Arguments.describe(range))")
            }
            return v
        }
    }

    /// A comma list of finite numbers.
    func doubles(_ name: String) throws -> [Double]? {
        guard let text = values[name] else { return nil }
        return try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
            guard let v = NumberText.finite(part) else {
                throw LandscapeError.invalidInput("\(name) '\(text)': expected a comma list of numbers")
            }
            return v
        }
    }

    /// One of the raw values of `E`.
    func choice<E: RawRepresentable & CaseIterable>(_ name: String, _: E.Type) throws -> E? where E.RawValue == String {
        guard let text = values[name] else { return nil }
        guard let v = E(rawValue: text) else {
            throw LandscapeError.invalidInput("\(name) '\(text)': expected one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return v
    }

    private static func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max ? "\(range.lowerBound) or more" : "\(range.lowerBound)...\(range.upperBound)"
    }
}

extension Arguments {
    /// The arguments given among `options`, as they would be typed (for recording what a study or a
    /// training run was started with, so that resuming it can check it is given the same).
    func given(_ options: [Option]) -> [String] {
        options.flatMap { option -> [String] in
            guard has(option.name) else { return [] }
            return option.value == nil ? [option.name] : [option.name, string(option.name)!]
        }
    }
}
