import Landscape

/// The flags that name a 2-D surface and points and regions of its plane, shared by `descend`,
/// `classify` and `critical`.
enum SurfaceOptions {
    static let surface = Option(
        "--surface", "S",
        "bowl, rosenbrock, saddle, himmelblau, plateau, ravine, or a formula in x and y such as \"(1-x)^2 + 100*(y-x^2)^2\"")
    static let condition = Option("--condition", "K", "condition number κ ≥ 1 of the bowl (default 10)")
    static let box = Option("--box", "X0:X1,Y0:Y1", "the region of the plane, e.g. -2:2,-1:3 (default: the surface's own)")

    static let formulaHelp = """
    A formula may use numbers, x, y, pi, + - * / ^ (right-associative; -x^2 is -(x^2)),
    parentheses and exp, log, sin, cos, tanh, sqrt, abs.
    """

    /// The surface `--surface` names or types; `--condition` only for the bowl.
    static func surface(_ arguments: Arguments) throws -> Surface {
        let text = try arguments.required("--surface")
        let condition = try arguments.double("--condition", where: { $0 >= 1 && $0 <= 1e12 }, expected: "between 1 and 1e12")
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

    /// A point given as `x,y`.
    static func point(_ arguments: Arguments, _ name: String) throws -> SurfacePoint? {
        guard let text = arguments.string(name) else { return nil }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let x = NumberText.finite(parts[0]), let y = NumberText.finite(parts[1]) else {
            throw LandscapeError.invalidInput("\(name) '\(text)': expected x,y, two numbers separated by a comma")
        }
        return SurfacePoint(x: x, y: y)
    }

    /// `--box X0:X1,Y0:Y1`, or the surface's own region widened to hold `points` with a margin.
    static func region(
        _ arguments: Arguments, surface: Surface, including points: [SurfacePoint] = []
    ) throws -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        guard let text = arguments.string("--box") else {
            func widened(_ range: ClosedRange<Double>, _ values: [Double]) -> ClosedRange<Double> {
                let low = min(range.lowerBound, values.min() ?? range.lowerBound)
                let high = max(range.upperBound, values.max() ?? range.upperBound)
                let margin = low == range.lowerBound && high == range.upperBound ? 0 : 0.1 * (high - low)
                return (low == range.lowerBound ? low : low - margin)...(high == range.upperBound ? high : high + margin)
            }
            return (widened(surface.xRange, points.map(\.x)), widened(surface.yRange, points.map(\.y)))
        }
        let ranges = text.split(separator: ",", omittingEmptySubsequences: false).map { part in
            ProbeOptions.interval(part).map { $0.low...$0.high }
        }
        guard ranges.count == 2, let x = ranges[0], let y = ranges[1] else {
            throw LandscapeError.invalidInput("--box '\(text)': expected X0:X1,Y0:Y1 with X0 < X1 and Y0 < Y1, e.g. -2:2,-1:3")
        }
        return (x, y)
    }
}
