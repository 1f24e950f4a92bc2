import Testing
import Landscape

@Suite("Hutchinson trace and spectral density")
struct HutchinsonTraceTests {
    @Test("Hutchinson's estimates agree with the exact traces within their standard errors")
    func smallModels() {
        var scores: [Double] = []
        for setting in SmallSetting.all {
            let (network, batch) = setting.make(Double.self)
            let op = network.lossAndHessian(on: batch).hessian
            let n = op.dimension
            let h = op.denseMatrix().elements
            let exact = (0..<n).reduce(0.0) { $0 + h[$1 * n + $1] }
            var offDiagonal = 0.0
            for i in 0..<n { for j in 0..<n where i != j { offDiagonal += h[i * n + j] * h[i * n + j] } }
            for seed: UInt64 in 1...3 {
                let estimate = HutchinsonTrace(samples: 200, seed: seed).estimate(op)
                #expect(estimate.samples.count == 200)
                // The reported error is honest: the exact one is √(2 Σ_{i≠j} H_ij² / samples).
                let exactError = (2 * offDiagonal / 200).squareRoot()
                #expect(abs(estimate.standardError - exactError) < 0.3 * exactError, "\(setting.testDescription)")
                scores.append((estimate.trace - exact) / estimate.standardError)
            }
        }
        // 36 standardized errors: none far out, and spread like a standard normal.
        #expect(scores.allSatisfy { abs($0) < 4.5 }, "\(scores)")
        let rms = (scores.reduce(0) { $0 + $1 * $1 } / Double(scores.count)).squareRoot()
        #expect(rms > 0.6 && rms < 1.5, "root mean square of the standardized errors \(rms)")
    }

    @Test("a diagonal operator's trace is exact, with zero standard error")
    func diagonal() {
        let estimate = HutchinsonTrace(samples: 5).estimate(DenseOperator.diagonal([3, -1, 0.5, 2]))
        #expect(estimate.trace == 4.5 && estimate.standardError == 0)
    }

    @Test("stochastic Lanczos quadrature: moments, exact nodes with enough steps, unit mass")
    func density() {
        let values: [Double] = [-1, 0.25, 0.5, 2, 3, 3.5, 7]
        let op = DenseOperator.diagonal(values)
        let full = SpectralDensity(op, probes: 3, steps: 20, seed: 1)
        // With as many steps as the dimension every node is an eigenvalue.
        for (node, weight) in zip(full.nodes, full.weights) where weight > 1e-12 {
            #expect(values.contains { abs($0 - node) < 1e-10 }, "node \(node)")
        }
        #expect(abs(full.weights.reduce(0, +) - 1) < 1e-12)
        // Σ τθ = vᵀAv for each probe: n Σ τθ is Hutchinson's estimate with the same Rademacher vectors.
        let hutchinson = HutchinsonTrace(samples: 3, seed: 1).estimate(op)
        #expect(abs(full.traceEstimate - hutchinson.trace) < 1e-12)
        // Few steps still integrate the first two moments exactly for each probe. A Rademacher probe v has
        // vᵢ² = 1, so on a diagonal operator vᵀAᵏv / vᵀv is the mean of the k-th powers of the values.
        let short = SpectralDensity(op, probes: 1, steps: 2, seed: 4)
        #expect(short.nodes.count == 2)
        let quadrature = zip(short.nodes, short.weights)
        let first = quadrature.reduce(0) { $0 + $1.1 * $1.0 }, second = quadrature.reduce(0) { $0 + $1.1 * $1.0 * $1.0 }
        let n = Double(values.count)
        #expect(abs(first - values.reduce(0, +) / n) < 1e-12, "first moment \(first)")
        #expect(abs(second - values.reduce(0) { $0 + $1 * $1 } / n) < 1e-12, "second moment \(second)")
        let curve = full.curve(points: 4000, width: 0.05)
        let spacing = curve[1].lambda - curve[0].lambda
        #expect(abs(curve.reduce(0) { $0 + $1.density } * spacing - 1) < 1e-3)
        #expect(abs(full.defaultWidth - (1e-5 * 8).squareRoot()) < 1e-15)
    }

    @Test("quadrature on a Hessian: nodes inside the exact spectrum, trace estimate near the exact trace")
    func hessianDensity() {
        let (network, batch) = SmallSetting(activation: .tanh, loss: .crossEntropy).make(Double.self)
        let op = network.lossAndHessian(on: batch).hessian
        let n = op.dimension
        let h = op.denseMatrix().elements
        let exact = SymmetricEigendecomposition(matrix: h, n: n, computeVectors: false).eigenvalues
        let density = SpectralDensity(op, probes: 4, steps: 30, seed: 2)
        #expect(density.nodes.allSatisfy { $0 <= exact.first! + 1e-10 && $0 >= exact.last! - 1e-10 })
        #expect(abs(density.nodes.max()! - exact.first!) < 1e-8)
        let trace = (0..<n).reduce(0.0) { $0 + h[$1 * n + $1] }
        #expect(abs(density.traceEstimate - trace) < 0.25 * exact.map(abs).reduce(0, +))
    }
}
