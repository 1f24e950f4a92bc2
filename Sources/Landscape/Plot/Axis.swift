import Foundation

/// A numeric axis: a scale, the data range it shows, and its ticks.
public struct Axis: Equatable, Sendable {
    public let scale: AxisScale
    /// The data values at the start and end of the axis; positive on a logarithmic axis.
    public let lower: Double
    public let upper: Double
    /// Labelled ticks, inside [lower, upper].
    public let ticks: [Tick]
    /// Unlabelled positions between ticks (2…9 × 10^k on a logarithmic axis).
    public let minorTicks: [Double]

    public init(scale: AxisScale, lower: Double, upper: Double, ticks: [Tick], minorTicks: [Double] = []) {
        precondition(lower < upper, "an axis needs lower < upper")
        precondition(scale == .linear || lower > 0, "a logarithmic axis needs a positive range")
        self.scale = scale
        self.lower = lower
        self.upper = upper
        self.ticks = ticks
        self.minorTicks = minorTicks
    }

    /// Where `value` falls: 0 at `lower`, 1 at `upper`, beyond them outside the range; nil when the
    /// value cannot be shown (not finite, or not positive on a logarithmic axis).
    public func fraction(of value: Double) -> Double? {
        guard value.isFinite else { return nil }
        switch scale {
        case .linear:
            return (value - lower) / (upper - lower)
        case .logarithmic:
            guard value > 0 else { return nil }
            return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
    }

    /// An axis over exactly `lower...upper` (widened if empty) with about `tickCount` ticks inside.
    public static func spanning(_ lower: Double, _ upper: Double, scale: AxisScale = .linear, tickCount: Int = 6) -> Axis {
        let (low, high) = usableRange(lower, upper, scale: scale)
        switch scale {
        case .linear: return linear(low, high, tickCount: tickCount)
        case .logarithmic: return logarithmic(low, high, tickCount: tickCount)
        }
    }

    /// An axis whose ends are tick-like values (multiples of the tick step; 1, 2 or 5 × 10^k on a
    /// logarithmic axis) around all the values it can show. Other values are ignored; with none
    /// left the axis shows [0, 1] (or [1, 10]).
    public static func covering(_ values: [Double], scale: AxisScale = .linear, tickCount: Int = 6) -> Axis {
        let shown = values.filter { $0.isFinite && (scale == .linear || $0 > 0) }
        let (low, high) = usableRange(shown.min() ?? .nan, shown.max() ?? .nan, scale: scale)
        switch scale {
        case .linear:
            let step = NiceStep(span: high - low, count: tickCount)
            let first = Int(floor(low / step.value + 1e-9)), last = Int(ceil(high / step.value - 1e-9))
            return linear(step.multiple(first), step.multiple(max(last, first + 1)), step: step)
        case .logarithmic:
            return logarithmic(niceLogValue(below: low), niceLogValue(above: high), tickCount: tickCount)
        }
    }

    /// A finite, non-empty range that ticks can divide. Magnitudes are kept within 1e±300, so that
    /// spans and steps stay finite and normal; a single value, or a range too narrow to divide at
    /// its magnitude (under 1e-12 of it, or under 1e-200), is widened around its middle.
    static func usableRange(_ lower: Double, _ upper: Double, scale: AxisScale) -> (Double, Double) {
        switch scale {
        case .linear:
            guard lower.isFinite, upper.isFinite else { return (0, 1) }
            let low = min(max(lower, -1e300), 1e300), high = min(max(upper, -1e300), 1e300)
            if high - low > max(max(abs(low), abs(high)) * 1e-12, 1e-200) { return (low, high) }
            let middle = low / 2 + high / 2
            let pad = abs(middle) < 1e-200 ? 1 : abs(middle) / 2
            return (middle - pad, middle + pad)
        case .logarithmic:
            guard lower.isFinite, upper.isFinite, lower > 0 else { return (1, 10) }
            let low = min(max(lower, 1e-300), 1e300), high = min(max(upper, 1e-300), 1e300)
            return high > low * (1 + 1e-12) ? (low, high) : (low / 3, low * 3)
        }
    }

    /// Ticks about `tickCount` apart, made finer until at least two fit.
    private static func linear(_ lower: Double, _ upper: Double, tickCount: Int) -> Axis {
        var step = NiceStep(span: upper - lower, count: tickCount)
        while tickRange(lower, upper, step).count < 2 { step = step.smaller }
        return linear(lower, upper, step: step)
    }

    private static func linear(_ lower: Double, _ upper: Double, step: NiceStep) -> Axis {
        let values = tickRange(lower, upper, step).map(step.multiple)
        return Axis(scale: .linear, lower: lower, upper: upper,
                    ticks: zip(values, TickLabel.linear(values, step: step)).map { Tick($0, $1) })
    }

    /// The multiples of `step` inside [lower, upper], allowing for rounding at the ends.
    private static func tickRange(_ lower: Double, _ upper: Double, _ step: NiceStep) -> [Int] {
        let first = Int(ceil(lower / step.value - 1e-9)), last = Int(floor(upper / step.value + 1e-9))
        return first <= last ? Array(first...last) : []
    }

    private static func logarithmic(_ lower: Double, _ upper: Double, tickCount: Int) -> Axis {
        let low = log10(lower), high = log10(upper)
        let inside = { (v: Double) in v >= lower * (1 - 1e-9) && v <= upper * (1 + 1e-9) }
        let powers = { (k: Int) in k >= 0 ? pow(10, Double(k)) : 1 / pow(10, Double(-k)) }
        /// Every decade that meets the range, whose multiples may fall inside it.
        let around = Int(floor(low))...Int(ceil(high))
        let multiples = { (mantissas: [Double]) in around.flatMap { k in mantissas.map { $0 * powers(k) } }.filter(inside) }
        if high - low > 2.5 {
            let decades = around.filter { inside(powers($0)) }
            let stride = max(Int((Double(decades.count) / Double(max(tickCount, 1))).rounded(.up)), 1)
            let major = decades.filter { $0 % stride == 0 }.map(powers)
            let minor = stride == 1 ? multiples([2, 3, 4, 5, 6, 7, 8, 9]) : decades.filter { $0 % stride != 0 }.map(powers)
            return Axis(scale: .logarithmic, lower: lower, upper: upper,
                        ticks: zip(major, TickLabel.logarithmic(major)).map { Tick($0, $1) }, minorTicks: minor)
        }
        let major = multiples([1, 2, 5])
        if major.count >= 3 {
            return Axis(scale: .logarithmic, lower: lower, upper: upper,
                        ticks: zip(major, TickLabel.logarithmic(major)).map { Tick($0, $1) }, minorTicks: multiples([3, 4, 6, 7, 8, 9]))
        }
        let evenly = linear(lower, upper, tickCount: max(tickCount / 2, 2))
        return Axis(scale: .logarithmic, lower: lower, upper: upper, ticks: evenly.ticks)
    }

    /// The largest 1, 2 or 5 × 10^k not above `value`.
    private static func niceLogValue(below value: Double) -> Double {
        let k = Int(floor(log10(value)))
        let base = pow(10, Double(k))
        return [5.0, 2, 1].map { $0 * base }.first { $0 <= value * (1 + 1e-9) } ?? base
    }

    /// The smallest 1, 2 or 5 × 10^k not below `value`.
    private static func niceLogValue(above value: Double) -> Double {
        let k = Int(floor(log10(value)))
        let base = pow(10, Double(k))
        return [1.0, 2, 5, 10].map { $0 * base }.first { $0 >= value * (1 - 1e-9) } ?? 10 * base
    }
}
