import Testing
import Landscape

@Suite("Critical points")
struct CriticalPointTests {
    @Test("Himmelblau: four minima with f = 0, one maximum, four saddles")
    func himmelblau() {
        let points = CriticalPointSearch(xRange: -5...5, yRange: -5...5).run(on: .himmelblau, precision: Double.self)
        let minima = points.filter { $0.kind == .minimum }
        #expect(minima.count == 4 && points.filter { $0.kind == .saddle }.count == 4)
        #expect(points.filter { $0.kind == .maximum }.count == 1 && points.count == 9)
        for m in minima {
            #expect(abs(m.analysis.value) < 1e-20)
            #expect(Surface.himmelblau.minima.contains { $0.distance(to: m.point) < 1e-12 })
        }
        let top = points.first { $0.kind == .maximum }!
        // The literature's local maximum: f(−0.270845, −0.923039) = 181.617.
        #expect(relativeError(top.point.x, -0.270845) < 1e-5 && relativeError(top.point.y, -0.923039) < 1e-5, "\(top.point)")
        #expect(relativeError(top.analysis.value, 181.617) < 1e-5, "\(top.analysis.value)")
        let gradient = Surface.himmelblau.derivatives(x: top.point.x, y: top.point.y).gradient
        #expect(gradient.allSatisfy { abs($0) < 1e-8 }, "gradient \(gradient)")
        #expect(points.map(\.starts).reduce(0, +) <= 400)
    }

    @Test("the saddle has one critical point; a box without any gives none; float32 finds the same")
    func others() throws {
        let saddle = CriticalPointSearch(xRange: -1...1, yRange: -1...1, grid: 4).run(on: .saddle, precision: Double.self)
        #expect(saddle.count == 1 && saddle[0].kind == .saddle && saddle[0].point == SurfacePoint(x: 0, y: 0))
        #expect(CriticalPointSearch(xRange: 2...3, yRange: 2...3, grid: 5).run(on: .saddle, precision: Double.self).isEmpty)
        let periodic = CriticalPointSearch(xRange: -2...2, yRange: -2...2, grid: 12)
            .run(on: try Surface(formula: "sin(x)*cos(y)"), precision: Double.self)
        // ∇(sin x cos y) = (cos x cos y, −sin x sin y) vanishes in the box at (±π/2, 0), a minimum and a
        // maximum, and at (0, ±π/2), two saddles.
        #expect(periodic.map(\.kind) == [.minimum, .saddle, .saddle, .maximum])
        #expect(abs(periodic[0].point.x + Double.pi / 2) < 1e-12 && abs(periodic[1].point.y + Double.pi / 2) < 1e-12)
        let single = CriticalPointSearch(xRange: -5...5, yRange: -5...5, tolerance: 1e-3).run(on: .himmelblau, precision: Float.self)
        #expect(single.count == 9)
    }
}
