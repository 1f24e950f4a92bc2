import Foundation

/// Shapes for point markers. Groups differ in shape as well as colour, so they stay apart in grey
/// print and for readers who confuse colours.
public enum MarkerShape: Sendable {
    case circle, square, triangle, diamond, star, cross, plus

    /// The shape for the `index`-th group, cycling through the filled shapes.
    public static func forGroup(_ index: Int) -> MarkerShape {
        let filled: [MarkerShape] = [.circle, .square, .triangle, .diamond, .star]
        return filled[((index % filled.count) + filled.count) % filled.count]
    }

    /// Elements drawing the marker centred at `center` (pixels) with half-width about `size`.
    /// Filled shapes get an `outline` stroke; the stroked shapes (cross, plus) get it as a halo.
    func elements(at center: PlotPoint, size: Double, fill: Color, outline: Color, outlineWidth: Double = 1) -> [SVGElement] {
        let outlined = SVGStyle(fill: fill, stroke: outline, strokeWidth: outlineWidth)
        switch self {
        case .circle:
            return [.circle(cx: center.x, cy: center.y, r: size, style: outlined)]
        case .square:
            let s = size * 0.9
            return [.rect(x: center.x - s, y: center.y - s, width: 2 * s, height: 2 * s, style: outlined)]
        case .triangle:
            return [polygon(center, radius: size * 1.25, corners: 3, inner: nil, style: outlined)]
        case .diamond:
            return [polygon(center, radius: size * 1.25, corners: 4, inner: nil, style: outlined)]
        case .star:
            return [polygon(center, radius: size * 1.45, corners: 5, inner: 0.45, style: outlined)]
        case .cross, .plus:
            let s = size * 1.1
            let arms = self == .plus
                ? [[PlotPoint(center.x - s, center.y), PlotPoint(center.x + s, center.y)],
                   [PlotPoint(center.x, center.y - s), PlotPoint(center.x, center.y + s)]]
                : [[PlotPoint(center.x - s, center.y - s), PlotPoint(center.x + s, center.y + s)],
                   [PlotPoint(center.x - s, center.y + s), PlotPoint(center.x + s, center.y - s)]]
            let width = max(size * 0.55, 1.5)
            return [.path(subpaths: arms, style: .stroke(outline, width: width + 2 * outlineWidth)),
                    .path(subpaths: arms, style: .stroke(fill, width: width))]
        }
    }

    /// A regular polygon pointing up, or a star when `inner` (ratio of inner to outer radius) is given.
    private func polygon(_ center: PlotPoint, radius: Double, corners: Int, inner: Double?, style: SVGStyle) -> SVGElement {
        let count = inner == nil ? corners : 2 * corners
        let points = (0..<count).map { k -> PlotPoint in
            let angle = Double.pi * (-0.5 + 2 * Double(k) / Double(count))
            let r = inner != nil && k % 2 == 1 ? radius * inner! : radius
            return PlotPoint(center.x + r * cos(angle), center.y + r * sin(angle))
        }
        return .path(subpaths: [points], closed: true, style: style)
    }
}
