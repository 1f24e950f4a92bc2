import Foundation

/// A point of the plane.
public struct SurfacePoint: Equatable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    public func distance(to other: SurfacePoint) -> Double {
        ((x - other.x) * (x - other.x) + (y - other.y) * (y - other.y)).squareRoot()
    }

    public var isFinite: Bool { x.isFinite && y.isFinite }

    /// `(x, y)` with up to 6 significant digits each.
    public var description: String { "(\(SurfacePoint.short(x)), \(SurfacePoint.short(y)))" }

    static func short(_ v: Double) -> String { String(format: "%.6g", v == 0 ? 0 : v) }
}

/// A function of two variables `f(x, y)` to descend, classify or plot: a named classic or a typed
/// formula. It is an `Expression` recorded on the autodiff tape, so the gradient and the Hessian
/// are exact — the same machinery that differentiates a network.
public struct Surface: Sendable {
    /// `rosenbrock`, `bowl`, … for the classics; the formula as typed otherwise.
    public let name: String
    public let expression: Expression
    /// The known minima, marked on plots and used to tell when a descent has arrived; empty when
    /// unknown (a typed formula) or when there is none (the saddle).
    public let minima: [SurfacePoint]
    /// The region a plot shows and a critical-point search covers, unless told otherwise.
    public let xRange: ClosedRange<Double>
    public let yRange: ClosedRange<Double>
    /// Where a descent starts unless told otherwise; nil for a typed formula.
    public let start: SurfacePoint?
    /// One line on what the surface shows.
    public let summary: String

    public init(name: String, expression: Expression, minima: [SurfacePoint] = [],
                xRange: ClosedRange<Double> = -3...3, yRange: ClosedRange<Double> = -3...3,
                start: SurfacePoint? = nil, summary: String = "") {
        self.name = name
        self.expression = expression
        self.minima = minima
        self.xRange = xRange
        self.yRange = yRange
        self.start = start
        self.summary = summary
    }

    /// A surface from a typed formula (see `ExpressionParser`), with no known minima.
    public init(formula: String) throws {
        self.init(name: formula, expression: try ExpressionParser.parse(formula))
    }

    /// The formula, written back with only the parentheses it needs.
    public var formula: String { expression.description }

    /// `name: formula` for a classic, the formula for a typed surface: a heading for tables and plots.
    public var title: String { Surface.classicNames.contains(name) ? "\(name): \(formula)" : formula }

    /// `f(x, y)`, evaluated directly (for plotting grids).
    public func value<T: Real>(x: T, y: T) -> T { expression.evaluate(x: x, y: y) }

    /// Value, gradient and Hessian at `parameters`, given as two `1 × 1` tensors `[x, y]` — the
    /// shape an `Optimizer` works on. The Hessian's products are exact (forward over reverse).
    public func objective<T: Real>(at parameters: [Matrix<T>]) -> (value: T, gradient: [Matrix<T>], hessian: HessianOperator<T>) {
        precondition(parameters.count == 2 && parameters.allSatisfy { $0.count == 1 }, "a surface takes two 1 × 1 parameters")
        let tape = Tape<T>()
        let leaves = parameters.map { tape.variable($0) }
        let f = expression.record(on: tape, x: leaves[0], y: leaves[1])
        let gradient = tape.gradient(of: f, withRespectTo: leaves)
        return (tape[f].scalar, gradient.map { tape[$0] }, HessianOperator(tape: tape, leaves: leaves, gradient: gradient))
    }

    /// `f`, `∇f` and the Hessian `∇²f` at `(x, y)`, through the tape.
    public func derivatives<T: Real>(x: T, y: T) -> (value: T, gradient: [T], hessian: [[T]]) {
        let (value, gradient, secondDerivatives) = objective(at: [Matrix(scalar: x), Matrix(scalar: y)])
        let hessian = secondDerivatives.denseMatrix().symmetrized()
        return (value, gradient.map(\.scalar), [[hessian[0, 0], hessian[0, 1]], [hessian[1, 0], hessian[1, 1]]])
    }

    /// The known minimum nearest to `point`, if any.
    public func nearestMinimum(to point: SurfacePoint) -> SurfacePoint? {
        minima.min { $0.distance(to: point) < $1.distance(to: point) }
    }
}
