/// Plain (stochastic) gradient descent: `θ ← θ − η·g`.
public struct GradientDescent<Scalar: Real>: Optimizer {
    public init() {}

    public mutating func update(_ parameters: inout [Matrix<Scalar>], gradient: [Matrix<Scalar>], learningRate: Scalar) {
        for i in parameters.indices {
            parameters[i].elements.withUnsafeMutableBufferPointer { p in
                gradient[i].elements.withUnsafeBufferPointer { g in
                    Scalar.axpy(-learningRate, g.baseAddress!, p.baseAddress!, count: p.count)
                }
            }
        }
    }
}
