import Foundation
import Testing
import Landscape

/// The principal plane of a training path (Li et al. 2018 §7) against paths whose plane is known,
/// and against PCA computed another way: power iteration on the covariance matrix itself.
@Suite("Principal directions of a training path")
struct TrajectoryPCATests {
    static func dot(_ x: [Double], _ y: [Double]) -> Double { zip(x, y).reduce(0) { $0 + $1.0 * $1.1 } }

    /// Two orthonormal vectors of `n` entries (Gram–Schmidt on seeded Gaussians).
    static func orthonormalPair(_ n: Int, seed: UInt64) -> ([Double], [Double]) {
        var random = RandomSource(seed: seed, stream: .data)
        let x = (0..<n).map { _ in random.normal() }, y = (0..<n).map { _ in random.normal() }
        let u = x.map { $0 / dot(x, x).squareRoot() }
        let w = zip(y, u).map { $0 - dot(y, u) * $1 }
        return (u, w.map { $0 / dot(w, w).squareRoot() })
    }

    /// Points `center + x·u + y·v` for the given coordinates: a path lying exactly in a known plane.
    static func path(_ coordinates: [(Double, Double)], center: [Double], u: [Double], v: [Double]) -> [[Double]] {
        coordinates.map { x, y in (0..<center.count).map { center[$0] + x * u[$0] + y * v[$0] } }
    }

    @Test("a path in a known plane: the directions are its axes, the variance is all theirs, the projections its coordinates")
    func knownPlane() throws {
        let n = 40
        let (u, v) = Self.orthonormalPair(n, seed: 3)
        var random = RandomSource(seed: 4, stream: .data)
        let center = (0..<n).map { _ in random.normal() }
        // Centred coordinates with Σx = Σy = Σxy = 0, Σx² = 40·s², Σy² = 4·s²: the principal axes
        // are u and v exactly, with 40/44 and 4/44 of the variance. The path ends at the centre.
        let s = 0.37
        let units: [(Double, Double)] = [(-4, 1), (-2, -1), (2, -1), (4, 1), (0, 0)]
        let coordinates = units.map { ($0.0 * s, $0.1 * s) }
        let iterates = Self.path(coordinates, center: center, u: u, v: v)
        let pca = try TrajectoryPCA(iterates: iterates)
        #expect(abs(pca.explainedVariance[0] - 40.0 / 44) < 1e-12 && abs(pca.explainedVariance[1] - 4.0 / 44) < 1e-12)
        #expect(abs(pca.explainedVariance[0] + pca.explainedVariance[1] - 1) < 1e-12)
        // Signs: the first iterate, at (−4s, s), is on the negative side of both directions.
        #expect(abs(Self.dot(pca.first, u) - 1) < 1e-12 && abs(Self.dot(pca.second, v) + 1) < 1e-12)
        #expect(abs(Self.dot(pca.first, pca.first) - 1) < 1e-14 && abs(Self.dot(pca.first, pca.second)) < 1e-14)
        for (point, (x, y)) in zip(iterates, coordinates) {
            let (a, b) = pca.coordinates(of: point, around: center)
            #expect(abs(a - x) < 1e-12 && abs(b + y) < 1e-12, "(\(x), \(y)) projected to (\(a), \(b))")
        }
        let (a, b) = pca.coordinates(of: iterates[4], around: iterates[4])
        #expect(a == 0 && b == 0)
    }

    @Test("a path off the plane: the directions and shares of power iteration on the covariance matrix")
    func againstCovariance() throws {
        // A curved path in a 30-dimensional space: mostly along two directions, a little along others.
        let n = 30, m = 25
        var random = RandomSource(seed: 9, stream: .data)
        let axes = (0..<4).map { _ in (0..<n).map { _ in random.normal() } }
        let iterates = (0..<m).map { i -> [Double] in
            let t = Double(i) / Double(m - 1)
            let weights = [3 * (1 - t) * (1 - t), sin(4 * t), 0.2 * t * t * t, 0.05 * cos(9 * t)]
            return (0..<n).map { k in (0..<4).reduce(1.5) { $0 + weights[$1] * axes[$1][k] } }
        }
        let pca = try TrajectoryPCA(iterates: iterates)

        // The covariance C = XᵀX of the centred iterates, formed entry by entry, and its top two
        // eigenvectors by power iteration with deflation.
        let mean = (0..<n).map { k in iterates.reduce(0) { $0 + $1[k] } / Double(m) }
        let rows = iterates.map { zip($0, mean).map { $0 - $1 } }
        let covariance = (0..<n).map { j in (0..<n).map { k in rows.reduce(0) { $0 + $1[j] * $1[k] } } }
        let total = (0..<n).reduce(0) { $0 + covariance[$1][$1] }
        func apply(_ x: [Double]) -> [Double] { covariance.map { Self.dot($0, x) } }
        var found: [(value: Double, vector: [Double])] = []
        for _ in 0..<2 {
            var x = (0..<n).map { Double($0 % 3) + 0.5 }
            for _ in 0..<3000 {
                var y = apply(x)
                for (_, q) in found { y = zip(y, q).map { $0 - Self.dot(y, q) * $1 } }
                x = y.map { $0 / Self.dot(y, y).squareRoot() }
            }
            found.append((Self.dot(x, apply(x)), x))
        }
        for (k, direction) in [pca.first, pca.second].enumerated() {
            #expect(abs(abs(Self.dot(direction, found[k].vector)) - 1) < 1e-10, "direction \(k + 1)")
            #expect(abs(pca.explainedVariance[k] - found[k].value / total) < 1e-10, "share \(k + 1)")
        }
        #expect(pca.explainedVariance[0] > 0.5 && pca.explainedVariance[0] + pca.explainedVariance[1] < 1)
        // The first iterate lies on the negative side of both directions from the last.
        let (a, b) = pca.coordinates(of: iterates[0], around: iterates[m - 1])
        #expect(a < 0 && b <= 0)
    }

    @Test("fewer than three iterates, equal iterates and iterates on a line are refused")
    func refused() {
        let (u, _) = Self.orthonormalPair(6, seed: 1)
        let point = [Double](repeating: 0.5, count: 6)
        #expect(throws: LandscapeError.invalidInput("a plane from the iterates needs at least 3 of them, and there are 2")) {
            try TrajectoryPCA(iterates: [point, u])
        }
        #expect(throws: LandscapeError.invalidInput("the iterates are all equal: the path has no direction")) {
            try TrajectoryPCA(iterates: [point, point, point])
        }
        let line = [0.0, 1, 3, -2].map { t in zip(point, u).map { $0 + t * $1 } }
        #expect(throws: LandscapeError.invalidInput("the iterates lie on one line: the path has no second direction (interpolate draws it)")) {
            try TrajectoryPCA(iterates: line)
        }
    }

    @Test("the plane of a trained model's path: the model at (0, 0), the path inside the default range, float32 as float64")
    func plane() throws {
        var configuration = RunConfiguration(data: TestData.repository.appendingPathComponent("datasets/iris.csv").path)
        configuration.hidden = [5]
        configuration.length = .epochs(12)
        var run = try TrainingRun(configuration: configuration)
        run.iteratesInterval = 10
        let model = try run.run().model
        let iterates = try #require(run.iterates)
        let plane = try Plane.principal(model, name: "m.json", iterates: iterates, iteratesName: "path.json")
        #expect(plane.trajectory.map(\.step) == iterates.steps)
        #expect(plane.trajectory.last!.a == 0 && plane.trajectory.last!.b == 0)
        let pca = try TrajectoryPCA(iterates: iterates.parameters)
        #expect(plane.explainedVariance == pca.explainedVariance && plane.slice.first == pca.first && plane.slice.second == pca.second)
        let range = plane.defaultRange
        for point in plane.trajectory {
            #expect(range.a.0 < point.a && point.a < range.a.1 && range.b.0 < point.b && point.b < range.b.1)
        }
        // The first iterate is the initial network: the plane's point there is its projection, so
        // the loss at (a₀, b₀) is not the initial loss in general, but the plane's own parametrization is.
        let start = plane.trajectory[0]
        let onPlane = zip(model.network.flatParameters, zip(pca.first, pca.second)).map { $0 + start.a * $1.0 + start.b * $1.1 }
        let batch = try model.batch(for: run.data.train, as: Double.self)
        let points = plane.slice.evaluate(a: [start.a, 0], b: [start.b, 0], on: batch)
        #expect(abs(points[0].evaluation.loss - Network(architecture: model.architecture, flatParameters: onPlane).evaluate(batch).loss) < 1e-13)
        #expect(points[3].evaluation == model.network.evaluate(batch))
        let single = plane.slice.evaluate(a: [start.a, 0], b: [start.b, 0], on: batch.converted(to: Float.self))
        #expect(single[3].evaluation == model.network.converted(to: Float.self).evaluate(batch.converted(to: Float.self)))
        for (p32, p64) in zip(single, points) { #expect(relativeError(p32.evaluation.loss, p64.evaluation.loss) < 1e-5) }
    }

    @Test("iterates of another architecture are refused")
    func otherArchitecture() throws {
        let architecture = Architecture(sizes: [4, 5, 3], activation: .tanh, loss: .crossEntropy)
        var iterates = Iterates(architecture: Architecture(sizes: [4, 6, 3], activation: .tanh, loss: .crossEntropy), every: 1)
        for step in 0..<3 { iterates.append(step: step, parameters: Network<Double>(architecture: iterates.architecture, seed: UInt64(step)).flatParameters) }
        let model = Model(network: Network(architecture: architecture, seed: 1))
        #expect(throws: LandscapeError.invalidInput(
            "p.json holds iterates of a 4-6-3 tanh softmax-cross-entropy network with 51 parameters, but m.json is 4-5-3 tanh softmax-cross-entropy with 43")) {
            try Plane.principal(model, name: "m.json", iterates: iterates, iteratesName: "p.json")
        }
    }
}
