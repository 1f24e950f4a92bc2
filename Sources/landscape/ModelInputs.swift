import Landscape

/// A model file and a data file read together, as most probe commands take them.
struct ModelInputs {
    let model: Model
    let dataset: Dataset
    /// The model file's path, for messages.
    let name: String
    /// The mean loss and accuracy on `dataset` in the precision of `--precision`, made when loading
    /// to refuse a loss that is not finite.
    let evaluation: Evaluation

    /// Reads the model of `modelOption` and `--data`, refusing data that does not fit the model and a
    /// loss that is not finite in the precision of `--precision` (see `Model.requireFiniteLoss`).
    static func load(_ arguments: Arguments, modelOption: String = "--model") throws -> ModelInputs {
        let path = try arguments.required(modelOption)
        let model = try Model.load(path)
        let dataset = try Dataset.load(try arguments.required("--data"))
        let evaluation = try model.requireFiniteLoss(name: path, on: dataset, precision: try arguments.precision)
        return ModelInputs(model: model, dataset: dataset, name: path, evaluation: evaluation)
    }

    /// Refuses results (`what`: the gradient, Hv, eigenvalues, …) that are not finite although the
    /// loss is: with weights, an input transform or data this large, the products that derivatives
    /// are made of overflow (a saturated tanh times an infinite tangent gives NaN), and a NaN result
    /// would only look like an answer.
    func requireFinite(_ values: [Double], _ what: String) throws {
        guard values.allSatisfy(\.isFinite) else {
            throw LandscapeError.invalidInput(
                "\(name): \(what) on \(dataset.source) is not finite: the weights, the input transform or the data are too large for its derivatives")
        }
    }

    func network<T: Real>(_: T.Type = T.self) -> Network<T> { model.network.converted() }

    func batch<T: Real>(_: T.Type = T.self) throws -> Batch<T> { try model.batch(for: dataset) }
}
