/// A multilayer perceptron with its weights. Everything it computes goes through the autodiff tape:
/// the network only records its forward pass, and gradients and tangents come from the tape.
public struct Network<T: Real>: Sendable {
    public let architecture: Architecture
    /// Weight and bias tensors in flat order (see `Architecture.parameterShapes`).
    public var parameters: [Matrix<T>]

    public init(architecture: Architecture, parameters: [Matrix<T>]) {
        let shapes = architecture.parameterShapes
        precondition(parameters.count == shapes.count
            && zip(parameters, shapes).allSatisfy { $0.rows == $1.rows && $0.cols == $1.cols },
            "parameter tensors do not match the architecture")
        self.architecture = architecture
        self.parameters = parameters
    }

    /// A network with the seeded initialization of `docs/FORMATS.md#numerical-conventions`, its
    /// bounds `±1/√fan_in` multiplied by `initScale` (see `Architecture.initialParameters`).
    public init(architecture: Architecture, seed: UInt64, initScale: Double = 1) {
        self.init(architecture: architecture, parameters: architecture.initialParameters(seed: seed, scale: initScale))
    }

    /// A network from a flat parameter vector (the flat order of `docs/FORMATS.md#numerical-conventions`).
    public init(architecture: Architecture, flatParameters: [T]) {
        self.init(architecture: architecture, parameters: architecture.unflatten(flatParameters))
    }

    public var flatParameters: [T] { flatten(parameters) }

    /// `‖θ − θ′‖`, the Euclidean distance between the two networks' flat parameter vectors.
    public func distance(to other: Network) -> Double {
        precondition(architecture == other.architecture, "a distance between networks of one architecture")
        return FlatVector.norm(zip(flatParameters, other.flatParameters).map { $0 - $1 })
    }

    /// The same network in another precision.
    public func converted<U: Real>(to: U.Type = U.self) -> Network<U> {
        Network<U>(architecture: architecture, parameters: parameters.map { $0.converted() })
    }

    /// The variables of one forward pass recorded on a tape.
    public struct Recording {
        /// One leaf per parameter tensor, in flat order.
        public let parameters: [Tape<T>.Variable]
        /// The last layer's outputs (logits, or predictions for mse).
        public let output: Tape<T>.Variable
        /// The mean loss over the batch, `1 × 1`.
        public let loss: Tape<T>.Variable
    }

    /// Records the forward pass on `batch` and its loss. With `masks` (one `rows × width` matrix per
    /// hidden layer, as `Dropout.masks` draws them), each hidden layer's activation `a` becomes
    /// `a ⊙ m`, the mask `m` recorded as a constant leaf, so that gradients and Hessian-vector
    /// products are those of the masked network.
    public func record(on tape: Tape<T>, _ batch: Batch<T>, masks: [Matrix<T>]? = nil) -> Recording {
        let (leaves, _, h) = recordForward(on: tape, batch.inputs, masks: masks)
        let loss: Tape<T>.Variable
        switch batch.targets {
        case .classes(let labels): loss = tape.softmaxCrossEntropy(h, labels: labels)
        case .values(let values): loss = tape.meanSquaredError(h, target: tape.variable(values))
        }
        return Recording(parameters: leaves, output: h, loss: loss)
    }

    /// The parameter leaves, each hidden layer's outputs and the last layer's outputs of the forward
    /// pass on `inputs`, each hidden layer's output multiplied by its mask when there are `masks`.
    private func recordForward(on tape: Tape<T>, _ inputs: Matrix<T>, masks: [Matrix<T>]? = nil)
        -> (leaves: [Tape<T>.Variable], hidden: [Tape<T>.Variable], output: Tape<T>.Variable) {
        precondition(inputs.cols == architecture.inputWidth, "input width does not match the network input")
        precondition(masks.map { masks in
            masks.count == architecture.layerCount - 1
                && masks.indices.allSatisfy { masks[$0].rows == inputs.rows && masks[$0].cols == architecture.sizes[$0 + 1] }
        } ?? true, "dropout masks do not match the hidden layers and the batch")
        let leaves = parameters.map { tape.variable($0) }
        var h = tape.variable(inputs)
        var hidden: [Tape<T>.Variable] = []
        for layer in 0..<architecture.layerCount {
            h = tape.linear(h, weight: leaves[2 * layer], bias: leaves[2 * layer + 1])
            if layer < architecture.layerCount - 1 {
                if architecture.activation != .identity { h = tape.activation(architecture.activation, h) }
                if let masks { h = tape.multiply(h, tape.variable(masks[layer])) }
                hidden.append(h)
            }
        }
        return (leaves, hidden, h)
    }

    /// The last layer's outputs for each row of `inputs` (already through the model's input
    /// transform): logits for classification, predictions for mse.
    public func outputs(_ inputs: Matrix<T>) -> Matrix<T> {
        let tape = Tape<T>()
        return tape[recordForward(on: tape, inputs).output]
    }

    /// Each hidden layer's outputs (after the activation) for each row of `inputs` (already through
    /// the model's input transform): one `rows × width` matrix per hidden layer.
    public func hiddenActivations(_ inputs: Matrix<T>) -> [Matrix<T>] {
        let tape = Tape<T>()
        return recordForward(on: tape, inputs).hidden.map { tape[$0] }
    }

    /// Mean loss and accuracy on `batch`. Passing the same `tape` to many evaluations (a grid of
    /// networks) lets it reuse its storage instead of allocating every time.
    public func evaluate(_ batch: Batch<T>, tape: Tape<T> = Tape()) -> Evaluation {
        tape.removeAll()
        let recording = record(on: tape, batch)
        let evaluation = Evaluation(loss: Double(tape[recording.loss].scalar),
                                    accuracy: Evaluation.accuracy(of: tape[recording.output], against: batch.targets))
        tape.removeAll()
        return evaluation
    }

    /// Mean loss on `batch` and its gradient with respect to every parameter tensor; with `masks`,
    /// those of the network with dropout masks (see `record`).
    public func lossAndGradient(on batch: Batch<T>, masks: [Matrix<T>]? = nil, tape: Tape<T> = Tape())
        -> (loss: T, gradient: [Matrix<T>]) {
        tape.removeAll()
        let recording = record(on: tape, batch, masks: masks)
        let gradient = tape.gradient(of: recording.loss, withRespectTo: recording.parameters).map { tape[$0] }
        let loss = tape[recording.loss].scalar
        tape.removeAll()
        return (loss, gradient)
    }
}

/// Loss and accuracy of a network on some rows.
public struct Evaluation: Equatable, Sendable {
    public var loss: Double
    /// Fraction of rows whose largest output is at the label (ties go to the lowest index); nil for mse.
    public var accuracy: Double?

    public init(loss: Double, accuracy: Double?) {
        self.loss = loss
        self.accuracy = accuracy
    }

    static func accuracy<T: Real>(of outputs: Matrix<T>, against targets: Targets<T>) -> Double? {
        guard case .classes(let labels) = targets, outputs.rows > 0 else { return nil }
        var correct = 0
        outputs.elements.withUnsafeBufferPointer { z in
            for r in 0..<outputs.rows {
                let row = z.baseAddress! + r * outputs.cols
                var best = 0
                for j in 1..<outputs.cols where row[j] > row[best] { best = j }
                if best == labels[r] { correct += 1 }
            }
        }
        return Double(correct) / Double(outputs.rows)
    }
}
