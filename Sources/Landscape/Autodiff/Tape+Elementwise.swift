// Elementwise operations on matrices of equal shape, and full sums. Each vjp is written with other
// operations of the tape, so gradients of these can be differentiated again.

extension Tape {
    /// `a + b`. vjp: `ā = ȳ`, `b̄ = ȳ`. jvp: `ȧ + ḃ`.
    public func add(_ a: Variable, _ b: Variable) -> Variable {
        record(elementwise(self[a], self[b], +), .add, Inputs(a, b))
    }

    /// `a − b`. vjp: `ā = ȳ`, `b̄ = −ȳ`. jvp: `ȧ − ḃ`.
    public func subtract(_ a: Variable, _ b: Variable) -> Variable {
        record(elementwise(self[a], self[b], -), .subtract, Inputs(a, b))
    }

    /// `a ⊙ b`. vjp: `ā = ȳ ⊙ b`, `b̄ = ȳ ⊙ a`. jvp: `ȧ ⊙ b + a ⊙ ḃ`.
    public func multiply(_ a: Variable, _ b: Variable) -> Variable {
        record(elementwise(self[a], self[b], *), .multiply, Inputs(a, b))
    }

    /// `a ⊘ b`. vjp: `ā = ȳ ⊘ b`, `b̄ = −ȳ ⊙ y ⊘ b`. jvp: `(ȧ − y ⊙ ḃ) ⊘ b`.
    public func divide(_ a: Variable, _ b: Variable) -> Variable {
        record(elementwise(self[a], self[b], /), .divide, Inputs(a, b))
    }

    /// `−x`. vjp: `x̄ = −ȳ`. jvp: `−ẋ`.
    public func negate(_ x: Variable) -> Variable {
        record(elementwise(self[x]) { -$0 }, .negate, Inputs(x))
    }

    /// `c·x` for a constant `c`. vjp: `x̄ = c·ȳ`. jvp: `c·ẋ`.
    public func scale(_ x: Variable, by c: T) -> Variable {
        record(elementwise(self[x]) { c * $0 }, .scale(c), Inputs(x))
    }

    /// `s·x` for a `1 × 1` variable `s`. vjp: `x̄ = s·ȳ`, `s̄ = Σ ȳ ⊙ x`. jvp: `ṡ·x + s·ẋ`.
    public func scale(_ x: Variable, byScalar s: Variable) -> Variable {
        let c = self[s].scalar
        return record(elementwise(self[x]) { c * $0 }, .scaleByScalar, Inputs(x, s))
    }

    /// The sum of all elements, as `1 × 1`. vjp: `x̄ = ȳ` everywhere. jvp: `Σ ẋ`.
    public func sum(_ x: Variable) -> Variable {
        record(scalar(self[x].sum()), .sum, Inputs(x))
    }

    /// A `1 × 1` value repeated into a `1 × cols` row. vjp: `x̄ = Σ ȳ`. jvp: `ẋ` repeated.
    public func broadcastColumns(_ x: Variable, cols: Int) -> Variable {
        precondition(self[x].count == 1, "broadcastColumns of a value that is not 1 × 1")
        let value = self[x].scalar
        return record(allocate(rows: 1, cols: cols) { $0.update(repeating: value, count: cols) }, .broadcastColumns(cols), Inputs(x))
    }

    /// `eˣ`. vjp: `x̄ = ȳ ⊙ y`. jvp: `y ⊙ ẋ`.
    public func exp(_ x: Variable) -> Variable {
        record(elementwise(self[x], T.exp), .exp, Inputs(x))
    }

    /// `log x`. vjp: `x̄ = ȳ ⊘ x`. jvp: `ẋ ⊘ x`.
    public func log(_ x: Variable) -> Variable {
        record(elementwise(self[x], T.log), .log, Inputs(x))
    }

    /// `sin x`. vjp: `x̄ = ȳ ⊙ cos x`. jvp: `cos x ⊙ ẋ`.
    public func sin(_ x: Variable) -> Variable {
        record(elementwise(self[x], T.sin), .sin, Inputs(x))
    }

    /// `cos x`. vjp: `x̄ = −ȳ ⊙ sin x`. jvp: `−sin x ⊙ ẋ`.
    public func cos(_ x: Variable) -> Variable {
        record(elementwise(self[x], T.cos), .cos, Inputs(x))
    }

    /// `√x`. vjp: `x̄ = ȳ ⊘ 2y`. jvp: `ẋ ⊘ 2y`.
    public func sqrt(_ x: Variable) -> Variable {
        record(elementwise(self[x]) { $0.squareRoot() }, .sqrt, Inputs(x))
    }

    /// `|x|`, with derivative `sign x` (0 at 0). vjp: `x̄ = ȳ ⊙ sign x`. jvp: `sign x ⊙ ẋ`.
    public func abs(_ x: Variable) -> Variable {
        record(elementwise(self[x]) { Swift.abs($0) }, .abs, Inputs(x))
    }

    /// `sign x` ∈ {−1, 0, 1}, piecewise constant: its derivatives are zero.
    public func sign(_ x: Variable) -> Variable {
        record(elementwise(self[x], Tape.signum), .sign, Inputs(x))
    }

    /// `xᶜ` for a constant exponent `c`. vjp: `x̄ = ȳ ⊙ c·xᶜ⁻¹`. jvp: `c·xᶜ⁻¹ ⊙ ẋ`.
    public func power(_ x: Variable, _ c: T) -> Variable {
        record(elementwise(self[x]) { T.pow($0, c) }, .power(c), Inputs(x))
    }

    /// The rules of the operations above, as their doc comments state them.
    func elementwiseVJP(_ operation: Operation, _ inputs: Inputs, _ y: Variable, _ g: Variable, _ needed: Needed) -> PerInput<Variable> {
        let x = inputs[0]
        switch operation {
        case .add: return PerInput(g, g)
        case .subtract: return PerInput(g, needed[1] ? negate(g) : nil)
        case .multiply: return PerInput(needed[0] ? multiply(g, inputs[1]) : nil, needed[1] ? multiply(g, x) : nil)
        case .divide:
            let b = inputs[1]
            return PerInput(needed[0] ? divide(g, b) : nil, needed[1] ? negate(divide(multiply(g, y), b)) : nil)
        case .negate: return PerInput(negate(g))
        case .scale(let c): return PerInput(scale(g, by: c))
        case .scaleByScalar:
            let s = inputs[1]
            return PerInput(needed[0] ? scale(g, byScalar: s) : nil, needed[1] ? sum(multiply(g, x)) : nil)
        case .sum:
            let (rows, cols) = shape(of: x)
            return PerInput(broadcastRows(broadcastColumns(g, cols: cols), rows: rows))
        case .broadcastColumns: return PerInput(sum(g))
        case .exp: return PerInput(multiply(g, y))
        case .log: return PerInput(divide(g, x))
        case .sin: return PerInput(multiply(g, cos(x)))
        case .cos: return PerInput(negate(multiply(g, sin(x))))
        case .sqrt: return PerInput(divide(g, scale(y, by: 2)))
        case .abs: return PerInput(multiply(g, sign(x)))
        case .sign: return PerInput()
        case .power(let c): return PerInput(multiply(g, scale(power(x, c - 1), by: c)))
        default: preconditionFailure("not an elementwise operation")
        }
    }

    func elementwiseJVP(_ operation: Operation, _ inputs: Inputs, _ y: Variable, _ t: PerInput<Matrix<T>>) -> Matrix<T> {
        let x = inputs[0]
        switch operation {
        case .add: return Matrix.sumOfPresent(t[0], t[1])
        case .subtract: return Matrix.sumOfPresent(t[0], t[1].map { $0.map { -$0 } })
        case .multiply:
            return Matrix.sumOfPresent(t[0].map { .zip($0, self[inputs[1]], *) }, t[1].map { .zip(self[x], $0, *) })
        case .divide:
            let numerator = Matrix.sumOfPresent(t[0], t[1].map { .zip(self[y], $0, *).map { -$0 } })
            return .zip(numerator, self[inputs[1]], /)
        case .negate: return elementwise(t[0]!, for: .tangent(of: y)) { -$0 }
        case .scale(let c): return elementwise(t[0]!, for: .tangent(of: y)) { c * $0 }
        case .scaleByScalar:
            let c = self[inputs[1]].scalar
            return Matrix.sumOfPresent(t[0].map { d in d.map { c * $0 } }, t[1].map { ds in self[x].map { ds.scalar * $0 } })
        case .sum: return scalar(t[0]!.sum(), for: .tangent(of: y))
        case .broadcastColumns(let cols): return Matrix(rows: 1, cols: cols, repeating: t[0]!.scalar)
        case .exp: return .zip(self[y], t[0]!, *)
        case .log: return .zip(t[0]!, self[x], /)
        case .sin: return .zip(self[x].map(T.cos), t[0]!, *)
        case .cos: return .zip(self[x].map { -T.sin($0) }, t[0]!, *)
        case .sqrt: return .zip(t[0]!, self[y], { $0 / (2 * $1) })
        case .abs: return .zip(self[x].map(Tape.signum), t[0]!, *)
        case .sign: return Matrix(rows: shape(of: y).rows, cols: shape(of: y).cols)
        case .power(let c): return .zip(self[x].map { c * T.pow($0, c - 1) }, t[0]!, *)
        default: preconditionFailure("not an elementwise operation")
        }
    }

    /// A constant: a leaf that nothing is differentiated with respect to.
    public func constant(_ value: T, like x: Variable) -> Variable {
        variable(Matrix(rows: self[x].rows, cols: self[x].cols, repeating: value))
    }

    static func signum(_ v: T) -> T { v > 0 ? 1 : (v < 0 ? -1 : 0) }

    /// `f` applied to every element of `x`, in tape storage.
    func elementwise(_ x: Matrix<T>, for slot: Slot = .nextValue, _ f: (T) -> T) -> Matrix<T> {
        allocate(rows: x.rows, cols: x.cols, for: slot) { out in
            x.elements.withUnsafeBufferPointer { p in for i in 0..<p.count { out[i] = f(p[i]) } }
        }
    }

    /// `f(a[i], b[i])` for matrices of the same shape, in tape storage.
    func elementwise(_ a: Matrix<T>, _ b: Matrix<T>, _ f: (T, T) -> T) -> Matrix<T> {
        precondition(a.hasShape(of: b), "elementwise operation on matrices of different shapes")
        return allocate(rows: a.rows, cols: a.cols) { out in
            a.elements.withUnsafeBufferPointer { x in
                b.elements.withUnsafeBufferPointer { y in for i in 0..<x.count { out[i] = f(x[i], y[i]) } }
            }
        }
    }
}

extension Matrix {
    /// `f` applied to every element.
    @inlinable
    public func map(_ f: (T) -> T) -> Matrix {
        Matrix(rows: rows, cols: cols) { out in
            elements.withUnsafeBufferPointer { x in for i in 0..<x.count { out[i] = f(x[i]) } }
        }
    }

    /// `f(a[i], b[i])` for matrices of the same shape.
    @inlinable
    public static func zip(_ a: Matrix, _ b: Matrix, _ f: (T, T) -> T) -> Matrix {
        precondition(a.hasShape(of: b), "elementwise operation on matrices of different shapes")
        return Matrix(rows: a.rows, cols: a.cols) { out in
            a.elements.withUnsafeBufferPointer { x in
                b.elements.withUnsafeBufferPointer { y in for i in 0..<x.count { out[i] = f(x[i], y[i]) } }
            }
        }
    }

    /// The sum of all elements, in storage order.
    public func sum() -> T { elements.reduce(0, +) }

    /// `a + b` where a missing matrix counts as zero (at least one must be present).
    static func sumOfPresent(_ a: Matrix?, _ b: Matrix?) -> Matrix {
        switch (a, b) {
        case let (a?, b?): return .zip(a, b, +)
        case let (a?, nil): return a
        case let (nil, b?): return b
        case (nil, nil): preconditionFailure("sum of two zero tangents")
        }
    }
}
