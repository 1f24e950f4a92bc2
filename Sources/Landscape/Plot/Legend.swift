/// The key of a figure: for each series a sample of its line and/or marker, then its name. Plots
/// place it outside the data area, as a column to the right or in rows below, so it never hides data.
struct Legend {
    struct Entry {
        var label: String
        var color: Color
        /// Draw a line sample, dashed with this pattern when non-empty.
        var line: Bool
        var dash: [Double] = []
        var marker: MarkerShape?
    }

    var entries: [Entry]
    /// A smaller grey line under the entries, explaining an encoding (e.g. what large markers mean).
    var note: String?

    static let fontSize = 13.0
    static let rowHeight = 22.0
    static let sampleWidth = 30.0
    static let noteSize = 11.0

    var isEmpty: Bool { entries.isEmpty }

    var width: Double {
        guard !isEmpty else { return 0 }
        let labels = entries.map { TextMetrics.width($0.label, size: Self.fontSize) }.max() ?? 0
        let note = note.map { TextMetrics.width($0, size: Self.noteSize) } ?? 0
        return max(Self.sampleWidth + 8 + labels, note)
    }

    /// The legend as a column with its top-left corner at (`x`, `y`).
    func elements(x: Double, y: Double) -> [SVGElement] {
        var output: [SVGElement] = []
        for (row, entry) in entries.enumerated() {
            output += draw(entry, x: x, middle: y + Self.rowHeight * (Double(row) + 0.5))
        }
        if let note {
            output.append(noteText(note, x: x, y: y + Self.rowHeight * Double(entries.count) + 4, baseline: .top))
        }
        return output
    }

    /// Height of the legend laid out in rows no wider than `maxWidth`.
    func rowsHeight(maxWidth: Double) -> Double {
        isEmpty ? 0 : Self.rowHeight * Double((flow(maxWidth: maxWidth).map(\.row).max() ?? 0) + 1)
    }

    /// The legend laid out in rows from (`x`, `y`), entries side by side, wrapping at `maxWidth`.
    func rowElements(x: Double, y: Double, maxWidth: Double) -> [SVGElement] {
        flow(maxWidth: maxWidth).flatMap { item -> [SVGElement] in
            let middle = y + Self.rowHeight * (Double(item.row) + 0.5)
            if let index = item.entry { return draw(entries[index], x: x + item.offset, middle: middle) }
            return [noteText(note ?? "", x: x + item.offset, y: middle, baseline: .middle)]
        }
    }

    static let itemGap = 24.0

    /// Row and horizontal offset of each entry (then the note, with `entry` nil) when laid out in rows.
    private func flow(maxWidth: Double) -> [(entry: Int?, row: Int, offset: Double)] {
        var items = entries.indices.map { (entry: Optional($0), width: Self.sampleWidth + 8 + TextMetrics.width(entries[$0].label, size: Self.fontSize)) }
        if let note { items.append((nil, TextMetrics.width(note, size: Self.noteSize))) }
        var placed: [(entry: Int?, row: Int, offset: Double)] = []
        var row = 0, offset = 0.0
        for item in items {
            if offset > 0, offset + item.width > maxWidth {
                row += 1
                offset = 0
            }
            placed.append((item.entry, row, offset))
            offset += item.width + Self.itemGap
        }
        return placed
    }

    private func draw(_ entry: Entry, x: Double, middle: Double) -> [SVGElement] {
        var output: [SVGElement] = []
        if entry.line {
            output.append(.line(x1: x, y1: middle, x2: x + Self.sampleWidth, y2: middle, style: .stroke(entry.color, width: 2, dash: entry.dash)))
        }
        if let marker = entry.marker {
            output += marker.elements(at: PlotPoint(x + Self.sampleWidth / 2, middle), size: 4.5, fill: entry.color, outline: .white)
        }
        output.append(.text(entry.label, x: x + Self.sampleWidth + 8, y: middle, size: Self.fontSize, baseline: .middle))
        return output
    }

    private func noteText(_ note: String, x: Double, y: Double, baseline: TextBaseline) -> SVGElement {
        .text(note, x: x, y: y, size: Self.noteSize, baseline: baseline, color: Color(hex: 0x666666))
    }
}
