/// A quadratic Bézier curve in parameter space between two networks of one architecture, over all
/// weights and biases (Garipov, Izmailov, Podoprikhin, Vetrov and Wilson, 2018, "Loss Surfaces,
/// Mode Connectivity, and Fast Ensembling of DNNs", NeurIPS, §3.1):
///
///     θ(t) = (1 − t)²·θ_A + 2t(1 − t)·θ_C + t²·θ_B,   t ∈ [0, 1].
///
/// It starts at θ_A, ends at θ_B and bends toward θ_C. With θ_C = (θ_A + θ_B)/2 it is the straight
/// line (1 − t)·θ_A + t·θ_B, since (1 − t)² + t(1 − t) = 1 − t and t(1 − t) + t² = t.
public struct BezierCurve<T: Real>: Sendable {
    public let architecture: Architecture
    /// θ_A, θ_C and θ_B, one tensor per weight and bias as `Network.parameters` holds them.
    public var start: [Matrix<T>]
    public var bend: [Matrix<T>]
    public var end: [Matrix<T>]

    public init(architecture: Architecture, start: [Matrix<T>], bend: [Matrix<T>], end: [Matrix<T>]) {
        let shapes = architecture.parameterShapes
        for tensors in [start, bend, end] {
            precondition(tensors.count == shapes.count && zip(tensors, shapes).allSatisfy { $0.rows == $1.rows && $0.cols == $1.cols },
                         "a curve's points have the architecture's parameter shapes")
        }
        self.architecture = architecture
        self.start = start
        self.bend = bend
        self.end = end
    }

    /// The straight line from `start` to `end` as a curve: the bend at their midpoint (θ_A + θ_B)/2,
    /// where Garipov et al. start training it.
    public init(architecture: Architecture, start: [Matrix<T>], end: [Matrix<T>]) {
        let midpoint = zip(start, end).map { a, b in
            Matrix(rows: a.rows, cols: a.cols, elements: zip(a.elements, b.elements).map { ($0 + $1) / 2 })
        }
        self.init(architecture: architecture, start: start, bend: midpoint, end: end)
    }

    /// The weights of θ_A, θ_C and θ_B at `t`: (1 − t)², 2t(1 − t) and t².
    public static func weights(at t: Double) -> (start: Double, bend: Double, end: Double) {
        ((1 - t) * (1 - t), 2 * t * (1 - t), t * t)
    }

    /// θ(t), combined in `T`; exactly θ_A at t = 0 and θ_B at t = 1.
    public func parameters(at t: Double) -> [Matrix<T>] {
        if t == 0 { return start }
        if t == 1 { return end }
        let w = BezierCurve.weights(at: t)
        return start.indices.map { i in
            var elements = [T](repeating: 0, count: start[i].elements.count)
            FlatVector.axpy(w.start, start[i].elements, &elements)
            FlatVector.axpy(w.bend, bend[i].elements, &elements)
            FlatVector.axpy(w.end, end[i].elements, &elements)
            return Matrix(rows: start[i].rows, cols: start[i].cols, elements: elements)
        }
    }

    /// The network at θ(t).
    public func network(at t: Double) -> Network<T> {
        Network(architecture: architecture, parameters: parameters(at: t))
    }

    /// The loss on `batch` at θ(t) and its gradient with respect to the bend. θ(t) depends on θ_C
    /// linearly with the factor 2t(1 − t), so by the chain rule ∂L(θ(t))/∂θ_C = 2t(1 − t)·∇L(θ(t)).
    public func lossAndBendGradient(at t: Double, on batch: Batch<T>, tape: Tape<T> = Tape()) -> (loss: T, gradient: [Matrix<T>]) {
        let (loss, gradient) = network(at: t).lossAndGradient(on: batch, tape: tape)
        let factor = BezierCurve.weights(at: t).bend
        return (loss, gradient.map { Matrix(rows: $0.rows, cols: $0.cols, elements: FlatVector.scaled($0.elements, by: factor)) })
    }

    /// The loss averaged over the points `ts`, (1/n)·Σᵢ L(θ(tᵢ)), and its gradient with respect to
    /// the bend: the objective E_t~U(0,1) L(θ(t)) of Garipov et al. (their eq. 4) on a fixed sample
    /// of t, whose single-t terms are what `CurveTraining` steps along.
    public func meanLossAndBendGradient(at ts: [Double], on batch: Batch<T>) -> (loss: Double, gradient: [Matrix<T>]) {
        precondition(!ts.isEmpty, "a mean over no points")
        let tape = Tape<T>()
        var loss = 0.0
        var sum = bend.map { Matrix<T>(rows: $0.rows, cols: $0.cols) }
        for t in ts {
            let term = lossAndBendGradient(at: t, on: batch, tape: tape)
            loss += Double(term.loss)
            for i in sum.indices { FlatVector.axpy(1, term.gradient[i].elements, &sum[i].elements) }
        }
        let n = Double(ts.count)
        return (loss / n, sum.map { Matrix(rows: $0.rows, cols: $0.cols, elements: FlatVector.scaled($0.elements, by: 1 / n)) })
    }
}
