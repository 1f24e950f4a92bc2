import Landscape

struct SurfaceCommand: Command {
    static let name = "surface"
    static let summary = "the values of a 2-D surface on a grid: JSON, CSV, and a contour plot as SVG"
    static let discussion = """
    Evaluates f(x, y) at the points of a --grid × --grid array over the box, ends included, in
    --precision, and reports the lowest and highest values found there and the known minima (for
    a typed formula, the minima that critical finds in the box). --json gives the coordinates
    and every value: values[j][i] = f(x[i], y[j]). --csv writes x, y, value; --svg draws the
    contour plot that descend draws under its paths.
    \(SurfaceOptions.formulaHelp)
    """
    static let examples = [
        "landscape surface --surface himmelblau --svg himmelblau.svg",
        "landscape surface --surface rosenbrock --box -2:2,-1:3 --grid 5 --json",
        "landscape surface --surface \"x^2 - y^2\" --box -1:1,-1:1 --grid 41 --csv saddle.csv",
    ]
    static let grid = Option.integer("--grid", "points per side of the box", in: 2...1001, default: 121)
    static let csv = Option.output("--csv", "write every point: x, y, value")
    static let svg = Option.output("--svg", "draw the contour plot of the box")
    static let options: [any OptionDeclaration] = [
        SurfaceOptions.surface, SurfaceOptions.condition, SurfaceOptions.box, grid, csv, svg, Options.precision, Options.threads, Options.json,
    ]

    static func run(_ arguments: Arguments) throws {
        let surface = try SurfaceOptions.surface(arguments)
        let region = SurfaceOptions.region(arguments, surface: surface)
        let grid = SurfaceGrid(surface: surface, x: region.x, y: region.y, samples: arguments[grid], precision: arguments[Options.precision])
        if let path = arguments.value(csv) {
            try Files.writeAtomically("x,y,value\n" + grid.points.map { "\(csvCell($0.x)),\(csvCell($0.y)),\(csvCell($0.value))\n" }.joined(), to: path)
        }
        if let path = arguments.value(svg) {
            try surface.contourPlot(x: region.x, y: region.y, title: surface.title, markers: Surface.minimumMarkers(grid.minima)).write(to: path)
        }
        let (lowest, highest) = (grid.lowest, grid.highest)
        if arguments.has(Options.json) {
            func point(_ p: SurfaceGrid.Point?) -> JSON {
                p.map { .object(["x": .number($0.x), "y": .number($0.y), "value": .number($0.value)]) } ?? .null
            }
            Output.json(.object([
                "surface": .string(surface.name), "formula": .string(surface.formula),
                "box": .array([.numbers([region.x.lowerBound, region.x.upperBound]), .numbers([region.y.lowerBound, region.y.upperBound])]),
                "grid": .number(grid.xs.count), "precision": .string(arguments[Options.precision].rawValue),
                "minima": .array(grid.minima.map { .numbers([$0.x, $0.y]) }),
                "lowest": point(lowest), "highest": point(highest),
                "x": .numbers(grid.xs), "y": .numbers(grid.ys), "values": .array(grid.values.map { .numbers($0) }),
            ]))
            return
        }
        var text = "\(surface.title)\n\(grid.xs.count) × \(grid.ys.count) points over [\(formatted(region.x.lowerBound)), \(formatted(region.x.upperBound))]"
            + " × [\(formatted(region.y.lowerBound)), \(formatted(region.y.upperBound))]\n"
        if let lowest, let highest {
            text += "lowest  \(formatted(lowest.value, digits: 8)) at (\(formatted(lowest.x)), \(formatted(lowest.y)))\n"
            text += "highest \(formatted(highest.value, digits: 8)) at (\(formatted(highest.x)), \(formatted(highest.y)))\n"
        }
        if grid.nonFiniteCount > 0 { text += "\(grid.nonFiniteCount) points where f is not finite\n" }
        text += grid.minima.isEmpty ? "no minimum known in the box\n"
            : "minima: " + grid.minima.map(\.description).joined(separator: ", ") + "\n"
        print(text, terminator: "")
    }
}
