import KernelsAVX2
import KernelsAVX512
import KernelsPortable

// Elementwise activation kernels. The switch on the activation sits outside each loop, so every loop
// is one straight pass over memory; generic bodies are inlined into the Float and Double entry points
// in this file so that they are specialized even in unoptimized client code. Long arrays are cut
// into chunks for the worker threads; every element is computed the same way in any chunk.

extension Float {
    public static func activate(_ f: Activation, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int) {
        activate(f, x, y, count: count, kernels: .current)
    }

    /// tanh and sigmoid with the lanes of `path`.
    static func activate(_ f: Activation, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, kernels path: KernelPath) {
        inChunks(count) { i, n in
            switch (f, path) {
            case (.tanh, .avx512): KernelsAVX512.LaneKernels.tanh(x + i, y + i, count: n)
            case (.tanh, .avx2): KernelsAVX2.LaneKernels.tanh(x + i, y + i, count: n)
            case (.tanh, .portable): KernelsPortable.LaneKernels.tanh(x + i, y + i, count: n)
            case (.sigmoid, .avx512): KernelsAVX512.LaneKernels.sigmoid(x + i, y + i, count: n)
            case (.sigmoid, .avx2): KernelsAVX2.LaneKernels.sigmoid(x + i, y + i, count: n)
            case (.sigmoid, .portable): KernelsPortable.LaneKernels.sigmoid(x + i, y + i, count: n)
            default: activateBody(f, x + i, y + i, n)
            }
        }
    }

    public static func activationDerivativeProduct(
        _ f: Activation, x: UnsafePointer<Float>, y: UnsafePointer<Float>, g: UnsafePointer<Float>,
        into out: UnsafeMutablePointer<Float>, count: Int
    ) {
        inChunks(count) { i, n in derivativeProductBody(f, x + i, y + i, g + i, out + i, n) }
    }

    public static func activationDerivativeProductTangent(
        _ f: Activation, x: UnsafePointer<Float>, y: UnsafePointer<Float>, g: UnsafePointer<Float>,
        xDot: UnsafePointer<Float>, gDot: UnsafePointer<Float>?, into out: UnsafeMutablePointer<Float>, count: Int
    ) {
        inChunks(count) { i, n in derivativeProductTangentBody(f, x + i, y + i, g + i, xDot + i, gDot.map { $0 + i }, out + i, n) }
    }
}

extension Double {
    public static func activate(_ f: Activation, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int) {
        activate(f, x, y, count: count, kernels: .current)
    }

    /// tanh and sigmoid with the lanes of `path`.
    static func activate(_ f: Activation, _ x: UnsafePointer<Double>, _ y: UnsafeMutablePointer<Double>, count: Int, kernels path: KernelPath) {
        inChunks(count) { i, n in
            switch (f, path) {
            case (.tanh, .avx512): KernelsAVX512.LaneKernels.tanh(x + i, y + i, count: n)
            case (.tanh, .avx2): KernelsAVX2.LaneKernels.tanh(x + i, y + i, count: n)
            case (.tanh, .portable): KernelsPortable.LaneKernels.tanh(x + i, y + i, count: n)
            case (.sigmoid, .avx512): KernelsAVX512.LaneKernels.sigmoid(x + i, y + i, count: n)
            case (.sigmoid, .avx2): KernelsAVX2.LaneKernels.sigmoid(x + i, y + i, count: n)
            case (.sigmoid, .portable): KernelsPortable.LaneKernels.sigmoid(x + i, y + i, count: n)
            default: activateBody(f, x + i, y + i, n)
            }
        }
    }

    public static func activationDerivativeProduct(
        _ f: Activation, x: UnsafePointer<Double>, y: UnsafePointer<Double>, g: UnsafePointer<Double>,
        into out: UnsafeMutablePointer<Double>, count: Int
    ) {
        inChunks(count) { i, n in derivativeProductBody(f, x + i, y + i, g + i, out + i, n) }
    }

    public static func activationDerivativeProductTangent(
        _ f: Activation, x: UnsafePointer<Double>, y: UnsafePointer<Double>, g: UnsafePointer<Double>,
        xDot: UnsafePointer<Double>, gDot: UnsafePointer<Double>?, into out: UnsafeMutablePointer<Double>, count: Int
    ) {
        inChunks(count) { i, n in derivativeProductTangentBody(f, x + i, y + i, g + i, xDot + i, gDot.map { $0 + i }, out + i, n) }
    }
}

/// Calls `body(start, count)` on consecutive pieces of `0..<count`, on the worker threads when the
/// array is long enough to pay for them. Pieces start at multiples of 64 elements.
@inline(__always)
private func inChunks(_ count: Int, _ body: (Int, Int) -> Void) {
    let chunk = 1 << 15
    guard count > 2 * chunk, WorkerPool.shared.threadCount > 1 else {
        body(0, count)
        return
    }
    let pieces = min(WorkerPool.shared.threadCount * 2, (count + chunk - 1) / chunk)
    let size = ((count + pieces - 1) / pieces + 63) / 64 * 64
    WorkerPool.shared.run(tasks: (count + size - 1) / size) { t in
        let start = t * size
        body(start, min(size, count - start))
    }
}

/// `y = f(x)` element by element, for the activations without a vectorized kernel: `activate`
/// sends tanh and sigmoid to the kernels' lanes (`LaneKernels`) instead.
@inline(__always)
private func activateBody<T: Real>(_ f: Activation, _ x: UnsafePointer<T>, _ y: UnsafeMutablePointer<T>, _ n: Int) {
    switch f {
    case .tanh, .sigmoid: preconditionFailure("tanh and sigmoid are computed by LaneKernels in activate")
    case .relu: for i in 0..<n { y[i] = Activation.relu.value(x[i]) }
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
