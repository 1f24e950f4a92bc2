import Foundation
import Landscape

/// A subcommand: its help text, the options it accepts, and what it does with them. Commands are
/// thin: they turn flags into library calls and results into text, CSV, JSON or SVG.
protocol Command {
    static var name: String { get }
    /// One line for the command list.
    static var summary: String { get }
    /// What the command does, in a few lines.
    static var discussion: String { get }
    static var examples: [String] { get }
    static var options: [Option] { get }
    static func run(_ arguments: Arguments) throws
}

extension Command {
    static var help: String {
        let width = min(30, (options.map { $0.name.count + ($0.value.map { $0.count + 1 } ?? 0) }.max() ?? 0) + 2)
        var text = "landscape \(name) — \(summary)\n\n\(discussion)\n\nOptions:\n"
        for option in options + [.help] {
            let left = option.name + (option.value.map { " " + $0 } ?? "")
            text += "  " + left.padding(toLength: max(width, left.count + 2), withPad: " ", startingAt: 0) + option.help + "\n"
        }
        text += "\nExamples:\n" + examples.map { "  " + $0 }.joined(separator: "\n") + "\n"
        return text
    }
}

/// Options shared by many commands.
extension Option {
    static let json = Option("--json", "print one JSON object on stdout instead of text")
    static let precision = Option("--precision", "float64|float32", "floating-point precision (default float64)")
    static let threads = Option("--threads", "N", "threads for the numerical kernels (default: all cores)")
    static let model = Option("--model", "FILE", "model file (landscape-mlp JSON)")
    static let data = Option("--data", "FILE", "CSV data with a 'label' column")
    static let seed = Option("--seed", "N", "random seed (default 0)")
    /// Taken by every command without being listed in its options.
    static let help = Option("--help", "show this help")
}

extension Arguments {
    var wantsJSON: Bool { has("--json") }

    var precision: Precision {
        get throws { try choice("--precision", Precision.self) ?? .float64 }
    }

    /// Applies `--threads` to the shared worker pool.
    func applyThreads() throws {
        if let n = try int("--threads", range: 1...1024) { WorkerPool.shared.setThreadCount(n) }
    }
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
func formatted(_ value: Double?, digits: Int = 6) -> String {
    guard let value else { return "-" }
    return String(format: "%.\(digits)g", value)
}
