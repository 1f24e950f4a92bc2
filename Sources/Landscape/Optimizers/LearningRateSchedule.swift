/// How the learning rate changes over a run: an optional linear warm-up followed by a shape.
///
/// With base rate `η`, `W` warm-up steps and `T` steps in all, the rate of step `t = 0, 1, …, T−1` is
/// `η·(t + 1)/W` during the warm-up (`t < W`), and afterwards the shape at `s = t − W` of `S = T − W`:
///
/// - `constant`: `η`;
/// - `step(every: E, factor: γ)`: `η·γ^⌊s/E⌋`;
/// - `cosine(minimum: m)`: `m + (η − m)·(1 + cos(π·s/S))/2`, from `η` down towards `m`;
/// - `cyclical(halfCycle: H, maximum: M)`: the triangular cycle of Smith (2017), rising linearly
///   from `η` to `M` over `H` steps and back over the next `H`.
public struct LearningRateSchedule: Equatable, Sendable, CustomStringConvertible {
    /// What the rate does after the warm-up; the formulas are in the type's description.
    public enum Shape: Equatable, Sendable {
        case constant
        case step(every: Int, factor: Double)
        case cosine(minimum: Double)
        case cyclical(halfCycle: Int, maximum: Double)
    }

    public var warmupSteps: Int
    public var shape: Shape

    public init(warmupSteps: Int = 0, shape: Shape = .constant) {
        precondition(warmupSteps >= 0, "negative warm-up")
        switch shape {
        case let .step(every, factor): precondition(every >= 1 && factor > 0, "step decay needs every ≥ 1 and a positive factor")
        case let .cyclical(halfCycle, _): precondition(halfCycle >= 1, "a cyclical schedule needs a half cycle of at least 1 step")
        case .constant, .cosine: break
        }
        self.warmupSteps = warmupSteps
        self.shape = shape
    }

    public static let constant = LearningRateSchedule()

    /// The rate for step `step` (0 for the first update) of `totalSteps`, from base rate `base`.
    public func rate(base: Double, step: Int, totalSteps: Int) -> Double {
        if step < warmupSteps { return base * Double(step + 1) / Double(warmupSteps) }
        let s = step - warmupSteps
        switch shape {
        case .constant:
            return base
        case let .step(every, factor):
            return base * Double.pow(factor, Double(s / every))
        case let .cosine(minimum):
            let span = max(totalSteps - warmupSteps, 1)
            let progress = min(Double(s) / Double(span), 1)
            return minimum + (base - minimum) * (1 + Double.cos(Double.pi * progress)) / 2
        case let .cyclical(halfCycle, maximum):
            let cycle = s / (2 * halfCycle)
            let x = Swift.abs(Double(s) / Double(halfCycle) - Double(2 * cycle) - 1)
            return base + (maximum - base) * max(0, 1 - x)
        }
    }

    /// The form `init(parsing:)` reads, e.g. `warmup:100+cosine:0.001`.
    public var description: String {
        let shapeText: String? = switch shape {
        case .constant: warmupSteps > 0 ? nil : "constant"
        case let .step(every, factor): "step:\(every):\(factor)"
        case let .cosine(minimum): minimum == 0 ? "cosine" : "cosine:\(minimum)"
        case let .cyclical(halfCycle, maximum): "cyclical:\(halfCycle):\(maximum)"
        }
        let warmup = warmupSteps > 0 ? "warmup:\(warmupSteps)" : nil
        return [warmup, shapeText].compactMap { $0 }.joined(separator: "+")
    }

    /// Reads a schedule: `constant`, `warmup:W`, `step:E:γ`, `cosine` or `cosine:MIN`,
    /// `cyclical:H:MAX`, or `warmup:W+SHAPE` for a warm-up followed by a shape. Errors say what is
    /// wrong without repeating the text, which the caller names.
    public init(parsing text: String) throws {
        func fail(_ why: String) -> LandscapeError {
            .invalidInput("\(why) (expected constant, warmup:W, step:E:FACTOR, cosine[:MIN], cyclical:H:MAX, or warmup:W+SHAPE)")
        }
        var parts = text.split(separator: "+", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else { throw fail("at most a warm-up and one shape") }
        var warmup = 0
        if parts[0].hasPrefix("warmup") {
            let fields = parts.removeFirst().split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count == 2, let w = Int(fields[1]), w >= 1, w <= 1_000_000_000 else {
                throw fail("warmup:W needs a whole number of steps W ≥ 1")
            }
            warmup = w
            if parts.isEmpty {
                self.init(warmupSteps: warmup)
                return
            }
        } else if parts.count == 2 {
            throw fail("only a warm-up can come before '+'")
        }
        let fields = parts[0].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func number(_ i: Int, _ what: String, _ valid: (Double) -> Bool) throws -> Double {
            guard i < fields.count, let v = NumberText.finite(fields[i]), valid(v) else { throw fail("\(fields[0]) needs \(what)") }
            return v
        }
        func count(_ i: Int, _ what: String) throws -> Int {
            guard i < fields.count, let v = Int(fields[i]), v >= 1, v <= 1_000_000_000 else { throw fail("\(fields[0]) needs \(what)") }
            return v
        }
        let shape: Shape
        switch fields[0] {
        case "constant":
            guard fields.count == 1 else { throw fail("constant takes no values") }
            shape = .constant
        case "step":
            guard fields.count == 3 else { throw fail("step needs two values") }
            shape = .step(every: try count(1, "a whole number of steps E ≥ 1"),
                          factor: try number(2, "a factor in (0, 1]", { $0 > 0 && $0 <= 1 }))
        case "cosine":
            guard fields.count <= 2 else { throw fail("cosine takes at most a minimum rate") }
            shape = .cosine(minimum: fields.count == 2 ? try number(1, "a minimum rate ≥ 0", { $0 >= 0 }) : 0)
        case "cyclical":
            guard fields.count == 3 else { throw fail("cyclical needs two values") }
            shape = .cyclical(halfCycle: try count(1, "a half cycle of H ≥ 1 steps"),
                              maximum: try number(2, "a maximum rate > 0", { $0 > 0 }))
        default:
            throw fail("unknown shape '\(fields[0])'")
        }
        self.init(warmupSteps: warmup, shape: shape)
    }

    /// Checks the schedule against the base rate: a cosine minimum or a cyclical maximum on the
    /// wrong side of `base` is a mistake, not a schedule.
    public func validate(base: Double) throws {
        switch shape {
        case let .cosine(minimum) where minimum > base:
            throw LandscapeError.invalidInput("the cosine minimum \(minimum) is above the learning rate \(base)")
        case let .cyclical(_, maximum) where maximum < base:
            throw LandscapeError.invalidInput("the cyclical maximum \(maximum) is below the learning rate \(base)")
        default:
            return
        }
    }
}
