import Testing
import Landscape

@Suite("Bézier curves between models")
struct BezierCurveTests {
    static let architecture = Architecture(sizes: [3, 5, 2], activation: .tanh, loss: .crossEntropy)

    /// Two models and a bend away from their midpoint, so that the curve is not the line.
    static func curve<T: Real>(_: T.Type = T.self) -> BezierCurve<T> {
        let a = architecture.initialParameters(seed: 1, as: T.self), b = architecture.initialParameters(seed: 2, as: T.self)
        let c = architecture.initialParameters(seed: 3, scale: 2, as: T.self)
        return BezierCurve(architecture: architecture, start: a, bend: c, end: b)
    }

    static func batch<T: Real>(_: T.Type = T.self) -> Batch<T> {
        TestData.randomBatch(rows: 12, inputs: 3, outputs: 2, loss: .crossEntropy, seed: 4)
    }

    /// A fixed sample of t, the ends included (where the bend has no effect).
    static let ts = [0, 0.1, 0.37, 0.5, 0.81, 1]

    /// Central differences, in float64, of the loss averaged over `ts` as a function of the bend.
    static func finiteDifferences() -> [Double] {
        let curve = Self.curve(Double.self), batch = Self.batch(Double.self)
        return finiteDifferenceGradient(of: { bend in
            var moved = curve
            moved.bend = Self.architecture.unflatten(bend)
            return moved.meanLossAndBendGradient(at: Self.ts, on: batch).loss
        }, at: flatten(curve.bend))
    }

    @Test("the bend gradient of the t-averaged loss matches central differences in float64")
    func gradientFloat64() {
        let curve = Self.curve(Double.self), batch = Self.batch(Double.self)
        let gradient = flatten(curve.meanLossAndBendGradient(at: Self.ts, on: batch).gradient)
        #expect(relativeError(gradient, Self.finiteDifferences()) < 1e-8)
        // The independent form: the mean of 2t(1 − t)·∇L(θ(t)), each gradient taken at the network θ(t).
        let direct = Self.ts.map { t -> [Double] in
            let g = flatten(Network(architecture: Self.architecture, flatParameters: pointByDefinition(curve, t)).lossAndGradient(on: batch).gradient)
            return g.map { 2 * t * (1 - t) * $0 / Double(Self.ts.count) }
        }.reduce([Double](repeating: 0, count: gradient.count)) { zip($0, $1).map(+) }
        #expect(relativeError(gradient, direct) < 1e-12)
    }

    @Test("float32: the bend gradient matches float64's central differences")
    func gradientFloat32() {
        let single = flatten(Self.curve(Float.self).meanLossAndBendGradient(at: Self.ts, on: Self.batch(Float.self)).gradient).map(Double.init)
        #expect(relativeError(single, Self.finiteDifferences()) < 1e-5)
    }

    @Test("the ends do not depend on the bend: its gradient there is exactly zero")
    func endsIgnoreTheBend() {
        let curve = Self.curve(Double.self), batch = Self.batch(Double.self)
        for t in [0.0, 1.0] {
            #expect(flatten(curve.lossAndBendGradient(at: t, on: batch).gradient).allSatisfy { $0 == 0 })
        }
    }

    @Test("the curve at t = 0 and t = 1 is exactly model A and model B, bit for bit")
    func ends() {
        let curve = Self.curve(Double.self)
        #expect(curve.parameters(at: 0) == curve.start && curve.parameters(at: 1) == curve.end)
        let single = Self.curve(Float.self)
        #expect(single.parameters(at: 0) == single.start && single.parameters(at: 1) == single.end)
        let file = ModeCurve(curve: curve, inputTransform: nil, featureNames: nil, fromName: "a", toName: "b")
        let path = Interpolation(curve: file)
        let batch = Self.batch(Double.self)
        #expect((path.network(at: 0) as Network<Double>).flatParameters == flatten(curve.start))
        #expect((path.network(at: 1) as Network<Float>).flatParameters == flatten(curve.end).map(Float.init))
        #expect(path.evaluate(at: [0, 1], train: batch).map(\.train) == [file.from.network.evaluate(batch), file.to.network.evaluate(batch)])
    }

    @Test("with the bend at the midpoint the curve is the straight line at every t")
    func midpointIsTheLine() throws {
        let a = Self.architecture.initialParameters(seed: 1, as: Double.self), b = Self.architecture.initialParameters(seed: 2, as: Double.self)
        let straight = BezierCurve(architecture: Self.architecture, start: a, end: b)
        let line = try Interpolation(from: Model(network: Network(architecture: Self.architecture, parameters: a)),
                                     to: Model(network: Network(architecture: Self.architecture, parameters: b)))
        for i in 0...40 {
            let t = Double(i) / 40
            let onLine = (line.network(at: t) as Network<Double>).flatParameters
            #expect(relativeError(flatten(straight.parameters(at: t)), onLine) < 1e-15, "t = \(t)")
        }
        let ts = (0...8).map { Double($0) / 8 }
        let batch = Self.batch(Double.self)
        let curveLosses = ts.map { straight.network(at: $0).evaluate(batch).loss }
        let lineLosses = line.evaluate(at: ts, train: batch).map(\.train.loss)
        #expect(relativeError(curveLosses, lineLosses) < 1e-15)
    }

    /// θ(t) written out element by element from the definition.
    func pointByDefinition(_ curve: BezierCurve<Double>, _ t: Double) -> [Double] {
        let (a, c, b) = (flatten(curve.start), flatten(curve.bend), flatten(curve.end))
        return a.indices.map { (1 - t) * (1 - t) * a[$0] + 2 * t * (1 - t) * c[$0] + t * t * b[$0] }
    }

    @Test("the curve's points are the definition's")
    func points() {
        let curve = Self.curve(Double.self)
        for t in Self.ts {
            #expect(relativeError(flatten(curve.parameters(at: t)), pointByDefinition(curve, t)) < 1e-15)
        }
    }
}
