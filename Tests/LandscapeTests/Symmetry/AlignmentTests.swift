import Testing
import Landscape

@Suite("Aligning models")
struct AlignmentTests {
    static func models() throws -> (a: Model, b: Model) {
        (try SymmetryFixtures.trainedIris(hidden: [8, 8], seed: 5, epochs: 30), try SymmetryFixtures.trainedIris(hidden: [8, 8], seed: 6, epochs: 30))
    }

    @Test("the aligned model is B's function nearer A, with B's transform, names and records and an alignment record",
          arguments: AlignmentMethod.allCases)
    func aligned(method: AlignmentMethod) throws {
        let (a, b) = try Self.models()
        let data = try Dataset.load(SymmetryFixtures.shuffledIris)
        let alignment = try Alignment(aligning: b, to: a, method: method, data: data, name: "b.json", referenceName: "a.json")
        let b2 = alignment.model
        #expect(alignment.method == method && alignment.distanceAfter < alignment.distanceBefore)
        #expect(alignment.distanceBefore == b.network.distance(to: a.network))
        #expect(alignment.distanceAfter == b2.network.distance(to: a.network))
        #expect(b2.network.parameters == b.network.permutingHiddenUnits(alignment.permutations).parameters)
        let x = try SymmetryFixtures.irisInputs(for: b)
        #expect(PermutationTests.largestRelativeDifference(b2.network.outputs(x), b.network.outputs(x)) < 1e-12)
        #expect(b2.inputTransform == b.inputTransform && b2.featureNames == b.featureNames)
        #expect(b2.json["training"] == b.json["training"] && b2.json["training"] != nil)
        let record = try #require(b2.json[Alignment.recordKey])
        #expect(record["reference"]?.stringValue == "a.json" && record["method"]?.stringValue == method.rawValue)
        #expect(try Alignment.permutations(from: try JSON(parsing: b2.json.compactText)) == alignment.permutations)
        #expect(method == .weight ? alignment.sweeps != nil && alignment.converged == true : alignment.sweeps == nil)
        let keys = ["method", "sweeps", "converged", "distance_before", "distance_after", "permutations"]
        guard case .object(let members) = alignment.json else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == keys)
    }

    @Test("a trained model with its units planted in a random order: both methods recover the inverse of the planted permutation and distance 0 exactly",
          arguments: AlignmentMethod.allCases, [[8], [8, 8], [6, 7, 6]])
    func planted(method: AlignmentMethod, hidden: [Int]) throws {
        let model = try SymmetryFixtures.trainedIris(hidden: hidden, seed: 1)
        let sigma = SymmetryFixtures.randomPermutations(for: model.architecture, seed: 11)
        let planted = Model(network: model.network.permutingHiddenUnits(sigma), inputTransform: model.inputTransform, featureNames: model.featureNames)
        let alignment = try Alignment(aligning: planted, to: model, method: method, data: try TestData.dataset("iris.csv"))
        #expect(alignment.distanceBefore > 1)
        #expect(alignment.permutations == sigma.map(SymmetryFixtures.inverse))
        #expect(alignment.distanceAfter == 0)
        #expect(alignment.converged ?? true)
    }

    @Test("given permutations, from align's JSON, give the same model file byte for byte; aligning twice keeps one record")
    func given() throws {
        let (a, b) = try Self.models()
        let found = try Alignment(aligning: b, to: a, method: .weight, name: "b.json", referenceName: "a.json")
        let permutations = try Alignment.permutations(from: try JSON(parsing: found.json.compactText))
        let again = try Alignment(permuting: b, by: permutations, reference: a, name: "b.json", referenceName: "a.json")
        #expect(again.method == nil && again.distanceAfter == found.distanceAfter)
        var expected = found.model.json, record = try #require(found.model.json[Alignment.recordKey])
        record = record.setting("method", to: .string("given")).setting("sweeps", to: .null).setting("converged", to: .null)
        expected = expected.setting(Alignment.recordKey, to: record)
        #expect(again.model.json == expected)
        let twice = try Alignment(aligning: found.model, to: a, method: .weight, name: "b2.json", referenceName: "a.json")
        #expect(twice.permutations == a.architecture.hiddenWidths.map { Array(0..<$0) })
        #expect(twice.distanceAfter == found.distanceAfter)
        guard case .object(let members) = twice.model.json else { return }
        #expect(members.filter { $0.key == Alignment.recordKey }.count == 1)
    }

    @Test("refused: different architectures or transforms, activation matching without data, lists that are not permutations")
    func refused() throws {
        let (a, b) = try Self.models()
        let wider = try SymmetryFixtures.trainedIris(hidden: [8, 9], seed: 6, epochs: 1)
        let untransformed = Model(network: b.network)
        #expect(throws: LandscapeError.self) { try Alignment(aligning: wider, to: a, method: .weight) }
        #expect(throws: LandscapeError.self) { try Alignment(aligning: untransformed, to: a, method: .weight) }
        #expect(throws: LandscapeError.self) { try Alignment(aligning: b, to: a, method: .activation) }
        for bad in [[[0, 1, 2, 3, 4, 5, 6, 7]], [[0, 1, 2, 3, 4, 5, 6, 6], [0, 1, 2, 3, 4, 5, 6, 7]], [[0, 1, 2, 3, 4, 5, 6, 7], [0, 1]]] {
            #expect(throws: LandscapeError.self) { try Alignment(permuting: b, by: bad, reference: a) }
        }
        for text in [#"{"perm": [[0]]}"#, #"{"permutations": [[0, 1.5]]}"#, #"{"permutations": [0, 1]}"#, "[[0, 1]]"] {
            #expect(throws: LandscapeError.self, "\(text)") { try Alignment.permutations(from: try JSON(parsing: text)) }
        }
    }

    @Test("interpolating aligned is interpolating to the aligned model: the same losses, bit for bit")
    func interpolation() throws {
        let (a, b) = try Self.models()
        let data = try Dataset.load(SymmetryFixtures.shuffledIris)
        let (path, alignment) = try Interpolation(from: a, to: b).aligned(by: .activation, data: data)
        let direct = try Interpolation(from: a, to: try Alignment(aligning: b, to: a, method: .activation, data: data).model)
        let alphas = [0, 0.25, 0.5, 0.75, 1]
        let aligned = try path.profile(at: alphas, train: data, test: nil, precision: .float64)
        let piped = try direct.profile(at: alphas, train: data, test: nil, precision: .float64)
        #expect(aligned.points.map(\.train) == piped.points.map(\.train))
        #expect(alignment.distanceAfter < alignment.distanceBefore)
        let unaligned = try Interpolation(from: a, to: b).profile(at: alphas, train: data, test: nil, precision: .float64)
        #expect(abs(aligned.points.last!.train.loss - unaligned.points.last!.train.loss) < 1e-12)
        #expect(aligned.trainBarrier.height < unaligned.trainBarrier.height)
    }
}
