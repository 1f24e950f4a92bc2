/// Anything that draws itself as an SVG image.
public protocol Figure {
    /// The figure as an SVG document, for composing or inspecting.
    var document: SVGDocument { get }
}

extension Figure {
    /// The figure as SVG text; the same figure always gives the same bytes.
    public var svg: String { document.text }

    /// Writes the SVG to `path` atomically, so a reader never sees half a figure.
    public func write(to path: String) throws {
        try Files.writeAtomically(svg, to: path)
    }
}
