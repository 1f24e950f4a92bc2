/// Paint attributes of an SVG shape. A nil fill or stroke is written as `none`, because SVG's
/// default fill is black and an open polyline must not be filled.
public struct SVGStyle: Equatable, Sendable {
    public var fill: Color?
    public var stroke: Color?
    public var strokeWidth: Double
    /// Dash and gap lengths in pixels; empty for a solid stroke.
    public var dash: [Double]
    /// Opacity of the whole shape, 1 for opaque.
    public var opacity: Double

    public init(fill: Color? = nil, stroke: Color? = nil, strokeWidth: Double = 1, dash: [Double] = [], opacity: Double = 1) {
        self.fill = fill
        self.stroke = stroke
        self.strokeWidth = strokeWidth
        self.dash = dash
        self.opacity = opacity
    }

    /// An unfilled stroke with round joins, for lines and curves.
    public static func stroke(_ color: Color, width: Double = 1, dash: [Double] = [], opacity: Double = 1) -> SVGStyle {
        SVGStyle(stroke: color, strokeWidth: width, dash: dash, opacity: opacity)
    }

    /// A filled shape without outline.
    public static func fill(_ color: Color, opacity: Double = 1) -> SVGStyle {
        SVGStyle(fill: color, opacity: opacity)
    }

    var attributes: [SVGAttribute] {
        var list = [SVGAttribute("fill", fill?.hex ?? "none")]
        if let stroke {
            list.append(SVGAttribute("stroke", stroke.hex))
            list.append(SVGAttribute("stroke-width", FixedDecimal.svg(strokeWidth)))
            list.append(SVGAttribute("stroke-linejoin", "round"))
            list.append(SVGAttribute("stroke-linecap", dash.isEmpty ? "round" : "butt"))
            if !dash.isEmpty { list.append(SVGAttribute("stroke-dasharray", dash.map(FixedDecimal.svg).joined(separator: " "))) }
        }
        if opacity < 1 { list.append(SVGAttribute("opacity", FixedDecimal.svg(max(opacity, 0)))) }
        return list
    }
}
