import Foundation

/// A scalar field as a heat map with iso-lines, a colour bar, labelled markers and trajectories:
/// 2-D loss slices around a model, or optimizer paths on an analytic surface. The colour bar sits
/// right of the data and the trajectories' legend below it.
///
/// Each grid cell is coloured by the mean of its four corner samples; a cell with a non-finite
/// corner is grey. With `logarithmic`, colours and levels follow log10 of the values, so a surface
/// spanning many decades still shows structure; values at or below zero then take the colour of
/// the smallest positive value.
public struct ContourPlot: Figure, Sendable {
    public var field: ScalarField
    public var title: String
    public var xTitle: String
    public var yTitle: String
    public var colorBarTitle: String
    public var logarithmic: Bool
    /// Contour levels in data units; nil picks about `levelCount` evenly spaced (in log10 when
    /// logarithmic) round levels.
    public var levels: [Double]?
    public var levelCount: Int
    public var markers: [PointMarker]
    public var trajectories: [Trajectory]
    public var colorMap: ColorMap
    /// Same pixels per unit on both axes, so angles and distances in the plane read truly.
    public var equalAspect: Bool
    public var width: Double
    public var height: Double

    public init(
        field: ScalarField, title: String = "", xTitle: String = "", yTitle: String = "", colorBarTitle: String = "",
        logarithmic: Bool = false, levels: [Double]? = nil, levelCount: Int = 10,
        markers: [PointMarker] = [], trajectories: [Trajectory] = [], colorMap: ColorMap = .viridis,
        equalAspect: Bool = false, width: Double = 760, height: Double = 560
    ) {
        self.field = field
        self.title = title
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.colorBarTitle = colorBarTitle
        self.logarithmic = logarithmic
        self.levels = levels
        self.levelCount = levelCount
        self.markers = markers
        self.trajectories = trajectories
        self.colorMap = colorMap
        self.equalAspect = equalAspect
        self.width = width
        self.height = height
    }

    /// The contour levels drawn, in data units, ascending.
    public var contourLevels: [Double] {
        let shading = Shading(self)
        return shading.levels.map(shading.dataValue)
    }

    public var document: SVGDocument {
        let shading = Shading(self)
        let colors = trajectories.indices.map { trajectories[$0].color ?? Palette.color($0) }
        let legend = Legend(entries: trajectories.indices.map {
            Legend.Entry(label: trajectories[$0].name, color: colors[$0], line: true)
        }, note: trajectories.isEmpty ? nil : "○ start   ● end")
        // The bar's labels set its width before the layout fixes its height; an estimate serves.
        let colorBar = ColorBar(axis: PlotFrame.fitted(shading.colorAxis, length: height - 102, horizontal: false),
                                colorMap: colorMap, title: colorBarTitle, levels: shading.levels.map(shading.dataValue))
        let frame = PlotFrame.layout(
            width: width, height: height, title: title, xTitle: xTitle, yTitle: yTitle,
            legend: legend, legendBelow: true, colorBarWidth: colorBar.width,
            aspect: equalAspect ? (field.y.upperBound - field.y.lowerBound) / (field.x.upperBound - field.x.lowerBound) : nil,
            xAxis: { [field] count in Axis.spanning(field.x.lowerBound, field.x.upperBound, tickCount: count) },
            yAxis: { [field] count in Axis.spanning(field.y.lowerBound, field.y.upperBound, tickCount: count) })

        var document = SVGDocument(width: frame.width, height: frame.height)
        document.append(cells(shading, frame))
        document.append(isolines(shading, frame))
        for (index, trajectory) in trajectories.enumerated() {
            document.append(.group(Self.line(trajectory, color: colors[index], in: frame), class: "trajectory"))
        }
        document.append(.group(trajectories.indices.flatMap { Self.ends(trajectories[$0], color: colors[$0], in: frame) },
                               class: "trajectory-ends"))
        for marker in markers {
            document.append(.group(Self.draw(marker, in: frame), class: "marker"))
        }
        document.append(.group(frame.furniture(title: title, xTitle: xTitle, yTitle: yTitle), class: "axes"))
        let finalBar = ColorBar(axis: PlotFrame.fitted(shading.colorAxis, length: frame.area.height, horizontal: false),
                                colorMap: colorMap, title: colorBarTitle, levels: colorBar.levels)
        document.append(.group(finalBar.elements(beside: frame.area), class: "colorbar"))
        document.append(.group(frame.legendElements(legend), class: "legend"))
        return document
    }

    /// How contour lines are stroked over a background colour: dark over light, light over dark.
    static func isolineStyle(over background: Color) -> SVGStyle {
        background.luminance > 0.25
            ? .stroke(.black, width: 0.9, opacity: 0.55)
            : .stroke(.white, width: 0.9, opacity: 0.7)
    }

    /// Field values in colour space (log10 or as given), their range, and the levels in that space.
    struct Shading {
        let values: ScalarField
        let lower: Double
        let upper: Double
        let levels: [Double]
        let logarithmic: Bool

        init(_ plot: ContourPlot) {
            let finite = plot.field.values.joined().filter(\.isFinite)
            let floor = finite.filter { $0 > 0 }.min()
            logarithmic = plot.logarithmic && floor != nil
            values = logarithmic
                ? plot.field.mapValues { $0.isFinite ? log10(max($0, floor!)) : .nan }
                : plot.field.mapValues { $0.isFinite ? $0 : .nan }
            let shown = values.values.joined().filter(\.isFinite)
            var low = shown.min() ?? 0, high = shown.max() ?? 1
            if low == high {
                low -= 0.5
                high += 0.5
            }
            (low, high) = Axis.usableRange(low, high, scale: .linear)
            lower = low
            upper = high
            if let given = plot.levels {
                let transformed = given.compactMap { [logarithmic] v -> Double? in
                    logarithmic ? (v > 0 ? log10(v) : nil) : (v.isFinite ? v : nil)
                }
                levels = transformed.filter { $0 > low && $0 < high }.sorted()
            } else {
                let step = NiceStep(span: high - low, count: max(plot.levelCount, 1))
                let first = Int(Foundation.floor(low / step.value)) + 1, last = Int(ceil(high / step.value)) - 1
                levels = first <= last ? (first...last).map(step.multiple).filter { $0 > low && $0 < high } : []
            }
        }

        /// A colour-space value back in data units.
        func dataValue(_ v: Double) -> Double { logarithmic ? pow(10, v) : v }

        /// Position of a colour-space value on the colour map.
        func fraction(_ v: Double) -> Double { (v - lower) / (upper - lower) }

        func colorAxis(tickCount: Int) -> Axis {
            Axis.spanning(dataValue(lower), dataValue(upper), scale: logarithmic ? .logarithmic : .linear, tickCount: tickCount)
        }
    }

    /// One rectangle per run of equally coloured cells along x. Each reaches 0.6 px under its right
    /// and upper neighbours, which are drawn later, so no background shows through at the seams.
    private func cells(_ shading: Shading, _ frame: PlotFrame) -> SVGElement {
        let grid = shading.values
        let xs = (0..<grid.xCount).map { frame.pixelX(grid.xCoordinate($0)) ?? frame.area.x }
        let ys = (0..<grid.yCount).map { frame.pixelY(grid.yCoordinate($0)) ?? frame.area.maxY }
        var rects: [SVGElement] = []
        for j in 0..<(grid.yCount - 1) {
            var runStart = 0
            var runColor: Color?
            for i in 0...(grid.xCount - 1) {
                var color: Color?
                if i < grid.xCount - 1 {
                    let corners = [grid.values[i][j], grid.values[i + 1][j], grid.values[i + 1][j + 1], grid.values[i][j + 1]]
                    color = corners.allSatisfy(\.isFinite)
                        ? colorMap.color(at: shading.fraction(corners.reduce(0, +) / 4)) : .missing
                }
                if color != runColor {
                    if let runColor {
                        let overlapX = i < grid.xCount - 1 ? 0.6 : 0, overlapY = j < grid.yCount - 2 ? 0.6 : 0
                        rects.append(.rect(x: xs[runStart], y: ys[j + 1] - overlapY, width: xs[i] - xs[runStart] + overlapX,
                                           height: ys[j] - ys[j + 1] + overlapY, style: .fill(runColor)))
                    }
                    runStart = i
                    runColor = color
                }
            }
        }
        return .group(rects, class: "cells")
    }

    private func isolines(_ shading: Shading, _ frame: PlotFrame) -> SVGElement {
        let paths = shading.levels.compactMap { level -> SVGElement? in
            let lines = MarchingSquares.isolines(of: shading.values, at: level)
                .map { $0.compactMap(frame.pixel) }.filter { $0.count >= 2 }
            guard !lines.isEmpty else { return nil }
            return .path(subpaths: lines, style: Self.isolineStyle(over: colorMap.color(at: shading.fraction(level))))
        }
        return .group(paths, class: "isolines")
    }

    /// The path with a white halo, so it reads over any colour of the map.
    private static func line(_ trajectory: Trajectory, color: Color, in frame: PlotFrame) -> [SVGElement] {
        let runs = Clipping.runs(trajectory.points.map(frame.pixel), in: frame.area)
        guard !runs.isEmpty else { return [] }
        return [.path(subpaths: runs, style: .stroke(.white, width: 4.5, opacity: 0.8)),
                .path(subpaths: runs, style: .stroke(color, width: 2))]
    }

    /// An open circle at the first point and a filled one at the last, where they are inside the plot.
    private static func ends(_ trajectory: Trajectory, color: Color, in frame: PlotFrame) -> [SVGElement] {
        var output: [SVGElement] = []
        if let first = trajectory.points.first.flatMap(frame.pixel), frame.area.contains(first) {
            output.append(.circle(cx: first.x, cy: first.y, r: 4, style: SVGStyle(fill: .white, stroke: color, strokeWidth: 2)))
        }
        if trajectory.points.count > 1, let last = trajectory.points.last.flatMap(frame.pixel), frame.area.contains(last) {
            output.append(.circle(cx: last.x, cy: last.y, r: 4.5, style: SVGStyle(fill: color, stroke: .white, strokeWidth: 1.5)))
        }
        return output
    }

    private static func draw(_ marker: PointMarker, in frame: PlotFrame) -> [SVGElement] {
        guard let center = frame.pixel(marker.point), frame.area.contains(center) else { return [] }
        let size = 6.0
        var output = marker.shape.elements(at: center, size: size, fill: marker.color, outline: .black, outlineWidth: 1.2)
        if !marker.label.isEmpty {
            let labelSize = 14.0
            let right = center.x + size + 4 + TextMetrics.width(marker.label, size: labelSize, bold: true) <= frame.area.maxX
            let above = center.y - size - 2 - labelSize >= frame.area.y
            output.append(.text(marker.label, x: right ? center.x + size + 3 : center.x - size - 3,
                                y: above ? center.y - size - 1 : center.y + size + 1, size: labelSize,
                                anchor: right ? .start : .end, baseline: above ? .alphabetic : .top,
                                bold: true, color: .ink, halo: .white))
        }
        return output
    }
}
