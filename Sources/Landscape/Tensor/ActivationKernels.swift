// Elementwise activation kernels. The switch on the activation sits outside each loop, so every loop
// is one straight pass over memory; generic bodies are inlined into the Float and Double entry points
// in this file so that they are specialized even in unoptimized client code.

extension Float {
    public static func activate(_ f: Activation, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        if f == .tanh {
            mapLanes(x, y, count, VectorMath.tanh)
        } else {
            activateBody(f, x, y, count)
        }
    }

    public static func activationDerivativeProduct(
        _ f: Activation, x: UnsafePointer<Float>, y: UnsafePointer<Float>, g: UnsafePointer<Float>,
        into out: UnsafeMutablePointer<Float>, count: Int
    ) {
        derivativeProductBody(f, x, y, g, out, count)
    }

    public static func activationDerivativeProductTangent(
        _ f: Activation, x: UnsafePointer<Float>, y: UnsafePointer<Float>, g: UnsafePointer<Float>,
        xDot: UnsafePointer<Float>, gDot: UnsafePointer<Float>?, into out: UnsafeMutablePointer<Float>, count: Int
    ) {
        derivativeProductTangentBody(f, x, y, g, xDot, gDot, out, count)
    }
}

extension Double {
    public static func activate(_ f: Activation, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        if f == .tanh {
            mapLanes(x, y, count, VectorMath.tanh)
        } else {
            activateBody(f, x, y, count)
        }
    }

    public static func activationDerivativeProduct(
        _ f: Activation, x: UnsafePointer<Double>, y: UnsafePointer<Double>, g: UnsafePointer<Double>,
        into out: UnsafeMutablePointer<Double>, count: Int
    ) {
        derivativeProductBody(f, x, y, g, out, count)
    }

    public static func activationDerivativeProductTangent(
        _ f: Activation, x: UnsafePointer<Double>, y: UnsafePointer<Double>, g: UnsafePointer<Double>,
        xDot: UnsafePointer<Double>, gDot: UnsafePointer<Double>?, into out: UnsafeMutablePointer<Double>, count: Int
    ) {
        derivativeProductTangentBody(f, x, y, g, xDot, gDot, out, count)
    }
}

/// `y = f(x)` a register at a time; the tail goes through a zero-padded register, so every element is
/// computed the same way wherever it sits.
@inline(__always)
private func mapLanes<V: SIMD>(_ x: UnsafePointer<V.Scalar>, _ y: UnsafeMutablePointer<V.Scalar>, _ n: Int, _ f: (V) -> V) {
    let w = V.scalarCount
    var i = 0
    while i + w <= n {
        UnsafeMutableRawPointer(y + i).storeBytes(of: f(UnsafeRawPointer(x + i).loadUnaligned(as: V.self)), as: V.self)
        i += w
    }
    if i < n {
        var tail = V()
        for j in 0..<(n - i) { tail[j] = x[i + j] }
        let result = f(tail)
        for j in 0..<(n - i) { y[i + j] = result[j] }
    }
}

@inline(__always)
private func activateBody<T: Real>(_ f: Activation, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
    switch f {
    case .tanh: for i in 0..<n { y[i] = Activation.tanh.value(x[i]) }
    case .relu: for i in 0..<n { y[i] = Activation.relu.value(x[i]) }
    case .sigmoid: for i in 0..<n { y[i] = Activation.sigmoid.value(x[i]) }
    case .gelu: for i in 0..<n { y[i] = Activation.gelu.value(x[i]) }
    case .softplus: for i in 0..<n { y[i] = Activation.softplus.value(x[i]) }
    case .identity: y.update(from: x, count: n)
    }
}

@inline(__always)
private func derivativeProductBody<T: Real>(
    _ f: Activation, _ x: UnsafePointer<T>, _ y: UnsafePointer<T>, _ g: UnsafePointer<T>,
    _ out: UnsafeMutablePointer<T>, _ n: Int
) {
    switch f {
    case .tanh: for i in 0..<n { out[i] = g[i] * Activation.tanh.derivative(x: x[i], y: y[i]) }
    case .relu: for i in 0..<n { out[i] = x[i] > 0 ? g[i] : 0 }
    case .sigmoid: for i in 0..<n { out[i] = g[i] * Activation.sigmoid.derivative(x: x[i], y: y[i]) }
    case .gelu: for i in 0..<n { out[i] = g[i] * Activation.gelu.derivative(x: x[i], y: y[i]) }
    case .softplus: for i in 0..<n { out[i] = g[i] * Activation.softplus.derivative(x: x[i], y: y[i]) }
    case .identity: out.update(from: g, count: n)
    }
}

@inline(__always)
private func derivativeProductTangentBody<T: Real>(
    _ f: Activation, _ x: UnsafePointer<T>, _ y: UnsafePointer<T>, _ g: UnsafePointer<T>,
    _ xDot: UnsafePointer<T>, _ gDot: UnsafePointer<T>?, _ out: UnsafeMutablePointer<T>, _ n: Int
) {
    @inline(__always) func body(_ a: Activation) {
        if let gDot {
            for i in 0..<n {
                out[i] = gDot[i] * a.derivative(x: x[i], y: y[i]) + g[i] * a.secondDerivative(x: x[i], y: y[i]) * xDot[i]
            }
        } else {
            for i in 0..<n { out[i] = g[i] * a.secondDerivative(x: x[i], y: y[i]) * xDot[i] }
        }
    }
    switch f {
    case .tanh: body(.tanh)
    case .relu:
        if let gDot { for i in 0..<n { out[i] = x[i] > 0 ? gDot[i] : 0 } } else { out.update(repeating: 0, count: n) }
    case .sigmoid: body(.sigmoid)
    case .gelu: body(.gelu)
    case .softplus: body(.softplus)
    case .identity:
        if let gDot { out.update(from: gDot, count: n) } else { out.update(repeating: 0, count: n) }
    }
}
