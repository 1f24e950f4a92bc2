/// Estimated text extents for layout. SVG has no text measurement, so margins and legends are
/// sized from the character count with a width per character that covers digits in DejaVu Sans.
enum TextMetrics {
    static func width(_ text: String, size: Double, bold: Bool = false) -> Double {
        Double(text.count) * size * (bold ? 0.68 : 0.62)
    }
}
