import Testing
import Landscape

@Suite("Newton's method")
struct NewtonTests {
    /// The quadratic `½θᵀAθ − bᵀθ` for a symmetric 2 × 2 `A`: gradient `Aθ − b`, Hessian `A`.
    func quadratic(_ a: [[Double]], _ b: [Double], at theta: [Double]) -> ([Matrix<Double>], HessianOperator<Double>) {
        let g = (0..<2).map { i in a[i][0] * theta[0] + a[i][1] * theta[1] - b[i] }
        let hessian = HessianOperator<Double>(shapes: [(1, 2)]) { v in
            let x = v[0].elements
            return [Matrix(row: [a[0][0] * x[0] + a[0][1] * x[1], a[1][0] * x[0] + a[1][1] * x[1]])]
        }
        return ([Matrix(row: g)], hessian)
    }

    @Test("one step with η = 1 lands on the minimum of a positive definite quadratic")
    func oneStep() throws {
        // A = [[3, 1], [1, 2]], b = (1, 1): A⁻¹b = (2 − 1, −1 + 3)/5 = (0.2, 0.4), from any start.
        var newton = Newton<Double>()
        var theta = [Matrix<Double>(row: [5, -7])]
        let (g, h) = quadratic([[3, 1], [1, 2]], [1, 1], at: theta[0].elements)
        try newton.update(&theta, gradient: g, learningRate: 1, hessian: h)
        #expect(abs(theta[0].elements[0] - 0.2) < 1e-14 && abs(theta[0].elements[1] - 0.4) < 1e-14)
        #expect(newton.dampedSteps == 0 && newton.lastDamping == 0)
        #expect(newton.report == "the Hessian was positive definite at every step; no damping")
    }

    @Test("an indefinite Hessian is damped by τ = β − min Hᵢᵢ, and the damping is reported")
    func damping() throws {
        // H = diag(2, −2) (the saddle x² − y²): β = 10⁻³·max|Hᵢᵢ| = 0.002, so τ = 2.002 and
        // H + τI = diag(4.002, 0.002). At (0.05, 0.05), g = (0.1, −0.1): the step is (0.1/4.002, −0.1/0.002).
        var newton = Newton<Double>()
        var theta = [Matrix<Double>(row: [0.05, 0.05])]
        let (g, h) = quadratic([[2, 0], [0, -2]], [0, 0], at: theta[0].elements)
        try newton.update(&theta, gradient: g, learningRate: 1, hessian: h)
        let expected: [Double] = [0.05 - 0.1 / 4.002, 0.05 + 0.1 / 0.002]
        #expect(abs(newton.lastDamping - 2.002) < 1e-15)
        #expect(relativeError(theta[0].elements, expected) < 1e-12)
        #expect(newton.dampedSteps == 1)
        #expect(newton.report?.contains("not positive definite at 1 of 1 steps; damping τ up to 2.002") == true)
    }

    @Test("a minimum damping is always added (Levenberg–Marquardt)")
    func minimumDamping() throws {
        // H = diag(1, 3), τ = 1: the step is (g₁/2, g₂/4).
        var newton = Newton<Double>(damping: 1)
        var theta = [Matrix<Double>(row: [2, 2])]
        let (g, h) = quadratic([[1, 0], [0, 3]], [0, 0], at: theta[0].elements)
        try newton.update(&theta, gradient: g, learningRate: 1, hessian: h)
        let expected: [Double] = [2 - 2.0 / 2, 2 - 6.0 / 4]
        #expect(theta[0].elements == expected)
        #expect(newton.dampedSteps == 0)
    }

    @Test("Newton refuses problems too large for a dense Hessian, and a missing Hessian")
    func refusals() {
        var newton = Newton<Double>()
        let n = Newton<Double>.maximumParameters + 1
        var theta = [Matrix<Double>(rows: 1, cols: n)]
        let identity = HessianOperator<Double>(shapes: [(1, n)]) { $0 }
        #expect(throws: LandscapeError.self) {
            try newton.update(&theta, gradient: theta, learningRate: 1, hessian: identity)
        }
        #expect(throws: LandscapeError.self) {
            try newton.update(&theta, gradient: theta, learningRate: 1, hessian: nil)
        }
    }

    @Test("Cholesky with added identity solves (A + τI)x = b")
    func cholesky() throws {
        let a = Matrix<Double>(rows: 3, cols: 3, elements: [4, 2, 0, 2, 5, 1, 0, 1, 3])
        let factor = try #require(CholeskyFactorization(a))
        #expect(factor.shift == 0)
        let x = factor.solve([2, 9, 5])
        let back = (0..<3).map { i in (0..<3).reduce(0.0) { $0 + a[i, $1] * x[$1] } }
        #expect(relativeError(back, [2, 9, 5]) < 1e-15)
        let indefinite = Matrix<Double>(rows: 2, cols: 2, elements: [1, 0, 0, -1])
        #expect(try #require(CholeskyFactorization(indefinite)).shift == 1.001)
        #expect(CholeskyFactorization(Matrix<Double>(rows: 1, cols: 1, elements: [.nan])) == nil)
    }

    @Test("the dense Hessian of a network matches differences of its gradient")
    func networkHessian() {
        let architecture = Architecture(sizes: [3, 4, 2], activation: .tanh, loss: .crossEntropy)
        let network = Network<Double>(architecture: architecture, seed: 1)
        let batch: Batch<Double> = TestData.randomBatch(rows: 6, inputs: 3, outputs: 2, loss: .crossEntropy, seed: 2)
        let hessian = network.lossAndHessian(on: batch).hessian.denseMatrix()
        let n = architecture.parameterCount
        for column in [0, 7, n - 1] {
            let difference = finiteDifferenceHessianProduct(of: network, on: batch, along: unitVector(column, count: n))
            #expect(relativeError((0..<n).map { hessian[$0, column] }, difference) < 1e-6)
        }
    }
}
