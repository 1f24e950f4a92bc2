import Landscape

/// Options that describe the data and the network to train, shared by `train` and `compare`.
enum NetworkOptions {
    static let data: [Option] = [
        .data,
        Option("--split", "file:N|F", "file:N = first N rows train, rest test; F in (0,1) = stratified seeded fraction"),
        Option("--test", "FILE", "an explicit test set (instead of --split)"),
        Option("--no-standardize", "train on raw features (no input_transform)"),
    ]

    static let network: [Option] = [
        Option("--hidden", "LIST", "hidden layer widths, e.g. 128,128; 'none' for no hidden layer (default 128,128)"),
        Option("--activation", "NAME", "tanh|relu|sigmoid|gelu|softplus|identity (default tanh)"),
        Option("--loss", "NAME", "cross-entropy|mse (default cross-entropy)"),
    ]

    static func loss(_ arguments: Arguments) throws -> Loss {
        try arguments.choice("--loss", Loss.self) ?? .crossEntropy
    }

    /// Reads `--data` and splits it per `--split` / `--test` (or `split` when neither is given).
    static func trainingData(_ arguments: Arguments, loss: Loss, seed: UInt64, transform: InputTransform? = nil,
                             split defaultSplit: Split? = nil) throws -> TrainingData {
        let dataset = try Dataset.load(try arguments.required("--data"))
        let split = try arguments.string("--split").map(Split.init(parsing:)) ?? defaultSplit ?? .none
        let testSet = try arguments.string("--test").map(Dataset.load)
        return try TrainingData(dataset: dataset, split: split, testSet: testSet, loss: loss, seed: seed,
                                standardize: !arguments.has("--no-standardize"), transform: transform)
    }

    /// The architecture that `--hidden` and `--activation` describe for `data`.
    static func architecture(_ arguments: Arguments, data: TrainingData) throws -> Architecture {
        let hidden: [Int]
        if arguments.string("--hidden") == "none" {
            hidden = []
        } else {
            hidden = try arguments.ints("--hidden", range: 1...65_536) ?? [128, 128]
        }
        let activation = try arguments.choice("--activation", Activation.self) ?? .tanh
        let sizes = [data.train.featureCount] + hidden + [data.outputWidth]
        let parameters = zip(sizes, sizes.dropFirst()).reduce(0.0) { $0 + Double($1.0 + 1) * Double($1.1) }
        guard parameters <= 1e8 else {
            throw LandscapeError.invalidInput("--hidden \(hidden.map(String.init).joined(separator: ",")): \(Int(parameters)) parameters is more than this tool handles (10^8)")
        }
        return Architecture(sizes: sizes, activation: activation, loss: data.loss)
    }
}
