/// A named path through the plane, such as an optimizer's iterates on a 2-D surface. Non-finite
/// points (a diverged run) break the path.
public struct Trajectory: Sendable {
    public var name: String
    public var points: [PlotPoint]
    /// Nil takes the palette colour of the trajectory's position in the plot.
    public var color: Color?

    public init(_ name: String, points: [PlotPoint], color: Color? = nil) {
        self.name = name
        self.points = points
        self.color = color
    }
}
