import Landscape

/// A model file and a data file read together, as most probe commands take them.
struct ModelInputs {
    let model: Model
    let dataset: Dataset

    static func load(_ arguments: Arguments, modelOption: String = "--model") throws -> ModelInputs {
        let model = try Model.load(try arguments.required(modelOption))
        let dataset = try Dataset.load(try arguments.required("--data"))
        _ = try model.batch(for: dataset, as: Double.self)
        return ModelInputs(model: model, dataset: dataset)
    }

    func network<T: Real>(_: T.Type = T.self) -> Network<T> { model.network.converted() }

    func batch<T: Real>(_: T.Type = T.self) throws -> Batch<T> { try model.batch(for: dataset) }
}
