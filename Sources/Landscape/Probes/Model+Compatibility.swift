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
    }
}
