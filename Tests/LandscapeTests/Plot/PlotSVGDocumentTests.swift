import Foundation
import Testing
import Landscape

@Suite("SVG documents")
struct PlotSVGDocumentTests {
    @Test("text and attributes are escaped, and forbidden control characters dropped")
    func escaping() throws {
        var document = SVGDocument(width: 100, height: 50)
        let awkward = "a < b & \"c\" 'd' > e\u{1}"
        document.append(.text(awkward, x: 10, y: 20))
        document.append(.group([], attributes: [SVGAttribute("class", awkward)]))
        let tree = try #require(SVGTree.parse(document.text))
        #expect(tree.name == "svg" && tree.attributes["width"] == "100")
        let text = try #require(tree.all.first { $0.name == "text" })
        #expect(text.text == "a < b & \"c\" 'd' > e")
        #expect(tree.all.contains { $0.name == "g" && $0.attributes["class"] == "a < b & \"c\" 'd' > e" })
    }

    @Test("numbers are written with at most two decimals, without noise, exponents or -0")
    func numbers() throws {
        var document = SVGDocument(width: 640.0000001, height: 480)
        document.append(.rect(x: 0.1 + 0.2, y: -0.001, width: 12.3456, height: 1e-9, style: .fill(.black)))
        document.append(.circle(cx: 1e300, cy: -.infinity, r: .nan, style: .stroke(.black, width: 1.25, dash: [3, 2.5])))
        let text = document.text
        #expect(text.contains("width=\"640\""))
        #expect(text.contains("<rect x=\"0.3\" y=\"0\" width=\"12.35\" height=\"0\""))
        #expect(text.contains("<circle cx=\"10000000\" cy=\"-10000000\" r=\"0\""))
        #expect(text.contains("stroke-width=\"1.25\"") && text.contains("stroke-dasharray=\"3 2.5\""))
        #expect(text.range(of: "[0-9][eE][-+]?[0-9]", options: .regularExpression) == nil, "no exponents")
        #expect(!text.contains("\"nan\"") && !text.contains("inf\""))
        #expect(SVGTree.parse(text) != nil)
    }

    @Test("paths join subpaths with moves and close them on request")
    func paths() {
        let data = SVGElement.pathData(subpaths: [[PlotPoint(0, 0), PlotPoint(1, 2)], [], [PlotPoint(3, 4)]], closed: true)
        #expect(data == "M0,0 L1,2 Z M3,4 Z")
    }
}
