/// A standalone SVG image: a size, a background, and elements painted in order.
public struct SVGDocument: Equatable, Sendable {
    public var width: Double
    public var height: Double
    /// Painted first over the whole image; nil leaves it transparent.
    public var background: Color?
    public var elements: [SVGElement]

    /// Font families for all text, in order of preference.
    public static let fontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif"

    public init(width: Double, height: Double, background: Color? = .white, elements: [SVGElement] = []) {
        self.width = width
        self.height = height
        self.background = background
        self.elements = elements
    }

    public mutating func append(_ element: SVGElement) {
        elements.append(element)
    }

    /// The document as SVG text; the same document always gives the same bytes.
    public var text: String {
        let w = FixedDecimal.svg(width), h = FixedDecimal.svg(height)
        var root = SVGElement("svg", attributes: [
            SVGAttribute("xmlns", "http://www.w3.org/2000/svg"),
            SVGAttribute("width", w), SVGAttribute("height", h),
            SVGAttribute("viewBox", "0 0 \(w) \(h)"),
            SVGAttribute("font-family", Self.fontFamily),
        ])
        if let background {
            root.children.append(.rect(x: 0, y: 0, width: width, height: height, style: .fill(background)))
        }
        root.children += elements
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.xml()
    }
}
