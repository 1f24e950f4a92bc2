import Foundation

/// Numbers as people type them: plain decimal notation only, finite. Swift's own parser also takes
/// `nan`, `inf` and hexadecimal floats, which a data file or a flag should never mean.
public enum NumberText {
    /// The finite number `text` spells (surrounding spaces allowed), or nil.
    public static func finite<S: StringProtocol>(_ text: S) -> Double? {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        var end = trimmed.endIndex
        while end > trimmed.startIndex, trimmed[trimmed.index(before: end)] == " " || trimmed[trimmed.index(before: end)] == "\t" {
            end = trimmed.index(before: end)
        }
        let core = trimmed[trimmed.startIndex..<end]
        guard !core.isEmpty,
              core.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-" || $0 == "+" || $0 == "e" || $0 == "E") }),
              let value = Double(String(core)), value.isFinite
        else { return nil }
        return value
    }
}

extension NumberText {
    /// `value` with `digits` significant digits (`%g`), for tables, captions and messages; `-` when absent.
    public static func short(_ value: Double?, digits: Int = 6) -> String {
        guard let value else { return "-" }
        return String(format: "%.\(digits)g", value)
    }
}
