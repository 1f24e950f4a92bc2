/// A labelled point drawn over a plot, such as a trained model "A" or a known minimum.
public struct PointMarker: Sendable {
    public var label: String
    public var point: PlotPoint
    public var shape: MarkerShape
    /// Fill colour; the outline is black, so white reads on any part of the colour map.
    public var color: Color

    public init(_ label: String, at point: PlotPoint, shape: MarkerShape = .circle, color: Color = .white) {
        self.label = label
        self.point = point
        self.shape = shape
        self.color = color
    }
}
