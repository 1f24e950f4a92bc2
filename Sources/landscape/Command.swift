import Foundation
import Landscape

/// A subcommand: its help, the options it accepts, and what it does with them. Commands are thin:
/// they turn flags into one library call and its result into text, CSV, JSON or SVG.
protocol Command {
    static var name: String { get }
    /// One line for the command list.
    static var summary: String { get }
    /// What the command does, in a few lines.
    static var discussion: String { get }
    /// Command lines that run as pasted from the repository's root.
    static var examples: [String] { get }
    static var options: [any OptionDeclaration] { get }
    /// Outputs that may be the input they continue (train's --checkpoint may be its --resume):
    /// each is written atomically, so the input is read whole before it is replaced.
    static var rewrites: [(output: String, input: String)] { get }
    /// What the arguments that are not options stand for (`PART...`), for a command that takes them.
    static var operands: String? { get }
    /// The files an option writes under names it derives from its value (sharpness --vectors
    /// PREFIX writes PREFIX-1.txt, …), by the option's name, checked as output options are.
    static func derivedOutputs(_ arguments: Arguments) -> [(option: String, path: String)]
    static func run(_ arguments: Arguments) throws
}

extension Command {
    static var rewrites: [(output: String, input: String)] { [] }
    static var operands: String? { nil }
    static func derivedOutputs(_ arguments: Arguments) -> [(option: String, path: String)] { [] }
}

/// A command whose work splits into independent pieces (`--shard K/N --part FILE`), which
/// `landscape merge` joins again.
protocol ShardableCommand: Command {
    /// The output options `merge` takes for this command's parts, besides `--json`.
    static var mergeOutputs: [any OptionDeclaration] { get }
    /// Writes and prints what the unsharded command does, from the work its `work` arguments
    /// describe and all shards' `pieces`, with the output options of `outputs`.
    static func merge(_ pieces: [Int: JSON], work: Arguments, outputs: Arguments) throws
}

extension Command {
    /// The help text, generated from the declarations.
    static var help: String {
        let all = options + [Options.help]
        let left = all.map { $0.name + ($0.placeholder.map { " " + $0 } ?? "") }
        let width = min(30, (left.map(\.count).max() ?? 0) + 2)
        var text = "landscape \(name) — \(summary)\n\n" + (operands.map { "Usage: landscape \(name) [options] \($0)\n\n" } ?? "")
        text += "\(discussion)\n\nOptions:\n"
        for (option, left) in zip(all, left) {
            // A name too long for the column gets its help on the next line.
            let lead = left.count + 2 > width ? left + "\n" + String(repeating: " ", count: width + 2) : left.padding(toLength: width, withPad: " ", startingAt: 0)
            text += "  " + lead + option.help + "\n"
        }
        text += "\nExamples:\n" + examples.map { "  " + $0 }.joined(separator: "\n") + "\n"
        return text
    }
}

/// Options shared by many commands.
enum Options {
    static let json = Option.flag("--json", "print one JSON object on stdout instead of text")
    static let precision = Option<Precision>.choice("--precision", "floating-point precision", default: .float64)
    static let threads = Option.integer("--threads", "threads for the numerical kernels", in: 1...1024, defaultText: "all cores")
    static let model = Option.input("--model", "model file (landscape-mlp JSON)")
    static let data = Option.input("--data", "CSV data with a 'label' column")
    static let seed = Option.seed()
    static let csv = Option.output("--csv", "also write the values as CSV (header row)")
    static let svg = Option.output("--svg", "also write a plot as SVG")
    /// Taken by every command without being listed in its options.
    static let help = Option.flag("--help", "show this help")
}

/// Writing results: JSON or text on stdout, progress on stderr only when it is a terminal.
enum Output {
    static func json(_ value: JSON) {
        print(value.compactText)
    }

    static let showsProgress = isatty(2) != 0

    /// Overwrites the progress line on stderr.
    static func progress(_ text: String) {
        guard showsProgress else { return }
        FileHandle.standardError.write(Data(("\r\u{1B}[K" + text).utf8))
    }

    static func endProgress() {
        guard showsProgress else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }

    static func note(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// `value` with `digits` significant digits, for text tables.
func formatted(_ value: Double?, digits: Int = 6) -> String { NumberText.short(value, digits: digits) }

/// One CSV cell for a number: round-trip form, empty when absent or not finite.
func csvCell(_ x: Double?) -> String {
    guard let x, x.isFinite else { return "" }
    return "\(x)"
}
