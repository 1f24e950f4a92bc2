/// The layout shared by all plots: where the data area sits inside the image, the two axes, and
/// the furniture around the data (title, ticks, tick labels, axis titles, frame).
struct PlotFrame {
    var area: PixelRect
    var x: Axis
    var y: Axis
    /// The whole image; smaller than asked when a fixed aspect leaves room unused.
    var width: Double
    var height: Double
    /// Top-left corner of the legend.
    var legendOrigin: PlotPoint
    /// Width of the legend's rows when it sits below the data; nil for a column at the right.
    var legendRowWidth: Double?

    static let titleSize = 16.0
    static let axisTitleSize = 14.0
    static let tickLabelSize = 12.0
    static let tickLength = 5.0
    /// A legend wider than this share of the figure goes below the data instead of beside it.
    static let legendShare = 0.3

    /// Lays out a figure of `width × height` pixels. Right of the data area come a colour bar of
    /// `colorBarWidth` (if any) and the legend, unless the legend is wide or `legendBelow`, when it
    /// goes in rows under the x-axis title. The axes are made for a tick count, which follows the
    /// room available and drops until tick labels do not collide. With `aspect` (pixels of height per
    /// pixel of width), the data area shrinks in one direction to match it, and the image with it.
    static func layout(
        width: Double, height: Double, title: String, xTitle: String, yTitle: String,
        legend: Legend, legendBelow: Bool = false, colorBarWidth: Double = 0, aspect: Double? = nil,
        xAxis: (Int) -> Axis, yAxis: (Int) -> Axis
    ) -> PlotFrame {
        let below = !legend.isEmpty && (legendBelow || legend.width + 20 > legendShare * width)
        let rightReserve = colorBarWidth + (below || legend.isEmpty ? 0 : legend.width + 20)
        func attempt(rowWidth: Double) -> PlotFrame {
            var frame = layout(width: width, height: height, title: title, xTitle: xTitle, yTitle: yTitle,
                               rightReserve: rightReserve, bottomReserve: below ? legend.rowsHeight(maxWidth: rowWidth) + 6 : 0,
                               aspect: aspect, xAxis: xAxis, yAxis: yAxis)
            if below {
                frame.legendOrigin = PlotPoint(frame.area.x, frame.area.maxY + bottomMargin(xTitle: xTitle) - 6)
                frame.legendRowWidth = rowWidth
            } else {
                frame.legendOrigin = PlotPoint(frame.area.maxX + colorBarWidth + 20, frame.area.y)
            }
            return frame
        }
        // Rows wrap to the figure's width, which a fixed aspect may narrow.
        var rowWidth = width - 80
        var frame = attempt(rowWidth: rowWidth)
        for _ in 0..<2 where below && frame.legendOrigin.x + rowWidth > frame.width - 10 {
            rowWidth = frame.width - 10 - frame.legendOrigin.x
            frame = attempt(rowWidth: rowWidth)
        }
        return frame
    }

    private static func layout(
        width: Double, height: Double, title: String, xTitle: String, yTitle: String,
        rightReserve: Double, bottomReserve: Double, aspect: Double?,
        xAxis: (Int) -> Axis, yAxis: (Int) -> Axis
    ) -> PlotFrame {
        let top = title.isEmpty ? 16.0 : 44.0
        let bottom = bottomMargin(xTitle: xTitle) + bottomReserve
        var areaHeight = max(height - top - bottom, 40)
        var y = fitted(yAxis, length: areaHeight, horizontal: false)
        let labelWidth = y.ticks.map { TextMetrics.width($0.label, size: tickLabelSize) }.max() ?? 0
        let left = 12 + (yTitle.isEmpty ? 0 : 24) + labelWidth + tickLength + 5
        var right = rightReserve + 20
        var areaWidth = max(width - left - right, 40)
        var x = fitted(xAxis, length: areaWidth, horizontal: true)
        if let last = x.ticks.last {
            let overhang = TextMetrics.width(last.label, size: tickLabelSize) / 2 + 6
            if overhang > 20 {
                right = rightReserve + overhang
                areaWidth = max(width - left - right, 40)
                x = fitted(xAxis, length: areaWidth, horizontal: true)
            }
        }
        var figureWidth = width, figureHeight = height
        if let aspect, aspect > 0 {
            if areaHeight / areaWidth > aspect {
                figureHeight -= areaHeight - areaWidth * aspect
                areaHeight = areaWidth * aspect
            } else {
                figureWidth -= areaWidth - areaHeight / aspect
                areaWidth = areaHeight / aspect
            }
            x = fitted(xAxis, length: areaWidth, horizontal: true)
            y = fitted(yAxis, length: areaHeight, horizontal: false)
        }
        return PlotFrame(area: PixelRect(x: left, y: top, width: areaWidth, height: areaHeight), x: x, y: y,
                         width: figureWidth, height: figureHeight, legendOrigin: PlotPoint(0, 0), legendRowWidth: nil)
    }

    /// The axis with the most ticks, up to one per 80 px across or 50 px up, whose labels keep clear
    /// of each other along an axis `length` pixels long.
    static func fitted(_ make: (Int) -> Axis, length: Double, horizontal: Bool) -> Axis {
        var count = max(Int(length / (horizontal ? 80 : 50)), 1)
        var axis = make(count)
        while count > 1, collides(axis, length: length, horizontal: horizontal) {
            count -= 1
            axis = make(count)
        }
        return axis
    }

    private static func collides(_ axis: Axis, length: Double, horizontal: Bool) -> Bool {
        let ticks = axis.ticks.compactMap { tick in axis.fraction(of: tick.value).map { ($0 * length, tick.label) } }
        return zip(ticks, ticks.dropFirst()).contains { a, b in
            let room = horizontal
                ? (TextMetrics.width(a.1, size: tickLabelSize) + TextMetrics.width(b.1, size: tickLabelSize)) / 2 + 10
                : tickLabelSize + 6
            return b.0 - a.0 < room
        }
    }

    /// The legend where the layout put it.
    func legendElements(_ legend: Legend) -> [SVGElement] {
        if let legendRowWidth { return legend.rowElements(x: legendOrigin.x, y: legendOrigin.y, maxWidth: legendRowWidth) }
        return legend.elements(x: legendOrigin.x, y: legendOrigin.y)
    }

    /// Room below the data area for tick labels and the x-axis title.
    static func bottomMargin(xTitle: String) -> Double { xTitle.isEmpty ? 34 : 58 }

    /// Pixel x of a data value, nil if the axis cannot show it.
    func pixelX(_ value: Double) -> Double? {
        x.fraction(of: value).map { area.x + $0 * area.width }.flatMap { $0.isFinite ? $0 : nil }
    }

    /// Pixel y of a data value (up in data is down in pixels), nil if the axis cannot show it.
    func pixelY(_ value: Double) -> Double? {
        y.fraction(of: value).map { area.maxY - $0 * area.height }.flatMap { $0.isFinite ? $0 : nil }
    }

    func pixel(_ point: PlotPoint) -> PlotPoint? {
        guard let px = pixelX(point.x), let py = pixelY(point.y) else { return nil }
        return PlotPoint(px, py)
    }

    /// Light grid lines at the major ticks, to be drawn under the data.
    func grid() -> [SVGElement] {
        let style = SVGStyle.stroke(.grid, width: 1)
        let vertical = x.ticks.compactMap { pixelX($0.value) }.map {
            SVGElement.line(x1: $0, y1: area.y, x2: $0, y2: area.maxY, style: style)
        }
        let horizontal = y.ticks.compactMap { pixelY($0.value) }.map {
            SVGElement.line(x1: area.x, y1: $0, x2: area.maxX, y2: $0, style: style)
        }
        return vertical + horizontal
    }

    /// Frame, ticks, tick labels, axis titles and the plot title, to be drawn over the data.
    func furniture(title: String, xTitle: String, yTitle: String) -> [SVGElement] {
        var output: [SVGElement] = [.rect(x: area.x, y: area.y, width: area.width, height: area.height,
                                          style: SVGStyle(stroke: .ink, strokeWidth: 1))]
        let tickStyle = SVGStyle.stroke(.ink, width: 1)
        for tick in x.ticks {
            guard let px = pixelX(tick.value) else { continue }
            output.append(.line(x1: px, y1: area.maxY, x2: px, y2: area.maxY + Self.tickLength, style: tickStyle))
            output.append(.text(tick.label, x: px, y: area.maxY + Self.tickLength + 4, size: Self.tickLabelSize,
                                anchor: .middle, baseline: .top))
        }
        for value in x.minorTicks {
            guard let px = pixelX(value) else { continue }
            output.append(.line(x1: px, y1: area.maxY, x2: px, y2: area.maxY + 3, style: tickStyle))
        }
        for tick in y.ticks {
            guard let py = pixelY(tick.value) else { continue }
            output.append(.line(x1: area.x - Self.tickLength, y1: py, x2: area.x, y2: py, style: tickStyle))
            output.append(.text(tick.label, x: area.x - Self.tickLength - 4, y: py, size: Self.tickLabelSize,
                                anchor: .end, baseline: .middle))
        }
        for value in y.minorTicks {
            guard let py = pixelY(value) else { continue }
            output.append(.line(x1: area.x - 3, y1: py, x2: area.x, y2: py, style: tickStyle))
        }
        if !xTitle.isEmpty {
            output.append(.text(xTitle, x: area.x + area.width / 2, y: area.maxY + 46, size: Self.axisTitleSize, anchor: .middle))
        }
        if !yTitle.isEmpty {
            output.append(.text(yTitle, x: 22, y: area.y + area.height / 2, size: Self.axisTitleSize,
                                anchor: .middle, rotation: -90))
        }
        if !title.isEmpty {
            // Centred over the data, but moved inward, or made smaller, where it would leave the image.
            let size = max(min(Self.titleSize, (width - 16) / TextMetrics.width(title, size: 1, bold: true)), 10)
            let half = TextMetrics.width(title, size: size, bold: true) / 2
            let center = max(min(area.x + area.width / 2, width - 8 - half), 8 + half)
            output.append(.text(title, x: center, y: 28, size: size, anchor: .middle, bold: true))
        }
        return output
    }
}
