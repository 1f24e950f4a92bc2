/// Reads a formula in `x` and `y` into an `Expression`.
///
/// The language: numbers (`2`, `0.5`, `1e-3`), `x`, `y`, `pi`; `+ − * /` and `^`; unary minus and
/// plus; parentheses; and the functions `exp log sin cos tanh sqrt abs` applied to a parenthesized
/// argument. Precedence, lowest first: `+ −`, then `* /`, then unary minus, then `^`, which groups
/// to the right — so `-x^2` is `-(x^2)`, `2^3^2` is `2^(3^2)`, and `2^-1` is `2^(-1)`.
///
/// Errors name the column (counting characters from 1) where reading stopped, as in
/// `expected ')' at column 5` for `(1-x`. Nesting deeper than `maximumDepth` is refused rather than
/// risking the stack.
public struct ExpressionParser {
    /// The deepest formula tree accepted (each operator, function or parenthesis is a level).
    public static let maximumDepth = 200
    /// The longest formula accepted, in characters.
    public static let maximumLength = 10_000

    private enum Token: Equatable {
        case number(Double), name(String), symbol(Character), end
    }

    private let characters: [Character]
    private var tokens: [(token: Token, column: Int)] = []
    private var position = 0

    /// Parses `text` completely.
    public static func parse(_ text: String) throws -> Expression {
        var parser = try ExpressionParser(text)
        let (expression, _) = try parser.expression(depth: 0)
        let (token, column) = parser.tokens[parser.position]
        switch token {
        case .end: return expression
        case .symbol(")"): throw failure("unmatched ')'", column)
        default: throw failure("expected an operator (+ - * / ^) or the end", column)
        }
    }

    private init(_ text: String) throws {
        characters = Array(text)
        guard characters.count <= ExpressionParser.maximumLength else {
            throw LandscapeError.invalidInput("the formula is longer than \(ExpressionParser.maximumLength) characters")
        }
        guard characters.contains(where: { !$0.isWhitespace }) else {
            throw LandscapeError.invalidInput("the formula is empty")
        }
        try tokenize()
    }

    private static func failure(_ message: String, _ column: Int) -> LandscapeError {
        .invalidInput("\(message) at column \(column)")
    }

    private mutating func tokenize() throws {
        var i = 0
        while i < characters.count {
            let c = characters[i]
            let column = i + 1
            if c.isWhitespace {
                i += 1
            } else if c.isASCII && (c.isNumber || c == ".") {
                var j = i
                while j < characters.count, characters[j].isASCII, characters[j].isNumber || characters[j] == "." { j += 1 }
                if j < characters.count, characters[j] == "e" || characters[j] == "E" {
                    var k = j + 1
                    if k < characters.count, characters[k] == "+" || characters[k] == "-" { k += 1 }
                    let digits = k
                    while k < characters.count, characters[k].isASCII, characters[k].isNumber { k += 1 }
                    guard k > digits else { throw ExpressionParser.failure("expected the digits of an exponent", k + 1) }
                    j = k
                }
                let text = String(characters[i..<j])
                guard let value = Double(text), text.filter({ $0 == "." }).count <= 1, text.contains(where: \.isNumber) else {
                    throw ExpressionParser.failure("malformed number '\(text)'", column)
                }
                guard value.isFinite else { throw ExpressionParser.failure("number '\(text)' is out of range", column) }
                tokens.append((.number(value), column))
                i = j
            } else if c.isASCII && c.isLetter {
                var j = i
                while j < characters.count, characters[j].isASCII, characters[j].isLetter || characters[j].isNumber || characters[j] == "_" { j += 1 }
                tokens.append((.name(String(characters[i..<j])), column))
                i = j
            } else if "+-*/^()".contains(c) {
                tokens.append((.symbol(c), column))
                i += 1
            } else {
                throw ExpressionParser.failure("unexpected character '\(c)'", column)
            }
        }
        tokens.append((.end, characters.count + 1))
    }

    private var current: (token: Token, column: Int) { tokens[position] }

    /// `term (('+' | '−') term)*`, left-associative. Returns the tree and its depth.
    private mutating func expression(depth: Int) throws -> (Expression, Int) {
        var (left, leftDepth) = try term(depth: depth)
        while case .symbol(let c) = current.token, c == "+" || c == "-" {
            let column = current.column
            position += 1
            let (right, rightDepth) = try term(depth: depth)
            (left, leftDepth) = try combine(c == "+" ? .add : .subtract, left, leftDepth, right, rightDepth, column)
        }
        return (left, leftDepth)
    }

    /// `unary (('*' | '/') unary)*`, left-associative.
    private mutating func term(depth: Int) throws -> (Expression, Int) {
        var (left, leftDepth) = try unary(depth: depth)
        while case .symbol(let c) = current.token, c == "*" || c == "/" {
            let column = current.column
            position += 1
            let (right, rightDepth) = try unary(depth: depth)
            (left, leftDepth) = try combine(c == "*" ? .multiply : .divide, left, leftDepth, right, rightDepth, column)
        }
        return (left, leftDepth)
    }

    /// `('−' | '+') unary | power`.
    private mutating func unary(depth: Int) throws -> (Expression, Int) {
        if case .symbol(let c) = current.token, c == "-" || c == "+" {
            let column = current.column
            try checkDepth(depth + 1, column)
            position += 1
            let (operand, operandDepth) = try unary(depth: depth + 1)
            guard c == "-" else { return (operand, operandDepth) }
            try checkDepth(operandDepth + 1, column)
            return (.negate(operand), operandDepth + 1)
        }
        return try power(depth: depth)
    }

    /// `primary ('^' unary)?`: the exponent may itself hold a `^`, which makes `^` right-associative.
    private mutating func power(depth: Int) throws -> (Expression, Int) {
        let (base, baseDepth) = try primary(depth: depth)
        guard current.token == .symbol("^") else { return (base, baseDepth) }
        let column = current.column
        try checkDepth(depth + 1, column)
        position += 1
        let (exponent, exponentDepth) = try unary(depth: depth + 1)
        return try combine(.power, base, baseDepth, exponent, exponentDepth, column)
    }

    /// A number, `x`, `y`, `pi`, `f(expression)` or `(expression)`.
    private mutating func primary(depth: Int) throws -> (Expression, Int) {
        let (token, column) = current
        switch token {
        case .number(let value):
            position += 1
            return (.number(value), 1)
        case .name(let name):
            position += 1
            switch name {
            case "x": return (.x, 1)
            case "y": return (.y, 1)
            case "pi": return (.number(Double.pi), 1)
            default:
                guard let function = Expression.Function(rawValue: name) else {
                    throw ExpressionParser.failure(
                        "unknown name '\(name)' (use x, y, pi or \(Expression.Function.allCases.map(\.rawValue).joined(separator: ", ")))", column)
                }
                guard current.token == .symbol("(") else {
                    throw ExpressionParser.failure("expected '(' after \(name)", current.column)
                }
                let (argument, argumentDepth) = try parenthesized(depth: depth)
                try checkDepth(argumentDepth + 1, column)
                return (.function(function, argument), argumentDepth + 1)
            }
        case .symbol("("):
            return try parenthesized(depth: depth)
        case .end:
            throw ExpressionParser.failure("expected a number, x, y, a function or '(' but the formula ends", column)
        default:
            throw ExpressionParser.failure("expected a number, x, y, a function or '('", column)
        }
    }

    /// `'(' expression ')'`, at the opening parenthesis.
    private mutating func parenthesized(depth: Int) throws -> (Expression, Int) {
        try checkDepth(depth + 1, current.column)
        position += 1
        let inner = try expression(depth: depth + 1)
        guard current.token == .symbol(")") else { throw ExpressionParser.failure("expected ')'", current.column) }
        position += 1
        return inner
    }

    private func combine(
        _ op: Expression.BinaryOperator, _ left: Expression, _ leftDepth: Int, _ right: Expression, _ rightDepth: Int, _ column: Int
    ) throws -> (Expression, Int) {
        let depth = max(leftDepth, rightDepth) + 1
        try checkDepth(depth, column)
        return (.binary(op, left, right), depth)
    }

    private func checkDepth(_ depth: Int, _ column: Int) throws {
        guard depth <= ExpressionParser.maximumDepth else {
            throw ExpressionParser.failure("the formula has more than \(ExpressionParser.maximumDepth) levels of nested operations", column)
        }
    }
}
