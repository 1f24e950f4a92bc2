import Foundation
import Landscape

/// Options and inputs shared by the probe commands (hvp … plane): vector files, value lists and
/// ranges, eigensolver settings.
enum ProbeOptions {
    static let k = Option("--k", "N", "how many eigenvalues (default 1)")
    static let which = Option("--which", "END", "largest|smallest (default largest; a negative smallest eigenvalue means a saddle)")
    static let maxIterations = Option("--max-iters", "N", "most iterations (default: Lanczos 300 steps, power 1000 per eigenvalue)")
    static let tolerance = Option("--tol", "X", "converged when ‖Hv − λv‖ ≤ X·‖H‖ (default 1e-6; 1e-4 in float32)")
    static let start = Option("--start", "FILE", "starting vector, one number per line in flat order (default: seeded Gaussian)")
    static let csv = Option.output("--csv", "also write the values as CSV (header row)")
    static let svg = Option.output("--svg", "also write a plot as SVG")

    /// The default convergence tolerance: float32 products are only accurate to about 1e-6 of ‖H‖.
    static func defaultTolerance(_ precision: Precision) -> Double { precision == .float32 ? 1e-4 : 1e-6 }

    static func tolerance(_ arguments: Arguments) throws -> Double {
        try arguments.double("--tol", where: { $0 >= 0 }, expected: "0 or more") ?? defaultTolerance(try arguments.precision)
    }

    /// A vector file (SPEC §4): one finite number per line, in flat parameter order, exactly `count` of them.
    static func vector(_ path: String, count: Int) throws -> [Double] {
        var lines = try Files.read(path).split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { lines.removeLast() }
        var values: [Double] = []
        values.reserveCapacity(lines.count)
        for (i, line) in lines.enumerated() {
            guard let x = NumberText.finite(line.hasSuffix("\r") ? line.dropLast() : line) else {
                throw LandscapeError.invalidInput("\(path) line \(i + 1): '\(line.prefix(40))' is not a finite number (one number per line)")
            }
            values.append(x)
        }
        guard values.count == count else {
            throw LandscapeError.invalidInput("\(path) has \(values.count) numbers but the model has \(count) parameters")
        }
        return values
    }

    /// Writes a vector one number per line (the vector-file format).
    static func writeVector(_ values: [Double], to path: String) throws {
        try Files.writeAtomically(values.map { "\($0)\n" }.joined(), to: path)
    }

    /// `count` evenly spaced values from `low` to `high`, both ends included exactly.
    static func evenlySpaced(_ low: Double, _ high: Double, count: Int) -> [Double] {
        guard count > 1 else { return [low] }
        return (0..<count).map { i in i == count - 1 ? high : low + (high - low) * Double(i) / Double(count - 1) }
    }

    /// A list of values: a comma list (`0,0.5,1`) or `START:STOP:COUNT`, both ends included (SPEC §4).
    static func values(_ name: String, _ text: String, maximumCount: Int = 100_000) throws -> [Double] {
        if text.contains(":") {
            let parts = text.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 3, let start = NumberText.finite(parts[0]), let stop = NumberText.finite(parts[1]),
                  let count = Int(parts[2].trimmingCharacters(in: .whitespaces)), count >= 1, count <= maximumCount,
                  (stop - start).isFinite
            else {
                throw LandscapeError.invalidInput("\(name) '\(text)': expected START:STOP:COUNT with COUNT in 1...\(maximumCount) and STOP − START finite, or a comma list")
            }
            guard count > 1 || start == stop else {
                throw LandscapeError.invalidInput("\(name) '\(text)': a COUNT of 1 needs START = STOP")
            }
            return evenlySpaced(start, stop, count: count)
        }
        let values = try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
            guard let v = NumberText.finite(part) else {
                throw LandscapeError.invalidInput("\(name) '\(text)': expected a comma list of numbers or START:STOP:COUNT")
            }
            return v
        }
        guard values.count <= maximumCount else { throw LandscapeError.invalidInput("\(name): more than \(maximumCount) values") }
        return values
    }

    /// `LO:HI` for both axes, or `LO:HI,LO:HI` for the first and the second; each with LO < HI.
    static func ranges(_ name: String, _ text: String) throws -> (a: (Double, Double), b: (Double, Double)) {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let parsed = try parts.map { part -> (Double, Double) in
            guard let interval = interval(part) else {
                throw LandscapeError.invalidInput("\(name) '\(text)': expected LO:HI or LO:HI,LO:HI with LO < HI (and HI − LO finite)")
            }
            return interval
        }
        guard parsed.count == 1 || parsed.count == 2 else {
            throw LandscapeError.invalidInput("\(name) '\(text)': expected LO:HI or LO:HI,LO:HI with LO < HI")
        }
        return (parsed[0], parsed.last!)
    }

    /// One `LO:HI` of finite numbers with LO < HI and HI − LO finite, or nil; `ranges` and `--box`
    /// read their parts with it and each says in its own words what it expected.
    static func interval(_ text: Substring) -> (low: Double, high: Double)? {
        let ends = text.split(separator: ":", omittingEmptySubsequences: false)
        guard ends.count == 2, let low = NumberText.finite(ends[0]), let high = NumberText.finite(ends[1]), low < high,
              (high - low).isFinite else { return nil }
        return (low, high)
    }
}

/// One CSV cell for a number: round-trip form, empty when absent or not finite.
func csvCell(_ x: Double?) -> String {
    guard let x, x.isFinite else { return "" }
    return "\(x)"
}
