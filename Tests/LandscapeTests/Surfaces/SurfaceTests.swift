import Foundation
import Testing
import Landscape

@Suite("Surfaces")
struct SurfaceTests {
    func expectDerivatives(
        _ surface: Surface, at p: (Double, Double), value: Double, gradient: [Double], hessian: [[Double]],
        tolerance: Double = 1e-13, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let d = surface.derivatives(x: p.0, y: p.1)
        #expect(relativeError(d.value, value) < tolerance, "value \(d.value)", sourceLocation: sourceLocation)
        #expect(relativeError(d.gradient, gradient) < tolerance, "gradient \(d.gradient)", sourceLocation: sourceLocation)
        #expect(relativeError(Array(d.hessian.joined()), Array(hessian.joined())) < tolerance, "Hessian \(d.hessian)",
                sourceLocation: sourceLocation)
    }

    @Test("Rosenbrock's gradient and Hessian at (−1.5, 2) equal the hand-derived ones")
    func rosenbrock() {
        // f = (1 − x)² + 100(y − x²)² = 2.5² + 100·0.25² = 12.5; y − x² = −0.25.
        // f_x = −2(1 − x) − 400x(y − x²) = −5 − 150; f_y = 200(y − x²) = −50.
        // f_xx = 2 − 400(y − x²) + 800x² = 2 + 100 + 1800; f_xy = −400x = 600; f_yy = 200.
        expectDerivatives(.rosenbrock, at: (-1.5, 2), value: 12.5, gradient: [-155, -50], hessian: [[1902, 600], [600, 200]])
    }

    @Test("Himmelblau's derivatives at (1, 2)")
    func himmelblau() {
        // u = x² + y − 11 = −8, v = x + y² − 7 = −2: f = 64 + 4; f_x = 4xu + 2v = −36; f_y = 2u + 4yv = −32;
        // f_xx = 12x² + 4y − 42 = −22; f_xy = 4x + 4y = 12; f_yy = 4x + 12y² − 26 = 26.
        expectDerivatives(.himmelblau, at: (1, 2), value: 68, gradient: [-36, -32], hessian: [[-22, 12], [12, 26]])
    }

    @Test("a typed formula with functions: sin(x)*cos(y)")
    func trigonometric() throws {
        let (x, y) = (0.3, 0.7)
        expectDerivatives(try Surface(formula: "sin(x)*cos(y)"), at: (x, y), value: sin(x) * cos(y),
                          gradient: [cos(x) * cos(y), -sin(x) * sin(y)],
                          hessian: [[-sin(x) * cos(y), -cos(x) * sin(y)], [-cos(x) * sin(y), -sin(x) * cos(y)]])
    }

    @Test("a variable exponent: x^y = exp(y·log x)")
    func variableExponent() throws {
        // At (2, 3): f = 8, f_x = y·x^(y−1) = 12, f_y = x^y·ln x, f_xx = y(y − 1)x^(y−2) = 12,
        // f_xy = x^(y−1)(1 + y·ln x), f_yy = x^y·ln²x.
        let l = log(2.0)
        expectDerivatives(try Surface(formula: "x^y"), at: (2, 3), value: 8, gradient: [12, 8 * l],
                          hessian: [[12, 4 * (1 + 3 * l)], [4 * (1 + 3 * l), 8 * l * l]], tolerance: 1e-14)
    }

    @Test("every function's derivatives agree with finite differences")
    func functions() throws {
        let surface = try Surface(formula: "exp(x*y) + log(x + 2) - sin(y)^2 + cos(x - y) + tanh(x*y) + sqrt(x^2 + y^2) + abs(x - 2*y) / (1 + y^2)")
        let (x, y) = (0.4, -0.3)
        let d = surface.derivatives(x: x, y: y)
        let f = { (p: [Double]) in surface.value(x: p[0], y: p[1]) }
        #expect(relativeError(d.gradient, finiteDifferenceGradient(of: f, at: [x, y])) < 1e-8)
        for i in 0..<2 {
            let column = finiteDifferenceGradient(of: { p in surface.derivatives(x: p[0], y: p[1]).gradient[i] }, at: [x, y])
            #expect(relativeError(d.hessian[i], column) < 1e-7)
        }
        #expect(d.value == surface.value(x: x, y: y))
    }

    @Test("the classics parse, hold their minima, and the bowl has Hessian diag(1, κ)")
    func classics() {
        for name in Surface.classicNames {
            let surface = Surface.classic(named: name, condition: 10)!
            #expect(surface.name == name)
            for minimum in surface.minima {
                let a = PointAnalysis(surface: surface, at: minimum, precision: Double.self)
                #expect(a.kind == .minimum && a.gradientNorm < 1e-12 && abs(a.value) < 1e-12, "\(name) at \(minimum)")
            }
        }
        let bowl = Surface.bowl(condition: 1000)
        #expect(bowl.derivatives(x: 0.3, y: -0.2).hessian == [[1, 0], [0, 1000]])
        #expect(Surface.classic(named: "banana") == nil)
    }
}

@Suite("Point analysis")
struct PointAnalysisTests {
    @Test("the saddle at (0.05, 0.05): eigenvalues +2 and −2, escape along y")
    func saddle() {
        let a = PointAnalysis(surface: .saddle, at: SurfacePoint(x: 0.05, y: 0.05), precision: Double.self)
        #expect(a.eigenvalues == [2, -2])
        #expect(a.eigenvectors == [[1, 0], [0, 1]])
        #expect(a.kind == .saddle && a.escapeDirection == [0, 1])
        #expect(a.trace == 0 && a.determinant == -4)
        #expect(!a.isCritical(tolerance: 1e-6))
        #expect(PointAnalysis(surface: .saddle, at: SurfacePoint(x: 0, y: 0), precision: Double.self).isCritical(tolerance: 1e-12))
    }

    @Test("eigenvectors of a Hessian not aligned with the axes")
    func rotated() {
        // The ravine ((x + y)² + 100(x − y)²)/4 has Hessian [[50.5, −49.5], [−49.5, 50.5]]:
        // eigenvalue 100 along (1, −1)/√2 and 1 along (1, 1)/√2.
        let a = PointAnalysis(surface: .ravine, at: SurfacePoint(x: 0, y: 0), precision: Double.self)
        #expect(a.hessian == [[50.5, -49.5], [-49.5, 50.5]])
        #expect(relativeError(a.eigenvalues, [100, 1]) < 1e-15)
        let r = 0.5.squareRoot()
        #expect(relativeError(Array(a.eigenvectors.joined()), [r, -r, r, r]) < 1e-15)
        #expect(a.kind == .minimum)
    }

    @Test("maximum and degenerate points")
    func kinds() throws {
        let top = PointAnalysis(surface: .himmelblau, at: SurfacePoint(x: -0.2708445906673476, y: -0.9230385564799816), precision: Double.self)
        #expect(top.kind == .maximum && top.isCritical(tolerance: 1e-9))
        let flat = PointAnalysis(surface: try Surface(formula: "x^4 + y^2"), at: SurfacePoint(x: 0, y: 0), precision: Double.self)
        #expect(flat.kind == .degenerate && flat.eigenvalues == [2, 0])
        let single = PointAnalysis(surface: .saddle, at: SurfacePoint(x: 0.05, y: 0.05), precision: Float.self)
        #expect(single.eigenvalues == [2, -2])
    }
}
