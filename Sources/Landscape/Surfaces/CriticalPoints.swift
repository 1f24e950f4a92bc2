/// A critical point found by `CriticalPointSearch`, with its classification.
public struct CriticalPoint: Sendable {
    public let analysis: PointAnalysis
    /// How many of the search's starting points converged to it.
    public let starts: Int

    public var point: SurfacePoint { analysis.point }
    public var kind: CurvatureKind { analysis.kind }
}

/// Finds the critical points of a surface in a box: Newton's method on the gradient (solving
/// `∇f = 0`, which converges to minima, maxima and saddles alike) from every point of a grid of
/// starts, then merges the points that coincide and classifies each by its Hessian.
public struct CriticalPointSearch: Sendable {
    public var xRange: ClosedRange<Double>
    public var yRange: ClosedRange<Double>
    /// Starts per side: `grid × grid` starting points at the centres of a regular grid of cells.
    public var grid: Int
    /// A point is critical when its gradient norm is at most this.
    public var tolerance: Double
    /// Newton iterations per start.
    public var iterations = 100

    public init(xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, grid: Int = 20, tolerance: Double = 1e-8) {
        precondition(grid >= 1 && tolerance > 0, "a search needs starts and a positive tolerance")
        self.xRange = xRange
        self.yRange = yRange
        self.grid = grid
        self.tolerance = tolerance
    }

    /// The critical points of `surface` inside the box, computed in `precision`.
    public func run(on surface: Surface, precision: Precision) -> [CriticalPoint] {
        switch precision {
        case .float32: run(on: surface, precision: Float.self)
        case .float64: run(on: surface, precision: Double.self)
        }
    }

    /// The critical points of `surface` inside the box, computed in precision `T`: minima first, then
    /// saddles, maxima and degenerate points, each group by value and then position.
    public func run<T: Real>(on surface: Surface, precision _: T.Type = T.self) -> [CriticalPoint] {
        let width = xRange.upperBound - xRange.lowerBound, height = yRange.upperBound - yRange.lowerBound
        let diagonal = (width * width + height * height).squareRoot()
        let slack = 1e-9 * diagonal
        var found: [(point: SurfacePoint, gradientNorm: Double, starts: Int)] = []
        for i in 0..<grid {
            for j in 0..<grid {
                let start = SurfacePoint(x: xRange.lowerBound + width * (Double(i) + 0.5) / Double(grid),
                                         y: yRange.lowerBound + height * (Double(j) + 0.5) / Double(grid))
                guard let (point, norm) = newton(surface, from: start, T.self),
                      point.x >= xRange.lowerBound - slack, point.x <= xRange.upperBound + slack,
                      point.y >= yRange.lowerBound - slack, point.y <= yRange.upperBound + slack
                else { continue }
                // Points closer than a millionth of the box are one point; keep the most accurate.
                let radius = max(1e-6 * diagonal, Double(T.ulpOfOne.squareRoot()) * 10 * max(1, Swift.abs(point.x), Swift.abs(point.y)))
                if let k = found.firstIndex(where: { $0.point.distance(to: point) <= radius }) {
                    found[k].starts += 1
                    if norm < found[k].gradientNorm { (found[k].point, found[k].gradientNorm) = (point, norm) }
                } else {
                    found.append((point, norm, 1))
                }
            }
        }
        let order: [CurvatureKind: Int] = [.minimum: 0, .saddle: 1, .maximum: 2, .degenerate: 3]
        return found
            .map { CriticalPoint(analysis: PointAnalysis(surface: surface, at: $0.point, precision: T.self), starts: $0.starts) }
            .sorted { a, b in
                (order[a.kind]!, a.analysis.value, a.point.x, a.point.y) < (order[b.kind]!, b.analysis.value, b.point.x, b.point.y)
            }
    }

    /// Newton's iteration `p ← p − H⁻¹∇f` from `start`, polished until the step is at rounding level;
    /// the point and its gradient norm if the gradient norm ends within `tolerance`, nil when the
    /// iteration fails (a singular Hessian, a non-finite value, or a point far outside the box).
    private func newton<T: Real>(_ surface: Surface, from start: SurfacePoint, _: T.Type) -> (SurfacePoint, Double)? {
        var x = T(start.x), y = T(start.y)
        let far = 10 * max(xRange.upperBound - xRange.lowerBound, yRange.upperBound - yRange.lowerBound)
        for _ in 0..<iterations {
            let (value, g, h) = surface.derivatives(x: x, y: y)
            let norm = (g[0] * g[0] + g[1] * g[1]).squareRoot()
            guard value.isFinite, norm.isFinite else { return nil }
            let determinant = h[0][0] * h[1][1] - h[0][1] * h[1][0]
            guard determinant != 0, determinant.isFinite else { break }
            let dx = (h[1][1] * g[0] - h[0][1] * g[1]) / determinant
            let dy = (h[0][0] * g[1] - h[1][0] * g[0]) / determinant
            guard dx.isFinite, dy.isFinite else { break }
            x -= dx
            y -= dy
            guard Swift.abs(Double(x) - start.x) <= far, Swift.abs(Double(y) - start.y) <= far else { return nil }
            let scale = 4 * T.ulpOfOne * (1 + Swift.abs(x) + Swift.abs(y))
            if Swift.abs(dx) <= scale, Swift.abs(dy) <= scale { break }
        }
        // Only the gradient is needed now, so the Hessian is not built.
        let g = surface.objective(at: [Matrix(scalar: x), Matrix(scalar: y)]).gradient.map(\.scalar)
        let norm = (g[0] * g[0] + g[1] * g[1]).squareRoot()
        guard Double(norm) <= tolerance else { return nil }
        return (SurfacePoint(x: Double(x), y: Double(y)), Double(norm))
    }
}
