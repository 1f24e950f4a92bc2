/// One SVG element: a name, ordered attributes, and either child elements or text.
///
/// The static constructors cover what the plots draw; coordinates are pixels with y pointing down.
public struct SVGElement: Equatable, Sendable {
    public var name: String
    public var attributes: [SVGAttribute]
    public var children: [SVGElement]
    /// Character content, escaped when written.
    public var text: String?

    public init(_ name: String, attributes: [SVGAttribute] = [], children: [SVGElement] = [], text: String? = nil) {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    public static func line(x1: Double, y1: Double, x2: Double, y2: Double, style: SVGStyle) -> SVGElement {
        SVGElement("line", attributes: numbers(["x1": x1, "y1": y1, "x2": x2, "y2": y2]) + style.attributes)
    }

    public static func polyline(_ points: [PlotPoint], style: SVGStyle) -> SVGElement {
        SVGElement("polyline", attributes: [SVGAttribute("points", pointList(points))] + style.attributes)
    }

    /// A path from raw SVG path data (`M 0 0 L 10 10 Z`).
    public static func path(_ data: String, style: SVGStyle) -> SVGElement {
        SVGElement("path", attributes: [SVGAttribute("d", data)] + style.attributes)
    }

    /// A path of several polylines (each starts with a move), closed when `closed`.
    public static func path(subpaths: [[PlotPoint]], closed: Bool = false, style: SVGStyle) -> SVGElement {
        path(pathData(subpaths: subpaths, closed: closed), style: style)
    }

    public static func rect(x: Double, y: Double, width: Double, height: Double, style: SVGStyle) -> SVGElement {
        SVGElement("rect", attributes: numbers(["x": x, "y": y, "width": max(width, 0), "height": max(height, 0)]) + style.attributes)
    }

    public static func circle(cx: Double, cy: Double, r: Double, style: SVGStyle) -> SVGElement {
        SVGElement("circle", attributes: numbers(["cx": cx, "cy": cy, "r": max(r, 0)]) + style.attributes)
    }

    /// A line of text. `rotation` turns it (degrees, clockwise) about its anchor point; a `halo`
    /// paints a wide outline of that colour under the glyphs, keeping text readable over data.
    public static func text(
        _ string: String, x: Double, y: Double, size: Double = 12, anchor: TextAnchor = .start,
        baseline: TextBaseline = .alphabetic, bold: Bool = false, rotation: Double = 0,
        color: Color = .ink, halo: Color? = nil
    ) -> SVGElement {
        var attributes = numbers(["x": x, "y": y + baseline.shift * size])
        attributes.append(SVGAttribute("font-size", FixedDecimal.svg(size)))
        if anchor != .start { attributes.append(SVGAttribute("text-anchor", anchor.rawValue)) }
        if bold { attributes.append(SVGAttribute("font-weight", "bold")) }
        if rotation != 0 {
            attributes.append(SVGAttribute("transform", "rotate(\(FixedDecimal.svg(rotation)) \(FixedDecimal.svg(x)) \(FixedDecimal.svg(y)))"))
        }
        attributes.append(SVGAttribute("fill", color.hex))
        if let halo {
            attributes += [SVGAttribute("stroke", halo.hex), SVGAttribute("stroke-width", "3"),
                           SVGAttribute("stroke-linejoin", "round"), SVGAttribute("paint-order", "stroke")]
        }
        return SVGElement("text", attributes: attributes, text: string)
    }

    public static func group(_ children: [SVGElement], attributes: [SVGAttribute] = []) -> SVGElement {
        SVGElement("g", attributes: attributes, children: children)
    }

    /// A group named by its `class`, which tells readers and tests what its children draw.
    public static func group(_ children: [SVGElement], class name: String) -> SVGElement {
        group(children, attributes: [SVGAttribute("class", name)])
    }

    /// `M x y L x y …` for each subpath, with `Z` after each when closed.
    public static func pathData(subpaths: [[PlotPoint]], closed: Bool = false) -> String {
        subpaths.filter { !$0.isEmpty }.map { points in
            var parts = ["M" + coordinate(points[0])]
            parts += points.dropFirst().map { "L" + coordinate($0) }
            if closed { parts.append("Z") }
            return parts.joined(separator: " ")
        }.joined(separator: " ")
    }

    /// The element as XML, children indented one level per depth.
    public func xml(indent: Int = 0) -> String {
        var output = ""
        write(into: &output, depth: indent)
        return output
    }

    func write(into output: inout String, depth: Int) {
        output += String(repeating: "  ", count: depth) + "<" + name
        for attribute in attributes {
            output += " " + attribute.name + "=\"" + XMLText.escaped(attribute.value) + "\""
        }
        if let text {
            output += ">" + XMLText.escaped(text) + "</" + name + ">\n"
        } else if children.isEmpty {
            output += "/>\n"
        } else {
            output += ">\n"
            for child in children { child.write(into: &output, depth: depth + 1) }
            output += String(repeating: "  ", count: depth) + "</" + name + ">\n"
        }
    }

    private static func numbers(_ values: KeyValuePairs<String, Double>) -> [SVGAttribute] {
        values.map { SVGAttribute($0.key, FixedDecimal.svg($0.value)) }
    }

    private static func coordinate(_ point: PlotPoint) -> String {
        FixedDecimal.svg(point.x) + "," + FixedDecimal.svg(point.y)
    }

    private static func pointList(_ points: [PlotPoint]) -> String {
        points.map(coordinate).joined(separator: " ")
    }
}
