import Foundation

/// Short tick labels: as many decimals as the step needs, and powers of ten (`2×10⁻⁴`) where
/// decimals would be long.
public enum TickLabel {
    /// Labels for values that are multiples of `step`.
    public static func linear(_ values: [Double], step: NiceStep) -> [String] {
        let largest = values.map(abs).max() ?? 0
        if step.exponent <= -4 || largest >= 1e5 {
            return values.map { scientific($0, lastDigitExponent: step.exponent) }
        }
        return values.map { FixedDecimal.text($0, decimals: -step.exponent) }
    }

    /// Labels for positive values of the form 1, 2 or 5 × 10^k, as on a logarithmic axis.
    public static func logarithmic(_ values: [Double]) -> [String] {
        let usePowers = values.contains { $0 < 1e-3 || $0 >= 1e4 }
        return values.map { value in
            let exponent = Int(floor(log10(value) + 1e-9))
            return usePowers ? scientific(value, lastDigitExponent: exponent)
                : FixedDecimal.text(value, decimals: -exponent)
        }
    }

    /// `value` as `m×10ᵉ` (or `10ᵉ` when m is 1), with digits down to 10^`lastDigitExponent`.
    public static func scientific(_ value: Double, lastDigitExponent: Int) -> String {
        guard value != 0 else { return "0" }
        var exponent = Int(floor(log10(abs(value))))
        let decimals = { min(max(exponent - lastDigitExponent, 0), 6) }
        var mantissa = FixedDecimal.text(value / pow(10, Double(exponent)), decimals: decimals(), trimmed: true)
        if mantissa == "10" || mantissa == "-10" {
            exponent += 1
            mantissa = FixedDecimal.text(value / pow(10, Double(exponent)), decimals: decimals(), trimmed: true)
        }
        let power = "10" + superscript(exponent)
        switch mantissa {
        case "1": return power
        case "-1": return "-" + power
        default: return mantissa + "×" + power
        }
    }

    /// An integer in Unicode superscript digits.
    static func superscript(_ n: Int) -> String {
        let digits: [Character] = ["⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"]
        let body = String(String(abs(n)).map { digits[Int(String($0))!] })
        return n < 0 ? "⁻" + body : body
    }
}
