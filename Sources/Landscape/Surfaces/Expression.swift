/// A formula in `x` and `y`: the parsed form of a user-typed surface (`ExpressionParser`) and the
/// definition of the classic ones. It records itself on an autodiff tape as elementwise operations
/// on `1 × 1` values, so its gradient and Hessian are exact, like a network's.
public indirect enum Expression: Equatable, Sendable, CustomStringConvertible {
    case number(Double)
    case x
    case y
    case negate(Expression)
    case binary(BinaryOperator, Expression, Expression)
    case function(Function, Expression)

    /// The operators of a formula, named by their symbols.
    public enum BinaryOperator: String, Sendable {
        case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"

        /// Binding strength: `+ −` < `* /` < `^` (unary minus sits between `* /` and `^`).
        var precedence: Int {
            switch self {
            case .add, .subtract: 1
            case .multiply, .divide: 2
            case .power: 4
            }
        }
    }

    /// The functions a formula may call, by name.
    public enum Function: String, CaseIterable, Sendable {
        case exp, log, sin, cos, tanh, sqrt, abs
    }

    /// True when the formula mentions neither `x` nor `y`.
    public var isConstant: Bool {
        switch self {
        case .number: true
        case .x, .y: false
        case .negate(let a), .function(_, let a): a.isConstant
        case .binary(_, let a, let b): a.isConstant && b.isConstant
        }
    }

    /// The value at `(x, y)`, computed directly with the same elementary functions the tape uses.
    public func evaluate<T: Real>(x: T, y: T) -> T {
        switch self {
        case .number(let c): return T(c)
        case .x: return x
        case .y: return y
        case .negate(let a): return -a.evaluate(x: x, y: y)
        case let .binary(op, a, b):
            let u = a.evaluate(x: x, y: y)
            if op == .power, b.isConstant { return T.pow(u, b.evaluate(x: x, y: y)) }
            let v = b.evaluate(x: x, y: y)
            switch op {
            case .add: return u + v
            case .subtract: return u - v
            case .multiply: return u * v
            case .divide: return u / v
            case .power: return T.exp(v * T.log(u))
            }
        case let .function(f, a):
            let u = a.evaluate(x: x, y: y)
            switch f {
            case .exp: return T.exp(u)
            case .log: return T.log(u)
            case .sin: return T.sin(u)
            case .cos: return T.cos(u)
            case .tanh: return T.tanh(u)
            case .sqrt: return u.squareRoot()
            case .abs: return Swift.abs(u)
            }
        }
    }

    /// Records the formula on `tape` with `x` and `y` the given `1 × 1` variables; returns the value.
    ///
    /// `a^c` with a constant exponent is `Tape.power` (any real base, as `pow`); with an exponent that
    /// depends on `x` or `y` it is `exp(c·log a)`, defined for a positive base only.
    public func record<T: Real>(on tape: Tape<T>, x: Tape<T>.Variable, y: Tape<T>.Variable) -> Tape<T>.Variable {
        switch self {
        case .number(let c): return tape.constant(T(c), like: x)
        case .x: return x
        case .y: return y
        case .negate(let a): return tape.negate(a.record(on: tape, x: x, y: y))
        case let .binary(op, a, b):
            let u = a.record(on: tape, x: x, y: y)
            if op == .power, b.isConstant { return tape.power(u, b.evaluate(x: T(0), y: T(0))) }
            let v = b.record(on: tape, x: x, y: y)
            switch op {
            case .add: return tape.add(u, v)
            case .subtract: return tape.subtract(u, v)
            case .multiply: return tape.multiply(u, v)
            case .divide: return tape.divide(u, v)
            case .power: return tape.exp(tape.multiply(v, tape.log(u)))
            }
        case let .function(f, a):
            let u = a.record(on: tape, x: x, y: y)
            switch f {
            case .exp: return tape.exp(u)
            case .log: return tape.log(u)
            case .sin: return tape.sin(u)
            case .cos: return tape.cos(u)
            case .tanh: return tape.activation(.tanh, u)
            case .sqrt: return tape.sqrt(u)
            case .abs: return tape.abs(u)
            }
        }
    }

    /// The formula in the parser's syntax with only the parentheses it needs, e.g.
    /// `(1 - x)^2 + 100*(y - x^2)^2`.
    public var description: String { text(context: 0, rightOperand: false) }

    private func text(context: Int, rightOperand: Bool) -> String {
        switch self {
        case .number(let c):
            let plain = c == c.rounded() && Swift.abs(c) < 1e15 ? String(Int(c)) : "\(c)"
            return c < 0 ? "(\(plain))" : plain
        case .x: return "x"
        case .y: return "y"
        case .negate(let a):
            let inner = "-" + a.text(context: 3, rightOperand: false)
            return context > 3 || (context >= 1 && rightOperand) ? "(\(inner))" : inner
        case let .function(f, a):
            return "\(f.rawValue)(\(a.text(context: 0, rightOperand: false)))"
        case let .binary(op, a, b):
            let p = op.precedence
            let left: String, right: String
            if op == .power {
                left = a.text(context: p + 1, rightOperand: false)
                right = b.text(context: p, rightOperand: false)
            } else {
                left = a.text(context: p, rightOperand: false)
                right = b.text(context: p + 1, rightOperand: true)
            }
            let spaced = op == .add || op == .subtract
            let body = spaced ? "\(left) \(op.rawValue) \(right)" : "\(left)\(op.rawValue)\(right)"
            return p < context ? "(\(body))" : body
        }
    }
}
