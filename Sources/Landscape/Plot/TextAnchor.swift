/// Which point of a text line its `x` coordinate names.
public enum TextAnchor: String, Sendable {
    case start, middle, end
}

/// Which point of a text line its `y` coordinate names. Renderers disagree on `dominant-baseline`,
/// so the plot shifts the baseline itself by a fraction of the font size.
public enum TextBaseline: Sendable {
    /// `y` is the baseline.
    case alphabetic
    /// `y` is the middle of the digits and capitals.
    case middle
    /// `y` is the top of the capitals.
    case top

    var shift: Double {
        switch self {
        case .alphabetic: return 0
        case .middle: return 0.36
        case .top: return 0.74
        }
    }
}
