import Testing
import Landscape

@Suite("JSON")
struct JSONTests {
    @Test("parses and prints back the same value")
    func roundTrip() throws {
        let text = #"{"a": [1, -2.5e-3, true, false, null], "b": {"c": "x\"y\\z\n\u00e9\ud83d\ude00"}, "d": []}"#
        let value = try JSON(parsing: text)
        #expect(value["a"]?.arrayValue?.count == 5)
        #expect(value["b"]?["c"]?.stringValue == "x\"y\\z\né😀")
        #expect(try JSON(parsing: value.compactText) == value)
        #expect(try JSON(parsing: value.prettyText) == value)
    }

    @Test("floats print in shortest form and read back to the same bits")
    func floats() throws {
        var random = RandomSource(seed: 5, stream: .data)
        for _ in 0..<1000 {
            let x = Double(bitPattern: random.next())
            guard x.isFinite else { continue }
            #expect(try JSON(parsing: JSON.number(x).compactText).doubleValue?.bitPattern == x.bitPattern)
        }
        #expect(JSON.number(Double.nan) == .null)
    }

    static let invalid = ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "-", "1e", "\"abc", "[1] 2", "tru", "\"\\x\"", "\"\u{01}\"",
                          "\"\\ud800\"", String(repeating: "[", count: 600) + String(repeating: "]", count: 600)]

    @Test("refuses invalid text", arguments: invalid)
    func refuses(text: String) {
        #expect(throws: LandscapeError.self) { try JSON(parsing: text) }
    }

    @Test("errors name the line and column")
    func position() {
        #expect(throws: LandscapeError.invalidInput("line 2 column 4: expected ',' or ']' in an array")) {
            try JSON(parsing: "[1,\n 2 3]")
        }
    }

    @Test("a byte-order mark is skipped; columns count characters, not bytes")
    func byteOrderMarkAndColumns() throws {
        #expect(try JSON(parsing: "\u{FEFF}[1]") == .array([.number("1")]))
        #expect(throws: LandscapeError.invalidInput("line 1 column 8: unexpected character 'x'")) { try JSON(parsing: "[\"été\",x]") }
        #expect(throws: LandscapeError.invalidInput("line 1 column 1: unexpected non-ASCII text")) { try JSON(parsing: "é") }
    }
}
