/// Fixed-point decimal text built from integers, so the same number always gives the same bytes
/// and binary noise such as `0.30000000000000004` never reaches a figure.
enum FixedDecimal {
    /// `value` rounded to `decimals` places (0...12), fewer if the digits would not fit in 53 bits;
    /// trailing zeros dropped when `trimmed`; never `-0`.
    static func text(_ value: Double, decimals: Int, trimmed: Bool = false) -> String {
        precondition(value.isFinite, "cannot write a non-finite number")
        var places = min(max(decimals, 0), 12)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        while places > 0, abs(value) * scale >= 9e15 {
            places -= 1
            scale /= 10
        }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e15 else { return "\(value)" }
        var digits = String(UInt64(scaled))
        if places > 0 {
            if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -places))
            if trimmed {
                while digits.last == "0" { digits.removeLast() }
                if digits.last == "." { digits.removeLast() }
            }
        }
        return value < 0 && scaled > 0 ? "-" + digits : digits
    }

    /// A pixel coordinate or length for SVG: two decimals at most, clamped to ±1e7 so a wild data
    /// point cannot produce an unreadable attribute.
    static func svg(_ value: Double) -> String {
        let clamped = value.isNaN ? 0 : min(max(value, -1e7), 1e7)
        return text(clamped, decimals: 2, trimmed: true)
    }
}
