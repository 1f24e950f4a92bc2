import Foundation
import Landscape

/// One option a command accepts: `--name VALUE`, or a flag `--name` when `value` is nil.
struct Option: Sendable {
    let name: String
    let value: String?
    let help: String

    init(_ name: String, _ value: String, _ help: String) {
        self.name = name
        self.value = value
        self.help = help
    }

    /// A flag that takes no value.
    init(_ name: String, _ help: String) {
        self.name = name
        self.value = nil
        self.help = help
    }
}

/// The options given to one command, checked against what it accepts; typed accessors turn a bad
/// value into a one-line error naming the option.
struct Arguments {
    private var values: [String: String] = [:]
    private var flags: Set<String> = []
    /// Arguments that are not options, in order.
    private(set) var positional: [String] = []

    init(_ arguments: [String], accepting options: [Option]) throws {
        let byName = Dictionary(uniqueKeysWithValues: options.map { ($0.name, $0) })
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
                guard i < arguments.count else { throw LandscapeError.invalidInput("\(name) needs a value (\(option.value!))") }
                values[name] = arguments[i]
                i += 1
            }
        }
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
    /// The arguments given among `options`, as they would be typed (for recording a study).
    func given(_ options: [Option]) -> [String] {
        options.flatMap { option -> [String] in
            guard has(option.name) else { return [] }
            return option.value == nil ? [option.name] : [option.name, string(option.name)!]
        }
    }
}
