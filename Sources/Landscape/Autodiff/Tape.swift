/// A recording of matrix operations, differentiable in reverse mode (gradients) and forward mode (tangents).
///
/// Every operation is recorded as its value and an `Operation` naming what it computes; two local
/// rules per operation, written side by side with it in the `Tape+*.swift` files, are chosen from
/// that by a switch:
/// - a **vjp** that, given the adjoint of the output, records the adjoints of the inputs *as further
///   operations on this tape*, so the backward pass is itself a differentiable computation;
/// - a **jvp** that maps the tangents of the inputs to the tangent of the output.
///
/// `gradient(of:withRespectTo:)` is reverse mode. `tangents(of:seeds:)` is forward mode over whatever
/// was recorded — including a backward pass, which makes a Hessian-vector product the tangent of a
/// gradient (forward-over-reverse) at about twice the cost of the gradient, with no special cases.
///
/// A node stores what it computes as an `Operation` value and its inputs inline, and its value in
/// storage left by an earlier recording (`TapeStorage`), so recording a step allocates nothing once
/// the tape has seen the same computation before: the rules are methods chosen by a switch, not
/// closures with captured contexts.
public final class Tape<T: Real> {
    /// A handle to one recorded value.
    public struct Variable: Hashable, Sendable {
        public let index: Int
    }

    /// What a node computes, with the constants its rules need. Cases are grouped by the file that
    /// implements them.
    enum Operation {
        /// An input, or a constant.
        case leaf
        /// The `1 × 1` one that starts a backward pass: never an input anyone differentiates along.
        case seed
        // Tape+Elementwise.swift
        case add, subtract, multiply, divide, negate, scale(T), scaleByScalar, sum, broadcastColumns(Int)
        case exp, log, sin, cos, sqrt, abs, sign, power(T)
        // Tape+Linear.swift
        case matmul(transposeA: Bool, transposeB: Bool), linear, columnSums, broadcastRows(Int)
        // Tape+Activation.swift
        case activation(Activation), activationDerivativeProduct(Activation)
        // Tape+Loss.swift
        case softmaxCrossEntropy(labels: [Int]), softmaxCrossEntropyGradient(labels: [Int]), meanSquaredError
    }

    /// The inputs of a node, at most three, held inline.
    struct Inputs {
        let count: Int
        private let indices: (Int, Int, Int)

        init() { (count, indices) = (0, (0, 0, 0)) }
        init(_ a: Variable) { (count, indices) = (1, (a.index, 0, 0)) }
        init(_ a: Variable, _ b: Variable) { (count, indices) = (2, (a.index, b.index, 0)) }
        init(_ a: Variable, _ b: Variable, _ c: Variable) { (count, indices) = (3, (a.index, b.index, c.index)) }

        subscript(i: Int) -> Variable {
            switch i {
            case 0: return Variable(index: indices.0)
            case 1: return Variable(index: indices.1)
            default: return Variable(index: indices.2)
            }
        }
    }

    /// One optional value per input of a node, held inline: the adjoints a vjp returns, or the
    /// tangents a jvp receives (nil means zero).
    struct PerInput<Element> {
        private var values: (Element?, Element?, Element?)

        init(_ a: Element? = nil, _ b: Element? = nil, _ c: Element? = nil) { values = (a, b, c) }

        subscript(i: Int) -> Element? {
            get {
                switch i {
                case 0: return values.0
                case 1: return values.1
                default: return values.2
                }
            }
            set {
                switch i {
                case 0: values.0 = newValue
                case 1: values.1 = newValue
                default: values.2 = newValue
                }
            }
        }
    }

    /// Which inputs of a node need an adjoint: those on a path from a leaf asked about.
    struct Needed {
        let bits: UInt8
        subscript(i: Int) -> Bool { bits & (1 << i) != 0 }
    }

    struct Node {
        var value: Matrix<T>
        let inputs: Inputs
        let operation: Operation
        /// A value not computed yet: `value` holds storage of the right shape until it is first read.
        var pending = false
    }

    /// The recorded nodes, inputs before the nodes that use them.
    private(set) var nodes: [Node] = []
    /// What earlier recordings and tangent passes leave for the next ones to write into.
    var storage = TapeStorage<T>()

    public init() {}

    /// Number of recorded values.
    public var count: Int { nodes.count }

    /// A leaf: an input whose gradient or tangent may be asked for. Its matrix is shared, not copied.
    public func variable(_ value: Matrix<T>) -> Variable {
        insert(Node(value: value, inputs: Inputs(), operation: .leaf))
    }

    /// The recorded value of `v`, computed now if it was recorded as pending.
    public subscript(v: Variable) -> Matrix<T> {
        precondition(v.index < nodes.count, "variable from an earlier recording")
        if nodes[v.index].pending { evaluate(v.index) }
        return nodes[v.index].value
    }

    /// Forgets everything recorded. The storage of computed values is kept, so recording the same
    /// computation again (the next training step, the next Hessian-vector product) allocates nothing;
    /// a leaf's value is the caller's, and is let go.
    public func removeAll() {
        for i in nodes.indices {
            switch nodes[i].operation {
            case .leaf:
                storage.keepValue(.empty, at: i)
            default:
                // Moved out of the node, not copied: a copy costs a retain and a release per node.
                var value = Matrix<T>.empty
                swap(&value, &nodes[i].value)
                storage.keepValue(value, at: i)
            }
        }
        nodes.removeAll(keepingCapacity: true)
    }

    func record(_ value: Matrix<T>, _ operation: Operation, _ inputs: Inputs) -> Variable {
        insert(Node(value: value, inputs: inputs, operation: operation))
    }

    /// Records a `rows × cols` value that is computed only when first read (see `evaluate`), so a
    /// result nobody reads — the weight gradients inside a Hessian-vector product — costs nothing.
    func recordPending(rows: Int, cols: Int, _ operation: Operation, _ inputs: Inputs) -> Variable {
        insert(Node(value: allocateUnwritten(rows: rows, cols: cols), inputs: inputs, operation: operation, pending: true))
    }

    /// Appends `node`, moved rather than copied into the array.
    private func insert(_ node: consuming Node) -> Variable {
        nodes.append(node)
        return Variable(index: nodes.count - 1)
    }

    /// Computes the value of pending node `i` into the storage it holds.
    private func evaluate(_ i: Int) {
        var value = nodes[i].value
        nodes[i].value = .empty
        switch nodes[i].operation {
        case .matmul(let transposeA, let transposeB):
            let (a, b) = (self[nodes[i].inputs[0]], self[nodes[i].inputs[1]])
            if value.count > 0 {
                value.elements.withUnsafeMutableBufferPointer {
                    Matrix.writeProduct(a, b, transposeA: transposeA, transposeB: transposeB, into: $0.baseAddress!, accumulate: false)
                }
            }
        default:
            preconditionFailure("only products are recorded as pending")
        }
        nodes[i].value = value
        nodes[i].pending = false
    }

    /// The shape of `v`'s value, without computing a pending value.
    func shape(of v: Variable) -> (rows: Int, cols: Int) { nodes[v.index].value.shape }

    /// `x` times the adjoint `g` of a `1 × 1` output: `x` itself when `g` is the seed of a backward
    /// pass, which is exactly one and has no tangent, so the product would be a copy.
    func scaled(_ x: Variable, byAdjoint g: Variable) -> Variable {
        if case .seed = nodes[g.index].operation { return x }
        return scale(x, byScalar: g)
    }

    /// Records the backward pass of the `1 × 1` value `output` and returns, for each of `leaves`, the
    /// variable holding ∂output/∂leaf (a recorded zero if `output` does not depend on it).
    public func gradient(of output: Variable, withRespectTo leaves: [Variable]) -> [Variable] {
        precondition(self[output].count == 1, "gradient of a value that is not 1 × 1")
        let end = output.index
        // Which nodes lie on a path from some leaf to the output.
        var dependsOnLeaves = [Bool](repeating: false, count: end + 1)
        for leaf in leaves where leaf.index <= end { dependsOnLeaves[leaf.index] = true }
        for i in 0...end where !dependsOnLeaves[i] {
            let inputs = nodes[i].inputs
            for j in 0..<inputs.count where dependsOnLeaves[inputs[j].index] {
                dependsOnLeaves[i] = true
                break
            }
        }
        var adjoints = [Variable?](repeating: nil, count: end + 1)
        adjoints[end] = insert(Node(value: scalar(1), inputs: Inputs(), operation: .seed))
        for i in stride(from: end, through: 0, by: -1) {
            guard let adjoint = adjoints[i], dependsOnLeaves[i] else { continue }
            let inputs = nodes[i].inputs
            guard inputs.count > 0 else { continue }
            var bits: UInt8 = 0
            for j in 0..<inputs.count where dependsOnLeaves[inputs[j].index] { bits |= 1 << j }
            let contributions = vjp(at: i, adjoint: adjoint, needed: Needed(bits: bits))
            for j in 0..<inputs.count {
                guard let contribution = contributions[j] else { continue }
                let input = inputs[j].index
                adjoints[input] = adjoints[input].map { add($0, contribution) } ?? contribution
            }
        }
        return leaves.map { leaf in
            if leaf.index <= end, let g = adjoints[leaf.index] { return g }
            let (rows, cols) = shape(of: leaf)
            return variable(Matrix(rows: rows, cols: cols))
        }
    }

    /// Forward mode over the recording: the tangents of `outputs` when the leaves in `seeds` move
    /// along the given directions and every other leaf stays fixed. Only nodes on a path to some
    /// output are differentiated.
    public func tangents(of outputs: [Variable], seeds: [Variable: Matrix<T>]) -> [Matrix<T>] {
        guard let end = outputs.map(\.index).max() else { return [] }
        var wanted = [Bool](repeating: false, count: end + 1)
        for output in outputs { wanted[output.index] = true }
        for i in stride(from: end, through: 0, by: -1) where wanted[i] {
            let inputs = nodes[i].inputs
            for j in 0..<inputs.count { wanted[inputs[j].index] = true }
        }
        var tangent = [Matrix<T>?](repeating: nil, count: end + 1)
        var start = end + 1
        for (leaf, direction) in seeds where leaf.index <= end {
            precondition(nodes[leaf.index].inputs.count == 0, "tangents are seeded at leaves only")
            precondition(direction.hasShape(of: self[leaf]), "tangent shape does not match its leaf")
            tangent[leaf.index] = direction
            start = min(start, leaf.index)
        }
        if start <= end {
            for i in start...end where wanted[i] {
                let inputs = nodes[i].inputs
                guard inputs.count > 0 else { continue }
                var inputTangents = PerInput<Matrix<T>>()
                var any = false
                for j in 0..<inputs.count {
                    if let t = tangent[inputs[j].index] {
                        inputTangents[j] = t
                        any = true
                    }
                }
                guard any else { continue }
                tangent[i] = jvp(at: i, inputTangents)
            }
        }
        let results = outputs.map { output -> Matrix<T> in
            if let t = tangent[output.index] { return t }
            let (rows, cols) = shape(of: output)
            return Matrix(rows: rows, cols: cols)
        }
        // The outputs go to the caller and the seeds are the caller's; the rest is kept for the next pass.
        for output in outputs { tangent[output.index] = nil }
        for leaf in seeds.keys where leaf.index <= end { tangent[leaf.index] = nil }
        storage.keepTangents(tangent)
        return results
    }

    /// Records the adjoints of node `i`'s inputs (nil where not `needed`, or zero) given the adjoint
    /// `g` of its output; the rules are in the file of each operation.
    private func vjp(at i: Int, adjoint g: Variable, needed: Needed) -> PerInput<Variable> {
        let y = Variable(index: i)
        let inputs = nodes[i].inputs
        switch nodes[i].operation {
        case .leaf, .seed:
            preconditionFailure("a leaf has no inputs")
        case .matmul, .linear, .columnSums, .broadcastRows:
            return linearVJP(nodes[i].operation, inputs, y, g, needed)
        case .activation, .activationDerivativeProduct:
            return activationVJP(nodes[i].operation, inputs, y, g, needed)
        case .softmaxCrossEntropy, .softmaxCrossEntropyGradient, .meanSquaredError:
            return lossVJP(nodes[i].operation, inputs, y, g, needed)
        default:
            return elementwiseVJP(nodes[i].operation, inputs, y, g, needed)
        }
    }

    /// The tangent of node `i`'s output from the tangents of its inputs (at least one present).
    private func jvp(at i: Int, _ t: PerInput<Matrix<T>>) -> Matrix<T> {
        let y = Variable(index: i)
        let inputs = nodes[i].inputs
        switch nodes[i].operation {
        case .leaf, .seed:
            preconditionFailure("a leaf has no inputs")
        case .matmul, .linear, .columnSums, .broadcastRows:
            return linearJVP(nodes[i].operation, inputs, y, t)
        case .activation, .activationDerivativeProduct:
            return activationJVP(nodes[i].operation, inputs, y, t)
        case .softmaxCrossEntropy, .softmaxCrossEntropyGradient, .meanSquaredError:
            return lossJVP(nodes[i].operation, inputs, y, t)
        default:
            return elementwiseJVP(nodes[i].operation, inputs, y, t)
        }
    }
}
