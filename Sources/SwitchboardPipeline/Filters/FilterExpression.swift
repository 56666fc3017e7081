import Foundation
import GenesysNotifications

/// A filter written as text, for the command line and configuration files:
/// `family == queueConversations and queue in [id1, id2] and not (state == ended)`.
///
/// Parse once with ``init(parsing:)``, then ask ``matches(_:)`` of every event: the text is
/// read into a tree once, with field names resolved and literal values normalised, so evaluation
/// compares values only. The grammar and the fields are in docs/CONFIGURATION.md ("Filter
/// expressions"); ``FilterField`` lists the fields.
///
/// A comparison on a field the event does not carry is false, whatever the operator: on a
/// presence event both `queue == X` and `queue != X` are false, while `not (queue == X)` is
/// true. `queue not in [..]` behaves like `!=`: false without a queue.
public struct FilterExpression: Sendable, Hashable, CustomStringConvertible {
    /// The text the expression was parsed from.
    public let source: String
    let root: Node

    /// Reads `text`, or throws one error naming the column, what was expected and what was found.
    public init(parsing text: String) throws(FilterExpressionError) {
        var parser = FilterExpressionParser(text)
        self.root = try parser.parseExpression()
        self.source = text
    }

    /// Whether `event` satisfies the expression.
    public func matches(_ event: PipelineEvent) -> Bool {
        var subject = FilterSubject(event)
        return root.evaluate(&subject)
    }

    func evaluate(_ subject: inout FilterSubject) -> Bool { root.evaluate(&subject) }

    /// The expression fully parenthesised, values normalised: how it was understood
    /// (`(family == "queueconversations" and not state == "ended")`).
    public var description: String { root.description }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.root == rhs.root }
    public func hash(into hasher: inout Hasher) { hasher.combine(root) }

    /// The parsed tree. Chains of `and` and `or` are kept flat, so a long list of conditions
    /// does not make a deep tree.
    indirect enum Node: Sendable, Hashable, CustomStringConvertible {
        case all([Node])
        case any([Node])
        case not(Node)
        case test(FilterField, Test)

        func evaluate(_ subject: inout FilterSubject) -> Bool {
            switch self {
            case .all(let nodes):
                for node in nodes where !node.evaluate(&subject) { return false }
                return true
            case .any(let nodes):
                for node in nodes where node.evaluate(&subject) { return true }
                return false
            case .not(let inner):
                return !inner.evaluate(&subject)
            case .test(let field, let test):
                return subject.value(of: field).map(test.holds) ?? false
            }
        }

        var description: String {
            switch self {
            case .all(let nodes): "(" + nodes.map(\.description).joined(separator: " and ") + ")"
            case .any(let nodes): "(" + nodes.map(\.description).joined(separator: " or ") + ")"
            case .not(let inner): "not \(inner)"
            case .test(let field, let test): test.description(of: field)
            }
        }
    }

    /// One comparison of a field's value with literal values (already normalised).
    enum Test: Sendable, Hashable {
        case equal(FilterValue)
        case notEqual(FilterValue)
        case member(Set<FilterValue>)
        case notMember(Set<FilterValue>)
        case less(Double)
        case lessOrEqual(Double)
        case greater(Double)
        case greaterOrEqual(Double)

        func holds(for value: FilterValue) -> Bool {
            switch self {
            case .equal(let expected): return value == expected
            case .notEqual(let expected): return value != expected
            case .member(let values): return values.contains(value)
            case .notMember(let values): return !values.contains(value)
            case .less(let bound): return number(value).map { $0 < bound } ?? false
            case .lessOrEqual(let bound): return number(value).map { $0 <= bound } ?? false
            case .greater(let bound): return number(value).map { $0 > bound } ?? false
            case .greaterOrEqual(let bound): return number(value).map { $0 >= bound } ?? false
            }
        }

        private func number(_ value: FilterValue) -> Double? {
            if case .number(let number) = value { number } else { nil }
        }

        func description(of field: FilterField) -> String {
            func list(_ values: Set<FilterValue>) -> String {
                "[" + values.map(Self.literal).sorted().joined(separator: ", ") + "]"
            }
            return switch self {
            case .equal(let value): "\(field) == \(Self.literal(value))"
            case .notEqual(let value): "\(field) != \(Self.literal(value))"
            case .member(let values): "\(field) in \(list(values))"
            case .notMember(let values): "\(field) not in \(list(values))"
            case .less(let bound): "\(field) < \(Self.literal(.number(bound)))"
            case .lessOrEqual(let bound): "\(field) <= \(Self.literal(.number(bound)))"
            case .greater(let bound): "\(field) > \(Self.literal(.number(bound)))"
            case .greaterOrEqual(let bound): "\(field) >= \(Self.literal(.number(bound)))"
            }
        }

        static func literal(_ value: FilterValue) -> String {
            switch value {
            case .text(let text):
                "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                    + "\""
            case .number(let number):
                number.rounded() == number && abs(number) < 1e15 ? String(Int(number)) : String(number)
            case .flag(let flag): String(flag)
            }
        }
    }
}
