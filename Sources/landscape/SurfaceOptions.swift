import Landscape

/// The options that name a 2-D surface and points and regions of its plane, shared by `descend`,
/// `classify` and `critical`.
enum SurfaceOptions {
    static let surface = Option.text(
        "--surface", "S",
        "bowl, rosenbrock, saddle, himmelblau, plateau, ravine, or a formula in x and y such as \"(1-x)^2 + 100*(y-x^2)^2\"")
    static let condition = Option.number("--condition", "condition number κ of the bowl", placeholder: "K", .within(1...1e12),
                                         defaultText: "10")
    static let box = region("--box", "the region of the plane, e.g. -2:2,-1:3", defaultText: "the surface's own")

    static let formulaHelp = """
    A formula may use numbers, x, y, pi, + - * / ^ (right-associative; -x^2 is -(x^2)),
    parentheses and exp, log, sin, cos, tanh, sqrt, abs.
    """

    /// An option naming a point `x,y`.
    static func point(_ name: String, _ summary: String, defaultText: String? = nil) -> Option<SurfacePoint> {
        Option(name, "X,Y", summary, defaultText: defaultText) { text in
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count == 2, let x = NumberText.finite(parts[0]), let y = NumberText.finite(parts[1]) else {
                throw LandscapeError.invalidInput("expected x,y, two numbers separated by a comma")
            }
            return SurfacePoint(x: x, y: y)
        }
    }

    /// An option naming a region `X0:X1,Y0:Y1`.
    static func region(_ name: String, _ summary: String, defaultText: String) -> Option<Region> {
        Option(name, "X0:X1,Y0:Y1", summary, defaultText: defaultText) { text in
            let ranges = text.split(separator: ",", omittingEmptySubsequences: false).map { part in
                ProbeOptions.interval(part).map { $0.low...$0.high }
            }
            guard ranges.count == 2, let x = ranges[0], let y = ranges[1] else {
                throw LandscapeError.invalidInput("expected X0:X1,Y0:Y1 with X0 < X1 and Y0 < Y1, e.g. -2:2,-1:3")
            }
            return Region(x: x, y: y)
        }
    }

    /// A rectangle of the plane.
    struct Region: Sendable {
        var x: ClosedRange<Double>
        var y: ClosedRange<Double>
    }

    /// The surface `--surface` names or types; `--condition` only for the bowl.
    static func surface(_ arguments: Arguments) throws -> Surface {
        let text = try arguments.required(surface)
        let condition = arguments.value(condition)
        if let classic = Surface.classic(named: text, condition: condition ?? 10) {
            if condition != nil, text != "bowl" {
                throw LandscapeError.invalidInput("--condition applies to the bowl only, not to \(text)")
            }
            return classic
        }
        if condition != nil { throw LandscapeError.invalidInput("--condition applies to the bowl only, not to a formula") }
        do {
            return try Surface(formula: text)
        } catch LandscapeError.invalidInput(let message) {
            let shown = text.count > 60 ? text.prefix(57) + "..." : text
            throw LandscapeError.invalidInput("--surface \"\(shown)\": \(message)")
        }
    }

    /// The region `option` gives, or the surface's own widened to hold `points` with a margin.
    static func region(_ arguments: Arguments, _ option: Option<Region> = box, surface: Surface,
                       including points: [SurfacePoint] = []) -> Region {
        if let given = arguments.value(option) { return given }
        func widened(_ range: ClosedRange<Double>, _ values: [Double]) -> ClosedRange<Double> {
            let low = min(range.lowerBound, values.min() ?? range.lowerBound)
            let high = max(range.upperBound, values.max() ?? range.upperBound)
            let margin = low == range.lowerBound && high == range.upperBound ? 0 : 0.1 * (high - low)
            return (low == range.lowerBound ? low : low - margin)...(high == range.upperBound ? high : high + margin)
        }
        return Region(x: widened(surface.xRange, points.map(\.x)), y: widened(surface.yRange, points.map(\.y)))
    }
}
