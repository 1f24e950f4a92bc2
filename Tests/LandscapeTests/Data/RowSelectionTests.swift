import Foundation
import Testing
import Landscape

/// The rows a model is probed on, the feature names it records, and the classes it is given.
@Suite("Rows, features and classes")
struct RowSelectionTests {
    static var iris: String { TestData.repository.appendingPathComponent("datasets/iris.csv").path }

    /// A 4-8-3 model trained on iris with `split`.
    static func model(split: Split, seed: UInt64 = 0) throws -> Model {
        var configuration = RunConfiguration(data: iris)
        configuration.split = split
        configuration.hidden = [8]
        configuration.length = .epochs(5)
        configuration.seed = seed
        var run = try TrainingRun(configuration: configuration)
        return try run.run().model
    }

    @Test("--split file:120 measures exactly the first 120 rows, the same bits as a file of them")
    func firstRows() throws {
        let model = try Self.model(split: .firstRows(120))
        let iris = try TestData.dataset("iris.csv")
        let (rows, note) = try RowSelection(split: .firstRows(120)).rows(of: iris, path: Self.iris, model: model)
        #expect(rows.features == iris.rows(Array(0..<120)).features && rows.labels == iris.rows(Array(0..<120)).labels)
        #expect(note == "measuring the 120 train rows of \(Self.iris): the split file:120 the model was trained with")
        let a = try ProbeSession(model: model, data: rows, precision: .float64).eigenvalues(Lanczos())
        let b = try ProbeSession(model: model, data: iris.rows(Array(0..<120)), precision: .float64).eigenvalues(Lanczos())
        #expect(a.eigenvalues == b.eigenvalues && a.residuals == b.residuals)
    }

    @Test("the train and test rows of the split a model recorded, its seed included")
    func recordedSplit() throws {
        let model = try Self.model(split: .fraction(0.8), seed: 3)
        let iris = try TestData.dataset("iris.csv")
        let parts = try Split.fraction(0.8).apply(to: iris, seed: 3, stratify: true)
        let train = try RowSelection(part: .train).rows(of: iris, path: Self.iris, model: model)
        let test = try RowSelection(part: .test).rows(of: iris, path: Self.iris, model: model)
        #expect(train.rows.lines == parts.train.lines && test.rows.lines == parts.test!.lines)
        #expect(train.note == "measuring the 120 train rows of \(Self.iris): the split 0.8, seed 3 the model was trained with")
        let all = try RowSelection().rows(of: iris, path: Self.iris, model: model)
        #expect(all.rows.count == 150)
        #expect(all.note == "measuring all 150 rows of \(Self.iris); the model was trained on the train part of split 0.8, seed 3")
        // Another file: no note, and no recorded split to take.
        let copy = try CommandRunner.temporaryFolder().appendingPathComponent("iris.csv").path
        try Files.writeAtomically(try Files.read(Self.iris), to: copy)
        #expect(try RowSelection().rows(of: iris, path: copy, model: model).note == nil)
        #expect(throws: LandscapeError.self) { try RowSelection(part: .train).rows(of: iris, path: copy, model: model) }
    }

    @Test("a model records its features; data whose columns differ by name is refused, by position without names")
    func featureNames() throws {
        let model = try Self.model(split: .whole)
        #expect(model.featureNames == ["sepal_length", "sepal_width", "petal_length", "petal_width"])
        let read = try Model(json: try JSON(parsing: model.json.compactText))
        #expect(read.featureNames == model.featureNames)
        var iris = try TestData.dataset("iris.csv")
        iris.featureNames[2] = "petal_len"
        #expect(throws: LandscapeError.invalidInput(
            "\(iris.source): feature 3 is 'petal_len' where the model was trained on 'petal_length' (the model's features are sepal_length, sepal_width, petal_length, petal_width)")) {
            try model.batch(for: iris, as: Double.self)
        }
        var anonymous = model
        anonymous.featureNames = nil
        _ = try anonymous.batch(for: iris, as: Double.self)
    }

    @Test("classes that never occur are refused, naming the missing one, unless the number of classes is given")
    func classes() throws {
        let data = try Dataset(csv: "x,label\n1,1\n2,2\n3,3\n4,1\n", source: "skip.csv")
        #expect(throws: LandscapeError.invalidInput(
            "skip.csv: no row has label 0, although labels go up to 3; classes are 0…C−1 (renumber the labels, or give the number of classes)")) {
            try TrainingData(dataset: data, split: .whole, testSet: nil, loss: .crossEntropy, seed: 0, standardize: true)
        }
        let given = try TrainingData(dataset: data, split: .whole, testSet: nil, loss: .crossEntropy, seed: 0, standardize: true, classes: 5)
        #expect(given.outputWidth == 5)
        #expect(throws: LandscapeError.self) {
            try TrainingData(dataset: data, split: .whole, testSet: nil, loss: .crossEntropy, seed: 0, standardize: true, classes: 3)
        }
        // A class present only in the test rows counts.
        let train = try Dataset(csv: "x,label\n1,0\n2,2\n", source: "train.csv")
        let test = try Dataset(csv: "x,label\n1,1\n", source: "test.csv")
        #expect(try TrainingData(dataset: train, split: .whole, testSet: test, loss: .crossEntropy, seed: 0, standardize: true).outputWidth == 3)
    }

    @Test("a header cell without a name (pandas' index) and a repeated name are refused; a missing label lists the columns")
    func headers() {
        #expect(throws: LandscapeError.invalidInput(
            "p.csv line 1: column 1 has no name: probably a row index, as pandas' to_csv writes by default (write the file with index=False)")) {
            try Dataset(csv: ",x,label\n0,1,0\n", source: "p.csv")
        }
        #expect(throws: LandscapeError.invalidInput("r.csv line 1: two columns are named 'x'")) { try Dataset(csv: "x,x,label\n0,1,0\n", source: "r.csv") }
        #expect(throws: LandscapeError.invalidInput("n.csv line 1: no column named 'label' in the header; the columns are 'x', 'Label'")) {
            try Dataset(csv: "x,Label\n0,1\n", source: "n.csv")
        }
    }
}
