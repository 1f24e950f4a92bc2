import Testing
import Landscape

@Suite("Splits and standardization")
struct SplitTests {
    @Test("file:N takes the first N rows for training, in order")
    func firstRows() throws {
        let digits = try TestData.dataset("digits.csv")
        let (train, test) = try Split(parsing: "file:1437").apply(to: digits, seed: 0, stratify: true)
        #expect(train.count == 1437 && test?.count == 360)
        #expect(train.features.elements == Array(digits.features.elements[0..<1437 * 64]))
        #expect(test?.lines.first == 1439)
    }

    @Test("a fraction is stratified, seeded and keeps file order")
    func fraction() throws {
        let iris = try TestData.dataset("iris.csv")
        let (train, test) = try Split(parsing: "0.8").apply(to: iris, seed: 4, stratify: true)
        #expect(train.count == 120 && test?.count == 30)
        for c in 0..<3 { #expect(try train.classLabels().filter { $0 == c }.count == 40) }
        #expect(train.lines == train.lines.sorted())
        let again = try Split.fraction(0.8).apply(to: iris, seed: 4, stratify: true)
        #expect(again.train.lines == train.lines)
        let other = try Split.fraction(0.8).apply(to: iris, seed: 5, stratify: true)
        #expect(other.train.lines != train.lines)
    }

    @Test("bad splits are refused", arguments: ["1.5", "0", "1", "file:0", "file:x", "file:1797", "abc", "0x0.8p0", "nan", ""])
    func refuses(text: String) throws {
        let digits = try TestData.dataset("digits.csv")
        #expect(throws: LandscapeError.self) { try Split(parsing: text).apply(to: digits, seed: 0, stratify: true) }
    }

    @Test("standardization uses the population std and maps a constant column's std to 1")
    func standardization() {
        let x = Matrix<Double>(rows: 4, cols: 2, elements: [1, 5, 2, 5, 3, 5, 4, 5])
        let t = InputTransform.standardizing(x)
        #expect(t.mean == [2.5, 5])
        #expect(t.std == [Double(1.25).squareRoot(), 1])
        let y = t.apply(to: x)
        #expect(abs(y.elements.enumerated().filter { $0.offset % 2 == 0 }.map { $0.element * $0.element }.reduce(0, +) / 4 - 1) < 1e-15)
        #expect(y[0, 1] == 0)
    }

    @Test("features whose spread overflows are refused, naming the column, rather than standardized to NaN")
    func overflowingColumn() throws {
        let data = try Dataset(csv: "a,b,label\n1,1e308,0\n2,-1e308,1\n", source: "huge.csv")
        #expect(throws: LandscapeError.invalidInput(
            "huge.csv column 'b': values too large to standardize (their mean or spread overflows); rescale the column")) {
            try TrainingData(dataset: data, split: .whole, testSet: nil, loss: .crossEntropy, seed: 0, standardize: true)
        }
        #expect(throws: Never.self) {
            try TrainingData(dataset: data, split: .whole, testSet: nil, loss: .crossEntropy, seed: 0, standardize: false)
        }
    }

    @Test("toy datasets are seeded, balanced and two-dimensional", arguments: ToyDataset.allCases)
    func toy(kind: ToyDataset) throws {
        let a = kind.generate(count: 301, classes: 4, noise: 0.1, seed: 1)
        let b = kind.generate(count: 301, classes: 4, noise: 0.1, seed: 1)
        #expect(a.features == b.features && a.labels == b.labels)
        #expect(a.featureCount == 2 && a.count == 301)
        let k = (kind == .moons || kind == .circles) ? 2 : 4
        let counts = (0..<k).map { c in a.labels.filter { Int($0) == c }.count }
        #expect(counts.max()! - counts.min()! <= 1)
        let reread = try Dataset(csv: a.csvText, source: "toy")
        #expect(reread.features == a.features && reread.labels == a.labels)
    }
}
