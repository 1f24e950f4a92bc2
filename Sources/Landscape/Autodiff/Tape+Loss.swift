// Losses: `1 × 1` means over a batch (`docs/FORMATS.md#numerical-conventions`).

extension Tape {
    /// Softmax cross-entropy of logits `z` (`n × C`) against class indices: `mean_r(logsumexp(z_r) − z_r[label_r])`.
    ///
    /// vjp: `z̄ = ȳ·(softmax(z) − onehot)/n`. jvp: `ẏ = mean_r(Σ_j s_rj ż_rj − ż_r[label_r])`, `s = softmax(z)`.
    public func softmaxCrossEntropy(_ z: Variable, labels: [Int]) -> Variable {
        let Z = self[z]
        precondition(labels.count == Z.rows, "one label per row")
        var total: T = 0
        Z.forEachRowSoftmax { r, row, _, logSumExp in total += logSumExp - row[labels[r]] }
        return record(scalar(total / T(Z.rows)), .softmaxCrossEntropy(labels: labels), Inputs(z))
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
        return record(value, .softmaxCrossEntropyGradient(labels: labels), Inputs(z))
    }

    /// Mean squared error over all elements, `Σ (p − t)² / count`, with no ½ (`docs/FORMATS.md#numerical-conventions`).
    ///
    /// vjp: `p̄ = ȳ·2(p − t)/count`, `t̄ = −p̄`. jvp: `ẏ = 2Σ (p − t) ⊙ (ṗ − ṫ) / count`.
    public func meanSquaredError(_ p: Variable, target t: Variable) -> Variable {
        let (P, Y) = (self[p], self[t])
        precondition(P.hasShape(of: Y), "prediction and target shapes differ")
        var total: T = 0
        P.elements.withUnsafeBufferPointer { p in
            Y.elements.withUnsafeBufferPointer { y in
                for i in 0..<p.count {
                    let d = p[i] - y[i]
                    total += d * d
                }
            }
        }
        return record(scalar(total / T(P.count)), .meanSquaredError, Inputs(p, t))
    }

    func lossVJP(_ operation: Operation, _ inputs: Inputs, _ y: Variable, _ g: Variable, _ needed: Needed) -> PerInput<Variable> {
        switch operation {
        case .softmaxCrossEntropy(let labels):
            return PerInput(scaled(softmaxCrossEntropyGradient(inputs[0], labels: labels), byAdjoint: g))
        case .meanSquaredError:
            let (p, t) = (inputs[0], inputs[1])
            let gp = scaled(scale(subtract(p, t), by: 2 / T(shape(of: p).rows * shape(of: p).cols)), byAdjoint: g)
            return PerInput(gp, needed[1] ? negate(gp) : nil)
        default:
            preconditionFailure("reverse mode through a backward-only operation (reverse-over-reverse) is not supported")
        }
    }

    func lossJVP(_ operation: Operation, _ inputs: Inputs, _ y: Variable, _ t: PerInput<Matrix<T>>) -> Matrix<T> {
        switch operation {
        case .softmaxCrossEntropy(let labels):
            let dz = t[0]!
            var total: T = 0
            dz.elements.withUnsafeBufferPointer { d in
                self[inputs[0]].forEachRowSoftmax { r, _, s, _ in
                    let dRow = d.baseAddress! + r * dz.cols
                    var weighted: T = 0
                    for j in 0..<dz.cols { weighted += s[j] * dRow[j] }
                    total += weighted - dRow[labels[r]]
                }
            }
            return scalar(total / T(dz.rows), for: .tangent(of: y))
        case .softmaxCrossEntropyGradient:
            let dz = t[0]!
            let cols = dz.cols
            let scale = 1 / T(dz.rows)
            let Z = self[inputs[0]]
            return allocate(rows: dz.rows, cols: cols, for: .tangent(of: y)) { out in
                dz.elements.withUnsafeBufferPointer { d in
                    Z.forEachRowSoftmax { r, _, s, _ in
                        var mean: T = 0
                        for j in 0..<cols { mean += s[j] * d[r * cols + j] }
                        for j in 0..<cols { out[r * cols + j] = s[j] * (d[r * cols + j] - mean) * scale }
                    }
                }
            }
        case .meanSquaredError:
            // `ṗ − ṫ` is formed as `ṗ + (−ṫ)`, a missing tangent counting as zero, and the products
            // are summed in storage order.
            let (P, Y) = (self[inputs[0]], self[inputs[1]])
            let (dp, dt) = (t[0], t[1])
            precondition(dp != nil || dt != nil, "sum of two zero tangents")
            var total: T = 0
            P.elements.withUnsafeBufferPointer { p in
                Y.elements.withUnsafeBufferPointer { y in
                    (dp?.elements ?? []).withUnsafeBufferPointer { a in
                        (dt?.elements ?? []).withUnsafeBufferPointer { b in
                            for i in 0..<p.count {
                                let dr = dt == nil ? a[i] : dp == nil ? -b[i] : a[i] + (-b[i])
                                total += (p[i] - y[i]) * dr
                            }
                        }
                    }
                }
            }
            return scalar(2 * total / T(P.count), for: .tangent(of: y))
        default:
            preconditionFailure("not a loss")
        }
    }
}

extension Matrix {
    /// Calls `body(row index, row, softmax of the row, logsumexp of the row)` for each row, computing
    /// the softmax stably (shifted by the row maximum) into a buffer on the stack.
    func forEachRowSoftmax(_ body: (Int, UnsafePointer<T>, UnsafePointer<T>, T) -> Void) {
        elements.withUnsafeBufferPointer { all in
            withUnsafeTemporaryAllocation(of: T.self, capacity: cols) { s in
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
