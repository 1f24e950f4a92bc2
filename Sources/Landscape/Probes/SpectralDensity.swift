import Foundation

/// The spectral density of a symmetric operator by stochastic Lanczos quadrature (Lin, Saad and
/// Yang 2016; Ghorbani, Krishnan and Xiao 2019; PyHessian's `density`).
///
/// For a random unit vector `v`, `m` Lanczos steps give `T_m = S Θ Sᵀ`; the Ritz values `θᵢ` with
/// weights `τᵢ = S₀ᵢ²` are the nodes of an `m`-point Gauss quadrature for the measure
/// `Σⱼ (vᵀuⱼ)² δ(λ − λⱼ)`, whose expectation over `v` is the spectral density `(1/n) Σⱼ δ(λ − λⱼ)`.
/// Averaging over probe vectors and smoothing each node with a Gaussian gives a density curve.
/// The quadrature is exact for polynomials of degree `< 2m`: `Σ τᵢ θᵢ = vᵀAv`, `Σ τᵢ θᵢ² = ‖Av‖²`.
public struct SpectralDensity: Sendable {
    /// Ritz values of every probe, in order of probes.
    public let nodes: [Double]
    /// The weight of each node, divided by the number of probes: they sum to 1.
    public let weights: [Double]
    /// The operator's dimension `n`.
    public let dimension: Int
    /// The number of random probe vectors averaged.
    public let probes: Int

    /// Runs `steps` Lanczos steps (full reorthogonalization) from each of `probes` normalized
    /// Rademacher vectors.
    public init<Op: SymmetricOperator>(_ op: Op, probes: Int = 1, steps: Int = 90, seed: UInt64 = 0) {
        precondition(probes >= 1 && steps >= 1, "spectral density needs at least one probe and one step")
        var random = RandomSource(seed: seed, stream: .probe)
        var nodes: [Double] = [], weights: [Double] = []
        for _ in 0..<probes {
            let start: [Op.Scalar] = HutchinsonTrace.rademacher(op.dimension, &random)
            var process = LanczosProcess(op, start: start, random: random)
            repeat { process.step() } while process.alphas.count < min(steps, op.dimension) && !process.exhausted
            let m = process.alphas.count
            let ritz = SymmetricEigendecomposition.tridiagonal(
                diagonal: process.alphas, offDiagonal: Array(process.betas.prefix(m - 1)), components: [0])
            nodes += ritz.values
            weights += ritz.components.map { $0[0] * $0[0] / Double(probes) }
        }
        self.nodes = nodes
        self.weights = weights
        self.dimension = op.dimension
        self.probes = probes
    }

    /// `n Σ τᵢ θᵢ`: the trace estimate carried by the quadrature (Hutchinson's estimator with the
    /// same probe vectors).
    public var traceEstimate: Double { Double(dimension) * zip(nodes, weights).reduce(0) { $0 + $1.0 * $1.1 } }

    /// PyHessian's default smoothing: a Gaussian of variance `10⁻⁵·max(1, λ_max − λ_min)`.
    public var defaultWidth: Double {
        let range = (nodes.max() ?? 0) - (nodes.min() ?? 0)
        return (1e-5 * max(1, range)).squareRoot()
    }

    /// `Σᵢ τᵢ N(λ; θᵢ, width²)`: the density smoothed by a Gaussian of standard deviation `width`.
    public func density(at lambda: Double, width: Double) -> Double {
        precondition(width > 0, "a smoothing width must be positive")
        let norm = 1 / (width * (2 * Double.pi).squareRoot())
        return zip(nodes, weights).reduce(0) { total, node in
            let z = (lambda - node.0) / width
            return total + node.1 * norm * Foundation.exp(-z * z / 2)
        }
    }

    /// The smoothed density at `points` evenly spaced values from 5 widths below the smallest node
    /// to 5 widths above the largest.
    public func curve(points: Int, width: Double) -> [(lambda: Double, density: Double)] {
        precondition(points >= 2, "a curve needs at least two points")
        let low = (nodes.min() ?? 0) - 5 * width, high = (nodes.max() ?? 0) + 5 * width
        return (0..<points).map { i in
            let lambda = i == points - 1 ? high : low + (high - low) * Double(i) / Double(points - 1)
            return (lambda, density(at: lambda, width: width))
        }
    }
}
