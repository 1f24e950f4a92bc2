// Elementwise operations on matrices of equal shape, and full sums. Each vjp is written with other
// operations of the tape, so gradients of these can be differentiated again.

extension Tape {
    /// `a + b`. vjp: `ā = ȳ`, `b̄ = ȳ`. jvp: `ȧ + ḃ`.
    public func add(_ a: Variable, _ b: Variable) -> Variable {
        record(elementwise(self[a], self[b], +), [a, b],
            vjp: { _, _, g, _ in [g, g] },
            jvp: { _, _, t in Matrix.sumOfPresent(t[0], t[1]) })
    }

    /// `a − b`. vjp: `ā = ȳ`, `b̄ = −ȳ`. jvp: `ȧ − ḃ`.
    public func subtract(_ a: Variable, _ b: Variable) -> Variable {
        record(elementwise(self[a], self[b], -), [a, b],
            vjp: { tape, _, g, needed in [g, needed[1] ? tape.negate(g) : nil] },
            jvp: { _, _, t in Matrix.sumOfPresent(t[0], t[1].map { $0.map { -$0 } }) })
    }

    /// `a ⊙ b`. vjp: `ā = ȳ ⊙ b`, `b̄ = ȳ ⊙ a`. jvp: `ȧ ⊙ b + a ⊙ ḃ`.
    public func multiply(_ a: Variable, _ b: Variable) -> Variable {
        record(elementwise(self[a], self[b], *), [a, b],
            vjp: { tape, _, g, needed in
                [needed[0] ? tape.multiply(g, b) : nil, needed[1] ? tape.multiply(g, a) : nil]
            },
            jvp: { tape, _, t in
                Matrix.sumOfPresent(t[0].map { .zip($0, tape[b], *) }, t[1].map { .zip(tape[a], $0, *) })
            })
    }

    /// `a ⊘ b`. vjp: `ā = ȳ ⊘ b`, `b̄ = −ȳ ⊙ y ⊘ b`. jvp: `(ȧ − y ⊙ ḃ) ⊘ b`.
    public func divide(_ a: Variable, _ b: Variable) -> Variable {
        record(elementwise(self[a], self[b], /), [a, b],
            vjp: { tape, y, g, needed in
                [needed[0] ? tape.divide(g, b) : nil,
                 needed[1] ? tape.negate(tape.divide(tape.multiply(g, y), b)) : nil]
            },
            jvp: { tape, y, t in
                let numerator = Matrix.sumOfPresent(t[0], t[1].map { .zip(tape[y], $0, *).map { -$0 } })
                return .zip(numerator, tape[b], /)
            })
    }

    /// `−x`. vjp: `x̄ = −ȳ`. jvp: `−ẋ`.
    public func negate(_ x: Variable) -> Variable {
        record(elementwise(self[x]) { -$0 }, [x],
            vjp: { tape, _, g, _ in [tape.negate(g)] },
            jvp: { tape, _, t in tape.elementwise(t[0]!) { -$0 } })
    }

    /// `c·x` for a constant `c`. vjp: `x̄ = c·ȳ`. jvp: `c·ẋ`.
    public func scale(_ x: Variable, by c: T) -> Variable {
        record(elementwise(self[x]) { c * $0 }, [x],
            vjp: { tape, _, g, _ in [tape.scale(g, by: c)] },
            jvp: { tape, _, t in tape.elementwise(t[0]!) { c * $0 } })
    }

    /// `s·x` for a `1 × 1` variable `s`. vjp: `x̄ = s·ȳ`, `s̄ = Σ ȳ ⊙ x`. jvp: `ṡ·x + s·ẋ`.
    public func scale(_ x: Variable, byScalar s: Variable) -> Variable {
        let c = self[s].scalar
        return record(elementwise(self[x]) { c * $0 }, [x, s],
            vjp: { tape, _, g, needed in
                [needed[0] ? tape.scale(g, byScalar: s) : nil,
                 needed[1] ? tape.sum(tape.multiply(g, x)) : nil]
            },
            jvp: { tape, _, t in
                Matrix.sumOfPresent(t[0].map { d in d.map { c * $0 } }, t[1].map { ds in tape[x].map { ds.scalar * $0 } })
            })
    }

    /// The sum of all elements, as `1 × 1`. vjp: `x̄ = ȳ` everywhere. jvp: `Σ ẋ`.
    public func sum(_ x: Variable) -> Variable {
        let (rows, cols) = self[x].shape
        return record(Matrix(scalar: self[x].sum()), [x],
            vjp: { tape, _, g, _ in [tape.broadcastRows(tape.broadcastColumns(g, cols: cols), rows: rows)] },
            jvp: { _, _, t in Matrix(scalar: t[0]!.sum()) })
    }

    /// A `1 × 1` value repeated into a `1 × cols` row. vjp: `x̄ = Σ ȳ`. jvp: `ẋ` repeated.
    public func broadcastColumns(_ x: Variable, cols: Int) -> Variable {
        precondition(self[x].count == 1, "broadcastColumns of a value that is not 1 × 1")
        return record(Matrix(rows: 1, cols: cols, repeating: self[x].scalar), [x],
            vjp: { tape, _, g, _ in [tape.sum(g)] },
            jvp: { _, _, t in Matrix(rows: 1, cols: cols, repeating: t[0]!.scalar) })
    }

    /// `eˣ`. vjp: `x̄ = ȳ ⊙ y`. jvp: `y ⊙ ẋ`.
    public func exp(_ x: Variable) -> Variable {
        record(elementwise(self[x], T.exp), [x],
            vjp: { tape, y, g, _ in [tape.multiply(g, y)] },
            jvp: { tape, y, t in .zip(tape[y], t[0]!, *) })
    }

    /// `log x`. vjp: `x̄ = ȳ ⊘ x`. jvp: `ẋ ⊘ x`.
    public func log(_ x: Variable) -> Variable {
        record(elementwise(self[x], T.log), [x],
            vjp: { tape, _, g, _ in [tape.divide(g, x)] },
            jvp: { tape, _, t in .zip(t[0]!, tape[x], /) })
    }

    /// `sin x`. vjp: `x̄ = ȳ ⊙ cos x`. jvp: `cos x ⊙ ẋ`.
    public func sin(_ x: Variable) -> Variable {
        record(elementwise(self[x], T.sin), [x],
            vjp: { tape, _, g, _ in [tape.multiply(g, tape.cos(x))] },
            jvp: { tape, _, t in .zip(tape[x].map(T.cos), t[0]!, *) })
    }

    /// `cos x`. vjp: `x̄ = −ȳ ⊙ sin x`. jvp: `−sin x ⊙ ẋ`.
    public func cos(_ x: Variable) -> Variable {
        record(elementwise(self[x], T.cos), [x],
            vjp: { tape, _, g, _ in [tape.negate(tape.multiply(g, tape.sin(x)))] },
            jvp: { tape, _, t in .zip(tape[x].map { -T.sin($0) }, t[0]!, *) })
    }

    /// `√x`. vjp: `x̄ = ȳ ⊘ 2y`. jvp: `ẋ ⊘ 2y`.
    public func sqrt(_ x: Variable) -> Variable {
        record(elementwise(self[x]) { $0.squareRoot() }, [x],
            vjp: { tape, y, g, _ in [tape.divide(g, tape.scale(y, by: 2))] },
            jvp: { tape, y, t in .zip(t[0]!, tape[y], { $0 / (2 * $1) }) })
    }

    /// `|x|`, with derivative `sign x` (0 at 0). vjp: `x̄ = ȳ ⊙ sign x`. jvp: `sign x ⊙ ẋ`.
    public func abs(_ x: Variable) -> Variable {
        record(elementwise(self[x]) { Swift.abs($0) }, [x],
            vjp: { tape, _, g, _ in [tape.multiply(g, tape.sign(x))] },
            jvp: { tape, _, t in .zip(tape[x].map(Tape.signum), t[0]!, *) })
    }

    /// `sign x` ∈ {−1, 0, 1}, piecewise constant: its derivatives are zero.
    public func sign(_ x: Variable) -> Variable {
        let (rows, cols) = self[x].shape
        return record(elementwise(self[x], Tape.signum), [x],
            vjp: { _, _, _, _ in [nil] },
            jvp: { _, _, _ in Matrix(rows: rows, cols: cols) })
    }

    /// `xᶜ` for a constant exponent `c`. vjp: `x̄ = ȳ ⊙ c·xᶜ⁻¹`. jvp: `c·xᶜ⁻¹ ⊙ ẋ`.
    public func power(_ x: Variable, _ c: T) -> Variable {
        record(elementwise(self[x]) { T.pow($0, c) }, [x],
            vjp: { tape, _, g, _ in [tape.multiply(g, tape.scale(tape.power(x, c - 1), by: c))] },
            jvp: { tape, _, t in .zip(tape[x].map { c * T.pow($0, c - 1) }, t[0]!, *) })
    }

    /// A constant: a leaf that nothing is differentiated with respect to.
    public func constant(_ value: T, like x: Variable) -> Variable {
        variable(Matrix(rows: self[x].rows, cols: self[x].cols, repeating: value))
    }

    static func signum(_ v: T) -> T { v > 0 ? 1 : (v < 0 ? -1 : 0) }

    /// `f` applied to every element of `x`, in tape storage.
    func elementwise(_ x: Matrix<T>, _ f: (T) -> T) -> Matrix<T> {
        allocate(rows: x.rows, cols: x.cols) { out in
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
