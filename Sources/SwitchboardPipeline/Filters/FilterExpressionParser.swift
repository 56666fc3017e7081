/// Reads the filter grammar (docs/CONFIGURATION.md, "Filter expressions") by recursive descent,
/// lexing on demand so errors come in reading order:
///
/// ```
/// expression := or
/// or         := and ("or" and)*
/// and        := unary ("and" unary)*
/// unary      := "not" unary | "(" expression ")" | condition
/// condition  := field (operator value | "in" list | "not" "in" list)?      (bare: flag fields only)
/// list       := "[" value ("," value)* "]"
/// ```
struct FilterExpressionParser {
    struct Token {
        enum Kind: Equatable {
            case word(String)
            case string(String)
            case number(Double)
            case symbol(Character)
            case comparison(Comparison)
            case end
        }

        let kind: Kind
        /// Counting characters from 1.
        let column: Int
        /// The token as written.
        let text: String

        /// The token in an error message: `'queue'`, `the string "a b"`, `end of input`.
        var found: String {
            switch kind {
            case .end: "end of input"
            case .string(let value): "the string \"\(value)\""
            default: "'\(text)'"
            }
        }

        /// The keyword this word is (`and`, `or`, `not`, `in`), if any.
        var keyword: String? {
            guard case .word(let word) = kind else { return nil }
            let lower = word.lowercased()
            return FilterExpressionParser.keywords.contains(lower) ? lower : nil
        }

        func isKeyword(_ keyword: String) -> Bool { self.keyword == keyword }
        func isSymbol(_ symbol: Character) -> Bool { kind == .symbol(symbol) }
    }

    enum Comparison: String {
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
    }

    static let keywords: Set<String> = ["and", "or", "not", "in"]
    static let maximumDepth = 100

    private let source: String
    private let characters: [Character]
    private var offset = 0
    private var current = Token(kind: .end, column: 1, text: "")
    /// `not` and `(` levels open now.
    private var depth = 0

    init(_ source: String) {
        self.source = source
        self.characters = Array(source)
    }

    // MARK: - Grammar

    mutating func parseExpression() throws(FilterExpressionError) -> FilterExpression.Node {
        try advance()
        let node = try parseOr(after: nil)
        guard case .end = current.kind else {
            throw error(at: current, "expected 'and', 'or' or end of input, found \(current.found)")
        }
        return node
    }

    private mutating func parseOr(after context: Token?) throws(FilterExpressionError) -> FilterExpression.Node {
        var nodes = [try parseAnd(after: context)]
        while current.isKeyword("or") {
            let operatorToken = current
            try advance()
            nodes.append(try parseAnd(after: operatorToken))
        }
        return nodes.count == 1 ? nodes[0] : .any(nodes)
    }

    private mutating func parseAnd(after context: Token?) throws(FilterExpressionError) -> FilterExpression.Node {
        var nodes = [try parseUnary(after: context)]
        while current.isKeyword("and") {
            let operatorToken = current
            try advance()
            nodes.append(try parseUnary(after: operatorToken))
        }
        return nodes.count == 1 ? nodes[0] : .all(nodes)
    }

    private mutating func parseUnary(after context: Token?) throws(FilterExpressionError) -> FilterExpression.Node {
        guard current.isKeyword("not") || current.isSymbol("(") else { return try parseCondition(after: context) }
        // Parsing and evaluation recurse once per level: a hostile file must not exhaust the stack.
        guard depth < Self.maximumDepth else {
            throw error(
                at: current, "expected at most \(Self.maximumDepth) nested 'not' or '(', found \(current.found)")
        }
        depth += 1
        defer { depth -= 1 }
        let opening = current
        try advance()
        if opening.isKeyword("not") { return .not(try parseUnary(after: opening)) }
        let node = try parseOr(after: opening)
        guard current.isSymbol(")") else {
            throw error(
                at: current, "expected ')' to close the '(' at column \(opening.column), found \(current.found)")
        }
        try advance()
        return node
    }

    private mutating func parseCondition(after context: Token?) throws(FilterExpressionError) -> FilterExpression.Node {
        guard case .word(let name) = current.kind, current.keyword == nil else {
            let place = context.map { " after '\($0.text)'" } ?? ""
            throw error(at: current, "expected a condition such as 'queue == <id>'\(place), found \(current.found)")
        }
        guard let field = FilterField(named: name) else {
            let names = FilterField.allCases.map(\.rawValue).joined(separator: ", ")
            throw error(at: current, "expected a field (\(names)), found \(current.found)")
        }
        let fieldToken = current
        try advance()

        if case .comparison(let comparison) = current.kind {
            let operatorToken = current
            try advance()
            return .test(field, try test(comparison, field: field, operatorToken: operatorToken))
        }
        if current.isKeyword("in") {
            let inToken = current
            try advance()
            return .test(field, .member(try list(for: field, after: inToken)))
        }
        if current.isKeyword("not") {
            let notToken = current
            try advance()
            guard current.isKeyword("in") else {
                throw error(at: current, "expected 'in' after '\(notToken.text)', found \(current.found)")
            }
            let inToken = current
            try advance()
            return .test(field, .notMember(try list(for: field, after: inToken)))
        }
        if field.kind == .flag { return .test(field, .equal(.flag(true))) }
        throw error(
            at: current,
            "expected a comparison ('==', '!=', '<', '<=', '>', '>=', 'in' or 'not in') after '\(fieldToken.text)', found \(current.found)"
        )
    }

    private mutating func test(
        _ comparison: Comparison, field: FilterField, operatorToken: Token
    ) throws(FilterExpressionError) -> FilterExpression.Test {
        switch comparison {
        case .equal: return .equal(try value(for: field, after: operatorToken))
        case .notEqual: return .notEqual(try value(for: field, after: operatorToken))
        case .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard field.kind == .number else {
                let allowed = field.kind == .flag ? "'==' or '!='" : "'==', '!=', 'in' or 'not in'"
                let what = field.kind == .flag ? "true or false" : "text"
                throw error(
                    at: operatorToken,
                    "expected \(allowed) after '\(field)' (\(what): only numbers are ordered), found \(operatorToken.found)"
                )
            }
            // A number field's values are numbers (`value` throws otherwise).
            guard case .number(let bound) = try value(for: field, after: operatorToken) else {
                return .equal(.flag(false))
            }
            switch comparison {
            case .less: return .less(bound)
            case .lessOrEqual: return .lessOrEqual(bound)
            case .greater: return .greater(bound)
            default: return .greaterOrEqual(bound)
            }
        }
    }

    private mutating func list(
        for field: FilterField, after inToken: Token
    ) throws(FilterExpressionError) -> Set<FilterValue> {
        guard current.isSymbol("[") else {
            throw error(at: current, "expected '[' after '\(inToken.text)', found \(current.found)")
        }
        let open = current
        try advance()
        var values: Set<FilterValue> = []
        var previous = open
        while true {
            values.insert(try value(for: field, after: previous))
            if current.isSymbol("]") {
                try advance()
                return values
            }
            guard current.isSymbol(",") else {
                throw error(
                    at: current,
                    "expected ',' or ']' in the list opened at column \(open.column), found \(current.found)")
            }
            previous = current
            try advance()
        }
    }

    /// A literal for `field`, checked against its kind and, for closed fields, its values.
    private mutating func value(
        for field: FilterField, after context: Token
    ) throws(FilterExpressionError) -> FilterValue {
        let token = current
        let raw: String
        switch token.kind {
        case .word(let word) where token.keyword == nil: raw = word
        case .string(let string): raw = string
        case .number: raw = token.text
        default:
            throw error(at: token, "expected a value after '\(context.text)', found \(token.found)")
        }
        let value: FilterValue
        switch field.kind {
        case .number:
            guard case .number(let number) = token.kind else {
                throw error(at: token, "expected a number for \(field) (milliseconds), found \(token.found)")
            }
            value = .number(number)
        case .flag:
            switch raw.lowercased() {
            case "true": value = .flag(true)
            case "false": value = .flag(false)
            default: throw error(at: token, "expected true or false for \(field), found \(token.found)")
            }
        case .text:
            if let closed = field.closedValues, !closed.contains(where: { $0.lowercased() == raw.lowercased() }) {
                throw error(
                    at: token, "expected a \(field) (\(closed.joined(separator: ", "))), found \(token.found)")
            }
            value = .text(field.normalised(raw))
        }
        try advance()
        return value
    }

    // MARK: - Lexing

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || "_-.:+@/#%~".contains(character)
    }

    private mutating func advance() throws(FilterExpressionError) {
        while offset < characters.count, characters[offset].isWhitespace { offset += 1 }
        let start = offset
        let column = start + 1
        guard offset < characters.count else {
            current = Token(kind: .end, column: column, text: "")
            return
        }
        let character = characters[offset]
        func token(_ kind: Token.Kind, length: Int) -> Token {
            offset = start + length
            return Token(kind: kind, column: column, text: String(characters[start..<(start + length)]))
        }
        let next: Character? = offset + 1 < characters.count ? characters[offset + 1] : nil
        switch character {
        case "(", ")", "[", "]", ",":
            current = token(.symbol(character), length: 1)
        case "=":
            guard next == "=" else { throw error(column: column, "expected '==', found '='") }
            current = token(.comparison(.equal), length: 2)
        case "!":
            guard next == "=" else { throw error(column: column, "expected '!=' or 'not', found '!'") }
            current = token(.comparison(.notEqual), length: 2)
        case "<", ">":
            let orEqual = next == "="
            let kind: Comparison =
                character == "<" ? (orEqual ? .lessOrEqual : .less) : (orEqual ? .greaterOrEqual : .greater)
            current = token(.comparison(kind), length: orEqual ? 2 : 1)
        case "\"", "'":
            current = try quoted(closingWith: character, column: column)
        case "&":
            throw error(column: column, "expected 'and', found '\(next == "&" ? "&&" : "&")'")
        case "|":
            throw error(column: column, "expected 'or', found '\(next == "|" ? "||" : "|")'")
        default:
            guard Self.isWordCharacter(character) else {
                throw error(
                    column: column, "expected a field, a value, an operator or a parenthesis, found '\(character)'")
            }
            var end = offset
            while end < characters.count, Self.isWordCharacter(characters[end]) { end += 1 }
            let word = String(characters[start..<end])
            let kind: Token.Kind = Self.number(word).map { .number($0) } ?? .word(word)
            current = token(kind, length: end - start)
        }
    }

    /// A string in `"…"` or `'…'`; a backslash escapes the next character.
    private mutating func quoted(closingWith quote: Character, column: Int) throws(FilterExpressionError) -> Token {
        let start = offset
        var value = ""
        var index = offset + 1
        while index < characters.count {
            let character = characters[index]
            if character == "\\", index + 1 < characters.count {
                value.append(characters[index + 1])
                index += 2
                continue
            }
            if character == quote {
                offset = index + 1
                return Token(kind: .string(value), column: column, text: String(characters[start..<offset]))
            }
            value.append(character)
            index += 1
        }
        throw error(
            column: characters.count + 1,
            "expected a closing \(quote == "\"" ? "'\"'" : "\"'\"") for the string opened at column \(column), found end of input"
        )
    }

    /// Decimal numbers only (`30000`, `-1`, `2.5`): ids that merely start with digits stay words.
    private static func number(_ word: String) -> Double? {
        var digits = Substring(word)
        if digits.first == "-" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else { return nil }
        return Double(word)
    }

    // MARK: - Errors

    private func error(at token: Token, _ message: String) -> FilterExpressionError {
        error(column: token.column, message)
    }

    private func error(column: Int, _ message: String) -> FilterExpressionError {
        FilterExpressionError(expression: source, column: column, message: message)
    }
}
