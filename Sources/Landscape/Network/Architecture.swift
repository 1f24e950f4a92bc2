/// The shape of a multilayer perceptron: layer widths, nonlinearity and loss (`docs/FORMATS.md#model-files`).
public struct Architecture: Equatable, Sendable {
    /// Input width, hidden widths, output width.
    public let sizes: [Int]
    public let activation: Activation
    public let loss: Loss

    public init(sizes: [Int], activation: Activation, loss: Loss) {
        precondition(sizes.count >= 2 && sizes.allSatisfy { $0 > 0 }, "an MLP needs an input and an output width")
        self.sizes = sizes
        self.activation = activation
        self.loss = loss
    }

    public var layerCount: Int { sizes.count - 1 }
    public var inputWidth: Int { sizes[0] }
    public var outputWidth: Int { sizes[sizes.count - 1] }

    /// Shapes of the parameter tensors in flat order: layer 0 weight (`out × in`), layer 0 bias (`1 × out`), ….
    public var parameterShapes: [(rows: Int, cols: Int)] {
        (0..<layerCount).flatMap { l in [(sizes[l + 1], sizes[l]), (1, sizes[l + 1])] }
    }

    public var parameterCount: Int { parameterShapes.reduce(0) { $0 + $1.rows * $1.cols } }

    /// Splits a flat vector (the flat order of `docs/FORMATS.md#numerical-conventions`) into tensors of `parameterShapes`.
    public func unflatten<T: Real>(_ flat: [T]) -> [Matrix<T>] {
        precondition(flat.count == parameterCount, "flat vector has \(flat.count) entries, the model \(parameterCount)")
        var offset = 0
        return parameterShapes.map { shape in
            let n = shape.rows * shape.cols
            defer { offset += n }
            return Matrix(rows: shape.rows, cols: shape.cols, elements: Array(flat[offset..<offset + n]))
        }
    }

    /// The initial weights of `docs/FORMATS.md#numerical-conventions`: every weight and bias of a layer ~ U(−b, b),
    /// `b = scale · (1/√fan_in)`, drawn layer by layer, weight before bias, row-major. The draws do not
    /// depend on `scale`: scale 1 gives the default initialization bit for bit, and scale 2 doubles
    /// every weight exactly.
    public func initialParameters<T: Real>(seed: UInt64, scale: Double = 1, as: T.Type = T.self) -> [Matrix<T>] {
        precondition(scale > 0 && scale.isFinite, "an initialization scale is positive")
        var random = RandomSource(seed: seed, stream: .initialization)
        return parameterShapes.enumerated().map { index, shape in
            let bound = scale * (1 / Double(sizes[index / 2]).squareRoot())
            return Matrix(rows: shape.rows, cols: shape.cols,
                          elements: (0..<shape.rows * shape.cols).map { _ in T(random.uniform(-bound, bound)) })
        }
    }
}

/// Concatenation of tensors in order: the flat vector of `docs/FORMATS.md#numerical-conventions`.
public func flatten<T: Real>(_ tensors: [Matrix<T>]) -> [T] {
    var flat: [T] = []
    flat.reserveCapacity(tensors.reduce(0) { $0 + $1.count })
    for t in tensors { flat.append(contentsOf: t.elements) }
    return flat
}
