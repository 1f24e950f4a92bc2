import Landscape

struct ClassifyCommand: Command {
    static let name = "classify"
    static let summary = "gradient, Hessian, eigenvalues and the second-derivative test at a point of a 2-D surface"
    static let discussion = """
    Computes f, the gradient and the exact Hessian of a surface at --at through the autodiff,
    the Hessian's eigenvalues and unit eigenvectors, trace and determinant, and the verdict:
    minimum, maximum, saddle or degenerate when the gradient vanishes (norm at most
    --tolerance), "not a critical point" otherwise. Where the Hessian is indefinite it names
    the escape direction: the eigenvector of the negative eigenvalue, along which f falls.
    \(SurfaceOptions.formulaHelp)
    """
    static let examples = [
        "landscape classify --surface saddle --at 0.05,0.05",
        "landscape classify --surface \"(x^2 + y - 11)^2 + (x + y^2 - 7)^2\" --at -0.270845,-0.923039 --json",
    ]
    static let at = SurfaceOptions.point("--at", "the point")
    static let tolerance = Option.number("--tolerance", "gradient norm that counts as zero", placeholder: "T", .positive,
                                         defaultText: "1e-6; 1e-3 in float32")
    static let options: [any OptionDeclaration] = [
        SurfaceOptions.surface, SurfaceOptions.condition, at, tolerance, Options.precision, Options.threads, Options.json,
    ]

    static func run(_ arguments: Arguments) throws {
        let surface = try SurfaceOptions.surface(arguments)
        let point = try arguments.required(at)
        let precision = arguments[Options.precision]
        let tolerance = arguments.value(tolerance) ?? (precision == .float32 ? 1e-3 : 1e-6)
        let analysis = PointAnalysis(surface: surface, at: point, precision: precision)
        let critical = analysis.isCritical(tolerance: tolerance)
        let verdict = critical ? analysis.kind.rawValue : "not a critical point"
        if arguments.has(Options.json) {
            Output.json(.object([
                "surface": .string(surface.name), "formula": .string(surface.formula),
                "point": .numbers([point.x, point.y]), "value": .number(analysis.value),
                "gradient": .numbers(analysis.gradient), "grad_norm": .number(analysis.gradientNorm),
                "hessian": .array(analysis.hessian.map { .numbers($0) }),
                "eigenvalues": .numbers(analysis.eigenvalues), "eigenvectors": .array(analysis.eigenvectors.map { .numbers($0) }),
                "trace": .number(analysis.trace), "determinant": .number(analysis.determinant),
                "curvature": .string(analysis.kind.rawValue), "critical": .bool(critical), "verdict": .string(verdict),
                "escape_direction": analysis.escapeDirection.map { .numbers($0) } ?? .null,
            ]))
            return
        }
        print(text(surface, analysis, critical: critical, tolerance: tolerance), terminator: "")
    }

    static func text(_ surface: Surface, _ a: PointAnalysis, critical: Bool, tolerance: Double) -> String {
        func vector(_ v: [Double]) -> String { "(" + v.map { formatted($0, digits: 8) }.joined(separator: ", ") + ")" }
        let h = a.hessian.map { $0.map { formatted($0, digits: 8) } }
        let width = h.flatMap { $0 }.map(\.count).max() ?? 0
        func row(_ r: [String]) -> String {
            "[ " + r.map { String(repeating: " ", count: width - $0.count) + $0 }.joined(separator: "  ") + " ]"
        }
        let curvature: String = switch a.kind {
        case .minimum: "positive definite (both eigenvalues positive)"
        case .maximum: "negative definite (both eigenvalues negative)"
        case .saddle: "indefinite (one positive and one negative eigenvalue)"
        case .degenerate: "singular (an eigenvalue is zero to rounding)"
        }
        let kindVerdict: String = switch a.kind {
        case .minimum: "minimum (critical point, positive definite Hessian)"
        case .maximum: "maximum (critical point, negative definite Hessian)"
        case .saddle: "saddle (critical point, indefinite Hessian)"
        case .degenerate: "degenerate critical point (the second-derivative test cannot decide)"
        }
        let verdict = critical
            ? kindVerdict
            : "not a critical point (gradient norm \(formatted(a.gradientNorm)) > tolerance \(formatted(tolerance)))"
        var text = """
        \(surface.title) at \(a.point)
        value         \(formatted(a.value, digits: 10))
        gradient      \(vector(a.gradient))   norm \(formatted(a.gradientNorm))
        Hessian       \(row(h[0]))
                      \(row(h[1]))
        eigenvalues   \(a.eigenvalues.map { formatted($0, digits: 8) }.joined(separator: ", "))
        eigenvectors  \(vector(a.eigenvectors[0])) for \(formatted(a.eigenvalues[0])), \(vector(a.eigenvectors[1])) for \(formatted(a.eigenvalues[1]))
        trace         \(formatted(a.trace, digits: 8))
        determinant   \(formatted(a.determinant, digits: 8))
        curvature     \(curvature)
        verdict       \(verdict)

        """
        if let escape = a.escapeDirection {
            text += "escape        along ±\(vector(escape)), the eigenvector of \(formatted(a.eigenvalues[1])): f curves down along it\n"
        }
        return text
    }
}
