import Foundation
import Testing
import Landscape

@Suite("Plot figures")
struct PlotSVGTests {
    /// The data area of a figure: the frame rectangle drawn with the axes.
    static func area(_ tree: SVGTree.Node) throws -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let frame = try #require(tree.groups("axes").first?.children.first { $0.name == "rect" })
        let x = Double(frame.attributes["x"]!)!, y = Double(frame.attributes["y"]!)!
        let w = Double(frame.attributes["width"]!)!, h = Double(frame.attributes["height"]!)!
        return (x...(x + w), y...(y + h))
    }

    static func inside(_ point: (Double, Double), _ area: (x: ClosedRange<Double>, y: ClosedRange<Double>)) -> Bool {
        point.0 >= area.x.lowerBound - 0.011 && point.0 <= area.x.upperBound + 0.011
            && point.1 >= area.y.lowerBound - 0.011 && point.1 <= area.y.upperBound + 0.011
    }

    static var linePlot: LinePlot {
        let x = (0...40).map { Double($0) / 10 }
        var broken = x.map { exp(-$0) }
        broken[10] = .nan
        broken[20] = 0
        broken[30] = .infinity
        return LinePlot(
            title: "loss <train & test>", xTitle: "α", yTitle: "loss",
            series: [LineSeries("train", x: x, y: x.map { 0.01 + $0 * $0 }),
                     LineSeries("broken", x: x, y: broken, dashed: true, marker: .square),
                     LineSeries("flat", x: x, y: x.map { _ in 1 })],
            referenceLines: [.horizontal(2, label: "2/lr"), .vertical(1.5, label: "switch")],
            yScale: .logarithmic)
    }

    @Test("a line plot parses as XML with one group per series, gaps at unshowable points, and a legend")
    func linePlot() throws {
        let plot = Self.linePlot
        let tree = try #require(SVGTree.parse(plot.svg))
        let series = tree.groups("series")
        #expect(series.count == 3)
        let broken = try #require(series[1].children.first { $0.name == "path" }?.attributes["d"])
        #expect(broken.filter { $0 == "M" }.count == 4, "NaN, 0 on a log axis and ∞ each break the line: \(broken)")
        #expect(series[1].children.filter { $0.name == "rect" }.count == 41 - 3, "one marker per showable point")
        #expect(series[1].children.first { $0.name == "path" }?.attributes["stroke-dasharray"] != nil)
        let strokes = series.compactMap { $0.children.first { $0.name == "path" }?.attributes["stroke"] }
        #expect(Set(strokes).count == 3, "each series has its own colour")
        #expect(tree.groups("reference").count == 2)
        let texts = tree.all.filter { $0.name == "text" }.map(\.text)
        #expect(texts.contains("loss <train & test>") && texts.contains("2/lr") && texts.contains("switch"))
        #expect(tree.groups("legend").first?.children.filter { $0.name == "text" }.map(\.text) == ["train", "broken", "flat"])
        let area = try Self.area(tree)
        for group in series {
            for path in group.children where path.name == "path" {
                #expect(coordinates(path.attributes["d"]!).allSatisfy { Self.inside($0, area) })
            }
        }
    }

    @Test("a line plot's axes cover the data and the reference lines")
    func lineAxes() throws {
        let plot = LinePlot(series: [LineSeries("s", x: [0, 1], y: [0.5, 0.7])], referenceLines: [.horizontal(3, label: "top")])
        let tree = try #require(SVGTree.parse(plot.svg))
        let labels = try #require(tree.groups("axes").first).children.filter { $0.name == "text" }.map(\.text)
        #expect(labels.contains("3.0") || labels.contains("3"), "\(labels)")
        #expect(tree.groups("reference").first?.children.count == 1)
    }

    static var contourPlot: ContourPlot {
        var field = ScalarField(x: -2...2, y: -1...3, xCount: 41, yCount: 31) { x, y in
            (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x)
        }
        var values = field.values
        values[0][0] = .nan
        values[5][7] = .infinity
        field = ScalarField(x: field.x, y: field.y, values: values)
        let escape = [PlotPoint(-1.5, 2), PlotPoint(0, 1), PlotPoint(3, 1), PlotPoint(3, 2), PlotPoint(1.5, 2.5), PlotPoint(.nan, 0),
                      PlotPoint(0, 0), PlotPoint(0.5, 0.5)]
        return ContourPlot(
            field: field, title: "Rosenbrock", xTitle: "x", yTitle: "y", colorBarTitle: "f", logarithmic: true,
            markers: [PointMarker("minimum", at: PlotPoint(1, 1), shape: .star), PointMarker("A", at: PlotPoint(-1, 1)),
                      PointMarker("far", at: PlotPoint(10, 10))],
            trajectories: [Trajectory("escape", points: escape), Trajectory("short", points: [PlotPoint(-1, 0), PlotPoint(-0.5, 0.2)])])
    }

    @Test("a contour plot parses as XML with cells, iso-lines, clipped trajectories, markers and a colour bar")
    func contourPlot() throws {
        let plot = Self.contourPlot
        let tree = try #require(SVGTree.parse(plot.svg))
        let cells = try #require(tree.groups("cells").first).children
        #expect(cells.count >= 40 && cells.allSatisfy { $0.name == "rect" })
        #expect(cells.filter { $0.attributes["fill"] == Color.missing.hex }.count >= 2, "non-finite cells are grey")
        let levels = plot.contourLevels
        #expect(levels.count >= 5 && zip(levels, levels.dropFirst()).allSatisfy { $0 < $1 })
        #expect(tree.groups("isolines").first?.children.count == levels.count)
        let trajectories = tree.groups("trajectory")
        #expect(trajectories.count == 2)
        let area = try Self.area(tree)
        let escape = try #require(trajectories[0].children.last?.attributes["d"])
        #expect(escape.filter { $0 == "M" }.count == 3, "the path leaves the plot, re-enters, and breaks at NaN: \(escape)")
        #expect(coordinates(escape).allSatisfy { Self.inside($0, area) })
        #expect(Set(trajectories.map { $0.children.last?.attributes["stroke"] }).count == 2, "each trajectory has its own colour")
        #expect(tree.groups("trajectory-ends").first?.children.count == 4)
        let markers = tree.groups("marker")
        #expect(markers.count == 3 && markers[2].children.isEmpty, "a marker outside the field is not drawn")
        #expect(markers[0].children.contains { $0.name == "text" && $0.text == "minimum" })
        let colorBar = try #require(tree.groups("colorbar").first)
        #expect(colorBar.all.filter { $0.name == "stop" }.count == ColorMap.viridis.anchors.count)
        #expect(colorBar.children.contains { $0.name == "text" && $0.text == "1000" })
        #expect(tree.groups("legend").first?.children.filter { $0.name == "text" }.map(\.text).prefix(2) == ["escape", "short"])
    }

    @Test("contour levels can be given, and a linear field gets round levels")
    func levels() {
        let field = ScalarField(x: 0...1, y: 0...1, xCount: 5, yCount: 5) { x, y in 10 * x + y }
        #expect(ContourPlot(field: field, levelCount: 5).contourLevels == [2, 4, 6, 8, 10])
        #expect(ContourPlot(field: field, levels: [3, -1, 50, 0.5]).contourLevels == [0.5, 3])
        let constant = ScalarField(x: 0...1, y: 0...1, xCount: 3, yCount: 3) { _, _ in 2 }
        #expect(SVGTree.parse(ContourPlot(field: constant, logarithmic: true).svg) != nil)
    }

    static var scatterPlot: ScatterPlot {
        ScatterPlot(
            title: "gap vs sharpness", xTitle: "gap", yTitle: "sharpness",
            groups: [ScatterGroup("batch 8", points: (0..<5).map { PlotPoint(0.05 + 0.01 * Double($0), 40 + Double($0)) }),
                     ScatterGroup("batch 512", points: [PlotPoint(0.1, 150), PlotPoint(0.12, 170), PlotPoint(.nan, 1), PlotPoint(0.11, 160)])])
    }

    @Test("a scatter plot parses as XML with one marker per point and a mean with error bars per group")
    func scatterPlot() throws {
        let plot = Self.scatterPlot
        let tree = try #require(SVGTree.parse(plot.svg))
        let groups = tree.groups("group")
        #expect(groups.map(\.children.count) == [5, 3])
        #expect(groups[0].children.allSatisfy { $0.name == "circle" } && groups[1].children.allSatisfy { $0.name == "rect" })
        let means = tree.groups("mean")
        #expect(means.count == 2)
        #expect(means.allSatisfy { $0.children.first?.name == "path" && $0.children.count == 2 })
        let summary = try #require(plot.groups[1].summary)
        #expect(abs(summary.mean.x - 0.11) < 1e-12 && abs(summary.mean.y - 160) < 1e-12 && abs(summary.sd.y - 10) < 1e-12)
        #expect(tree.groups("legend").first?.children.filter { $0.name == "text" }.map(\.text) == ["batch 8", "batch 512", "large: mean ± 1 sd"])
        var plain = plot
        plain.showMeans = false
        #expect(try #require(SVGTree.parse(plain.svg)).groups("mean").isEmpty)
    }

    @Test("write(to:) stores exactly the figure's bytes")
    func writeStoresTheBytes() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("line.svg").path
        try Self.linePlot.write(to: path)
        #expect(try Files.read(path) == Self.linePlot.svg)
    }

    @Test("the example figures all parse and keep their parts inside the image")
    func examples() throws {
        for figure in [PlotExamples.interpolation, PlotExamples.rosenbrockRace, PlotExamples.bowl, PlotExamples.seeds] as [any Figure] {
            let document = figure.document
            let tree = try #require(SVGTree.parse(document.text))
            for text in tree.all where text.name == "text" && text.attributes["transform"] == nil {
                let x = Double(text.attributes["x"]!)!, y = Double(text.attributes["y"]!)!
                #expect(x >= 0 && x <= document.width && y >= 0 && y <= document.height, "\(text.text) at (\(x), \(y))")
            }
        }
    }
}
