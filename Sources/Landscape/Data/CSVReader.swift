extension Dataset {
    /// Parses CSV text: a header line, then one row per line (`docs/FORMATS.md#data-files-csv`). The column named `label` is the
    /// target wherever it stands; every other column is a feature. Cells may be double-quoted.
    /// Anything else — a missing `label`, a cell that is not a finite number, a ragged or empty row,
    /// no rows at all — is refused with the file, line and column.
    public init(csv text: String, source: String) throws {
        func fail(_ line: Int, _ message: String) -> LandscapeError {
            .invalidInput("\(source) line \(line): \(message)")
        }
        // "\r\n" is one Character in Swift, so both line ends are matched explicitly.
        var lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
        guard let headerLine = lines.first else { throw LandscapeError.invalidInput("\(source): the file is empty") }
        let header = try Dataset.cells(of: headerLine).map { cell -> String in
            guard let name = cell else { throw fail(1, "malformed quoting in the header") }
            return name
        }
        guard let labelColumn = header.firstIndex(of: "label") else {
            let shown = header.prefix(12).map { "'\($0.prefix(40))'" }.joined(separator: ", ") + (header.count > 12 ? ", …" : "")
            throw fail(1, "no column named 'label' in the header; the columns are \(shown)")
        }
        guard header.filter({ $0 == "label" }).count == 1 else { throw fail(1, "more than one column named 'label'") }
        if let column = header.firstIndex(where: { $0.allSatisfy { $0 == " " || $0 == "\t" } }) {
            throw fail(1, "column \(column + 1) has no name: probably a row index, as pandas' to_csv writes by default (write the file with index=False)")
        }
        let featureNames = header.enumerated().filter { $0.offset != labelColumn }.map(\.element)
        if let repeated = featureNames.enumerated().first(where: { featureNames[..<$0.offset].contains($0.element) }) {
            throw fail(1, "two columns are named '\(repeated.element.prefix(40))'")
        }
        guard lines.count > 1 else { throw LandscapeError.invalidInput("\(source): no data rows after the header") }

        var features: [Double] = []
        features.reserveCapacity((lines.count - 1) * featureNames.count)
        var labels: [Double] = []
        labels.reserveCapacity(lines.count - 1)
        for (offset, line) in lines.dropFirst().enumerated() {
            let lineNumber = offset + 2
            let cells = Dataset.cells(of: line)
            if let column = cells.firstIndex(where: { $0 == nil }) {
                let name = column < header.count ? " ('\(header[column])')" : ""
                throw fail(lineNumber, "column \(column + 1)\(name): malformed quoting")
            }
            guard cells.count == header.count else {
                if line.allSatisfy({ $0 == " " || $0 == "\t" }) { throw fail(lineNumber, "empty row") }
                throw fail(lineNumber, "\(cells.count) cells, but the header has \(header.count) columns")
            }
            // Every cell is present here (nils were refused above); the pattern only unwraps them.
            for case let (column, cell?) in cells.enumerated() {
                let name = header[column]
                guard let value = NumberText.finite(cell) else {
                    let shown = cell.allSatisfy({ $0 == " " || $0 == "\t" }) ? "empty cell" : "'\(cell.prefix(40))' is not a finite number"
                    throw fail(lineNumber, "column \(column + 1) ('\(name)'): \(shown)")
                }
                if column == labelColumn { labels.append(value) } else { features.append(value) }
            }
        }
        self.init(source: source, featureNames: featureNames,
                  features: Matrix(rows: labels.count, cols: featureNames.count, elements: features),
                  labels: labels, lines: Array(2..<(2 + labels.count)))
    }

    /// The cells of one line; a nil cell has broken quoting.
    static func cells(of line: Substring) -> [String?] {
        var cells: [String?] = []
        var rest = line[...]
        while true {
            if rest.first == "\"" {
                var cell = ""
                var index = rest.index(after: rest.startIndex)
                var closed = false
                while index < rest.endIndex {
                    let c = rest[index]
                    if c == "\"" {
                        let next = rest.index(after: index)
                        if next < rest.endIndex, rest[next] == "\"" {
                            cell.append("\"")
                            index = rest.index(after: next)
                            continue
                        }
                        closed = true
                        index = next
                        break
                    }
                    cell.append(c)
                    index = rest.index(after: index)
                }
                rest = rest[index...]
                let valid = closed && (rest.isEmpty || rest.first == ",")
                cells.append(valid ? cell : nil)
                if !valid { rest = rest.drop { $0 != "," } }
            } else {
                let end = rest.firstIndex(of: ",") ?? rest.endIndex
                cells.append(String(rest[rest.startIndex..<end]))
                rest = rest[end...]
            }
            guard rest.first == "," else { return cells }
            rest = rest.dropFirst()
        }
    }
}
