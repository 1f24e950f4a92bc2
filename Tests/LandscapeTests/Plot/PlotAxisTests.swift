import Foundation
import Testing
import Landscape

@Suite("Plot axes and ticks")
struct PlotAxisTests {
    static let ranges: [(Double, Double)] = [
        (0, 1), (0.1, 0.7), (-3.2, 17.5), (1e-5, 3e-5), (123_456, 987_654), (-0.003, 0.002), (0, 0.3), (0.97, 1.03), (-250, -10),
    ]

    /// The step between neighbouring ticks, checking that it is the same everywhere.
    static func evenStep(_ ticks: [Tick]) -> Double? {
        guard ticks.count >= 2 else { return nil }
        let step = ticks[1].value - ticks[0].value
        for (a, b) in zip(ticks, ticks.dropFirst()) where abs((b.value - a.value) - step) > 1e-9 * abs(step) { return nil }
        return step
    }

    static func isNiceStep(_ step: Double) -> Bool {
        let mantissa = step / pow(10, floor(log10(step)))
        return [1.0, 2, 5, 10].contains { abs(mantissa - $0) < 1e-9 }
    }

    @Test("covering axes start and end on ticks around the data, with even 1-2-5 steps", arguments: [3, 6, 10])
    func covering(count: Int) throws {
        for (low, high) in Self.ranges {
            let axis = Axis.covering([low, (low + high) / 2, high], tickCount: count)
            #expect(axis.lower <= low && axis.upper >= high, "\(low)...\(high)")
            let step = try #require(Self.evenStep(axis.ticks), "\(low)...\(high): \(axis.ticks)")
            #expect(step > 0 && Self.isNiceStep(step), "\(low)...\(high): step \(step)")
            #expect(abs(axis.ticks.first!.value - axis.lower) < 1e-9 * step && abs(axis.ticks.last!.value - axis.upper) < 1e-9 * step,
                    "\(low)...\(high): \(axis)")
            #expect(axis.ticks.count >= 2 && axis.ticks.count <= 2 * count + 2, "\(low)...\(high): \(axis.ticks.count) ticks")
            #expect((axis.upper - axis.lower) / (high - low) < 3, "\(low)...\(high) shown as \(axis.lower)...\(axis.upper)")
        }
    }

    @Test("spanning axes keep their range and put evenly spaced 1-2-5 ticks inside it", arguments: [3, 6, 10])
    func spanning(count: Int) throws {
        for (low, high) in Self.ranges {
            let axis = Axis.spanning(low, high, tickCount: count)
            #expect(axis.lower == low && axis.upper == high)
            let step = try #require(Self.evenStep(axis.ticks), "\(low)...\(high): \(axis.ticks)")
            #expect(Self.isNiceStep(step))
            let slack = 1e-9 * (high - low)
            #expect(axis.ticks.allSatisfy { $0.value >= low - slack && $0.value <= high + slack }, "\(axis.ticks)")
            #expect(step * Double(axis.ticks.count + 1) >= high - low, "ticks leave part of \(low)...\(high) uncovered")
        }
    }

    @Test("tick labels are short, distinct and free of binary noise")
    func labels() {
        for (low, high) in Self.ranges {
            for axis in [Axis.covering([low, high]), Axis.spanning(low, high)] {
                let labels = axis.ticks.map(\.label)
                #expect(Set(labels).count == labels.count, "\(labels)")
                for label in labels {
                    #expect(label.count <= 8, "\(label)")
                    #expect(!label.contains("0000") && !label.contains("9999") && !label.contains("e"), "\(label)")
                }
            }
        }
        #expect(Axis.covering([0.1, 0.7], tickCount: 6).ticks.map(\.label) == ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"])
        #expect(Axis.covering([-3.2, 17.5], tickCount: 4).ticks.map(\.label) == ["-5", "0", "5", "10", "15", "20"])
        #expect(Axis.spanning(1e-5, 3e-5, tickCount: 4).ticks.map(\.label) == ["10⁻⁵", "1.5×10⁻⁵", "2×10⁻⁵", "2.5×10⁻⁵", "3×10⁻⁵"])
        #expect(TickLabel.scientific(2.5e-4, lastDigitExponent: -5) == "2.5×10⁻⁴")
        #expect(TickLabel.scientific(-1e6, lastDigitExponent: 6) == "-10⁶")
        #expect(TickLabel.scientific(9.96, lastDigitExponent: -1) == "10¹")
    }

    @Test("logarithmic axes tick decades, or 1-2-5 values over short ranges")
    func logarithmic() throws {
        let decades = Axis.spanning(0.002, 20, scale: .logarithmic)
        #expect(decades.ticks.map(\.label) == ["0.01", "0.1", "1", "10"])
        #expect(decades.minorTicks.contains { abs($0 - 0.005) < 1e-12 } && decades.minorTicks.count == 33)

        let wide = Axis.spanning(1e-9, 1e3, scale: .logarithmic, tickCount: 5)
        #expect(wide.ticks.count >= 3 && wide.ticks.count <= 7, "\(wide.ticks)")
        for tick in wide.ticks {
            #expect(abs(log10(tick.value) - log10(tick.value).rounded()) < 1e-9 && tick.label.hasPrefix("10"), "\(tick)")
        }
        #expect(wide.ticks.contains(Tick(1e-6, "10⁻⁶")))

        let short = Axis.spanning(0.05, 2, scale: .logarithmic)
        #expect(short.ticks.map(\.label) == ["0.05", "0.1", "0.2", "0.5", "1", "2"])

        let narrow = Axis.spanning(1.2, 1.9, scale: .logarithmic)
        #expect(narrow.ticks.count >= 2 && narrow.ticks.allSatisfy { $0.value >= 1.2 && $0.value <= 1.9 })

        let covering = Axis.covering([0.0023, 2.3, 0, -1, .nan], scale: .logarithmic)
        #expect(covering.lower == 0.002 && covering.upper == 5)

        #expect(abs(try #require(decades.fraction(of: (0.002 * 20).squareRoot())) - 0.5) < 1e-12)
        #expect(decades.fraction(of: 0) == nil && decades.fraction(of: -1) == nil && decades.fraction(of: .infinity) == nil)
    }

    @Test("degenerate ranges still give a usable axis")
    func degenerate() {
        for axis in [Axis.covering([]), Axis.covering([.nan, .infinity]), Axis.covering([3, 3]), Axis.spanning(0, 0),
                     Axis.covering([5], scale: .logarithmic), Axis.covering([-1], scale: .logarithmic)] {
            #expect(axis.lower < axis.upper && axis.ticks.count >= 2, "\(axis)")
        }
    }

    /// Ranges that once trapped: a span that overflows, one below the smallest normal number, one
    /// too narrow to divide at its magnitude, a single huge value.
    static let extremeRanges: [(Double, Double)] = [
        (-1e308, 1e308), (0, 1e-310), (1, 1.0000000000000002), (1e308, 1e308), (5e-324, 5e-324), (-.greatestFiniteMagnitude, -1e308),
    ]

    @Test("extreme ranges give finite axes with ticks, and contour plots of extreme fields draw")
    func extremeRanges() throws {
        for (low, high) in Self.extremeRanges {
            for scale in [AxisScale.linear, .logarithmic] {
                for axis in [Axis.spanning(low, high, scale: scale), Axis.covering([low, high], scale: scale)] {
                    #expect(axis.lower.isFinite && axis.upper.isFinite && axis.lower < axis.upper, "\(low)...\(high): \(axis)")
                    #expect(!axis.ticks.isEmpty, "\(low)...\(high) \(scale): no ticks")
                }
            }
            let field = ScalarField(x: -1...1, y: -1...1, values: [[low, high], [high, low]])
            #expect(SVGTree.parse(ContourPlot(field: field).svg) != nil, "\(low)...\(high)")
        }
    }
}
