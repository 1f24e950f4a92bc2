import Foundation
import Testing
import Landscape

@Suite("Run configurations")
struct RunConfigurationTests {
    /// A configuration with every setting away from its default.
    static var rich: RunConfiguration {
        var c = RunConfiguration(data: "datasets/iris.csv")
        c.split = .fraction(0.8)
        c.standardize = false
        c.hidden = [16, 8]
        c.activation = .gelu
        c.loss = .crossEntropy
        c.initScale = 0.5
        c.dropoutRate = 0.25
        c.optimizer = OptimizerSettings(kind: .adamw, beta1: 0.8, beta2: 0.99, epsilon: 1e-7, weightDecay: 0.01)
        c.learningRate = 0.003
        c.schedule = LearningRateSchedule(warmupSteps: 20, shape: .cosine(minimum: 1e-4))
        c.clipping = GradientClipping(maximumNorm: 5)
        c.batchSize = 16
        c.length = .steps(1234)
        c.seed = 18_446_744_073_709_551_615
        c.precision = .float32
        return c
    }

    @Test("a configuration written as JSON reads back equal, through the text of every setting")
    func roundTrip() throws {
        let c = Self.rich
        let json = c.json
        #expect(try RunConfiguration(json: json) == c)
        #expect(try RunConfiguration(json: try JSON(parsing: json.compactText)) == c)
        #expect(json["hidden"] == .array([.number("16"), .number("8")]))
        #expect(json["standardize"] == .bool(false))
        #expect(json["split"] == .string("0.8"))
        #expect(json["steps"]?.intValue == 1234 && json["epochs"] == nil)
        #expect(json["schedule"]?.stringValue == "warmup:20+cosine:0.0001")
        #expect(json["seed"]?.compactText == "18446744073709551615")
        #expect(json["momentum"] == nil, "adamw reads no momentum, so none is recorded")
        var plain = RunConfiguration(data: "d.csv")
        plain.hidden = []
        #expect(plain.json["hidden"] == .array([]))
        #expect(try RunConfiguration(json: plain.json).hidden == [])
    }

    @Test("each setting applied by name gives the same configuration as the fields set directly")
    func settingsByName() throws {
        var c = RunConfiguration(data: "datasets/iris.csv")
        let texts: [(String, String)] = [
            ("split", "0.8"), ("standardize", "false"), ("hidden", "16,8"), ("activation", "gelu"), ("loss", "cross-entropy"),
            ("init-scale", "0.5"), ("dropout", "0.25"),
            ("optimizer", "adamw"), ("beta1", "0.8"), ("beta2", "0.99"), ("epsilon", "1e-7"), ("weight-decay", "0.01"),
            ("lr", "0.003"), ("schedule", "warmup:20+cosine:1e-4"), ("clip-norm", "5"), ("batch", "16"), ("steps", "1234"),
            ("seed", "18446744073709551615"), ("precision", "float32"),
        ]
        for (name, text) in texts { try #require(RunConfiguration.setting(named: name)).apply(text, to: &c) }
        #expect(c == Self.rich)
        #expect(Set(RunConfiguration.settings.map(\.name)).count == RunConfiguration.settings.count)
    }

    @Test("unknown settings, values a setting does not take and a file without data are refused")
    func refusals() {
        for text in [#"{"data": "d.csv", "learning-rate": 0.1}"#, #"{"data": "d.csv", "lr": -1}"#, #"{"data": "d.csv", "lr": "0.1"}"#,
                     #"{"data": "d.csv", "hidden": [4, "x"]}"#, #"{"data": "d.csv", "standardize": "yes"}"#, #"{"lr": 0.1}"#, "[1]"] {
            #expect(throws: LandscapeError.self, "\(text)") { try RunConfiguration(json: try JSON(parsing: text)) }
        }
    }

    @Test("contradictory settings are refused before any data is read")
    func validation() {
        var c = RunConfiguration(data: "no-such-file.csv")
        c.test = "other.csv"
        c.split = .fraction(0.5)
        #expect(throws: LandscapeError.invalidInput("a split and an explicit test set cannot both be given")) { try c.validate() }
        c = RunConfiguration(data: "d.csv")
        c.optimizer.given[.momentum] = 0.5
        #expect(throws: LandscapeError.invalidInput("momentum applies to momentum, nesterov, sam and asam only, not to sgd")) { try c.validate() }
        c = RunConfiguration(data: "d.csv")
        c.initialModel = "m.json"
        c.hidden = [4]
        #expect(throws: LandscapeError.self) { try c.validate() }
        c.hidden = nil
        c.initScale = 2
        #expect(throws: LandscapeError.invalidInput("init-scale cannot be set when starting from a model (the model file fixes the weights)")) {
            try c.validate()
        }
        c.initScale = nil
        c.dropoutRate = 0.5
        #expect(c.json["init-scale"] == nil && c.json["dropout"]?.doubleValue == 0.5)
        #expect(throws: Never.self) { try c.validate() }
        c = RunConfiguration(data: "d.csv")
        c.schedule = LearningRateSchedule(shape: .cosine(minimum: 1))
        #expect(throws: LandscapeError.self) { try c.validate() }
    }

    @Test("differences name each setting that differs, both ways")
    func differences() {
        var other = Self.rich
        other.learningRate = 0.1
        other.clipping = nil
        #expect(Self.rich.differences(from: other) == ["lr 0.003 → 0.1", "clip-norm 5.0 → unset"])
        #expect(Self.rich.differences(from: Self.rich).isEmpty)
    }

    @Test("defaults come from the configuration itself")
    func defaults() throws {
        func text(_ name: String) throws -> String? { try #require(RunConfiguration.setting(named: name)).defaultText }
        #expect(try text("lr") == "0.05" && text("batch") == "32" && text("epochs") == "10" && text("hidden") == "128,128")
        #expect(try text("optimizer") == "sgd" && text("precision") == "float64" && text("weight-decay") == "0")
        #expect(try text("dropout") == "0" && text("init-scale") == "1")
        #expect(try text("data") == nil && text("steps") == nil)
        let c = RunConfiguration(data: "d.csv")
        #expect(c.learningRate == 0.05 && c.batchSize == 32 && c.length == .epochs(10) && c.optimizer.kind == .sgd)
    }
}
