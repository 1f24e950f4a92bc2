/// Contour plots of surfaces, with descent paths and critical points drawn over them.
extension Surface {
    /// `f` sampled on a `samples × samples` grid over the region, ends included, evaluated in
    /// `precision` (in float32 at the grid's coordinates rounded to float32).
    public func field(x: ClosedRange<Double>, y: ClosedRange<Double>, samples: Int = 121, precision: Precision = .float64) -> ScalarField {
        ScalarField(x: x, y: y, xCount: samples, yCount: samples) { xi, yj in
            switch precision {
            case .float32: Double(value(x: Float(xi), y: Float(yj)))
            case .float64: value(x: xi, y: yj)
            }
        }
    }

    /// A contour plot of `f` over the region, in the same units on both axes, with the given paths and
    /// markers. The colours follow log10 f when f is non-negative there and spans more than three
    /// decades, which keeps the floor of a valley and its walls both readable; values below the
    /// lowest half percent are then raised to it, so that a sample landing exactly on a minimum
    /// (f = 0 or 1e-30) does not stretch the scale over thirty empty decades.
    public func contourPlot(
        x: ClosedRange<Double>, y: ClosedRange<Double>, title: String,
        trajectories: [Trajectory] = [], markers: [PointMarker] = []
    ) -> ContourPlot {
        var field = field(x: x, y: y)
        let finite = field.values.joined().filter(\.isFinite)
        let positive = finite.filter { $0 > 0 }.sorted()
        let logarithmic = !finite.isEmpty && finite.allSatisfy { $0 >= 0 }
            && (positive.last ?? 0) > 1000 * (positive.first ?? .infinity)
        if logarithmic {
            let floor = positive[positive.count / 200]
            field = field.mapValues { $0.isFinite ? max($0, floor) : $0 }
        }
        return ContourPlot(field: field, title: title, xTitle: "x", yTitle: "y",
                           colorBarTitle: logarithmic ? "f(x, y), log scale" : "f(x, y)", logarithmic: logarithmic,
                           levelCount: 12, markers: markers, trajectories: trajectories, equalAspect: true)
    }

    /// The known minima or, for a surface that knows none (a typed formula), the minima a
    /// critical-point search finds in the region `x` × `y`.
    public func minima(x: ClosedRange<Double>, y: ClosedRange<Double>) -> [SurfacePoint] {
        guard minima.isEmpty else { return minima }
        return CriticalPointSearch(xRange: x, yRange: y, grid: 12, tolerance: 1e-8)
            .run(on: self, precision: Double.self)
            .filter { $0.kind == .minimum }
            .map(\.point)
    }

    /// Markers (white stars labelled "min") for minima, such as `minima(x:y:)`.
    public static func minimumMarkers(_ minima: [SurfacePoint]) -> [PointMarker] {
        minima.map { PointMarker("min", at: PlotPoint($0.x, $0.y), shape: .star, color: .white) }
    }
}

extension DescentRun {
    /// The path as a plot trajectory, thinned to points at least `spacing` apart (plus the last), so
    /// that a long crawl along a valley does not write thousands of coincident points while every
    /// visible zig-zag stays. The path stops at the first non-finite point.
    public func trajectory(spacing: Double) -> Trajectory {
        var points: [PlotPoint] = []
        for (index, step) in path.enumerated() {
            let p = PlotPoint(step.point.x, step.point.y)
            guard p.isFinite else { break }
            let isLast = index == path.count - 1
            if let previous = points.last, !isLast,
               ((p.x - previous.x) * (p.x - previous.x) + (p.y - previous.y) * (p.y - previous.y)).squareRoot() < spacing {
                continue
            }
            points.append(p)
        }
        return Trajectory(label, points: points)
    }
}

extension CurvatureKind {
    /// How plots mark a critical point of this kind.
    public var marker: (label: String, shape: MarkerShape, color: Color) {
        switch self {
        case .minimum: ("min", .star, .white)
        case .maximum: ("max", .triangle, Color(hex: 0xd55e00))
        case .saddle: ("saddle", .diamond, Color(hex: 0xf0e442))
        case .degenerate: ("degenerate", .square, Color(hex: 0xb3b3b3))
        }
    }
}
