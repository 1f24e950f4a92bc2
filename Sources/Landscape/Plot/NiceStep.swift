import Foundation

/// A tick spacing of 1, 2 or 5 times a power of ten: the steps people read without effort.
public struct NiceStep: Equatable, Sendable {
    /// 1, 2 or 5.
    public let mantissa: Int
    public let exponent: Int

    public init(mantissa: Int, exponent: Int) {
        precondition([1, 2, 5].contains(mantissa), "a nice step's mantissa is 1, 2 or 5")
        self.mantissa = mantissa
        self.exponent = exponent
    }

    /// The nice step closest (on a log scale) to dividing `span` into `count` intervals.
    public init(span: Double, count: Int) {
        precondition(span > 0 && span.isFinite, "a tick span must be positive and finite")
        let raw = span / Double(max(count, 1))
        var exponent = Int(floor(log10(raw)))
        let residual = raw / pow(10, Double(exponent))
        let mantissa: Int
        switch residual {
        case ..<2.0.squareRoot(): mantissa = 1
        case ..<10.0.squareRoot(): mantissa = 2
        case ..<50.0.squareRoot(): mantissa = 5
        default:
            mantissa = 1
            exponent += 1
        }
        self.init(mantissa: mantissa, exponent: exponent)
    }

    public var value: Double { multiple(1) }

    /// `k` steps, rounded once from the exact decimal so that 3 × 0.1 is 0.3.
    public func multiple(_ k: Int) -> Double {
        let integer = Double(k * mantissa)
        return exponent >= 0 ? integer * pow(10, Double(exponent)) : integer / pow(10, Double(-exponent))
    }

    /// The next smaller nice step: 5 → 2 → 1 → 0.5.
    public var smaller: NiceStep {
        switch mantissa {
        case 5: return NiceStep(mantissa: 2, exponent: exponent)
        case 2: return NiceStep(mantissa: 1, exponent: exponent)
        default: return NiceStep(mantissa: 5, exponent: exponent - 1)
        }
    }
}
