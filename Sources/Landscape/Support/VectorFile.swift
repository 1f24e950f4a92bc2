/// Vector files (`docs/FORMATS.md#vector-files`): one finite number per line, in the
/// flat parameter order, as `grad --out` writes them and `hvp --vector` reads them.
public enum VectorFile {
    /// The numbers of the file at `path`, which must hold exactly `count` of them.
    public static func read(_ path: String, count: Int) throws -> [Double] {
        var lines = try Files.read(path).split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { lines.removeLast() }
        var values: [Double] = []
        values.reserveCapacity(lines.count)
        for (i, line) in lines.enumerated() {
            guard let x = NumberText.finite(line.hasSuffix("\r") ? line.dropLast() : line) else {
                throw LandscapeError.invalidInput("\(path) line \(i + 1): '\(line.prefix(40))' is not a finite number (one number per line)")
            }
            values.append(x)
        }
        guard values.count == count else {
            throw LandscapeError.invalidInput("\(path) has \(values.count) numbers but the model has \(count) parameters")
        }
        return values
    }

    /// Writes `values` one per line, atomically.
    public static func write(_ values: [Double], to path: String) throws {
        try Files.writeAtomically(values.map { "\($0)\n" }.joined(), to: path)
    }
}
