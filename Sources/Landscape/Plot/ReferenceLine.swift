/// A labelled horizontal or vertical line across a plot, marking a threshold such as `2/lr`.
public struct ReferenceLine: Sendable {
    /// Whether the line is horizontal (a value of y) or vertical (a value of x).
    public enum Orientation: Sendable {
        /// At a y value, across the plot.
        case horizontal
        /// At an x value, from bottom to top.
        case vertical
    }

    public var orientation: Orientation
    public var value: Double
    public var label: String
    public var color: Color

    public init(_ orientation: Orientation, at value: Double, label: String = "", color: Color = Color(hex: 0x555555)) {
        self.orientation = orientation
        self.value = value
        self.label = label
        self.color = color
    }

    public static func horizontal(_ y: Double, label: String = "", color: Color = Color(hex: 0x555555)) -> ReferenceLine {
        ReferenceLine(.horizontal, at: y, label: label, color: color)
    }

    public static func vertical(_ x: Double, label: String = "", color: Color = Color(hex: 0x555555)) -> ReferenceLine {
        ReferenceLine(.vertical, at: x, label: label, color: color)
    }
}
