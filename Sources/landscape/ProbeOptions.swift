import Foundation
import Landscape

/// Options shared by the probe commands (eval … plane), and the value lists and ranges they read.
enum ProbeOptions {
    static let k = Option.integer("--k", "how many eigenvalues", in: 1...1000, default: 1)
    static let which = Option<SpectrumEnd>.choice("--which", "which end of the spectrum (a negative smallest eigenvalue means a saddle)",
                                                  default: .largest)
    static let maxIterations = Option.integer("--max-iters", "most iterations", in: 1...1_000_000, defaultText: "Lanczos 300 steps, power 1000 per eigenvalue")
    static let tolerance = Option.number("--tol", "converged when ‖Hv − λv‖ ≤ X·‖H‖", .nonNegative, defaultText: "1e-6; 1e-4 in float32")
    static let start = Option<String>("--start", "FILE", "starting vector, one number per line in flat order", defaultText: "a seeded Gaussian vector",
                                      role: .input) { $0 }

    /// The default convergence tolerance: float32 products are only accurate to about 1e-6 of ‖H‖.
    static func defaultTolerance(_ precision: Precision) -> Double { precision == .float32 ? 1e-4 : 1e-6 }

    static let split = Option<Split>("--split", "file:N|F", "split --data as train does (the seed the model was trained with)",
                                     parse: Split.init(parsing:))
    static let rows = Option<RowSelection.Part>.choice("--rows", "which rows to measure on",
                                                        defaultText: "train with --split; all without, unless the model's own split is meant")

    /// The rows of `--data` that `--split` and `--rows` name for `model`; says on stderr which they
    /// are when the file is the one the model was trained on.
    static func rows(_ arguments: Arguments, for model: Model) throws -> Dataset {
        let path = try arguments.required(Options.data)
        let selection = RowSelection(split: arguments.value(split), part: arguments.value(rows))
        let (rows, note) = try selection.rows(of: try Dataset.load(path), path: path, model: model)
        if let note { Output.note("note: " + note) }
        return rows
    }

    /// The model of `--model` and its rows of `--data`, opened in the precision of `--precision`.
    static func session(_ arguments: Arguments) throws -> ProbeSession {
        let path = try arguments.required(Options.model)
        let model = try Model.load(path)
        return try ProbeSession(model: model, data: try rows(arguments, for: model), precision: arguments[Options.precision], name: path)
    }

    /// A list of values: a comma list (`0,0.5,1`) or `START:STOP:COUNT`, both ends included.
    static func values(_ name: String, _ summary: String, default: String, defaultText: String? = nil, maximumCount: Int = 100_000) -> Option<[Double]> {
        Option(name, "LIST", summary + ": a comma list or START:STOP:COUNT, ends included", default: try? parseValues(`default`, maximumCount),
               defaultText: defaultText ?? `default`) { try parseValues($0, maximumCount) }
    }

    private static func parseValues(_ text: String, _ maximumCount: Int) throws -> [Double] {
        if text.contains(":") {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3, let start = NumberText.finite(parts[0]), let stop = NumberText.finite(parts[1]),
                  let count = Int(parts[2].trimmingCharacters(in: .whitespaces)), count >= 1, count <= maximumCount,
                  (stop - start).isFinite
            else {
                throw LandscapeError.invalidInput("expected START:STOP:COUNT with COUNT in 1...\(maximumCount) and STOP − START finite, or a comma list")
            }
            guard count > 1 || start == stop else { throw LandscapeError.invalidInput("a COUNT of 1 needs START = STOP") }
            return evenlySpaced(start, stop, count: count)
        }
        let values = try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
            guard let v = NumberText.finite(part) else {
                throw LandscapeError.invalidInput("expected a comma list of numbers or START:STOP:COUNT")
            }
            return v
        }
        guard values.count <= maximumCount else { throw LandscapeError.invalidInput("more than \(maximumCount) values") }
        return values
    }

    /// `count` evenly spaced values from `low` to `high`, both ends included exactly.
    static func evenlySpaced(_ low: Double, _ high: Double, count: Int) -> [Double] {
        guard count > 1 else { return [low] }
        return (0..<count).map { i in i == count - 1 ? high : low + (high - low) * Double(i) / Double(count - 1) }
    }

    /// One `LO:HI` of finite numbers with LO < HI and HI − LO finite, or nil.
    static func interval(_ text: Substring) -> (low: Double, high: Double)? {
        let ends = text.split(separator: ":", omittingEmptySubsequences: false)
        guard ends.count == 2, let low = NumberText.finite(ends[0]), let high = NumberText.finite(ends[1]), low < high,
              (high - low).isFinite else { return nil }
        return (low, high)
    }
}
