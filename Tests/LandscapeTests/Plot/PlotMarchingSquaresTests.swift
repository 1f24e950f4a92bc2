import Foundation
import Testing
import Landscape

@Suite("Marching squares")
struct PlotMarchingSquaresTests {
    static func bowl(xCount: Int, yCount: Int) -> ScalarField {
        ScalarField(x: -2...2, y: -1.5...1.5, xCount: xCount, yCount: yCount) { x, y in x * x + y * y }
    }

    @Test("contours of x² + y² are closed circles of radius √c", arguments: [0.25, 1.0, 2.0])
    func circles(level: Double) throws {
        let field = Self.bowl(xCount: 81, yCount: 61)
        let spacing = 4.0 / 80
        let lines = MarchingSquares.isolines(of: field, at: level)
        try #require(lines.count == 1)
        let circle = lines[0]
        #expect(circle.first == circle.last, "the contour closes")
        let radius = level.squareRoot()
        #expect(circle.count > Int(2 * Double.pi * radius / spacing), "one point per cell crossed")
        for point in circle {
            let r = (point.x * point.x + point.y * point.y).squareRoot()
            #expect(abs(r - radius) < spacing / 2, "(\(point.x), \(point.y)) is \(r) from the centre")
        }
        let angles = circle.map { atan2($0.y, $0.x) }
        #expect(angles.min()! < -3 && angles.max()! > 3, "the contour goes all the way round")
    }

    /// Both saddle orientations: xy (the higher corners on one diagonal) and −xy (on the other).
    @Test("a saddle gives the two branches of the hyperbola, exactly on the level set", arguments: [1.0, -1.0])
    func saddle(sign: Double) {
        let field = ScalarField(x: -1...1, y: -1...1, xCount: 4, yCount: 4) { x, y in sign * x * y }
        let lines = MarchingSquares.isolines(of: field, at: 0.01)
        #expect(lines.count == 2)
        for line in lines {
            #expect(line.allSatisfy { abs(sign * $0.x * $0.y - 0.01) < 1e-12 }, "bilinear data is interpolated exactly")
            #expect(line.allSatisfy { $0.x > 0 } || line.allSatisfy { $0.x < 0 }, "each branch stays in its quadrant: \(line)")
            for (a, b) in zip(line, line.dropFirst()) {
                #expect(sign * (a.x + b.x) * (a.y + b.y) > 0, "no segment cuts through the saddle's low ground")
            }
        }
        let zero = MarchingSquares.isolines(of: field, at: 0)
        #expect(!zero.isEmpty && zero.joined().allSatisfy { abs($0.x * $0.y) < 1e-12 })
    }

    @Test("cells with a NaN corner are skipped, breaking the line there")
    func missing() {
        var values = Self.bowl(xCount: 81, yCount: 61).values
        for j in values[40].indices { values[40][j] = .nan }
        let field = ScalarField(x: -2...2, y: -1.5...1.5, values: values)
        let lines = MarchingSquares.isolines(of: field, at: 1)
        #expect(lines.count == 2, "the circle is cut in two by the missing column")
        for point in lines.joined() {
            #expect(point.x.isFinite && point.y.isFinite)
            #expect(abs(point.x) >= 0.05 - 1e-12, "no point inside a cell next to x = 0")
        }
    }

    @Test("levels outside the values give no lines")
    func outside() {
        let field = Self.bowl(xCount: 11, yCount: 11)
        #expect(MarchingSquares.isolines(of: field, at: -1).isEmpty)
        #expect(MarchingSquares.isolines(of: field, at: 100).isEmpty)
    }
}
