/// A recording of matrix operations, differentiable in reverse mode (gradients) and forward mode (tangents).
///
/// Every operation is recorded with its value and two local rules, written side by side in the
/// `Tape+*.swift` files:
/// - a **vjp** that, given the adjoint of the output, records the adjoints of the inputs *as further
///   operations on this tape*, so the backward pass is itself a differentiable computation;
/// - a **jvp** that maps the tangents of the inputs to the tangent of the output.
///
/// `gradient(of:withRespectTo:)` is reverse mode. `tangents(of:seeds:)` is forward mode over whatever
/// was recorded — including a backward pass, which makes a Hessian-vector product the tangent of a
/// gradient (forward-over-reverse) at about twice the cost of the gradient, with no special cases.
public final class Tape<T: Real> {
    /// A handle to one recorded value.
    public struct Variable: Hashable, Sendable {
        public let index: Int
    }

    /// Records the adjoints of a node's inputs (nil where `needed` is false or the adjoint is zero),
    /// given the node's output and the adjoint of that output.
    typealias VJP = (_ tape: Tape, _ output: Variable, _ adjoint: Variable, _ needed: [Bool]) -> [Variable?]

    /// The tangent of a node's output from the tangents of its inputs (nil means zero).
    typealias JVP = (_ tape: Tape, _ output: Variable, _ tangents: [Matrix<T>?]) -> Matrix<T>

    struct Node {
        var value: Matrix<T>
        let inputs: [Variable]
        /// Whether the tape allocated `value` (and may reuse its storage), as opposed to a leaf's.
        let ownsValue: Bool
        /// Nil for leaves, and for the few backward-only operations that are not differentiated again.
        let vjp: VJP?
        let jvp: JVP?
    }

    /// The recorded nodes, then (beyond `live`) nodes of an earlier recording whose storage is reused.
    private(set) var nodes: [Node] = []
    private var live = 0
    /// Storage of the last forward-mode pass's tangents, by node index, for reuse.
    private var spareTangents: [[T]] = []
    /// The node whose tangent is being computed, while `tangents(of:seeds:)` runs.
    private var tangentSlot: Int?

    public init() {}

    /// Number of recorded values.
    public var count: Int { live }

    /// A leaf: an input whose gradient or tangent may be asked for. Its matrix is shared, not copied.
    public func variable(_ value: Matrix<T>) -> Variable {
        insert(Node(value: value, inputs: [], ownsValue: false, vjp: nil, jvp: nil))
    }

    /// The recorded value of `v`.
    public subscript(v: Variable) -> Matrix<T> {
        precondition(v.index < live, "variable from an earlier recording")
        return nodes[v.index].value
    }

    /// Forgets everything recorded. The storage of computed values is kept, so recording the same
    /// computation again (the next training step, the next Hessian-vector product) allocates nothing.
    public func removeAll() {
        for i in 0..<live where !nodes[i].ownsValue { nodes[i].value = .empty }
        live = 0
    }

    func record(_ value: Matrix<T>, _ inputs: [Variable], vjp: VJP?, jvp: JVP?) -> Variable {
        insert(Node(value: value, inputs: inputs, ownsValue: true, vjp: vjp, jvp: jvp))
    }

    private func insert(_ node: Node) -> Variable {
        if live < nodes.count { nodes[live] = node } else { nodes.append(node) }
        live += 1
        return Variable(index: live - 1)
    }

    /// A new `rows × cols` matrix written entirely by `fill`, in storage recycled from the same slot
    /// of the previous recording or tangent pass when it has the right size.
    func allocate(rows: Int, cols: Int, _ fill: (UnsafeMutablePointer<T>) -> Void) -> Matrix<T> {
        let count = rows * cols
        var storage: [T] = []
        if let i = tangentSlot {
            if i < spareTangents.count, spareTangents[i].count == count { swap(&storage, &spareTangents[i]) }
        } else if live < nodes.count, nodes[live].ownsValue, nodes[live].value.count == count {
            storage = nodes[live].value.elements
            nodes[live].value = .empty
        }
        guard count > 0, storage.count == count else { return Matrix(rows: rows, cols: cols, fill: fill) }
        storage.withUnsafeMutableBufferPointer { fill($0.baseAddress!) }
        return Matrix(rows: rows, cols: cols, elements: storage)
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
            dependsOnLeaves[i] = nodes[i].inputs.contains { dependsOnLeaves[$0.index] }
        }
        var adjoints = [Variable?](repeating: nil, count: end + 1)
        adjoints[end] = variable(Matrix(scalar: 1))
        for i in stride(from: end, through: 0, by: -1) {
            guard let adjoint = adjoints[i], dependsOnLeaves[i] else { continue }
            let node = nodes[i]
            guard !node.inputs.isEmpty else { continue }
            guard let vjp = node.vjp else {
                preconditionFailure("reverse mode through a backward-only operation (reverse-over-reverse) is not supported")
            }
            let needed = node.inputs.map { dependsOnLeaves[$0.index] }
            for (input, contribution) in zip(node.inputs, vjp(self, Variable(index: i), adjoint, needed)) {
                guard let contribution else { continue }
                adjoints[input.index] = adjoints[input.index].map { add($0, contribution) } ?? contribution
            }
        }
        return leaves.map { leaf in
            if leaf.index <= end, let g = adjoints[leaf.index] { return g }
            let v = self[leaf]
            return variable(Matrix(rows: v.rows, cols: v.cols))
        }
    }

    /// Forward mode over the recording: the tangents of `outputs` when the leaves in `seeds` move
    /// along the given directions and every other leaf stays fixed.
    public func tangents(of outputs: [Variable], seeds: [Variable: Matrix<T>]) -> [Matrix<T>] {
        guard let end = outputs.map(\.index).max() else { return [] }
        var tangent = [Matrix<T>?](repeating: nil, count: end + 1)
        var start = end + 1
        for (leaf, direction) in seeds where leaf.index <= end {
            precondition(nodes[leaf.index].inputs.isEmpty, "tangents are seeded at leaves only")
            precondition(direction.hasShape(of: self[leaf]), "tangent shape does not match its leaf")
            tangent[leaf.index] = direction
            start = min(start, leaf.index)
        }
        if start <= end {
            defer { tangentSlot = nil }
            for i in start...end {
                let node = nodes[i]
                guard !node.inputs.isEmpty else { continue }
                let inputTangents = node.inputs.map { tangent[$0.index] }
                guard inputTangents.contains(where: { $0 != nil }) else { continue }
                guard let jvp = node.jvp else { preconditionFailure("operation without a forward-mode rule") }
                tangentSlot = i
                tangent[i] = jvp(self, Variable(index: i), inputTangents)
            }
        }
        let results = outputs.map { tangent[$0.index] ?? Matrix(rows: self[$0].rows, cols: self[$0].cols) }
        let kept = Set(outputs.map(\.index)).union(seeds.keys.map(\.index))
        if spareTangents.count < tangent.count { spareTangents += Array(repeating: [], count: tangent.count - spareTangents.count) }
        for i in tangent.indices where !kept.contains(i) {
            if let t = tangent[i] { spareTangents[i] = t.elements }
        }
        return results
    }
}
