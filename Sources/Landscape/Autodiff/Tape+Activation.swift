// The network nonlinearities, with the kernels of `ActivationKernels.swift`.

extension Tape {
    /// `f(x)` elementwise. vjp: `x̄ = ȳ ⊙ f′(x)`. jvp: `ẏ = f′(x) ⊙ ẋ`.
    public func activation(_ f: Activation, _ x: Variable) -> Variable {
        let value = mapped(self[x]) { T.activate(f, $0, $1, count: $2) }
        return record(value, [x],
            vjp: { tape, y, g, _ in [tape.activationDerivativeProduct(f, x: x, y: y, adjoint: g)] },
            jvp: { tape, y, t in
                tape.mapped(tape[x], tape[y], t[0]!) { T.activationDerivativeProduct(f, x: $0, y: $1, g: $2, into: $3, count: $4) }
            })
    }

    /// `g ⊙ f′(x)`, the backward step of `activation`, given `y = f(x)`. Backward-only: it has a jvp
    /// (for Hessian-vector products) but no vjp.
    ///
    /// jvp: `ġ ⊙ f′(x) + g ⊙ f″(x) ⊙ ẋ`.
    func activationDerivativeProduct(_ f: Activation, x: Variable, y: Variable, adjoint g: Variable) -> Variable {
        let value = mapped(self[x], self[y], self[g]) { T.activationDerivativeProduct(f, x: $0, y: $1, g: $2, into: $3, count: $4) }
        return record(value, [x, g], vjp: nil,
            jvp: { tape, _, t in
                let (X, Y, G) = (tape[x], tape[y], tape[g])
                guard let dx = t[0] else {
                    return tape.mapped(X, Y, t[1]!) { T.activationDerivativeProduct(f, x: $0, y: $1, g: $2, into: $3, count: $4) }
                }
                return tape.allocate(rows: X.rows, cols: X.cols) { out in
                    X.elements.withUnsafeBufferPointer { xp in
                        Y.elements.withUnsafeBufferPointer { yp in
                            G.elements.withUnsafeBufferPointer { gp in
                                dx.elements.withUnsafeBufferPointer { dxp in
                                    if let dg = t[1] {
                                        dg.elements.withUnsafeBufferPointer { dgp in
                                            T.activationDerivativeProductTangent(
                                                f, x: xp.baseAddress!, y: yp.baseAddress!, g: gp.baseAddress!, xDot: dxp.baseAddress!,
                                                gDot: dgp.baseAddress!, into: out, count: X.count)
                                        }
                                    } else {
                                        T.activationDerivativeProductTangent(
                                            f, x: xp.baseAddress!, y: yp.baseAddress!, g: gp.baseAddress!, xDot: dxp.baseAddress!,
                                            gDot: nil, into: out, count: X.count)
                                    }
                                }
                            }
                        }
                    }
                }
            })
    }
}

extension Tape {
    /// A matrix of `x`'s shape written by `kernel(x, output, count)`, in tape storage.
    func mapped(_ x: Matrix<T>, _ kernel: (UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void) -> Matrix<T> {
        allocate(rows: x.rows, cols: x.cols) { out in
            x.elements.withUnsafeBufferPointer { kernel($0.baseAddress!, out, x.count) }
        }
    }

    /// A matrix of the common shape written by `kernel(a, b, c, output, count)`, in tape storage.
    func mapped(
        _ a: Matrix<T>, _ b: Matrix<T>, _ c: Matrix<T>,
        _ kernel: (UnsafePointer<T>, UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void
    ) -> Matrix<T> {
        precondition(a.hasShape(of: b) && a.hasShape(of: c), "elementwise operation on matrices of different shapes")
        return allocate(rows: a.rows, cols: a.cols) { out in
            a.elements.withUnsafeBufferPointer { pa in
                b.elements.withUnsafeBufferPointer { pb in
                    c.elements.withUnsafeBufferPointer { pc in
                        kernel(pa.baseAddress!, pb.baseAddress!, pc.baseAddress!, out, a.count)
                    }
                }
            }
        }
    }
}
