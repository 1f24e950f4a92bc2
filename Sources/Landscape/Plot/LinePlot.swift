/// Named curves over a shared x axis, e.g. train and test loss along an interpolation, sharpness
/// during training, or a spectral density. Axes cover the data and the reference lines unless fixed
/// ranges are given; the legend sits right of the data area, or below it when the names are long.
public struct LinePlot: Figure, Sendable {
    public var title: String
    public var xTitle: String
    public var yTitle: String
    public var series: [LineSeries]
    public var referenceLines: [ReferenceLine]
    public var xScale: AxisScale
    public var yScale: AxisScale
    /// Shown x range; nil covers the data.
    public var xRange: ClosedRange<Double>?
    /// Shown y range; nil covers the data.
    public var yRange: ClosedRange<Double>?
    public var width: Double
    public var height: Double

    public init(
        title: String = "", xTitle: String = "", yTitle: String = "",
        series: [LineSeries] = [], referenceLines: [ReferenceLine] = [],
        xScale: AxisScale = .linear, yScale: AxisScale = .linear,
        xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
        width: Double = 720, height: Double = 450
    ) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.series = series
        self.referenceLines = referenceLines
        self.xScale = xScale
        self.yScale = yScale
        self.xRange = xRange
        self.yRange = yRange
        self.width = width
        self.height = height
    }

    public var document: SVGDocument {
        let colors = series.indices.map { series[$0].color ?? Palette.color($0) }
        let legend = Legend(entries: series.indices.filter { !series[$0].name.isEmpty }.map { index in
            Legend.Entry(label: series[index].name, color: colors[index], line: true,
                         dash: series[index].dashed ? Self.dash : [], marker: series[index].marker)
        })
        let xValues = series.flatMap { $0.points.map(\.x) } + referenceLines.filter { $0.orientation == .vertical }.map(\.value)
        let yValues = series.flatMap { $0.points.map(\.y) } + referenceLines.filter { $0.orientation == .horizontal }.map(\.value)
        let frame = PlotFrame.layout(
            width: width, height: height, title: title, xTitle: xTitle, yTitle: yTitle, legend: legend,
            xAxis: { [xRange, xScale] count in
                xRange.map { Axis.spanning($0.lowerBound, $0.upperBound, scale: xScale, tickCount: count) }
                    ?? Axis.covering(xValues, scale: xScale, tickCount: count)
            },
            yAxis: { [yRange, yScale] count in
                yRange.map { Axis.spanning($0.lowerBound, $0.upperBound, scale: yScale, tickCount: count) }
                    ?? Axis.covering(yValues, scale: yScale, tickCount: count)
            })

        var document = SVGDocument(width: frame.width, height: frame.height)
        document.append(.group(frame.grid(), class: "grid"))
        var labels: [SVGElement] = []
        for line in referenceLines {
            document.append(.group(Self.draw(line, in: frame, labels: &labels), class: "reference"))
        }
        for (index, line) in series.enumerated() {
            var elements: [SVGElement] = []
            let pixels = line.points.map(frame.pixel)
            let runs = Clipping.runs(pixels, in: frame.area)
            if !runs.isEmpty {
                elements.append(.path(subpaths: runs, style: .stroke(colors[index], width: 2, dash: line.dashed ? Self.dash : [])))
            }
            if let marker = line.marker {
                let inside = pixels.compactMap { $0 }.filter(frame.area.contains)
                elements += inside.flatMap { marker.elements(at: $0, size: 3.5, fill: colors[index], outline: .white) }
            }
            document.append(.group(elements, class: "series"))
        }
        document.append(.group(labels, class: "labels"))
        document.append(.group(frame.furniture(title: title, xTitle: xTitle, yTitle: yTitle), class: "axes"))
        document.append(.group(frame.legendElements(legend), class: "legend"))
        return document
    }

    static let dash = [7.0, 4.0]

    /// The line itself; its label goes to `labels`, drawn later so curves do not cover it.
    private static func draw(_ line: ReferenceLine, in frame: PlotFrame, labels: inout [SVGElement]) -> [SVGElement] {
        let area = frame.area
        let style = SVGStyle.stroke(line.color, width: 1.3, dash: [5, 4])
        let size = 12.0
        switch line.orientation {
        case .horizontal:
            guard let y = frame.pixelY(line.value), y >= area.y - 1e-6, y <= area.maxY + 1e-6 else { return [] }
            if !line.label.isEmpty {
                let above = y - 5 - size >= area.y
                labels.append(.text(line.label, x: area.maxX - 6, y: above ? y - 5 : y + 5, size: size, anchor: .end,
                                    baseline: above ? .alphabetic : .top, color: line.color, halo: .white))
            }
            return [.line(x1: area.x, y1: y, x2: area.maxX, y2: y, style: style)]
        case .vertical:
            guard let x = frame.pixelX(line.value), x >= area.x - 1e-6, x <= area.maxX + 1e-6 else { return [] }
            if !line.label.isEmpty {
                let right = x + 5 + TextMetrics.width(line.label, size: size) <= area.maxX
                labels.append(.text(line.label, x: right ? x + 5 : x - 5, y: area.y + 6, size: size,
                                    anchor: right ? .start : .end, baseline: .top, color: line.color, halo: .white))
            }
            return [.line(x1: x, y1: area.y, x2: x, y2: area.maxY, style: style)]
        }
    }
}
