import Testing
import Foundation
import Landscape

@Suite("Model file")
struct ModelFileTests {
    func sample(activation: Activation = .gelu, loss: Loss = .crossEntropy) -> Model {
        let architecture = Architecture(sizes: [3, 5, 4], activation: activation, loss: loss)
        return Model(network: Network(architecture: architecture, seed: 42),
                     inputTransform: InputTransform(mean: [0.1, -2, 1e-300], std: [1, 0.3, 7e10]),
                     extra: [JSON.Member("training", .object(["seed": .number(42)]))])
    }

    @Test("written and read back, every number keeps its bits")
    func roundTrip() throws {
        let model = sample()
        let read = try Model(json: try JSON(parsing: model.json.prettyText))
        #expect(read.network.parameters.map { $0.elements.map(\.bitPattern) } == model.network.parameters.map { $0.elements.map(\.bitPattern) })
        #expect(read.inputTransform == model.inputTransform)
        #expect(read.architecture == model.architecture)
        #expect(read.extra == model.extra)
    }

    @Test("a float32 network survives the float64 file exactly")
    func float32RoundTrip() throws {
        let single = sample().network.converted(to: Float.self)
        let model = Model(network: single.converted(to: Double.self))
        let back = try Model(json: try JSON(parsing: model.json.compactText)).network.converted(to: Float.self)
        #expect(back.parameters.map { $0.elements.map(\.bitPattern) } == single.parameters.map { $0.elements.map(\.bitPattern) })
    }

    @Test("saved atomically to disk and loaded")
    func saveAndLoad() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UInt32.random(in: 0...UInt32.max)).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try sample(loss: .meanSquaredError).save(to: path)
        let loaded = try Model.load(path)
        #expect(loaded.architecture.loss == .meanSquaredError)
        #expect(loaded.network.flatParameters == sample(loss: .meanSquaredError).network.flatParameters)
    }

    static let badFiles: [(String, String)] = [
        ("not an object", "[1, 2]"),
        ("unknown format", #"{"format": "other", "version": 1}"#),
        ("newer version", #"{"format": "landscape-mlp", "version": 2, "activation": "tanh", "output": "mse", "layers": []}"#),
        ("unknown activation", #"{"format": "landscape-mlp", "version": 1, "activation": "swish", "output": "mse", "layers": [{"weight": [[1]], "bias": [0]}]}"#),
        ("no layers", #"{"format": "landscape-mlp", "version": 1, "activation": "tanh", "output": "mse", "layers": []}"#),
        ("ragged weight rows", #"{"format": "landscape-mlp", "version": 1, "activation": "tanh", "output": "mse", "layers": [{"weight": [[1, 2], [3]], "bias": [0, 0]}]}"#),
        ("bias length", #"{"format": "landscape-mlp", "version": 1, "activation": "tanh", "output": "mse", "layers": [{"weight": [[1, 2]], "bias": [0, 0]}]}"#),
        ("shapes do not chain", #"{"format": "landscape-mlp", "version": 1, "activation": "tanh", "output": "mse", "layers": [{"weight": [[1, 2]], "bias": [0]}, {"weight": [[1, 2]], "bias": [0]}]}"#),
        ("string weight", #"{"format": "landscape-mlp", "version": 1, "activation": "tanh", "output": "mse", "layers": [{"weight": [["1"]], "bias": [0]}]}"#),
        ("overflowing number", #"{"format": "landscape-mlp", "version": 1, "activation": "tanh", "output": "mse", "layers": [{"weight": [[1e999]], "bias": [0]}]}"#),
        ("zero std", #"{"format": "landscape-mlp", "version": 1, "activation": "tanh", "output": "mse", "layers": [{"weight": [[1]], "bias": [0]}], "input_transform": {"mean": [0], "std": [0]}}"#),
        ("transform width", #"{"format": "landscape-mlp", "version": 1, "activation": "tanh", "output": "mse", "layers": [{"weight": [[1]], "bias": [0]}], "input_transform": {"mean": [0, 1], "std": [1, 1]}}"#),
    ]

    @Test("refuses malformed files with a message", arguments: badFiles)
    func refuses(file: (String, String)) throws {
        #expect(throws: LandscapeError.self, "\(file.0)") { try Model(json: try JSON(parsing: file.1)) }
    }

    @Test("ignores keys it does not know, and keeps them")
    func unknownKeys() throws {
        let text = #"{"format": "landscape-mlp", "version": 1, "activation": "relu", "output": "mse", "layers": [{"weight": [[1.5, -2]], "bias": [0.25], "note": 1}], "author": "someone"}"#
        let model = try Model(json: try JSON(parsing: text))
        #expect(model.network.flatParameters == [1.5, -2, 0.25])
        #expect(model.extra == [JSON.Member("author", .string("someone"))])
        #expect(model.inputTransform == nil)
    }
}
