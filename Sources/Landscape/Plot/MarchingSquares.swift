/// Iso-lines of a sampled field by marching squares: each grid cell whose corners straddle the
/// level contributes one segment (two at a saddle), with ends interpolated linearly along the cell
/// edges; segments sharing an edge are then joined into polylines.
public enum MarchingSquares {
    /// The polylines where `field` equals `level`, in the field's x/y coordinates. A closed curve
    /// ends where it starts. Cells with a non-finite corner are skipped, which breaks lines there.
    public static func isolines(of field: ScalarField, at level: Double) -> [[PlotPoint]] {
        let grid = Grid(field: field, level: level)
        let segments = grid.segments()
        return join(segments).map { keys in keys.map(grid.point) }
    }

    /// A grid edge, named by its lower-left sample and direction; a crossing on it is computed from
    /// the edge alone, so neighbouring cells agree on the point exactly.
    struct Edge: Hashable {
        var i: Int
        var j: Int
        /// Along x from (i, j) to (i+1, j); otherwise along y to (i, j+1).
        var horizontal: Bool
    }

    struct Grid {
        let field: ScalarField
        let level: Double

        init(field: ScalarField, level: Double) {
            self.field = field
            self.level = level
        }

        func value(_ i: Int, _ j: Int) -> Double { field.values[i][j] }

        /// Where the field crosses the level on `edge`, in field coordinates.
        func point(_ edge: Edge) -> PlotPoint {
            let a = value(edge.i, edge.j)
            let b = edge.horizontal ? value(edge.i + 1, edge.j) : value(edge.i, edge.j + 1)
            let t = (level - a) / (b - a)
            let x0 = field.xCoordinate(edge.i), y0 = field.yCoordinate(edge.j)
            if edge.horizontal {
                return PlotPoint(x0 + t * (field.xCoordinate(edge.i + 1) - x0), y0)
            }
            return PlotPoint(x0, y0 + t * (field.yCoordinate(edge.j + 1) - y0))
        }

        /// Every cell's segments, cell by cell along x then y.
        func segments() -> [(Edge, Edge)] {
            var output: [(Edge, Edge)] = []
            for j in 0..<(field.yCount - 1) {
                for i in 0..<(field.xCount - 1) {
                    let corners = [value(i, j), value(i + 1, j), value(i + 1, j + 1), value(i, j + 1)]
                    guard corners.allSatisfy(\.isFinite) else { continue }
                    let bottom = Edge(i: i, j: j, horizontal: true), right = Edge(i: i + 1, j: j, horizontal: false)
                    let top = Edge(i: i, j: j + 1, horizontal: true), left = Edge(i: i, j: j, horizontal: false)
                    var index = 0
                    for (bit, corner) in corners.enumerated() where corner >= level { index |= 1 << bit }
                    let centerAbove = corners.reduce(0, +) / 4 >= level
                    switch index {
                    case 1, 14: output.append((bottom, left))
                    case 2, 13: output.append((bottom, right))
                    case 3, 12: output.append((left, right))
                    case 4, 11: output.append((right, top))
                    case 6, 9: output.append((bottom, top))
                    case 7, 8: output.append((left, top))
                    case 5:
                        // Corners 0 and 2 above: joined through the centre, or each cut off alone.
                        output += centerAbove ? [(bottom, right), (left, top)] : [(bottom, left), (right, top)]
                    case 10:
                        output += centerAbove ? [(bottom, left), (right, top)] : [(bottom, right), (left, top)]
                    default: break
                    }
                }
            }
            return output
        }
    }

    /// Chains segments that share edges into polylines of edges, in a deterministic order.
    static func join(_ segments: [(Edge, Edge)]) -> [[Edge]] {
        var byEdge: [Edge: [Int]] = [:]
        for (index, segment) in segments.enumerated() {
            byEdge[segment.0, default: []].append(index)
            byEdge[segment.1, default: []].append(index)
        }
        var used = [Bool](repeating: false, count: segments.count)
        func extend(_ chain: inout [Edge]) {
            while let next = byEdge[chain.last!]?.first(where: { !used[$0] }) {
                used[next] = true
                let (a, b) = segments[next]
                chain.append(a == chain.last! ? b : a)
            }
        }
        var lines: [[Edge]] = []
        for start in segments.indices where !used[start] {
            used[start] = true
            var forward = [segments[start].0, segments[start].1]
            extend(&forward)
            var backward = [segments[start].0]
            extend(&backward)
            lines.append(backward.dropFirst().reversed() + forward)
        }
        return lines
    }
}
