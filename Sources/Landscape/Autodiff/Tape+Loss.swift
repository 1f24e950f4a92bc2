// Losses: `1 × 1` means over a batch (SPEC §3).

extension Tape {
    /// Softmax cross-entropy of logits `z` (`n × C`) against class indices: `mean_r(logsumexp(z_r) − z_r[label_r])`.
    ///
    /// vjp: `z̄ = ȳ·(softmax(z) − onehot)/n`. jvp: `ẏ = mean_r(Σ_j s_rj ż_rj − ż_r[label_r])`, `s = softmax(z)`.
    public func softmaxCrossEntropy(_ z: Variable, labels: [Int]) -> Variable {
        let Z = self[z]
        precondition(labels.count == Z.rows, "one label per row")
        var total: T = 0
        Z.forEachRowSoftmax { r, row, _, logSumExp in total += logSumExp - row[labels[r]] }
        return record(Matrix(scalar: total / T(Z.rows)), [z],
            vjp: { tape, _, g, _ in [tape.scale(tape.softmaxCrossEntropyGradient(z, labels: labels), byScalar: g)] },
            jvp: { tape, _, t in
                let dz = t[0]!
                var total: T = 0
                dz.elements.withUnsafeBufferPointer { d in
                    tape[z].forEachRowSoftmax { r, _, s, _ in
                        let dRow = d.baseAddress! + r * dz.cols
                        var weighted: T = 0
                        for j in 0..<dz.cols { weighted += s[j] * dRow[j] }
                        total += weighted - dRow[labels[r]]
                    }
                }
                return Matrix(scalar: total / T(dz.rows))
            })
    }

    /// `(softmax(z) − onehot(labels))/n`, the backward step of `softmaxCrossEntropy`. Backward-only.
    ///
    /// jvp: row by row, `(s ⊙ (ż − ⟨s, ż⟩))/n`.
    func softmaxCrossEntropyGradient(_ z: Variable, labels: [Int]) -> Variable {
        let Z = self[z]
        let scale = 1 / T(Z.rows)
        let value = allocate(rows: Z.rows, cols: Z.cols) { out in
            Z.forEachRowSoftmax { r, _, s, _ in
                for j in 0..<Z.cols { out[r * Z.cols + j] = s[j] * scale }
                out[r * Z.cols + labels[r]] -= scale
            }
        }
        return record(value, [z], vjp: nil,
            jvp: { tape, _, t in
                let dz = t[0]!
                let cols = dz.cols
                return tape.allocate(rows: dz.rows, cols: cols) { out in
                    dz.elements.withUnsafeBufferPointer { d in
                        tape[z].forEachRowSoftmax { r, _, s, _ in
                            var mean: T = 0
                            for j in 0..<cols { mean += s[j] * d[r * cols + j] }
                            for j in 0..<cols { out[r * cols + j] = s[j] * (d[r * cols + j] - mean) * scale }
                        }
                    }
                }
            })
    }

    /// Mean squared error over all elements, `Σ (p − t)² / count`, with no ½ (SPEC §3).
    ///
    /// vjp: `p̄ = ȳ·2(p − t)/count`, `t̄ = −p̄`. jvp: `ẏ = 2Σ (p − t) ⊙ (ṗ − ṫ) / count`.
    public func meanSquaredError(_ p: Variable, target t: Variable) -> Variable {
        let (P, Y) = (self[p], self[t])
        precondition(P.hasShape(of: Y), "prediction and target shapes differ")
        let n = T(P.count)
        let value = Matrix.zip(P, Y, -).elements.reduce(0) { $0 + $1 * $1 } / n
        return record(Matrix(scalar: value), [p, t],
            vjp: { tape, _, g, needed in
                let gp = tape.scale(tape.scale(tape.subtract(p, t), by: 2 / n), byScalar: g)
                return [gp, needed[1] ? tape.negate(gp) : nil]
            },
            jvp: { tape, _, tangent in
                let dr = Matrix.sumOfPresent(tangent[0], tangent[1].map { $0.map { -$0 } })
                let r = Matrix.zip(tape[p], tape[t], -)
                return Matrix(scalar: 2 * Matrix.zip(r, dr, *).sum() / n)
            })
    }
}

extension Matrix {
    /// Calls `body(row index, row, softmax of the row, logsumexp of the row)` for each row, computing
    /// the softmax stably (shifted by the row maximum) into a reused buffer.
    func forEachRowSoftmax(_ body: (Int, UnsafePointer<T>, UnsafePointer<T>, T) -> Void) {
        var softmax = [T](repeating: 0, count: cols)
        elements.withUnsafeBufferPointer { all in
            softmax.withUnsafeMutableBufferPointer { s in
                for r in 0..<rows {
                    let row = all.baseAddress! + r * cols
                    var peak = row[0]
                    for j in 1..<cols where row[j] > peak { peak = row[j] }
                    var total: T = 0
                    for j in 0..<cols {
                        s[j] = T.exp(row[j] - peak)
                        total += s[j]
                    }
                    for j in 0..<cols { s[j] /= total }
                    body(r, row, UnsafePointer(s.baseAddress!), peak + T.log(total))
                }
            }
        }
    }
}
