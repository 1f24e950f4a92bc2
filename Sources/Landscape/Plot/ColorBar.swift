/// The key of a heat map: a vertical strip of the colour map beside the data area, with ticks in
/// data units and a mark at every contour level.
struct ColorBar {
    /// Data values along the bar, bottom to top; logarithmic when the colours are.
    var axis: Axis
    var colorMap: ColorMap
    var title: String
    /// Contour levels in data units.
    var levels: [Double]

    static let gap = 18.0
    static let barWidth = 16.0
    static let gradientID = "colorbar-gradient"

    /// Pixels the bar takes right of the data area, labels and title included.
    var width: Double {
        let labels = axis.ticks.map { TextMetrics.width($0.label, size: PlotFrame.tickLabelSize) }.max() ?? 0
        return Self.gap + Self.barWidth + PlotFrame.tickLength + 4 + labels + (title.isEmpty ? 0 : 28)
    }

    /// The bar beside `area`, as tall as it.
    func elements(beside area: PixelRect) -> [SVGElement] {
        let x = area.maxX + Self.gap
        let stops = colorMap.anchors.indices.map { index in
            SVGElement("stop", attributes: [
                SVGAttribute("offset", FixedDecimal.text(Double(index) / Double(colorMap.anchors.count - 1), decimals: 4, trimmed: true)),
                SVGAttribute("stop-color", colorMap.anchors[index].hex),
            ])
        }
        let gradient = SVGElement("linearGradient", attributes: [
            SVGAttribute("id", Self.gradientID),
            SVGAttribute("x1", "0"), SVGAttribute("y1", "1"), SVGAttribute("x2", "0"), SVGAttribute("y2", "0"),
        ], children: stops)
        var output: [SVGElement] = [
            SVGElement("defs", children: [gradient]),
            SVGElement("rect", attributes: [
                SVGAttribute("x", FixedDecimal.svg(x)), SVGAttribute("y", FixedDecimal.svg(area.y)),
                SVGAttribute("width", FixedDecimal.svg(Self.barWidth)), SVGAttribute("height", FixedDecimal.svg(area.height)),
                SVGAttribute("fill", "url(#\(Self.gradientID))"),
            ]),
        ]
        let pixelY = { (value: Double) in self.axis.fraction(of: value).map { area.maxY - $0 * area.height } }
        for level in levels {
            guard let y = pixelY(level), let t = axis.fraction(of: level) else { continue }
            output.append(.line(x1: x, y1: y, x2: x + Self.barWidth, y2: y, style: ContourPlot.isolineStyle(over: colorMap.color(at: t))))
        }
        output.append(.rect(x: x, y: area.y, width: Self.barWidth, height: area.height, style: SVGStyle(stroke: .ink, strokeWidth: 1)))
        let tickStyle = SVGStyle.stroke(.ink, width: 1)
        let right = x + Self.barWidth
        for tick in axis.ticks {
            guard let y = pixelY(tick.value) else { continue }
            output.append(.line(x1: right, y1: y, x2: right + PlotFrame.tickLength, y2: y, style: tickStyle))
            output.append(.text(tick.label, x: right + PlotFrame.tickLength + 4, y: y, size: PlotFrame.tickLabelSize, baseline: .middle))
        }
        for value in axis.minorTicks {
            guard let y = pixelY(value) else { continue }
            output.append(.line(x1: right, y1: y, x2: right + 3, y2: y, style: tickStyle))
        }
        if !title.isEmpty {
            output.append(.text(title, x: area.maxX + width - 8, y: area.y + area.height / 2, size: PlotFrame.axisTitleSize,
                                anchor: .middle, rotation: -90))
        }
        return output
    }
}
