import Testing
import Landscape

@Suite("Interpolation, directions and planes")
struct InterpolationTests {
    static func models() -> (Model, Model, Model, Batch<Double>) {
        let architecture = Architecture(sizes: [4, 6, 3], activation: .tanh, loss: .crossEntropy)
        let transform = InputTransform(mean: [0, 1, 0, 0], std: [1, 2, 1, 1])
        let make = { (seed: UInt64) in Model(network: Network(architecture: architecture, seed: seed), inputTransform: transform) }
        return (make(1), make(2), make(3), TestData.randomBatch(rows: 20, inputs: 4, outputs: 3, loss: .crossEntropy, seed: 4))
    }

    @Test("α = 0 and α = 1 give exactly the two models; α = ½ their average")
    func ends() throws {
        let (a, b, _, batch) = Self.models()
        let path = try Interpolation(from: a, to: b)
        let points = path.evaluate(at: [0, 0.5, 1], train: batch, test: batch)
        #expect(points[0].train == a.network.evaluate(batch) && points[2].train == b.network.evaluate(batch))
        #expect(points[0].test == a.network.evaluate(batch))
        let mean = zip(a.network.flatParameters, b.network.flatParameters).map { ($0 + $1) / 2 }
        #expect(abs(points[1].train.loss - Network(architecture: a.architecture, flatParameters: mean).evaluate(batch).loss) < 1e-15)
        let single = path.evaluate(at: [0, 1], train: batch.converted(to: Float.self))
        #expect(single[0].train == a.network.converted(to: Float.self).evaluate(batch.converted(to: Float.self)))
    }

    @Test("models of different architectures or input transforms are refused")
    func refused() {
        let (a, _, _, _) = Self.models()
        let wider = Model(network: Network(architecture: Architecture(sizes: [4, 7, 3], activation: .tanh, loss: .crossEntropy), seed: 1),
                          inputTransform: a.inputTransform)
        let relu = Model(network: Network(architecture: Architecture(sizes: [4, 6, 3], activation: .relu, loss: .crossEntropy), seed: 1),
                         inputTransform: a.inputTransform)
        let untransformed = Model(network: a.network)
        #expect(throws: LandscapeError.self) { try Interpolation(from: a, to: wider) }
        #expect(throws: LandscapeError.self) { try Interpolation(from: a, to: relu) }
        #expect(throws: LandscapeError.self) { try Interpolation(from: a, to: untransformed) }
    }

    @Test("the barrier is the largest excess over the straight line between the end losses")
    func barrier() {
        let samples: [(alpha: Double, loss: Double)] = [(-1, 9), (0, 1), (0.25, 2.5), (0.5, 3), (0.75, 2), (1, 2), (2, 8)]
        let b = Interpolation.barrier(samples, start: 1, end: 2)
        #expect(b.height == 1.5 && b.alpha == 0.5)
        #expect(Interpolation.barrier([(0.5, 0.2)], start: 1, end: 2).height == 0)
    }

    @Test("Frankle's barrier is the largest loss above the mean of the end losses, ends included; Entezari's stays above the line")
    func frankleBarrier() {
        // Ends 1 and 3; the line between them is 1 + 2α, their mean 2.
        let bump: [(alpha: Double, loss: Double)] = [(-1, 9), (0.25, 2.6), (0.5, 2.9), (0.75, 3.2), (2, 8)]
        let entezari = Interpolation.barrier(bump, start: 1, end: 3), frankle = Interpolation.frankleBarrier(bump, start: 1, end: 3)
        #expect(entezari.alpha == 0.25 && abs(entezari.height - 1.1) < 1e-15)   // 2.6 − 1.5
        #expect(frankle.alpha == 0.75 && abs(frankle.height - 1.2) < 1e-15)     // 3.2 − 2
        // A path that only rises: no barrier above the line, half the rise above the mean, at the worse end.
        let rising: [(alpha: Double, loss: Double)] = [(0.25, 1.5), (0.5, 2), (0.75, 2.5)]
        #expect(Interpolation.barrier(rising, start: 1, end: 3) == (0, 0))
        #expect(Interpolation.frankleBarrier(rising, start: 1, end: 3) == (1, 1))
        #expect(Interpolation.frankleBarrier(rising.map { (1 - $0.alpha, $0.loss) }, start: 3, end: 1) == (1, 0))
        // Equal ends and a bump: both forms agree.
        let equal: [(alpha: Double, loss: Double)] = [(0.25, 1.5), (0.5, 2.5), (0.75, 1.25)]
        #expect(Interpolation.barrier(equal, start: 1, end: 1) == (1.5, 0.5) && Interpolation.frankleBarrier(equal, start: 1, end: 1) == (1.5, 0.5))
        // A path below its ends: Frankle's barrier is 0 at α = 0.
        #expect(Interpolation.frankleBarrier([(0.5, 0.5)], start: 1, end: 1) == (0, 0))
    }

    @Test("a profile's two barriers are those of its sampled losses and its end models' losses")
    func profileBarriers() throws {
        let (a, b, _, _) = Self.models()
        let data = Dataset(source: "rows", featureNames: ["w", "x", "y", "z"],
                           features: Matrix(rows: 4, cols: 4, elements: [0.1, 0.2, 0.3, 0.4, -1, 2, 0.5, 0, 2, -1, 1, -0.5, 0.3, 0.3, -2, 1]),
                           labels: [0, 1, 2, 1])
        let profile = try Interpolation(from: a, to: b).profile(at: [0.2, 0.4, 0.6, 0.8], train: data, test: data, precision: .float64)
        let ends = [a, b].map { $0.network.evaluate(try! $0.batch(for: data)).loss }
        let losses = profile.points.map(\.train.loss)
        let line = zip([0.2, 0.4, 0.6, 0.8], losses).map { $1 - ((1 - $0) * ends[0] + $0 * ends[1]) }
        let mean = zip([0.2, 0.4, 0.6, 0.8], losses).map { $1 - (ends[0] + ends[1]) / 2 } + [(ends[0] - ends[1]) / 2, (ends[1] - ends[0]) / 2]
        #expect(abs(profile.trainBarrier.height - max(0, line.max()!)) < 1e-14)
        #expect(abs(profile.trainFrankleBarrier.height - mean.max()!) < 1e-14)
        #expect(profile.testFrankleBarrier?.height == profile.trainFrankleBarrier.height)
    }

    @Test("filter, layer and random directions have the norms they promise", arguments: DirectionScaling.allCases)
    func directionNorms(scaling: DirectionScaling) {
        let (a, _, _, _) = Self.models()
        var random = RandomSource(seed: 5, stream: .directions)
        let bias = BiasDirection.standard(for: scaling)
        let d = Directions.random(for: a.network, scaling: scaling, bias: bias, random: &random)
        let shapes = a.architecture.parameterShapes
        let parts = a.architecture.unflatten(d), model = a.network.parameters
        func norm<C: Collection>(_ x: C) -> Double where C.Element == Double { x.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        switch scaling {
        case .filter:
            for t in stride(from: 0, to: shapes.count, by: 2) {
                for r in 0..<shapes[t].rows {
                    let row = r * shapes[t].cols..<(r + 1) * shapes[t].cols
                    #expect(abs(norm(parts[t].elements[row]) - norm(model[t].elements[row])) < 1e-12)
                }
                #expect(parts[t + 1].elements.allSatisfy { $0 == 0 })
            }
        case .layer:
            for t in shapes.indices { #expect(abs(norm(parts[t].elements) - norm(model[t].elements)) < 1e-12) }
        case .random:
            #expect(abs(norm(d) - norm(a.network.flatParameters)) < 1e-12)
        }
        var again = RandomSource(seed: 5, stream: .directions)
        #expect(Directions.random(for: a.network, scaling: scaling, bias: bias, random: &again) == d)
    }

    @Test("bias options: copy holds the model's biases")
    func biasCopy() {
        let (a, _, _, _) = Self.models()
        var random = RandomSource(seed: 6, stream: .directions)
        let d = a.architecture.unflatten(Directions.random(for: a.network, scaling: .filter, bias: .copy, random: &random))
        #expect(d[1] == a.network.parameters[1] && d[3] == a.network.parameters[3])
    }

    @Test("the plane through three models is orthonormal and passes through them")
    func throughThree() throws {
        let (a, b, c, batch) = Self.models()
        let (pa, pb, pc) = (a.network.flatParameters, b.network.flatParameters, c.network.flatParameters)
        let plane = try Directions.plane(through: pa, pb, pc)
        let dot = zip(plane.first, plane.second).reduce(0) { $0 + $1.0 * $1.1 }
        let n1 = plane.first.reduce(0) { $0 + $1 * $1 }, n2 = plane.second.reduce(0) { $0 + $1 * $1 }
        #expect(abs(dot) < 1e-12 * n1 && abs(n1 - n2) < 1e-12 * n1)
        let slice = PlaneSlice(center: a.network, first: plane.first, second: plane.second)
        for (model, (x, y)) in zip([pa, pb, pc], plane.coordinates) {
            let at = (slice.network(a: x, b: y) as Network<Double>).flatParameters
            #expect(relativeError(at, model) < 1e-12)
        }
        #expect(plane.coordinates[1] == (1, 0))
        #expect(slice.evaluate(a: [0], b: [0], on: batch)[0].evaluation == a.network.evaluate(batch))
        #expect(throws: LandscapeError.self) { try Directions.plane(through: pa, pa, pc) }
        let midpoint = zip(pa, pb).map { ($0 + $1) / 2 }
        #expect(throws: LandscapeError.self) { try Directions.plane(through: pa, pb, midpoint) }
    }

    @Test("the peers' plane on digits: centre, min, max and sum of 21 × 21 losses")
    func referencePlane() throws {
        let checks = try TestData.expectedChecks()["plane"]!
        let model = try TestData.referenceModel()
        let slice = PlaneSlice(center: model.network, first: try TestData.workloadVector("plane_d1"), second: try TestData.workloadVector("plane_d2"))
        let grid = (0...20).map { -1 + 2 * Double($0) / 20 }
        let points = slice.evaluate(a: grid, b: grid, on: try TestData.referenceTrainingBatch(Double.self))
        let losses = points.map(\.evaluation.loss)
        #expect(points[220].a == 0 && points[220].b == 0)
        #expect(losses[220] == model.network.evaluate(try TestData.referenceTrainingBatch(Double.self)).loss)
        #expect(relativeError(losses[220], checks["center"]!.doubleValue!) < 1e-10)
        #expect(relativeError(losses.min()!, checks["min"]!.doubleValue!) < 1e-10)
        #expect(relativeError(losses.max()!, checks["max"]!.doubleValue!) < 1e-10)
        #expect(relativeError(losses.reduce(0, +), checks["sum"]!.doubleValue!) < 1e-10)
    }
}

extension Batch {
    func converted<U: Real>(to: U.Type) -> Batch<U> {
        switch targets {
        case .classes(let labels): return Batch<U>(inputs: inputs.converted(), targets: .classes(labels))
        case .values(let values): return Batch<U>(inputs: inputs.converted(), targets: .values(values.converted()))
        }
    }
}
