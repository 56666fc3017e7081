/// Why a filter expression could not be read: where, what was expected and what was found.
///
/// `description` reads `at column 14: expected a value after '==', found end of input`.
public struct FilterExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The expression as given.
    public let expression: String
    /// Where the problem is, counting characters from 1.
    public let column: Int
    /// What is wrong, without the position.
    public let message: String

    public init(expression: String, column: Int, message: String) {
        self.expression = expression
        self.column = column
        self.message = message
    }

    public var description: String { "at column \(column): \(message)" }

    /// The expression with a caret under the column, for a terminal:
    /// ```
    /// queue ==
    ///          ^ at column 10: expected a value after '==', found end of input
    /// ```
    public var annotated: String {
        let line = expression.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " ")
        return line + "\n" + String(repeating: " ", count: max(0, column - 1)) + "^ " + description
    }
}
