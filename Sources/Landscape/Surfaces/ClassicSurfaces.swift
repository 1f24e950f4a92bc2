/// The classic two-dimensional landscapes of optimization teaching, each with its known minima, a
/// window that shows its shape, and a start that makes its point.
extension Surface {
    /// The names `classic(named:condition:)` knows.
    public static let classicNames = ["bowl", "rosenbrock", "saddle", "himmelblau", "plateau", "ravine"]

    /// The classic surface called `name`; `condition` is the bowl's condition number κ.
    public static func classic(named name: String, condition: Double = 10) -> Surface? {
        switch name {
        case "bowl": bowl(condition: condition)
        case "rosenbrock": rosenbrock
        case "saddle": saddle
        case "himmelblau": himmelblau
        case "plateau": plateau
        case "ravine": ravine
        default: nil
        }
    }

    /// The ill-conditioned quadratic bowl `(x² + κ·y²)/2`: Hessian `diag(1, κ)`, condition number κ,
    /// minimum at the origin. Gradient descent with the best fixed step `2/(1 + κ)` contracts the
    /// error by `(κ − 1)/(κ + 1)` per step, so it needs a number of steps that grows like κ; tuned
    /// momentum needs about √κ; Newton's method one.
    public static func bowl(condition kappa: Double) -> Surface {
        precondition(kappa >= 1 && kappa.isFinite, "the condition number is at least 1")
        let square = { (v: Expression) in Expression.binary(.power, v, .number(2)) }
        let expression = Expression.binary(
            .divide, .binary(.add, square(.x), .binary(.multiply, .number(kappa), square(.y))), .number(2))
        return Surface(name: "bowl", expression: expression, minima: [SurfacePoint(x: 0, y: 0)],
                       xRange: -1.25...1.25, yRange: -1.25...1.25, start: SurfacePoint(x: 1, y: 1),
                       summary: "quadratic bowl with condition number \(SurfacePoint.short(kappa))")
    }

    /// Rosenbrock's banana `(1 − x)² + 100·(y − x²)²`: a curved, flat-floored valley with the minimum
    /// at (1, 1) at its far end. Gradient descent crawls along the floor; Newton follows the bend.
    public static let rosenbrock = Surface(
        name: "rosenbrock", expression: fixed("(1 - x)^2 + 100*(y - x^2)^2"), minima: [SurfacePoint(x: 1, y: 1)],
        xRange: -2...2, yRange: -1...3, start: SurfacePoint(x: -1.5, y: 2),
        summary: "Rosenbrock's curved valley")

    /// The saddle `x² − y²`: the origin is a critical point that is not a minimum. Gradient descent
    /// started exactly there never moves; started a little off the x axis it escapes along y.
    public static let saddle = Surface(
        name: "saddle", expression: fixed("x^2 - y^2"), xRange: -1...1, yRange: -1...1,
        start: SurfacePoint(x: 0.05, y: 0.05), summary: "saddle point at the origin")

    /// Himmelblau's function `(x² + y − 11)² + (x + y² − 7)²`: four minima with `f = 0`, a local
    /// maximum and four saddles between them. Where a descent ends depends on where it starts — and,
    /// with noise, on the noise.
    public static let himmelblau = Surface(
        name: "himmelblau", expression: fixed("(x^2 + y - 11)^2 + (x + y^2 - 7)^2"),
        minima: [SurfacePoint(x: 3, y: 2), SurfacePoint(x: -2.805118086952745, y: 3.131312518250573),
                 SurfacePoint(x: -3.779310253377747, y: -3.283185991286169),
                 SurfacePoint(x: 3.5844283403304917, y: -1.8481265269644034)],
        xRange: -5...5, yRange: -5...5, start: SurfacePoint(x: -0.3, y: -0.9),
        summary: "Himmelblau's four minima")

    /// A plateau `1 − exp(−(x² + y²))`: a single well in a landscape that is flat far from it. The
    /// gradient out on the plateau is tiny, so gradient descent stalls; Adam, which divides by the
    /// gradient's own size, keeps moving.
    public static let plateau = Surface(
        name: "plateau", expression: fixed("1 - exp(-(x^2 + y^2))"), minima: [SurfacePoint(x: 0, y: 0)],
        xRange: -3...3, yRange: -3...3, start: SurfacePoint(x: 2.5, y: 1.5),
        summary: "a well surrounded by a plateau")

    /// A ravine `((x + y)² + 100·(x − y)²)/4`: a quadratic whose narrow valley runs diagonally, with
    /// curvature 1 along the floor and 100 across it. The walls are not aligned with the axes, so the
    /// per-coordinate scaling of Adam and RMSProp does not straighten it; momentum and Newton do.
    public static let ravine = Surface(
        name: "ravine", expression: fixed("((x + y)^2 + 100*(x - y)^2)/4"), minima: [SurfacePoint(x: 0, y: 0)],
        xRange: -3...3, yRange: -3...3, start: SurfacePoint(x: -2.5, y: -1.5),
        summary: "a narrow diagonal ravine, condition number 100")

    /// Parses one of the fixed formulas above (each is checked by the tests, so this cannot fail).
    private static func fixed(_ formula: String) -> Expression {
        do {
            return try ExpressionParser.parse(formula)
        } catch {
            preconditionFailure("classic surface formula '\(formula)' does not parse: \(error)")
        }
    }
}
