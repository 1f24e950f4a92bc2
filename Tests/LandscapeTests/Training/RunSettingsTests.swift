import Foundation
import Testing
import Landscape

@Suite("Training runs with dropout and an init scale")
struct RunSettingsTests {
    func configuration(_ settings: [String: String]) throws -> RunConfiguration {
        var c = RunConfiguration(data: TestData.repository.appendingPathComponent("datasets/iris.csv").path)
        c.split = .fraction(0.8)
        c.hidden = [16]
        c.length = .epochs(15)
        for (name, text) in settings { try #require(RunConfiguration.setting(named: name)).apply(text, to: &c) }
        return c
    }

    func outcome(_ settings: [String: String]) throws -> TrainingOutcome {
        var run = try TrainingRun(configuration: try configuration(settings))
        return try run.run()
    }

    @Test("dropout 0 and init scale 1 train as before; the model records both")
    func defaults() throws {
        let plain = try outcome([:])
        let given = try outcome(["dropout": "0", "init-scale": "1"])
        #expect(given.network.flatParameters.map(\.bitPattern) == plain.network.flatParameters.map(\.bitPattern))
        #expect(plain.record["configuration"]?["dropout"]?.doubleValue == 0)
        #expect(plain.record["configuration"]?["init-scale"]?.doubleValue == 1)
        #expect(try configuration([:]) == configuration(["dropout": "0", "init-scale": "1"]))
    }

    @Test("a dropout run in float32 trains, and its final loss is the loss of the model it writes")
    func float32() throws {
        let result = try outcome(["dropout": "0.3", "precision": "float32"])
        #expect(result.record["configuration"]?["dropout"]?.doubleValue == 0.3)
        let (train, _) = try TrainingRun(configuration: try configuration([:])).data.batches(Float.self)
        #expect(result.train.loss == result.network.converted(to: Float.self).evaluate(train).loss)
        #expect(result.train.loss < 0.6)
    }

    @Test("dropout needs a hidden layer")
    func noHiddenLayer() throws {
        #expect(throws: LandscapeError.invalidInput("dropout applies to the hidden layers, and this network has none")) {
            _ = try TrainingRun(configuration: try configuration(["dropout": "0.5", "hidden": "none"]))
        }
    }
}
