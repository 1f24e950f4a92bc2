import Foundation

/// Groups of points, one colour and shape per group, optionally with each group's mean drawn as a
/// large marker with ±1 standard deviation bars in x and y: e.g. per-seed (gap, sharpness) points
/// of several batch sizes.
public struct ScatterPlot: Figure, Sendable {
    public var title: String
    public var xTitle: String
    public var yTitle: String
    public var groups: [ScatterGroup]
    public var showMeans: Bool
    public var xScale: AxisScale
    public var yScale: AxisScale
    public var width: Double
    public var height: Double

    public init(
        title: String = "", xTitle: String = "", yTitle: String = "", groups: [ScatterGroup] = [],
        showMeans: Bool = true, xScale: AxisScale = .linear, yScale: AxisScale = .linear,
        width: Double = 720, height: Double = 480
    ) {
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.groups = groups
        self.showMeans = showMeans
        self.xScale = xScale
        self.yScale = yScale
        self.width = width
        self.height = height
    }

    public var document: SVGDocument {
        let colors = groups.indices.map { groups[$0].color ?? Palette.color($0) }
        let shapes = groups.indices.map { groups[$0].shape ?? MarkerShape.forGroup($0) }
        let summaries = showMeans ? groups.map(\.summary) : []
        let legend = Legend(entries: groups.indices.map {
            Legend.Entry(label: groups[$0].name, color: colors[$0], line: false, marker: shapes[$0])
        }, note: showMeans && !groups.isEmpty ? "large: mean ± 1 sd" : nil)

        var xValues = groups.flatMap { $0.points.map(\.x) }, yValues = groups.flatMap { $0.points.map(\.y) }
        for case let (mean, sd)? in summaries {
            xValues += [mean.x - sd.x, mean.x + sd.x]
            yValues += [mean.y - sd.y, mean.y + sd.y]
        }
        let frame = PlotFrame.layout(
            width: width, height: height, title: title, xTitle: xTitle, yTitle: yTitle, legend: legend,
            xAxis: { [xScale] count in Axis.covering(Self.padded(xValues, scale: xScale), scale: xScale, tickCount: count) },
            yAxis: { [yScale] count in Axis.covering(Self.padded(yValues, scale: yScale), scale: yScale, tickCount: count) })

        var document = SVGDocument(width: frame.width, height: frame.height)
        document.append(.group(frame.grid(), class: "grid"))
        for (index, group) in groups.enumerated() {
            let inside = group.points.compactMap(frame.pixel).filter(frame.area.contains)
            document.append(.group(inside.flatMap {
                shapes[index].elements(at: $0, size: 4.5, fill: colors[index], outline: .white, outlineWidth: 0.8)
            }, attributes: [SVGAttribute("class", "group"), SVGAttribute("opacity", "0.8")]))
        }
        for (index, summary) in summaries.enumerated() {
            guard let (mean, sd) = summary else { continue }
            var elements = Self.errorBars(mean: mean, sd: sd, in: frame)
            if let center = frame.pixel(mean), frame.area.contains(center) {
                elements += shapes[index].elements(at: center, size: 8, fill: colors[index], outline: .ink, outlineWidth: 1.5)
            }
            document.append(.group(elements, class: "mean"))
        }
        document.append(.group(frame.furniture(title: title, xTitle: xTitle, yTitle: yTitle), class: "axes"))
        document.append(.group(frame.legendElements(legend), class: "legend"))
        return document
    }

    /// The values and a margin of 4% of their span on each side (in log10 on a logarithmic scale),
    /// so no marker sits on the frame.
    private static func padded(_ values: [Double], scale: AxisScale) -> [Double] {
        let shown = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        guard let low = shown.min(), let high = shown.max(), low < high else { return shown }
        switch scale {
        case .linear:
            let pad = 0.04 * (high - low)
            return shown + [low - pad, high + pad]
        case .logarithmic:
            let ratio = pow(high / low, 0.04)
            return shown + [low / ratio, high * ratio]
        }
    }

    /// Horizontal and vertical bars from mean − sd to mean + sd with end caps, cut to the data area.
    private static func errorBars(mean: PlotPoint, sd: PlotPoint, in frame: PlotFrame) -> [SVGElement] {
        var segments: [[PlotPoint]] = []
        let cap = 5.0
        /// On a logarithmic axis a bar reaching zero or below runs off the bottom of the plot.
        func showable(_ p: PlotPoint) -> PlotPoint {
            PlotPoint(frame.x.scale == .logarithmic && p.x <= 0 ? frame.x.lower / 1e3 : p.x,
                      frame.y.scale == .logarithmic && p.y <= 0 ? frame.y.lower / 1e3 : p.y)
        }
        func add(_ a: PlotPoint, _ b: PlotPoint, capsVertical: Bool) {
            guard let pa = frame.pixel(showable(a)), let pb = frame.pixel(showable(b)), pa != pb else { return }
            if let (start, end) = Clipping.segment(pa, pb, in: frame.area) { segments.append([start, end]) }
            for end in [pa, pb] where frame.area.contains(end) {
                segments.append(capsVertical
                    ? [PlotPoint(end.x, end.y - cap), PlotPoint(end.x, end.y + cap)]
                    : [PlotPoint(end.x - cap, end.y), PlotPoint(end.x + cap, end.y)])
            }
        }
        add(PlotPoint(mean.x - sd.x, mean.y), PlotPoint(mean.x + sd.x, mean.y), capsVertical: true)
        add(PlotPoint(mean.x, mean.y - sd.y), PlotPoint(mean.x, mean.y + sd.y), capsVertical: false)
        guard !segments.isEmpty else { return [] }
        return [.path(subpaths: segments, style: .stroke(.ink, width: 1.5))]
    }
}
