import Testing
import Landscape

/// Every tape operation is checked three ways against central differences: its gradient (vjp), its
/// directional derivative (jvp), and the tangent of its gradient (a Hessian-vector product).
@Suite("Autodiff tape")
struct TapeTests {
    typealias V = Tape<Double>.Variable

    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        /// Input shapes, and whether inputs must be positive (log, sqrt, division).
        let shapes: [(Int, Int)]
        let positive: Bool
        let build: @Sendable (Tape<Double>, [V]) -> V
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "add", shapes: [(2, 3), (2, 3)], positive: false) { t, v in t.sum(t.multiply(t.add(v[0], v[1]), v[0])) },
        Case(name: "subtract", shapes: [(2, 3), (2, 3)], positive: false) { t, v in t.sum(t.multiply(t.subtract(v[0], v[1]), v[1])) },
        Case(name: "multiply", shapes: [(3, 2), (3, 2)], positive: false) { t, v in t.sum(t.multiply(t.multiply(v[0], v[1]), v[1])) },
        Case(name: "divide", shapes: [(2, 2), (2, 2)], positive: true) { t, v in t.sum(t.divide(v[0], v[1])) },
        Case(name: "negate and scale", shapes: [(2, 2)], positive: false) { t, v in t.sum(t.multiply(t.negate(v[0]), t.scale(v[0], by: 3))) },
        Case(name: "scale by a 1×1 variable", shapes: [(2, 3), (1, 1)], positive: false) { t, v in
            t.sum(t.multiply(t.scale(v[0], byScalar: v[1]), v[0])) },
        Case(name: "exp", shapes: [(2, 2)], positive: false) { t, v in t.sum(t.exp(v[0])) },
        Case(name: "log", shapes: [(2, 2)], positive: true) { t, v in t.sum(t.multiply(t.log(v[0]), v[0])) },
        Case(name: "sin", shapes: [(1, 3)], positive: false) { t, v in t.sum(t.sin(t.multiply(v[0], v[0]))) },
        Case(name: "cos", shapes: [(1, 3)], positive: false) { t, v in t.sum(t.cos(t.multiply(v[0], v[0]))) },
        Case(name: "sqrt", shapes: [(2, 2)], positive: true) { t, v in t.sum(t.multiply(t.sqrt(v[0]), t.exp(v[0]))) },
        Case(name: "abs", shapes: [(2, 2)], positive: true) { t, v in t.sum(t.multiply(t.abs(v[0]), v[0])) },
        Case(name: "power", shapes: [(2, 2)], positive: true) { t, v in t.sum(t.power(v[0], 2.5)) },
        Case(name: "matmul", shapes: [(3, 4), (4, 2)], positive: false) { t, v in
            let p = t.matmul(v[0], v[1])
            return t.sum(t.multiply(p, p)) },
        Case(name: "matmul transposed", shapes: [(4, 3), (2, 4)], positive: false) { t, v in
            let p = t.matmul(v[0], v[1], transposeA: true, transposeB: true)
            return t.sum(t.multiply(p, p)) },
        Case(name: "matmul Aᵀ·B", shapes: [(4, 3), (4, 2)], positive: false) { t, v in
            let p = t.matmul(v[0], v[1], transposeA: true)
            return t.sum(t.exp(p)) },
        Case(name: "linear", shapes: [(3, 4), (2, 4), (1, 2)], positive: false) { t, v in
            let y = t.linear(v[0], weight: v[1], bias: v[2])
            return t.sum(t.multiply(y, y)) },
        Case(name: "column sums and broadcast", shapes: [(3, 2)], positive: false) { t, v in
            let s = t.columnSums(t.multiply(v[0], v[0]))
            return t.sum(t.multiply(t.broadcastRows(s, rows: 2), t.broadcastRows(s, rows: 2))) },
        Case(name: "activation tanh", shapes: [(3, 2)], positive: false) { t, v in t.sum(t.multiply(t.activation(.tanh, v[0]), v[0])) },
        Case(name: "activation sigmoid", shapes: [(3, 2)], positive: false) { t, v in t.sum(t.multiply(t.activation(.sigmoid, v[0]), v[0])) },
        Case(name: "activation gelu", shapes: [(3, 2)], positive: false) { t, v in t.sum(t.multiply(t.activation(.gelu, v[0]), v[0])) },
        Case(name: "activation softplus", shapes: [(3, 2)], positive: false) { t, v in t.sum(t.multiply(t.activation(.softplus, v[0]), v[0])) },
        Case(name: "activation relu", shapes: [(3, 2)], positive: false) { t, v in t.sum(t.multiply(t.activation(.relu, v[0]), v[0])) },
        Case(name: "softmax cross-entropy", shapes: [(4, 3)], positive: false) { t, v in
            t.softmaxCrossEntropy(t.multiply(v[0], v[0]), labels: [0, 2, 1, 2]) },
        Case(name: "mean squared error", shapes: [(3, 2), (3, 2)], positive: false) { t, v in
            t.meanSquaredError(t.multiply(v[0], v[0]), target: v[1]) },
    ]

    func inputs(_ c: Case, seed: UInt64) -> [Matrix<Double>] {
        var r = RandomSource(seed: seed, stream: .data)
        return c.shapes.map { shape in
            Matrix(rows: shape.0, cols: shape.1, elements: (0..<shape.0 * shape.1).map { _ in
                c.positive ? r.uniform(0.5, 2) : r.uniform(-1.5, 1.5) })
        }
    }

    func value(_ c: Case, _ x: [Matrix<Double>]) -> Double {
        let tape = Tape<Double>()
        return tape[c.build(tape, x.map { tape.variable($0) })].scalar
    }

    /// The flat function `x ↦ f(x)` for finite differences.
    func flat(_ c: Case, like x: [Matrix<Double>]) -> ([Double]) -> Double {
        { v in
            var offset = 0
            let parts = x.map { m -> Matrix<Double> in
                defer { offset += m.count }
                return Matrix(rows: m.rows, cols: m.cols, elements: Array(v[offset..<offset + m.count]))
            }
            return value(c, parts)
        }
    }

    @Test("vjp equals central differences", arguments: cases)
    func gradient(c: Case) {
        let x = inputs(c, seed: 1)
        let tape = Tape<Double>()
        let leaves = x.map { tape.variable($0) }
        let grads = tape.gradient(of: c.build(tape, leaves), withRespectTo: leaves).map { tape[$0] }
        let fd = finiteDifferenceGradient(of: flat(c, like: x), at: x.flatMap(\.elements))
        #expect(relativeError(grads.flatMap(\.elements), fd) < 1e-8)
    }

    @Test("jvp equals the directional derivative", arguments: cases)
    func tangent(c: Case) {
        let x = inputs(c, seed: 2)
        let d = inputs(c, seed: 3)
        let tape = Tape<Double>()
        let leaves = x.map { tape.variable($0) }
        let y = c.build(tape, leaves)
        let dy = tape.tangents(of: [y], seeds: Dictionary(uniqueKeysWithValues: zip(leaves, d)))[0].scalar
        let f = flat(c, like: x)
        let h = 1e-5
        let xs = x.flatMap(\.elements), ds = d.flatMap(\.elements)
        let fd = (f(zip(xs, ds).map { $0 + h * $1 }) - f(zip(xs, ds).map { $0 - h * $1 })) / (2 * h)
        #expect(relativeError(dy, fd) < 1e-8)
    }

    @Test("the tangent of the gradient equals differences of the gradient", arguments: cases)
    func hessianVectorProduct(c: Case) {
        let x = inputs(c, seed: 4)
        let d = inputs(c, seed: 5)
        func gradient(_ x: [Matrix<Double>]) -> [Double] {
            let tape = Tape<Double>()
            let leaves = x.map { tape.variable($0) }
            return tape.gradient(of: c.build(tape, leaves), withRespectTo: leaves).flatMap { tape[$0].elements }
        }
        let tape = Tape<Double>()
        let leaves = x.map { tape.variable($0) }
        let grads = tape.gradient(of: c.build(tape, leaves), withRespectTo: leaves)
        let hv = tape.tangents(of: grads, seeds: Dictionary(uniqueKeysWithValues: zip(leaves, d))).flatMap(\.elements)
        let h = 1e-5
        let plus = gradient(zip(x, d).map { a, b in Matrix.zip(a, b) { $0 + h * $1 } })
        let minus = gradient(zip(x, d).map { a, b in Matrix.zip(a, b) { $0 - h * $1 } })
        let fd = zip(plus, minus).map { ($0 - $1) / (2 * h) }
        #expect(relativeError(hv, fd) < 1e-7)
    }

    @Test("gradient of a value that does not depend on a leaf is zero")
    func unusedLeaf() {
        let tape = Tape<Double>()
        let a = tape.variable(Matrix(scalar: 2)), b = tape.variable(Matrix(rows: 2, cols: 2, repeating: 1))
        let g = tape.gradient(of: tape.multiply(a, a), withRespectTo: [a, b])
        #expect(tape[g[0]].scalar == 4)
        #expect(tape[g[1]] == Matrix(rows: 2, cols: 2))
    }
}
