import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// An SVG text parsed back with Foundation's XML parser, for checking what a figure contains.
final class SVGTree: NSObject, XMLParserDelegate {
    final class Node {
        let name: String
        let attributes: [String: String]
        var children: [Node] = []
        var text = ""

        init(name: String, attributes: [String: String]) {
            self.name = name
            self.attributes = attributes
        }

        /// This node and all below it, depth first.
        var all: [Node] { [self] + children.flatMap(\.all) }

        func groups(_ className: String) -> [Node] { all.filter { $0.name == "g" && $0.attributes["class"] == className } }
    }

    private(set) var root: Node?
    private var stack: [Node] = []

    /// Parses `svg`, or returns nil if it is not well-formed XML.
    static func parse(_ svg: String) -> Node? {
        let tree = SVGTree()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = tree
        guard parser.parse() else { return nil }
        return tree.root
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        let node = Node(name: name, attributes: attributes)
        if let parent = stack.last { parent.children.append(node) } else { root = node }
        stack.append(node)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }
}

/// The numbers in an SVG path's `d` or a polyline's `points`, as (x, y) pairs.
func coordinates(_ data: String) -> [(Double, Double)] {
    let numbers = data.split(whereSeparator: { " ,MLZ".contains($0) }).compactMap { Double($0) }
    return stride(from: 0, to: numbers.count - 1, by: 2).map { (numbers[$0], numbers[$0 + 1]) }
}
