// The network nonlinearities, with the kernels of `ActivationKernels.swift`.

extension Tape {
    /// `f(x)` elementwise. vjp: `x̄ = ȳ ⊙ f′(x)`. jvp: `ẏ = f′(x) ⊙ ẋ`.
    public func activation(_ f: Activation, _ x: Variable) -> Variable {
        let value = mapped(self[x]) { T.activate(f, $0, $1, count: $2) }
        return record(value, .activation(f), Inputs(x))
    }

    /// `g ⊙ f′(x)`, the backward step of `activation`, given `y = f(x)`. Backward-only: it has a jvp
    /// (for Hessian-vector products) but no vjp.
    ///
    /// jvp: `ġ ⊙ f′(x) + g ⊙ f″(x) ⊙ ẋ`.
    func activationDerivativeProduct(_ f: Activation, x: Variable, y: Variable, adjoint g: Variable) -> Variable {
        let value = mapped(self[x], self[y], self[g]) { T.activationDerivativeProduct(f, x: $0, y: $1, g: $2, into: $3, count: $4) }
        return record(value, .activationDerivativeProduct(f), Inputs(x, g, y))
    }

    func activationVJP(_ operation: Operation, _ inputs: Inputs, _ y: Variable, _ g: Variable, _ needed: Needed) -> PerInput<Variable> {
        guard case .activation(let f) = operation else {
            preconditionFailure("reverse mode through a backward-only operation (reverse-over-reverse) is not supported")
        }
        return PerInput(activationDerivativeProduct(f, x: inputs[0], y: y, adjoint: g))
    }

    func activationJVP(_ operation: Operation, _ inputs: Inputs, _ y: Variable, _ t: PerInput<Matrix<T>>) -> Matrix<T> {
        switch operation {
        case .activation(let f):
            return mapped(self[inputs[0]], self[y], t[0]!, for: .tangent(of: y)) {
                T.activationDerivativeProduct(f, x: $0, y: $1, g: $2, into: $3, count: $4)
            }
        case .activationDerivativeProduct(let f):
            // The inputs are x, g and y = f(x); y is an input only for its value, as ẏ is a function of ẋ.
            let (X, G, Y) = (self[inputs[0]], self[inputs[1]], self[inputs[2]])
            guard let dx = t[0] else {
                return mapped(X, Y, t[1]!, for: .tangent(of: y)) {
                    T.activationDerivativeProduct(f, x: $0, y: $1, g: $2, into: $3, count: $4)
                }
            }
            return allocate(rows: X.rows, cols: X.cols, for: .tangent(of: y)) { out in
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
        default:
            preconditionFailure("not an activation")
        }
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
        _ a: Matrix<T>, _ b: Matrix<T>, _ c: Matrix<T>, for slot: Slot = .nextValue,
        _ kernel: (UnsafePointer<T>, UnsafePointer<T>, UnsafePointer<T>, UnsafeMutablePointer<T>, Int) -> Void
    ) -> Matrix<T> {
        precondition(a.hasShape(of: b) && a.hasShape(of: c), "elementwise operation on matrices of different shapes")
        return allocate(rows: a.rows, cols: a.cols, for: slot) { out in
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
