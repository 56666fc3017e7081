/// Why a daemon configuration cannot be used: every problem found in one pass, each naming where
/// it is (the file with line and column, or the environment variable), the setting's key path,
/// what is wrong and how to fix it.
///
/// One problem reads as one line:
/// ```
/// switchboard.yml:14:15: sinks[1].queue.overflow: "drop-oldest" is not one of block, dropOldest, dropNewest.
/// ```
/// Several start with a summary line, then one line each, in the order they appear in the file
/// (problems found in the environment last), so a configuration can be fixed in one go:
/// ```
/// switchboard.yml: 2 problems
/// switchboard.yml:3:3: platform.regoin: unknown setting; did you mean region?
/// environment SWITCHBOARD_HTTP__ADDRESS: http.address: "localhost" has no port: write host:port, such as …
/// ```
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the configuration was read from: the file as given, or `environment`.
    public let source: String
    /// The problems, in the order they are printed.
    public let problems: [ConfigurationProblem]

    public init(source: String, problems: [ConfigurationProblem]) {
        self.source = source
        self.problems = problems.sorted()
    }

    public var description: String {
        guard problems.count > 1 else { return problems.first?.description ?? "\(source): no problems" }
        return (["\(source): \(problems.count) problems"] + problems.map(\.description)).joined(separator: "\n")
    }
}

/// One thing wrong with a configuration.
public struct ConfigurationProblem: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Where the value at fault came from.
    public enum Location: Sendable, Hashable {
        /// The file, with the line and column (counted from 1) where they are known.
        case file(String, line: Int?, column: Int?)
        /// An environment variable (an override, or a secret the configuration names).
        case environment(String)
    }

    public let location: Location
    /// The setting, such as `sinks[1].queue.overflow`; nil for the file as a whole.
    public let keyPath: String?
    /// What is wrong and the fix. Lines after the first (a filter expression with a caret under
    /// the problem) are indented when printed.
    public let message: String

    public init(location: Location, keyPath: String?, message: String) {
        self.location = location
        self.keyPath = keyPath
        self.message = message
    }

    public var description: String {
        var text: String
        switch location {
        case .file(let file, let line?, let column?): text = "\(file):\(line):\(column): "
        case .file(let file, let line?, nil): text = "\(file):\(line): "
        case .file(let file, _, _): text = "\(file): "
        case .environment(let variable): text = "environment \(variable): "
        }
        if let keyPath { text += "\(keyPath): " }
        text += message.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: "\n    ")
        return text
    }

    /// File problems without a line first, then by line and column, then the environment's by
    /// variable name.
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.order < rhs.order }

    private var order: Order {
        switch location {
        case .file(_, nil, _): Order(group: 0, line: 0, column: 0, name: keyPath ?? "")
        case .file(_, let line?, let column): Order(group: 1, line: line, column: column ?? 0, name: keyPath ?? "")
        case .environment(let variable): Order(group: 2, line: 0, column: 0, name: variable)
        }
    }

    private struct Order: Comparable {
        let group: Int
        let line: Int
        let column: Int
        let name: String
        static func < (lhs: Order, rhs: Order) -> Bool {
            (lhs.group, lhs.line, lhs.column, lhs.name) < (rhs.group, rhs.line, rhs.column, rhs.name)
        }
    }
}
