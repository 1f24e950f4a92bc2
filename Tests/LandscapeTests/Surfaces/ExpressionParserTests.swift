import Testing
import Landscape

@Suite("Expression parser")
struct ExpressionParserTests {
    func value(_ formula: String, x: Double = 0, y: Double = 0) throws -> Double {
        try ExpressionParser.parse(formula).evaluate(x: x, y: y)
    }

    @Test("precedence: * and / bind tighter than + and −, and group to the left")
    func precedence() throws {
        #expect(try value("1 + 2*3") == 7)
        #expect(try value("(1 + 2)*3") == 9)
        #expect(try value("10 - 4 - 3") == 3)
        #expect(try value("8/4/2") == 1)
        #expect(try value("2*3 - 4/2 + 1") == 5)
        #expect(try ExpressionParser.parse("x - y - 1") == .binary(.subtract, .binary(.subtract, .x, .y), .number(1)))
    }

    @Test("^ is right-associative and binds tighter than unary minus")
    func power() throws {
        #expect(try value("2^3^2") == 512)
        #expect(try value("(2^3)^2") == 64)
        #expect(try value("-x^2", x: 3) == -9)
        #expect(try value("(-x)^2", x: 3) == 9)
        #expect(try value("-2^2") == -4)
        #expect(try value("2^-1") == 0.5)
        #expect(try value("2*-x", x: 3) == -6)
        #expect(try value("--x", x: 3) == 3)
        #expect(try value("+x", x: 3) == 3)
        #expect(try ExpressionParser.parse("-x^2") == .negate(.binary(.power, .x, .number(2))))
        #expect(try ExpressionParser.parse("x^y^2") == .binary(.power, .x, .binary(.power, .y, .number(2))))
    }

    @Test("numbers, variables, pi and functions")
    func atoms() throws {
        #expect(try value("1e-3 + .5 + 2.") == 2.501)
        #expect(try value("x*y", x: 2, y: 5) == 10)
        #expect(try value("pi") == Double.pi)
        #expect(try value("exp(0) + log(1) + sin(0) + cos(0) + tanh(0) + sqrt(4) + abs(-3)") == 7)
        #expect(try value("  ( 1-x ) ^ 2 ", x: 4) == 9)
    }

    @Test("the printed formula parses back to the same tree", arguments: [
        "(1 - x)^2 + 100*(y - x^2)^2", "-x^2", "(-x)^2", "2^3^2", "(2^3)^2", "x - (y - 1)", "x/(y*2)", "x*y/2",
        "-(x + y)", "2*(-x)", "exp(-(x^2 + y^2))", "x^(-1)", "sqrt(abs(x))*tanh(y)", "x + (y + 1)",
    ])
    func roundTrip(formula: String) throws {
        let parsed = try ExpressionParser.parse(formula)
        #expect(try ExpressionParser.parse(parsed.description) == parsed, "\(parsed.description)")
        #expect(parsed.description == formula)
    }

    @Test("errors name the column", arguments: [
        ("(1-x", "expected ')' at column 5"),
        ("x +", "expected a number, x, y, a function or '(' but the formula ends at column 4"),
        ("2x", "expected an operator (+ - * / ^) or the end at column 2"),
        ("x)", "unmatched ')' at column 2"),
        ("sin x", "expected '(' after sin at column 5"),
        ("x * $", "unexpected character '$' at column 5"),
        ("1 + z", "unknown name 'z' (use x, y, pi or exp, log, sin, cos, tanh, sqrt, abs) at column 5"),
        ("x ** 2", "expected a number, x, y, a function or '(' at column 4"),
        ("1e", "expected the digits of an exponent at column 3"),
        ("1.2.3", "malformed number '1.2.3' at column 1"),
        ("1e999", "number '1e999' is out of range at column 1"),
        ("", "the formula is empty"),
        ("()", "expected a number, x, y, a function or '(' at column 2"),
    ])
    func errors(formula: String, message: String) {
        #expect(throws: LandscapeError.invalidInput(message)) { try ExpressionParser.parse(formula) }
    }

    @Test("deep nesting and long chains are refused, not a stack overflow")
    func depth() throws {
        let deep = String(repeating: "(", count: 10_000) + "x" + String(repeating: ")", count: 10_000)
        #expect(throws: LandscapeError.self) { try ExpressionParser.parse(String(deep.prefix(10_000))) }
        let nested = String(repeating: "(", count: 300) + "x" + String(repeating: ")", count: 300)
        #expect(throws: LandscapeError.self) { try ExpressionParser.parse(nested) }
        #expect(throws: LandscapeError.self) { try ExpressionParser.parse(String(repeating: "-", count: 5000) + "x") }
        #expect(throws: LandscapeError.self) { try ExpressionParser.parse(Array(repeating: "x", count: 1000).joined(separator: "+")) }
        #expect(throws: LandscapeError.self) { try ExpressionParser.parse(Array(repeating: "x", count: 300).joined(separator: "^")) }
        #expect(throws: LandscapeError.self) { try ExpressionParser.parse(String(repeating: "x+", count: 6000) + "x") }
        let fine = String(repeating: "(", count: 50) + "x" + String(repeating: ")", count: 50)
        #expect(try value(fine, x: 2) == 2)
    }
}
