import Foundation
import Landscape

/// What an option's value is to the command: a plain value, a file it reads (or a comma list of
/// them), or a file it writes. Outputs are checked before any work (see `Arguments.checkOutputs`):
/// writable, and never one of the inputs.
enum OptionRole {
    case plain, input, inputList, output
}

/// An option as a command lists it, whatever the type of its value.
protocol OptionDeclaration: Sendable {
    var name: String { get }
    /// What the value looks like (`N`, `FILE`, `a|b|c`); nil for a flag, which takes no value.
    var placeholder: String? { get }
    /// The help line: what the option means, the values it allows and its default.
    var help: String { get }
    var role: OptionRole { get }
    /// Whether the option may be given more than once, each time adding a value.
    var repeatable: Bool { get }
    /// The value `text` spells; throws `invalidInput` with the reason, which the caller prefixes
    /// with the option and the text.
    func parse(_ text: String) throws -> any Sendable
}

/// One option of a command, declared once with the type of its value, what it means, the values it
/// allows, its default and its role; the help line is generated from these, and `Arguments` parses
/// and checks the value before the command runs.
struct Option<Value: Sendable>: OptionDeclaration {
    let name: String
    let placeholder: String?
    let summary: String
    /// The allowed values, for help (`1 to 1000`, `positive`), when the placeholder does not say.
    let allowed: String?
    let defaultValue: Value?
    /// How the default reads in help; the default value itself when nil.
    let defaultText: String?
    let role: OptionRole
    let repeatable: Bool
    let parser: @Sendable (String) throws -> Value

    init(_ name: String, _ placeholder: String?, _ summary: String, allowed: String? = nil, default defaultValue: Value? = nil,
         defaultText: String? = nil, role: OptionRole = .plain, repeatable: Bool = false,
         parse: @escaping @Sendable (String) throws -> Value) {
        self.name = name
        self.placeholder = placeholder
        self.summary = summary
        self.allowed = allowed
        self.defaultValue = defaultValue
        self.defaultText = defaultText
        self.role = role
        self.repeatable = repeatable
        parser = parse
    }

    var help: String {
        let shownDefault = defaultText ?? defaultValue.map { "\($0)" }
        return summary + (allowed.map { ", \($0)" } ?? "") + (shownDefault.map { " (default \($0))" } ?? "")
            + (repeatable ? " (repeatable)" : "")
    }

    func parse(_ text: String) throws -> any Sendable { try parser(text) }
}

// MARK: Kinds of values

extension Option where Value == Bool {
    /// A flag: present or not.
    static func flag(_ name: String, _ summary: String) -> Option {
        Option(name, nil, summary, parse: { _ in true })
    }
}

extension Option where Value == String {
    /// A text value.
    static func text(_ name: String, _ placeholder: String, _ summary: String, default: String? = nil) -> Option {
        Option(name, placeholder, summary, default: `default`, parse: { $0 })
    }

    /// A file the command reads.
    static func input(_ name: String, _ summary: String, placeholder: String = "FILE", default: String? = nil) -> Option {
        Option(name, placeholder, summary, default: `default`, role: .input, parse: { $0 })
    }

    /// A file the command writes: refused before any work when it could not be written.
    static func output(_ name: String, _ summary: String) -> Option {
        Option(name, "FILE", summary, role: .output, parse: { $0 })
    }
}

extension Option where Value == Int {
    static func integer(_ name: String, _ summary: String, placeholder: String = "N", in range: ClosedRange<Int>,
                        default: Int? = nil, defaultText: String? = nil) -> Option {
        Option(name, placeholder, summary, allowed: describe(range), default: `default`, defaultText: defaultText) { text in
            guard let value = Int(text) else { throw LandscapeError.invalidInput("not an integer") }
            guard range.contains(value) else { throw LandscapeError.invalidInput("must be \(describe(range))") }
            return value
        }
    }
}

extension Option where Value == UInt64 {
    /// A seed: any non-negative 64-bit integer.
    static func seed(_ name: String = "--seed", _ summary: String = "random seed", placeholder: String = "N") -> Option {
        Option(name, placeholder, summary, default: 0) { text in
            guard let value = UInt64(text) else { throw LandscapeError.invalidInput("not a non-negative integer") }
            return value
        }
    }
}

/// What a number option allows.
enum NumberConstraint: Sendable {
    case any, positive, nonNegative
    case within(ClosedRange<Double>)
    /// `low < x ≤ high`.
    case above(Double, atMost: Double)

    func allows(_ x: Double) -> Bool {
        switch self {
        case .any: true
        case .positive: x > 0
        case .nonNegative: x >= 0
        case .within(let range): range.contains(x)
        case let .above(low, high): x > low && x <= high
        }
    }

    var text: String? {
        switch self {
        case .any: nil
        case .positive: "positive"
        case .nonNegative: "0 or more"
        case .within(let range): "in [\(NumberText.short(range.lowerBound)), \(NumberText.short(range.upperBound))]"
        case let .above(low, high): "in (\(NumberText.short(low)), \(NumberText.short(high))]"
        }
    }
}

extension Option where Value == Double {
    static func number(_ name: String, _ summary: String, placeholder: String = "X", _ constraint: NumberConstraint = .any,
                       default: Double? = nil, defaultText: String? = nil) -> Option {
        Option(name, placeholder, summary, allowed: constraint.text, default: `default`, defaultText: defaultText) { text in
            guard let value = NumberText.finite(text) else { throw LandscapeError.invalidInput("not a finite number") }
            guard constraint.allows(value) else { throw LandscapeError.invalidInput("must be \(constraint.text ?? "")") }
            return value
        }
    }
}

extension Option where Value: RawRepresentable & CaseIterable & Sendable, Value.RawValue == String {
    /// One of the raw values of `Value`, which the placeholder lists.
    static func choice(_ name: String, _ summary: String, default: Value? = nil, defaultText: String? = nil) -> Option {
        Option(name, RunConfiguration.choices(Value.self), summary, default: `default`, defaultText: defaultText ?? `default`?.rawValue) { text in
            guard let value = Value(rawValue: text) else {
                throw LandscapeError.invalidInput("expected one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return value
        }
    }
}

extension Option where Value == [Int] {
    /// A comma list of integers, each in `range`.
    static func integers(_ name: String, _ summary: String, placeholder: String = "LIST", in range: ClosedRange<Int>) -> Option {
        Option(name, placeholder, summary, allowed: "each \(describe(range))") { text in
            try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
                guard let value = Int(part.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                    throw LandscapeError.invalidInput("expected a comma list of integers, each \(describe(range))")
                }
                return value
            }
        }
    }
}

extension Option where Value == [Double] {
    /// A comma list of numbers, each allowed by `constraint`.
    static func numbers(_ name: String, _ summary: String, placeholder: String = "LIST", _ constraint: NumberConstraint = .any,
                        default: [Double]? = nil, defaultText: String? = nil) -> Option {
        Option(name, placeholder, summary, allowed: constraint.text.map { "each \($0)" }, default: `default`, defaultText: defaultText) { text in
            try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
                guard let value = NumberText.finite(part) else { throw LandscapeError.invalidInput("expected a comma list of numbers") }
                guard constraint.allows(value) else { throw LandscapeError.invalidInput("\(part) must be \(constraint.text ?? "")") }
                return value
            }
        }
    }
}

/// `1 to 1000`, or `1 or more` for a range without an upper bound.
func describe(_ range: ClosedRange<Int>) -> String {
    range.upperBound == Int.max || range.upperBound == Int(Int32.max) ? "\(range.lowerBound) or more" : "\(range.lowerBound) to \(range.upperBound)"
}
