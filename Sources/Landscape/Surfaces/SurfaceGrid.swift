/// A surface's values on a grid over a box, ends included: what `landscape surface` reports and
/// the explorer page shades its maps with.
public struct SurfaceGrid: Sendable {
    /// One point of the grid and f there.
    public struct Point: Sendable {
        public var x: Double
        public var y: Double
        public var value: Double
    }

    /// The coordinates along x and along y.
    public let xs: [Double]
    public let ys: [Double]
    /// `values[j][i]` = f(`xs[i]`, `ys[j]`): one row per y, as a map is read from the bottom up.
    public let values: [[Double]]
    /// The known minima or, for a typed formula, those a critical-point search finds in the box.
    public let minima: [SurfacePoint]

    /// f on `samples × samples` points of the box `x` × `y`, evaluated in `precision`.
    public init(surface: Surface, x: ClosedRange<Double>, y: ClosedRange<Double>, samples: Int, precision: Precision) {
        let field = surface.field(x: x, y: y, samples: samples, precision: precision)
        xs = (0..<field.xCount).map(field.xCoordinate)
        ys = (0..<field.yCount).map(field.yCoordinate)
        values = (0..<field.yCount).map { j in (0..<field.xCount).map { i in field.values[i][j] } }
        minima = surface.minima(x: x, y: y)
    }

    /// Every point, x fastest, then y.
    public var points: [Point] {
        ys.indices.flatMap { j in xs.indices.map { i in Point(x: xs[i], y: ys[j], value: values[j][i]) } }
    }

    /// How many points have a value that is not finite.
    public var nonFiniteCount: Int { values.joined().filter { !$0.isFinite }.count }

    /// The first point (x fastest, then y) of the lowest finite value; nil when none is finite.
    public var lowest: Point? { first(beating: <) }

    /// The first point of the highest finite value.
    public var highest: Point? { first(beating: >) }

    /// The first point whose finite value no later one beats by `better`.
    private func first(beating better: (Double, Double) -> Bool) -> Point? {
        var best: Point?
        for j in ys.indices {
            for i in xs.indices where values[j][i].isFinite {
                if best.map({ better(values[j][i], $0.value) }) ?? true { best = Point(x: xs[i], y: ys[j], value: values[j][i]) }
            }
        }
        return best
    }
}
