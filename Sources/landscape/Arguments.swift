import Foundation
import Landscape

/// The options given to one command, parsed and checked against what it accepts before it runs:
/// an unknown option (with the nearest one suggested), a value missing, given twice or not of its
/// kind each stop the command with one line naming the option.
struct Arguments {
    private var values: [String: any Sendable] = [:]
    private var texts: [String: String] = [:]
    /// Every value of each option, in the order given (one unless the option is repeatable).
    private var repeated: [String: [any Sendable]] = [:]
    /// The declarations of the options given, by name.
    private var given: [String: any OptionDeclaration] = [:]
    /// The options the command accepts, in its order.
    private let declared: [any OptionDeclaration]
    /// Every option given, in order, with its text (nil for a flag).
    private var entries: [(name: String, text: String?)] = []
    /// The arguments that are not options, for a command that takes them (`merge`'s part files).
    private(set) var operands: [String] = []

    /// Reads `arguments` against `options` (plus `--help`). A value is taken from the next argument
    /// unless that is one of the options: `--out --json` means a forgotten value, not a file named
    /// `--json` (`--out=--json` or `--out ./--json` still name one).
    init(_ arguments: [String], accepting options: [any OptionDeclaration], operands operand: String? = nil) throws {
        declared = options
        let byName = Dictionary((options + [Options.help]).map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var i = 0
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            guard argument.hasPrefix("--") else {
                guard operand != nil else { throw LandscapeError.invalidInput("unexpected argument '\(argument)' (options start with --)") }
                operands.append(argument)
                continue
            }
            var name = argument
            var inline: String?
            if let eq = argument.firstIndex(of: "=") {
                name = String(argument[..<eq])
                inline = String(argument[argument.index(after: eq)...])
            }
            guard let option = byName[name] else {
                let suggestion = Arguments.nearest(to: name, among: options.map(\.name)).map { " (did you mean \($0)?)" } ?? ""
                throw LandscapeError.invalidInput("unknown option \(name)\(suggestion); see --help")
            }
            guard given[name] == nil || option.repeatable else { throw LandscapeError.invalidInput("\(name) is given twice") }
            guard let placeholder = option.placeholder else {
                guard inline == nil else { throw LandscapeError.invalidInput("\(name) takes no value") }
                given[name] = option
                values[name] = true
                entries.append((name, nil))
                continue
            }
            let text: String
            if let inline {
                text = inline
            } else {
                guard i < arguments.count, byName[String(arguments[i].prefix { $0 != "=" })] == nil else {
                    let found = i < arguments.count ? ", not the option \(arguments[i])" : ""
                    throw LandscapeError.invalidInput("\(name) needs a value (\(placeholder))\(found)")
                }
                text = arguments[i]
                i += 1
            }
            do {
                let value = try option.parse(text)
                values[name] = value
                repeated[name, default: []].append(value)
            } catch LandscapeError.invalidInput(let reason) {
                throw LandscapeError.invalidInput("\(name) '\(text)': \(reason)")
            }
            given[name] = option
            texts[name] = text
            entries.append((name, text))
        }
        if let operand, operands.isEmpty { throw LandscapeError.invalidInput("no \(operand) given") }
    }

    /// The options given, as arguments again (`--name=value`, which reads back whatever the value
    /// looks like, and `--flag`), in the order given, but for `excluded`.
    func arguments(excluding excluded: [any OptionDeclaration]) -> [String] {
        let names = Set(excluded.map(\.name))
        return entries.filter { !names.contains($0.name) }.map { entry in entry.text.map { "\(entry.name)=\($0)" } ?? entry.name }
    }

    /// The files the command reads: each input option's path (by the option's name) and the operands.
    var inputs: [(option: String, path: String)] {
        declared.filter { $0.role == .input || $0.role == .inputList }.flatMap { option -> [(String, String)] in
            guard let text = texts[option.name] else { return [] }
            let paths = option.role == .inputList ? text.split(separator: ",").map(String.init) : [text]
            return paths.map { (option.name, $0) }
        } + operands.map { ("part", $0) }
    }

    /// The options given that write files.
    var givenOutputs: [any OptionDeclaration] { declared.filter { $0.role == .output && has($0) } }

    /// Every value given to a repeatable `option`, in order.
    func values<V>(_ option: Option<V>) -> [V] { (repeated[option.name] ?? []).compactMap { $0 as? V } }

    /// Whether `option` was given.
    func has(_ option: some OptionDeclaration) -> Bool { given[option.name] != nil }

    /// The value of `option` as given, or its default.
    func value<V>(_ option: Option<V>) -> V? { (values[option.name] as? V) ?? option.defaultValue }

    /// The value of an option declared with a default.
    subscript<V>(_ option: Option<V>) -> V {
        guard let value = value(option) else { preconditionFailure("\(option.name) has no default; use value(_:) or required(_:)") }
        return value
    }

    /// The value of `option`, which must be given.
    func required<V>(_ option: Option<V>) throws -> V {
        guard let value = value(option) else { throw LandscapeError.invalidInput("\(option.name) is required") }
        return value
    }

    /// The text of `option` as typed, when given.
    func text(_ option: some OptionDeclaration) -> String? { texts[option.name] }

    /// The first of `options` that was given, if any.
    func first(of options: [any OptionDeclaration]) -> (any OptionDeclaration)? { options.first { has($0) } }

    /// Refuses two of `options` given together.
    func requireAtMostOne(of options: [any OptionDeclaration]) throws {
        let present = options.filter { has($0) }
        guard present.count > 1 else { return }
        throw LandscapeError.invalidInput("give either \(present[0].name) or \(present[1].name), not both")
    }

    /// Refuses `option` given without `needed`.
    func require(_ needed: some OptionDeclaration, for option: some OptionDeclaration, _ why: String = "") throws {
        guard has(option), !has(needed) else { return }
        throw LandscapeError.invalidInput("\(option.name) needs \(needed.name)\(why.isEmpty ? "" : " \(why)")")
    }

    /// Refuses, before any work is done, the files of output options (and the `derived` files
    /// options name) that could not be written (`Files.checkWritable`), two options naming one
    /// regular file, and an output that is one of the command's inputs (through any link or
    /// spelling) unless `rewrites` pairs them: a command must not fail on its outputs after a long
    /// computation, leave some of them written when it fails, or replace the file it reads.
    func checkOutputs(rewrites: [(output: String, input: String)] = [], derived: [(option: String, path: String)] = [],
                      otherInputs: [(String, String)] = []) throws {
        let inputs = self.inputs + otherInputs
        let outputs = declared.filter { $0.role == .output }.compactMap { option in texts[option.name].map { (option: option.name, path: $0) } }
        var seen: [String: String] = [:]
        for (name, path) in outputs + derived {
            let target: (path: String, folder: String, isSpecial: Bool)
            do {
                target = try Files.checkWritable(path)
            } catch LandscapeError.invalidInput(let message) {
                throw LandscapeError.invalidInput("\(name) \(message)")
            }
            guard !target.isSpecial else { continue }
            for (input, inputPath) in inputs where Files.sameFile(path, inputPath) {
                guard !rewrites.contains(where: { $0.output == name && $0.input == input }) else { continue }
                throw LandscapeError.invalidInput(
                    "\(name) \(path) is the \(input) input: an output never replaces a file the command reads (write it elsewhere)")
            }
            let key = URL(fileURLWithPath: target.path).standardizedFileURL.path
            if let other = seen[key] { throw LandscapeError.invalidInput("\(other) and \(name) name the same file \(path)") }
            seen[key] = name
        }
    }

    /// The name among `names` closest to `name` by edit distance, when it is close enough to be
    /// what was meant (a typo, a dropped or swapped letter, not another word).
    static func nearest(to name: String, among names: [String]) -> String? {
        let bare = name.drop { $0 == "-" }
        let allowed = bare.count <= 4 ? 1 : bare.count <= 11 ? 2 : 3
        let best = names.map { (name: $0, distance: editDistance(name, $0)) }.min { $0.distance < $1.distance }
        return best.flatMap { $0.distance <= allowed ? $0.name : nil }
    }

    /// The fewest insertions, deletions, substitutions and swaps of neighbours that turn `a` into
    /// `b` (the optimal string alignment distance).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1) }
            }
        }
        return d[a.count][b.count]
    }
}
