import Foundation

/// What the Hessian says about a point: the second-derivative test.
public enum CurvatureKind: String, Sendable {
    /// Both eigenvalues positive: a minimum if the gradient vanishes.
    case minimum
    /// Both negative: a maximum if the gradient vanishes.
    case maximum
    /// One positive, one negative: a saddle if the gradient vanishes.
    case saddle
    /// An eigenvalue is zero (to rounding): the test cannot decide.
    case degenerate
}

/// The local picture of a surface at one point: gradient, Hessian and its eigen-decomposition, and
/// the verdict of the second-derivative test. Computed in the surface's precision, reported in
/// `Double`.
public struct PointAnalysis: Sendable {
    public let point: SurfacePoint
    public let value: Double
    public let gradient: [Double]
    /// `[[f_xx, f_xy], [f_yx, f_yy]]`.
    public let hessian: [[Double]]
    /// Descending.
    public let eigenvalues: [Double]
    /// Unit eigenvectors, `eigenvectors[i]` for `eigenvalues[i]`, each with its larger component
    /// positive (ties: the first).
    public let eigenvectors: [[Double]]
    public let kind: CurvatureKind

    public var gradientNorm: Double { (gradient[0] * gradient[0] + gradient[1] * gradient[1]).squareRoot() }
    public var trace: Double { hessian[0][0] + hessian[1][1] }
    public var determinant: Double { hessian[0][0] * hessian[1][1] - hessian[0][1] * hessian[1][0] }

    /// Where descent leaves a saddle: the eigenvector of the negative eigenvalue, along which `f`
    /// falls quadratically (either sign); nil unless the Hessian is indefinite.
    public var escapeDirection: [Double]? { kind == .saddle ? eigenvectors[1] : nil }

    /// The analysis of `surface` at `point` in `precision`.
    public init(surface: Surface, at point: SurfacePoint, precision: Precision) {
        self = switch precision {
        case .float32: PointAnalysis(surface: surface, at: point, precision: Float.self)
        case .float64: PointAnalysis(surface: surface, at: point, precision: Double.self)
        }
    }

    /// `f`, `∇f` and `∇²f` of `surface` at `point` in precision `T`; an eigenvalue counts as zero
    /// when `|λ| ≤ √ε_T · max(1, |λ|max)`.
    public init<T: Real>(surface: Surface, at point: SurfacePoint, precision _: T.Type = T.self) {
        let (value, gradient, hessian) = surface.derivatives(x: T(point.x), y: T(point.y))
        self.point = point
        self.value = Double(value)
        self.gradient = gradient.map(Double.init)
        self.hessian = hessian.map { $0.map(Double.init) }
        let (values, vectors) = PointAnalysis.symmetricEigen(a: hessian[0][0], b: hessian[0][1], c: hessian[1][1])
        eigenvalues = values.map(Double.init)
        eigenvectors = vectors.map { $0.map(Double.init) }
        let zero = T.ulpOfOne.squareRoot() * max(1, Swift.abs(values[0]), Swift.abs(values[1]))
        if values.contains(where: { !$0.isFinite }) || values.contains(where: { Swift.abs($0) <= zero }) {
            kind = .degenerate
        } else if values[1] > 0 {
            kind = .minimum
        } else if values[0] < 0 {
            kind = .maximum
        } else {
            kind = .saddle
        }
    }

    /// True when the gradient norm is at most `tolerance`.
    public func isCritical(tolerance: Double) -> Bool { gradientNorm <= tolerance }

    /// `v` or `−v`, whichever has its larger-magnitude component positive (the first on a tie).
    private static func canonical<T: Real>(_ v: [T]) -> [T] {
        let flip = Swift.abs(v[1]) > Swift.abs(v[0]) ? v[1] < 0 : v[0] < 0
        return (flip ? v.map { -$0 } : v).map { $0 == 0 ? 0 : $0 }  // no −0 in outputs
    }

    /// Eigenvalues (descending) and unit eigenvectors of the symmetric `[[a, b], [b, c]]`, in closed
    /// form: the rotation angle `θ = ½·atan2(2b, a − c)` diagonalizes it, which is stable for any
    /// input; the smaller-magnitude eigenvalue is `det/λ` to avoid cancellation.
    static func symmetricEigen<T: Real>(a: T, b: T, c: T) -> (values: [T], vectors: [[T]]) {
        let mean = (a + c) / 2
        let half = (a - c) / 2
        let radius = (half * half + b * b).squareRoot()
        let big = mean >= 0 ? mean + radius : mean - radius
        let determinant = a * c - b * b
        let small = big != 0 ? determinant / big : mean - radius
        let (high, low) = big >= small ? (big, small) : (small, big)
        // (cos θ, sin θ) has Rayleigh quotient mean + radius: it belongs to the larger eigenvalue. A
        // diagonal matrix takes the exact axes (cos(π/2) would leave a 6e-17 in the output).
        let first: [T]
        if b == 0 {
            first = a >= c ? [1, 0] : [0, 1]
        } else {
            let angle = Foundation.atan2(Double(2 * b), Double(a - c)) / 2
            first = canonical([T(Foundation.cos(angle)), T(Foundation.sin(angle))])
        }
        let second = canonical([-first[1], first[0]])
        return ([high, low], [first, second])
    }
}
