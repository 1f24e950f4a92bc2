// Linear operations: matrix products, the affine layer, row sums and broadcasts.

extension Tape {
    /// `op(a)·op(b)`, where `op` transposes when asked. The value is computed when first read, so a
    /// product nothing reads (a weight gradient inside a Hessian-vector product) is never computed.
    ///
    /// vjp: for `C = A·B`, `Ā = C̄·Bᵀ` and `B̄ = Aᵀ·C̄`; transposed operands swap roles accordingly.
    /// jvp: `Ċ = op(Ȧ)·op(B) + op(A)·op(Ḃ)`.
    public func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false) -> Variable {
        let (sa, sb) = (shape(of: a), shape(of: b))
        precondition((transposeA ? sa.rows : sa.cols) == (transposeB ? sb.cols : sb.rows), "product: inner dimensions differ")
        return recordPending(rows: transposeA ? sa.cols : sa.rows, cols: transposeB ? sb.rows : sb.cols,
                             .matmul(transposeA: transposeA, transposeB: transposeB), Inputs(a, b))
    }

    /// The affine layer `x·wᵀ + b` (PyTorch `nn.Linear`): `x` is `n × in`, `w` is `out × in`, `b` is `1 × out`.
    ///
    /// vjp: `x̄ = ȳ·w`, `w̄ = ȳᵀ·x`, `b̄ = Σ_rows ȳ`.
    /// jvp: `ẏ = ẋ·wᵀ + x·ẇᵀ + ḃ`.
    public func linear(_ x: Variable, weight w: Variable, bias b: Variable) -> Variable {
        let (X, W, B) = (self[x], self[w], self[b])
        precondition(X.cols == W.cols && B.rows == 1 && B.cols == W.rows, "linear: shapes do not chain")
        let value = allocate(rows: X.rows, cols: W.rows) { out in
            Matrix.writeRows(B, rows: X.rows, into: out)
            Matrix.writeProduct(X, W, transposeA: false, transposeB: true, into: out, accumulate: true)
        }
        return record(value, .linear, Inputs(x, w, b))
    }

    /// The `1 × n` sums of the columns of an `m × n` matrix (the sum over rows).
    ///
    /// vjp: `x̄ = ȳ` repeated on every row. jvp: `ẏ = Σ_rows ẋ`.
    public func columnSums(_ x: Variable) -> Variable {
        record(sumOverRows(self[x]), .columnSums, Inputs(x))
    }

    /// A `1 × n` row repeated `rows` times.
    ///
    /// vjp: `x̄ = Σ_rows ȳ`. jvp: `ẏ` = `ẋ` repeated.
    public func broadcastRows(_ x: Variable, rows: Int) -> Variable {
        record(repeated(self[x], rows: rows), .broadcastRows(rows), Inputs(x))
    }

    func linearVJP(_ operation: Operation, _ inputs: Inputs, _ y: Variable, _ g: Variable, _ needed: Needed) -> PerInput<Variable> {
        switch operation {
        case .matmul(let transposeA, let transposeB):
            let (a, b) = (inputs[0], inputs[1])
            var adjoints = PerInput<Variable>()
            if needed[0] {
                adjoints[0] = transposeA
                    ? matmul(b, g, transposeA: transposeB, transposeB: true)
                    : matmul(g, b, transposeB: !transposeB)
            }
            if needed[1] {
                adjoints[1] = transposeB
                    ? matmul(g, a, transposeA: true, transposeB: transposeA)
                    : matmul(a, g, transposeA: !transposeA)
            }
            return adjoints
        case .linear:
            let (x, w) = (inputs[0], inputs[1])
            return PerInput(needed[0] ? matmul(g, w) : nil,
                            needed[1] ? matmul(g, x, transposeA: true) : nil,
                            needed[2] ? columnSums(g) : nil)
        case .columnSums: return PerInput(broadcastRows(g, rows: shape(of: inputs[0]).rows))
        case .broadcastRows: return PerInput(columnSums(g))
        default: preconditionFailure("not a linear operation")
        }
    }

    func linearJVP(_ operation: Operation, _ inputs: Inputs, _ y: Variable, _ t: PerInput<Matrix<T>>) -> Matrix<T> {
        let (rows, cols) = shape(of: y)
        switch operation {
        case .matmul(let transposeA, let transposeB):
            let (a, b) = (inputs[0], inputs[1])
            return allocate(rows: rows, cols: cols, for: .tangent(of: y)) { dy in
                var first = true
                if let da = t[0] {
                    Matrix.writeProduct(da, self[b], transposeA: transposeA, transposeB: transposeB, into: dy, accumulate: false)
                    first = false
                }
                if let db = t[1] {
                    Matrix.writeProduct(self[a], db, transposeA: transposeA, transposeB: transposeB, into: dy, accumulate: !first)
                }
            }
        case .linear:
            let (x, w) = (inputs[0], inputs[1])
            return allocate(rows: rows, cols: cols, for: .tangent(of: y)) { dy in
                if let db = t[2] { Matrix.writeRows(db, rows: rows, into: dy) } else { dy.update(repeating: 0, count: rows * cols) }
                if let dx = t[0] { Matrix.writeProduct(dx, self[w], transposeA: false, transposeB: true, into: dy, accumulate: true) }
                if let dw = t[1] { Matrix.writeProduct(self[x], dw, transposeA: false, transposeB: true, into: dy, accumulate: true) }
            }
        case .columnSums: return sumOverRows(t[0]!, for: .tangent(of: y))
        case .broadcastRows(let rows): return repeated(t[0]!, rows: rows, for: .tangent(of: y))
        default: preconditionFailure("not a linear operation")
        }
    }

    /// The `1 × n` row `row` repeated `rows` times, in tape storage.
    func repeated(_ row: Matrix<T>, rows: Int, for slot: Slot = .nextValue) -> Matrix<T> {
        allocate(rows: rows, cols: row.cols, for: slot) { Matrix.writeRows(row, rows: rows, into: $0) }
    }

    /// The `1 × cols` sums over the rows of `m`, accumulated row by row, in tape storage.
    func sumOverRows(_ m: Matrix<T>, for slot: Slot = .nextValue) -> Matrix<T> {
        allocate(rows: 1, cols: m.cols, for: slot) { sums in
            sums.update(repeating: 0, count: m.cols)
            m.elements.withUnsafeBufferPointer { src in
                for r in 0..<m.rows {
                    let row = src.baseAddress! + r * m.cols
                    for c in 0..<m.cols { sums[c] += row[c] }
                }
            }
        }
    }
}

extension Matrix {
    /// Writes `rows` copies of the `1 × n` matrix `row` into `out`.
    static func writeRows(_ row: Matrix, rows: Int, into out: UnsafeMutablePointer<T>) {
        precondition(row.rows == 1, "repeating a matrix that is not one row")
        let n = row.cols
        guard n > 0 else { return }
        row.elements.withUnsafeBufferPointer { src in
            for r in 0..<rows { (out + r * n).update(from: src.baseAddress!, count: n) }
        }
    }
}
