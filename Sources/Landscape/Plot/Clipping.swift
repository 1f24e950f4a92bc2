/// Cutting polylines to a plot's data area, so lines stop at the frame instead of running over
/// labels, and gaps in the data show as gaps in the line.
enum Clipping {
    /// The pieces of the polyline through `points` that lie inside `rect`. A nil or non-finite point
    /// breaks the line, and so does every excursion outside the rectangle.
    static func runs(_ points: [PlotPoint?], in rect: PixelRect) -> [[PlotPoint]] {
        var runs: [[PlotPoint]] = []
        var current: [PlotPoint] = []
        func finish() {
            if current.count >= 2 { runs.append(current) }
            current = []
        }
        for index in points.indices.dropFirst() {
            guard let a = points[index - 1], let b = points[index], a.isFinite, b.isFinite,
                  let (start, end) = segment(a, b, in: rect)
            else {
                finish()
                continue
            }
            if current.isEmpty || start != a {
                finish()
                current = [start]
            }
            current.append(end)
            if end != b { finish() }
        }
        finish()
        return runs
    }

    /// The part of segment `a`–`b` inside `rect` (Liang–Barsky), or nil if none is.
    static func segment(_ a: PlotPoint, _ b: PlotPoint, in rect: PixelRect) -> (PlotPoint, PlotPoint)? {
        let dx = b.x - a.x, dy = b.y - a.y
        var t0 = 0.0, t1 = 1.0
        let edges = [(-dx, a.x - rect.x), (dx, rect.maxX - a.x), (-dy, a.y - rect.y), (dy, rect.maxY - a.y)]
        for (p, q) in edges {
            if p == 0 {
                if q < 0 { return nil }
                continue
            }
            let r = q / p
            if p < 0 {
                if r > t1 { return nil }
                t0 = max(t0, r)
            } else {
                if r < t0 { return nil }
                t1 = min(t1, r)
            }
        }
        let start = t0 == 0 ? a : PlotPoint(a.x + t0 * dx, a.y + t0 * dy)
        let end = t1 == 1 ? b : PlotPoint(a.x + t1 * dx, a.y + t1 * dy)
        return (start, end)
    }
}
