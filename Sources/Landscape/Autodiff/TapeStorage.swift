/// The storage a tape's values and tangents leave behind, for the next recording of the same
/// computation to write into: recording it again (the next training step, the next
/// Hessian-vector product) allocates nothing.
///
/// Buffers are kept by node index, one for a node's value and one for its tangent, and each is
/// reused only by the node at the same index when that needs as many elements. A buffer that a
/// caller still shares (a value or tangent it kept) is copied on write, as any array.
struct TapeStorage<T: Real> {
    /// The values computed by earlier recordings, by node index; empty where the node was a leaf,
    /// whose value belongs to the caller.
    private var values: [[T]] = []
    /// The tangents of the last forward-mode pass, by node index.
    private var tangents: [[T]] = []

    /// Node `index`'s value buffer, taken out of the storage, if it holds `count` elements: the new
    /// value at `index` replaces it either way.
    mutating func takeValue(at index: Int, count: Int) -> [T]? { Self.take(from: &values, at: index, count: count) }

    /// Node `index`'s tangent buffer, taken out of the storage, if it holds `count` elements.
    mutating func takeTangent(at index: Int, count: Int) -> [T]? { Self.take(from: &tangents, at: index, count: count) }

    /// Keeps `value`'s buffer as node `index`'s, for the next recording.
    mutating func keepValue(_ value: consuming Matrix<T>, at index: Int) { Self.keep(value.elements, in: &values, at: index) }

    /// Keeps the buffers of the tangents present, by node index, for the next forward-mode pass.
    mutating func keepTangents(_ byNode: [Matrix<T>?]) {
        for (index, tangent) in byNode.enumerated() {
            if let tangent { Self.keep(tangent.elements, in: &tangents, at: index) }
        }
    }

    private static func take(from buffers: inout [[T]], at index: Int, count: Int) -> [T]? {
        guard index < buffers.count else { return nil }
        var elements: [T] = []
        swap(&elements, &buffers[index])
        return elements.count == count ? elements : nil
    }

    private static func keep(_ elements: [T], in buffers: inout [[T]], at index: Int) {
        if index >= buffers.count { buffers += repeatElement([], count: index + 1 - buffers.count) }
        buffers[index] = elements
    }
}

extension Tape {
    /// Whose buffer of an earlier pass a new matrix is written into: an operation being recorded
    /// asks for the next value's, a jvp rule for the tangent of its node's.
    enum Slot {
        /// The value about to be recorded.
        case nextValue
        /// The tangent of a node, in a forward-mode pass.
        case tangent(of: Variable)
    }

    /// A new `rows × cols` matrix written entirely by `fill`, in the buffer `slot` left behind when
    /// that has the right size.
    func allocate(rows: Int, cols: Int, for slot: Slot = .nextValue, _ fill: (UnsafeMutablePointer<T>) -> Void) -> Matrix<T> {
        let count = rows * cols
        // Bound straight from the call, the buffer has one owner and is written in place; held in a
        // local first as well, it is copied on write (a malloc and a memmove per recorded value).
        guard var elements = takeBuffer(for: slot, count: count), count > 0 else {
            return Matrix(rows: rows, cols: cols, fill: fill)
        }
        elements.withUnsafeMutableBufferPointer { fill($0.baseAddress!) }
        return Matrix(rows: rows, cols: cols, elements: elements)
    }

    /// The buffer `slot` left behind, taken out of the storage, if it holds `count` elements.
    private func takeBuffer(for slot: Slot, count: Int) -> [T]? {
        switch slot {
        case .nextValue: return storage.takeValue(at: nodes.count, count: count)
        case .tangent(let node): return storage.takeTangent(at: node.index, count: count)
        }
    }

    /// A `rows × cols` matrix for the value about to be recorded as pending, written when first read:
    /// what it holds until then is undefined.
    func allocateUnwritten(rows: Int, cols: Int) -> Matrix<T> {
        guard let elements = storage.takeValue(at: nodes.count, count: rows * cols) else { return Matrix(rows: rows, cols: cols) }
        return Matrix(rows: rows, cols: cols, elements: elements)
    }

    /// A `1 × 1` matrix holding `value`, in the buffer `slot` left behind.
    func scalar(_ value: T, for slot: Slot = .nextValue) -> Matrix<T> { allocate(rows: 1, cols: 1, for: slot) { $0.pointee = value } }
}
