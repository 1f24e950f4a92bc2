import Testing
import Landscape

@Suite("CSV reader")
struct CSVReaderTests {
    @Test("reads features in file order and the label wherever it stands")
    func reads() throws {
        let d = try Dataset(csv: "a,label,b\r\n1,0,2.5\r\n-3e2,1, 4 \n\"5\",2,6\n", source: "t.csv")
        #expect(d.featureNames == ["a", "b"])
        #expect(d.features.elements == [1, 2.5, -300, 4, 5, 6])
        #expect(d.labels == [0, 1, 2])
        #expect(try d.classCount() == 3)
    }

    @Test("reads the bundled datasets")
    func bundled() throws {
        for (name, rows, features) in [("digits.csv", 1797, 64), ("iris.csv", 150, 4), ("wine.csv", 178, 13), ("breast_cancer.csv", 569, 30)] {
            let d = try TestData.dataset(name)
            #expect(d.count == rows && d.featureCount == features, "\(name)")
        }
    }

    static let bad: [(String, String)] = [
        ("", "empty"),
        ("a,b\n1,2\n", "no label"),
        ("a,label\n", "no rows"),
        ("a,label\n1,0\n2\n", "ragged"),
        ("a,label\n1,0\n\n2,1\n", "empty row in the middle"),
        ("a,label\nx,0\n", "not a number"),
        ("a,label\nnan,0\n", "nan"),
        ("a,label\ninf,0\n", "inf"),
        ("a,label\n1e999,0\n", "overflow"),
        ("a,label\n0x10,0\n", "hexadecimal"),
        ("a,label\n,0\n", "empty cell"),
        ("a,label\n\"1,0\n", "broken quote"),
        ("label,label\n1,0\n", "two labels"),
    ]

    @Test("refuses bad files, naming the line", arguments: bad)
    func refuses(file: (String, String)) {
        #expect(throws: LandscapeError.self, "\(file.1)") { try Dataset(csv: file.0, source: "bad.csv") }
    }

    @Test("the message names file, line and column")
    func message() {
        #expect(throws: LandscapeError.invalidInput("bad.csv line 3: column 2 ('b'): 'oops' is not a finite number")) {
            try Dataset(csv: "a,b,label\n1,2,0\n3,oops,1\n", source: "bad.csv")
        }
    }

    @Test("broken quoting is named as such, not as a wrong number of cells")
    func brokenQuote() {
        #expect(throws: LandscapeError.invalidInput("bad.csv line 2: column 2 ('b'): malformed quoting")) {
            try Dataset(csv: "a,b,label\n1,\"2,0\n", source: "bad.csv")
        }
    }

    @Test("class labels must be non-negative integers")
    func classLabels() throws {
        let d = try Dataset(csv: "a,label\n1,0\n2,1.5\n", source: "c.csv")
        #expect(throws: LandscapeError.invalidInput("c.csv line 3 column 'label': '1.5' is not a class index (an integer 0..65535)")) {
            try d.classLabels()
        }
        #expect(throws: LandscapeError.self) { try Dataset(csv: "a,label\n1,-1\n", source: "c.csv").classLabels() }
    }
}
