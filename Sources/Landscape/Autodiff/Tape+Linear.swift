// Linear operations: matrix products, the affine layer, row sums and broadcasts.

extension Tape {
    /// `op(a)·op(b)`, where `op` transposes when asked.
    ///
    /// vjp: for `C = A·B`, `Ā = C̄·Bᵀ` and `B̄ = Aᵀ·C̄`; transposed operands swap roles accordingly.
    /// jvp: `Ċ = op(Ȧ)·op(B) + op(A)·op(Ḃ)`.
    public func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false) -> Variable {
        let value = Matrix.product(self[a], self[b], transposeA: transposeA, transposeB: transposeB)
        return record(value, [a, b],
            vjp: { tape, _, g, needed in
                var ga: Variable?, gb: Variable?
                if needed[0] {
                    ga = transposeA
                        ? tape.matmul(b, g, transposeA: transposeB, transposeB: true)
                        : tape.matmul(g, b, transposeB: !transposeB)
                }
                if needed[1] {
                    gb = transposeB
                        ? tape.matmul(g, a, transposeA: true, transposeB: transposeA)
                        : tape.matmul(a, g, transposeA: !transposeA)
                }
                return [ga, gb]
            },
            jvp: { tape, y, t in
                var dy = Matrix<T>(rows: tape[y].rows, cols: tape[y].cols)
                if let da = t[0] { dy.addProduct(da, tape[b], transposeA: transposeA, transposeB: transposeB) }
                if let db = t[1] { dy.addProduct(tape[a], db, transposeA: transposeA, transposeB: transposeB) }
                return dy
            })
    }

    /// The affine layer `x·wᵀ + b` (PyTorch `nn.Linear`): `x` is `n × in`, `w` is `out × in`, `b` is `1 × out`.
    ///
    /// vjp: `x̄ = ȳ·w`, `w̄ = ȳᵀ·x`, `b̄ = Σ_rows ȳ`.
    /// jvp: `ẏ = ẋ·wᵀ + x·ẇᵀ + ḃ`.
    public func linear(_ x: Variable, weight w: Variable, bias b: Variable) -> Variable {
        let (X, W, B) = (self[x], self[w], self[b])
        precondition(X.cols == W.cols && B.rows == 1 && B.cols == W.rows, "linear: shapes do not chain")
        var value = Matrix<T>.broadcasting(row: B, rows: X.rows)
        value.addProduct(X, W, transposeB: true)
        return record(value, [x, w, b],
            vjp: { tape, _, g, needed in
                [needed[0] ? tape.matmul(g, w) : nil,
                 needed[1] ? tape.matmul(g, x, transposeA: true) : nil,
                 needed[2] ? tape.columnSums(g) : nil]
            },
            jvp: { tape, y, t in
                var dy = t[2].map { Matrix<T>.broadcasting(row: $0, rows: tape[y].rows) }
                    ?? Matrix<T>(rows: tape[y].rows, cols: tape[y].cols)
                if let dx = t[0] { dy.addProduct(dx, tape[w], transposeB: true) }
                if let dw = t[1] { dy.addProduct(tape[x], dw, transposeB: true) }
                return dy
            })
    }

    /// The `1 × n` sums of the columns of an `m × n` matrix (the sum over rows).
    ///
    /// vjp: `x̄ = ȳ` repeated on every row. jvp: `ẏ = Σ_rows ẋ`.
    public func columnSums(_ x: Variable) -> Variable {
        let rows = self[x].rows
        return record(self[x].columnSums(), [x],
            vjp: { tape, _, g, _ in [tape.broadcastRows(g, rows: rows)] },
            jvp: { _, _, t in t[0]!.columnSums() })
    }

    /// A `1 × n` row repeated `rows` times.
    ///
    /// vjp: `x̄ = Σ_rows ȳ`. jvp: `ẏ` = `ẋ` repeated.
    public func broadcastRows(_ x: Variable, rows: Int) -> Variable {
        record(Matrix.broadcasting(row: self[x], rows: rows), [x],
            vjp: { tape, _, g, _ in [tape.columnSums(g)] },
            jvp: { _, _, t in Matrix.broadcasting(row: t[0]!, rows: rows) })
    }
}

extension Matrix {
    /// `rows` copies of the `1 × n` matrix `row`.
    static func broadcasting(row: Matrix, rows: Int) -> Matrix {
        precondition(row.rows == 1, "broadcast of a matrix that is not one row")
        let n = row.cols
        return Matrix(rows: rows, cols: n) { out in
            row.elements.withUnsafeBufferPointer { src in
                for r in 0..<rows { (out + r * n).update(from: src.baseAddress!, count: n) }
            }
        }
    }

    /// The `1 × cols` sums over rows, accumulated row by row.
    func columnSums() -> Matrix {
        var sums = [T](repeating: 0, count: cols)
        elements.withUnsafeBufferPointer { src in
            sums.withUnsafeMutableBufferPointer { s in
                for r in 0..<rows {
                    let row = src.baseAddress! + r * cols
                    for c in 0..<cols { s[c] += row[c] }
                }
            }
        }
        return Matrix(row: sums)
    }
}
