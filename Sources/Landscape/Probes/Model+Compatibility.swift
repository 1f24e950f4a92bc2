extension Model {
    /// Refuses `other` unless it has the same architecture (widths, activation, loss) and the same
    /// input transform as this model, so that mixing their parameters means something: paths and
    /// planes between models are taken over all weights and biases with one input transform.
    /// `name` and `otherName` (file names, say) make the message specific.
    public func requireCompatible(_ other: Model, name: String, otherName: String) throws {
        let a = architecture, b = other.architecture
        guard a == b else {
            func describe(_ x: Architecture) -> String {
                "\(x.sizes.map(String.init).joined(separator: "-")) \(x.activation.rawValue) \(x.loss.rawValue)"
            }
            throw LandscapeError.invalidInput(
                "\(name) (\(describe(a))) and \(otherName) (\(describe(b))) have different architectures")
        }
        guard inputTransform == other.inputTransform else {
            throw LandscapeError.invalidInput("\(name) and \(otherName) have different input transforms (both must carry the same one)")
        }
        if let mine = featureNames, let theirs = other.featureNames, mine != theirs {
            throw LandscapeError.invalidInput("\(name) and \(otherName) were trained on different feature columns")
        }
    }

    /// Refuses this model (read from `name`) when its mean loss on `dataset` is not finite in
    /// `precision`: weights, an input transform or data so large, though finite, that the forward pass
    /// overflows and every result would be NaN. Refuses data that does not fit the model, too.
    /// Returns the evaluation it made, so that callers that need it do not make it again.
    @discardableResult
    public func requireFiniteLoss(name: String, on dataset: Dataset, precision: Precision) throws -> Evaluation {
        let evaluation = switch precision {
        case .float32: network.converted(to: Float.self).evaluate(try batch(for: dataset))
        case .float64: network.evaluate(try batch(for: dataset))
        }
        let loss = evaluation.loss
        guard loss.isFinite else {
            throw LandscapeError.invalidInput(
                "\(name): the loss on \(dataset.source) is \(loss.isNaN ? "NaN" : "infinite") in \(precision.rawValue): the weights, the input transform or the data are too large")
        }
        return evaluation
    }
}
