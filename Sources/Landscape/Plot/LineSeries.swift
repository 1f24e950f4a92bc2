/// One named curve of a line plot. Points that cannot be shown (non-finite, or not positive on a
/// logarithmic axis) leave a gap in the line.
public struct LineSeries: Sendable {
    /// The legend's label; an empty name leaves the series out of the legend (a repeat of another).
    public var name: String
    public var points: [PlotPoint]
    /// Nil takes the palette colour of the series' position in the plot.
    public var color: Color?
    public var dashed: Bool
    /// A marker at every point, or nil for the bare line.
    public var marker: MarkerShape?

    public init(_ name: String, points: [PlotPoint], color: Color? = nil, dashed: Bool = false, marker: MarkerShape? = nil) {
        self.name = name
        self.points = points
        self.color = color
        self.dashed = dashed
        self.marker = marker
    }

    public init(_ name: String, x: [Double], y: [Double], color: Color? = nil, dashed: Bool = false, marker: MarkerShape? = nil) {
        self.init(name, points: PlotPoint.zip(x, y), color: color, dashed: dashed, marker: marker)
    }
}
