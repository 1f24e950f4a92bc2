// Linear operations: matrix products, the affine layer, row sums and broadcasts.

extension Tape {
    /// `op(a)·op(b)`, where `op` transposes when asked.
    ///
    /// vjp: for `C = A·B`, `Ā = C̄·Bᵀ` and `B̄ = Aᵀ·C̄`; transposed operands swap roles accordingly.
    /// jvp: `Ċ = op(Ȧ)·op(B) + op(A)·op(Ḃ)`.
    public func matmul(_ a: Variable, _ b: Variable, transposeA: Bool = false, transposeB: Bool = false) -> Variable {
        let value = product(self[a], self[b], transposeA: transposeA, transposeB: transposeB)
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
                tape.allocate(rows: tape[y].rows, cols: tape[y].cols) { dy in
                    var first = true
                    if let da = t[0] {
                        Matrix.writeProduct(da, tape[b], transposeA: transposeA, transposeB: transposeB, into: dy, accumulate: false)
                        first = false
                    }
                    if let db = t[1] {
                        Matrix.writeProduct(tape[a], db, transposeA: transposeA, transposeB: transposeB, into: dy, accumulate: !first)
                    }
                }
            })
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
        return record(value, [x, w, b],
            vjp: { tape, _, g, needed in
                [needed[0] ? tape.matmul(g, w) : nil,
                 needed[1] ? tape.matmul(g, x, transposeA: true) : nil,
                 needed[2] ? tape.columnSums(g) : nil]
            },
            jvp: { tape, y, t in
                let rows = tape[y].rows, cols = tape[y].cols
                return tape.allocate(rows: rows, cols: cols) { dy in
                    if let db = t[2] { Matrix.writeRows(db, rows: rows, into: dy) } else { dy.update(repeating: 0, count: rows * cols) }
                    if let dx = t[0] { Matrix.writeProduct(dx, tape[w], transposeA: false, transposeB: true, into: dy, accumulate: true) }
                    if let dw = t[1] { Matrix.writeProduct(tape[x], dw, transposeA: false, transposeB: true, into: dy, accumulate: true) }
                }
            })
    }

    /// The `1 × n` sums of the columns of an `m × n` matrix (the sum over rows).
    ///
    /// vjp: `x̄ = ȳ` repeated on every row. jvp: `ẏ = Σ_rows ẋ`.
    public func columnSums(_ x: Variable) -> Variable {
        let rows = self[x].rows
        return record(sumOverRows(self[x]), [x],
            vjp: { tape, _, g, _ in [tape.broadcastRows(g, rows: rows)] },
            jvp: { tape, _, t in tape.sumOverRows(t[0]!) })
    }

    /// A `1 × n` row repeated `rows` times.
    ///
    /// vjp: `x̄ = Σ_rows ȳ`. jvp: `ẏ` = `ẋ` repeated.
    public func broadcastRows(_ x: Variable, rows: Int) -> Variable {
        record(repeated(self[x], rows: rows), [x],
            vjp: { tape, _, g, _ in [tape.columnSums(g)] },
            jvp: { tape, _, t in tape.repeated(t[0]!, rows: rows) })
    }

    /// `op(a)·op(b)` in tape storage.
    func product(_ a: Matrix<T>, _ b: Matrix<T>, transposeA: Bool = false, transposeB: Bool = false) -> Matrix<T> {
        allocate(rows: transposeA ? a.cols : a.rows, cols: transposeB ? b.rows : b.cols) {
            Matrix.writeProduct(a, b, transposeA: transposeA, transposeB: transposeB, into: $0, accumulate: false)
        }
    }

    /// The `1 × n` row `row` repeated `rows` times, in tape storage.
    func repeated(_ row: Matrix<T>, rows: Int) -> Matrix<T> {
        allocate(rows: rows, cols: row.cols) { Matrix.writeRows(row, rows: rows, into: $0) }
    }

    /// The `1 × cols` sums over the rows of `m`, accumulated row by row, in tape storage.
    func sumOverRows(_ m: Matrix<T>) -> Matrix<T> {
        allocate(rows: 1, cols: m.cols) { sums in
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
