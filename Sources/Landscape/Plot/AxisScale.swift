/// How data values map to positions along an axis.
public enum AxisScale: Sendable {
    case linear
    /// Equal distances for equal ratios; only positive values can be shown. Losses span decades.
    case logarithmic
}
