/// The extreme eigenvalues of a symmetric operator by the Lanczos method with full
/// reorthogonalization (Golub and Van Loan §10.1; Parlett, *The Symmetric Eigenvalue Problem*).
///
/// Each step applies the operator once and keeps the Krylov basis orthonormal to working precision
/// by classical Gram–Schmidt applied twice against every earlier vector, so no spurious copies of
/// converged eigenvalues appear and the Ritz residual estimates `β_m |s_m|` can be trusted. The run
/// stops when the wanted Ritz pairs' estimates are within `tolerance·‖A‖`, and then checks them with
/// one more product each: the reported residuals are `‖A v − λ v‖`, computed, not estimated.
/// Memory: `maxIterations` vectors of the operator's dimension.
public struct Lanczos: Sendable {
    /// How many eigenvalues to find.
    public var count: Int
    /// Which end of the spectrum to find.
    public var end: SpectrumEnd
    /// A Ritz pair has converged when `‖A v − λ v‖ ≤ tolerance·‖A‖` (`‖A‖` estimated by the
    /// largest |Ritz value|).
    public var tolerance: Double
    /// The most Lanczos steps (the largest Krylov basis).
    public var maxIterations: Int
    /// Seeds the random starting vector (and restarts after an exact invariant subspace).
    public var seed: UInt64

    public init(count: Int = 1, end: SpectrumEnd = .largest, tolerance: Double = 1e-6, maxIterations: Int = 300, seed: UInt64 = 0) {
        precondition(count >= 1 && maxIterations >= 1 && tolerance >= 0, "Lanczos needs count ≥ 1, maxIterations ≥ 1, tolerance ≥ 0")
        self.count = count
        self.end = end
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.seed = seed
    }

    /// The most basis elements (vectors times dimension) a run may keep: 4·10⁸ numbers, 3.2 GB in
    /// `Double`, beyond which the basis would not fit in the memory of an ordinary machine.
    public static let basisElementLimit = 4e8

    /// Whether a Krylov basis of `vectors` vectors of dimension `dimension` stays within
    /// `basisElementLimit`. Callers pass the most vectors their run can keep.
    public static func basisFits(vectors: Int, dimension: Int) -> Bool {
        Double(vectors) * Double(dimension) <= basisElementLimit
    }

    /// The `count` eigenpairs of `op` at `end`, starting from `start` (or, if absent or zero, a seeded
    /// Gaussian vector).
    public func run<Op: SymmetricOperator>(_ op: Op, start: [Op.Scalar]? = nil) -> EigenEstimate<Op.Scalar> {
        let n = op.dimension
        let wanted = min(count, n)
        let steps = max(wanted, min(maxIterations, n))
        var random = RandomSource(seed: seed, stream: .probe)
        var process = LanczosProcess(op, start: start ?? FlatVector.gaussian(n, &random), random: random)
        var scale = 0.0
        while true {
            process.step()
            let m = process.alphas.count
            let complete = process.exhausted || m >= steps
            // Right after a restart the last β is 0 by construction, which says nothing about convergence.
            guard complete || (m >= wanted && !process.justRestarted) else { continue }
            let ritz = SymmetricEigendecomposition.tridiagonal(
                diagonal: process.alphas, offDiagonal: Array(process.betas.prefix(m - 1)), components: [m - 1])
            scale = max(scale, ritz.values.map { Swift.abs($0) }.max() ?? 0)
            let last = Swift.abs(process.betas[m - 1])
            let chosen = Lanczos.indices(of: wanted, at: end, among: m)
            if complete || chosen.allSatisfy({ last * Swift.abs(ritz.components[$0][0]) <= tolerance * scale }) { break }
        }
        let m = process.alphas.count
        let ritz = SymmetricEigendecomposition.tridiagonal(
            diagonal: process.alphas, offDiagonal: Array(process.betas.prefix(m - 1)), components: Array(0..<m))
        let vectors = Lanczos.indices(of: wanted, at: end, among: m).map { i in
            var v = [Op.Scalar](repeating: 0, count: n)
            for (q, s) in zip(process.basis, ritz.components[i]) { FlatVector.axpy(s, q, &v) }
            return FlatVector.scaled(v, by: 1 / FlatVector.norm(v))
        }
        return .checked(vectors, of: op, tolerance: tolerance, scale: scale, iterations: process.products, products: process.products)
    }

    /// Positions of the wanted Ritz values among `m` sorted largest first.
    static func indices(of wanted: Int, at end: SpectrumEnd, among m: Int) -> [Int] {
        switch end {
        case .largest: return Array(0..<min(wanted, m))
        case .smallest: return Array(max(m - wanted, 0)..<m)
        }
    }
}

/// The Lanczos recurrence `A Q_m = Q_m T_m + β_m q_{m+1} e_mᵀ` with full reorthogonalization, one
/// step at a time. Shared by `Lanczos` (eigenpairs) and `SpectralDensity` (quadrature).
struct LanczosProcess<Op: SymmetricOperator> {
    typealias T = Op.Scalar
    let op: Op
    /// The orthonormal Krylov basis `q_0 … q_m`: one vector more than `alphas` (the next one), except
    /// when exhausted.
    private(set) var basis: [[T]] = []
    /// The diagonal of `T_m`.
    private(set) var alphas: [Double] = []
    /// `betas[j]` couples `q_j` and `q_{j+1}` (0 where the recurrence restarted); after `step()`
    /// there is one per basis vector, the last being the norm of the residual `β_m`.
    private(set) var betas: [Double] = []
    /// The basis spans the whole space numerically: no further step is possible.
    private(set) var exhausted = false
    /// The last step hit an invariant subspace and continued from a fresh random vector.
    private(set) var justRestarted = false
    private(set) var products = 0
    private var random: RandomSource

    init(_ op: Op, start: [T], random: RandomSource) {
        precondition(start.count == op.dimension, "a starting vector of \(start.count) entries for dimension \(op.dimension)")
        self.op = op
        self.random = random
        let norm = FlatVector.norm(start)
        if norm > 0, norm.isFinite {
            basis = [FlatVector.scaled(start, by: 1 / norm)]
        } else {
            basis = [freshVector()]
        }
    }

    /// Applies the operator to the newest basis vector: appends its `α` and `β`, and the next vector.
    mutating func step() {
        precondition(!exhausted, "the Lanczos basis already spans the space")
        let j = basis.count - 1
        let q = basis[j]
        var w = op.apply(q)
        products += 1
        var alpha = FlatVector.dot(q, w)
        FlatVector.axpy(-alpha, q, &w)
        if j > 0, betas[j - 1] != 0 { FlatVector.axpy(-betas[j - 1], basis[j - 1], &w) }
        for _ in 0..<2 {
            for (i, qi) in basis.enumerated() {
                let c = FlatVector.dot(qi, w)
                FlatVector.axpy(-c, qi, &w)
                if i == j { alpha += c }
            }
        }
        alphas.append(alpha)
        let beta = FlatVector.norm(w)
        let size = alphas.map(Swift.abs).max() ?? 0
        justRestarted = false
        guard basis.count < op.dimension else {
            betas.append(beta)
            exhausted = true
            return
        }
        if beta > 100 * Double(T.ulpOfOne) * max(size, beta), beta.isFinite {
            betas.append(beta)
            basis.append(FlatVector.scaled(w, by: 1 / beta))
        } else {
            // An invariant subspace: T_m is exact for it; continue in its complement.
            betas.append(0)
            justRestarted = true
            let fresh = freshVector()
            if fresh.isEmpty { exhausted = true } else { basis.append(fresh) }
        }
    }

    /// A seeded Gaussian vector orthogonal to the basis, normalized; empty if the basis already
    /// spans the space numerically (almost nothing of the random vector is left).
    private mutating func freshVector() -> [T] {
        let g: [T] = FlatVector.gaussian(op.dimension, &random)
        let v = FlatVector.orthogonalized(g, against: basis)
        let norm = FlatVector.norm(v)
        guard norm > Double(T.ulpOfOne).squareRoot() * FlatVector.norm(g) else { return [] }
        return FlatVector.scaled(v, by: 1 / norm)
    }
}
