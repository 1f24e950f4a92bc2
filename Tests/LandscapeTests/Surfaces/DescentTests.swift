import Testing
import Landscape

/// The facts the classic surfaces are there to show, measured.
@Suite("Descent on the classic surfaces")
struct DescentTests {
    func steps<O: Optimizer>(_ optimizer: O, on surface: Surface, lr: Double, steps: Int, from start: SurfacePoint? = nil) throws -> DescentRun
    where O.Scalar == Double {
        try SurfaceDescent(surface: surface, start: start ?? surface.start!, steps: steps).run(optimizer, label: "", learningRate: lr)
    }

    /// Steps to within 1e-8 of the minimum of the bowl with condition κ from (1, 1): gradient descent at
    /// its best fixed step 2/(1 + κ), heavy ball at its best (η, μ) = (4/(1 + √κ)², ((√κ − 1)/(√κ + 1))²),
    /// and Newton's method.
    func bowl(_ kappa: Double) throws -> (gd: Int, momentum: Int, newton: Int) {
        let surface = Surface.bowl(condition: kappa)
        let root = kappa.squareRoot()
        let gd = try steps(GradientDescent(), on: surface, lr: 2 / (1 + kappa), steps: 11 * Int(kappa) + 20)
        let heavy = try steps(Momentum(momentum: ((root - 1) / (root + 1)) * ((root - 1) / (root + 1))), on: surface,
                              lr: 4 / ((1 + root) * (1 + root)), steps: 40 * Int(root) + 20)
        let newton = try steps(Newton(), on: surface, lr: 1, steps: 3)
        return (try #require(gd.reachedAt), try #require(heavy.reachedAt), try #require(newton.reachedAt))
    }

    @Test("on the bowl, gradient descent needs steps growing like κ, momentum like √κ, Newton one")
    func bowlConditioning() throws {
        let table = try [1.0, 10, 100, 1000].map { try bowl($0) }
        #expect(table[0] == (1, 1, 1))
        #expect(table.allSatisfy { $0.newton == 1 })
        for k in 1..<3 {
            let gdRatio = Double(table[k + 1].gd) / Double(table[k].gd)
            let momentumRatio = Double(table[k + 1].momentum) / Double(table[k].momentum)
            #expect(gdRatio > 8 && gdRatio < 12, "gd \(table.map(\.gd))")
            #expect(momentumRatio > 2.5 && momentumRatio < 4.5, "momentum \(table.map(\.momentum))")
        }
        // (κ + 1)/2 · ln(√2·10⁸) ≈ 9.4·κ steps for gradient descent at κ = 1000.
        #expect(table[3].gd > 9000 && table[3].momentum < 500)
    }

    @Test("on Rosenbrock from (−1.5, 2), Newton reaches (1, 1) to 1e-8 in a few tens of steps; gradient descent does not in thousands")
    func rosenbrock() throws {
        let newton = try steps(Newton(), on: .rosenbrock, lr: 1, steps: 50)
        #expect(try #require(newton.reachedAt) < 30)
        let gd = try steps(GradientDescent(), on: .rosenbrock, lr: 0.0015, steps: 5000)
        #expect(gd.reachedAt == nil && gd.divergedAt == nil && gd.last.point.distance(to: SurfacePoint(x: 1, y: 1)) > 1e-4)
        let heavy = try steps(Momentum(momentum: 0.9), on: .rosenbrock, lr: 0.0015, steps: 5000)
        let reached = try #require(heavy.reachedAt)
        #expect(reached > 100 && reached < 5000)
    }

    @Test("on the saddle, gradient descent from exactly (0, 0) never moves; from (0.05, 0.05) it escapes along y")
    func saddle() throws {
        let stuck = try steps(GradientDescent(), on: .saddle, lr: 0.1, steps: 100, from: SurfacePoint(x: 0, y: 0))
        #expect(stuck.path.allSatisfy { $0.point == SurfacePoint(x: 0, y: 0) && $0.gradientNorm == 0 })
        let escaping = try steps(GradientDescent(), on: .saddle, lr: 0.1, steps: 30)
        // x shrinks by 1 − 2η = 0.8 per step, y grows by 1 + 2η = 1.2.
        let last = escaping.last.point
        #expect(abs(last.x - 0.05 * Double.pow(0.8, 30)) < 1e-15 && abs(last.y - 0.05 * Double.pow(1.2, 30)) < 1e-12)
        #expect(abs(last.y) > 10 && abs(last.x) < 1e-3)
    }

    @Test("on Himmelblau, batch and noisy gradient descent from one start end in different basins for some seeds")
    func himmelblauBasins() throws {
        func basin(noise: Double, seed: UInt64) throws -> SurfacePoint {
            let descent = SurfaceDescent(surface: .himmelblau, start: Surface.himmelblau.start!, steps: 1000,
                                         schedule: LearningRateSchedule(shape: .cosine(minimum: 0)))
            let run = try descent.run(GradientDescent<Double>(), label: "", learningRate: 0.01, noise: noise, seed: seed)
            return try #require(Surface.himmelblau.nearestMinimum(to: run.last.point))
        }
        let batch = try basin(noise: 0, seed: 0)
        let noisy = try (0..<4).map { try basin(noise: 3, seed: $0) }
        #expect(noisy.contains { $0 != batch })
        #expect(noisy.contains { $0 == batch })
        #expect(try basin(noise: 3, seed: 0) == noisy[0])
    }

    @Test("a diverging run stops at the first non-finite step and says so")
    func divergence() throws {
        let run = try steps(GradientDescent(), on: .rosenbrock, lr: 0.01, steps: 1000)
        let step = try #require(run.divergedAt)
        #expect(step > 1 && step < 1000 && run.path.count == step + 1 && !run.last.loss.isFinite)
    }

    @Test("every optimizer runs in float32 too")
    func float32() throws {
        let descent = SurfaceDescent(surface: .bowl(condition: 10), start: SurfacePoint(x: 1, y: 1), steps: 200, tolerance: 1e-4)
        for kind in OptimizerKind.allCases where kind != .sam {
            let run = try descent.run(OptimizerSettings(kind: kind).makeOptimizer(Float.self), label: kind.rawValue,
                                      learningRate: kind == .newton ? 1 : 0.05)
            #expect(run.reachedAt != nil, "\(kind)")
        }
    }

    @Test("SAM at a constant rate ends in a two-cycle across the minimum, at the distance its ascent predicts")
    func samTwoCycle() throws {
        // Along y (curvature a = 10) the step is y ← y − α·a·(y + ρ·sign y): once the ascent
        // dominates, y jumps between ±α·a·ρ/(2 − α·a) = ±0.05·10·0.05/1.5 = ±1/60.
        let descent = SurfaceDescent(surface: .bowl(condition: 10), start: SurfacePoint(x: 1, y: 1), steps: 200)
        for precision in [Precision.float32, .float64] {
            let run = try descent.run(OptimizerSettings(kind: .sam), precision: precision, label: "sam", learningRate: 0.05)
            let (last, before) = (run.path[200].point, run.path[199].point)
            #expect(run.divergedAt == nil && run.reachedAt == nil)
            #expect(abs(abs(last.y) - 1.0 / 60) < 1e-6 && abs(last.y + before.y) < 1e-6 && abs(last.x) < 1e-3, "\(precision): \(last)")
        }
    }
}
