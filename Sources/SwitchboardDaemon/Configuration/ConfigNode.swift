import Yams

/// Where a value came from, for messages.
enum ValueOrigin: Sendable, Hashable {
    /// A line and column of the file (counted from 1).
    case file(line: Int, column: Int)
    /// An environment variable.
    case environment(String)
    /// Nowhere in particular: a section that is absent, or the file as a whole.
    case unknown
}

/// The configuration as a plain tree, read from YAML with every value's position kept, so that
/// environment overrides can be merged in before anything is validated and every problem can
/// still say where it is.
struct ConfigNode: Sendable {
    enum Value: Sendable {
        /// Absent, `~`, `null` or an empty value: the setting is not set.
        case null
        /// Text as written; a number or a boolean is read from it when the setting needs one.
        case scalar(String, quoted: Bool)
        case map([Entry])
        case list([ConfigNode])
    }

    struct Entry: Sendable {
        var key: String
        var keyOrigin: ValueOrigin
        var node: ConfigNode
    }

    var value: Value
    var origin: ValueOrigin

    static let emptyMap = ConfigNode(value: .map([]), origin: .unknown)

    /// The entry for `key`, if the node is a map that has it.
    func entry(_ key: String) -> Entry? {
        guard case .map(let entries) = value else { return nil }
        return entries.first { $0.key == key }
    }
}

extension ConfigNode {
    /// Problems met while turning YAML into a tree: keys that are not text.
    struct ConversionProblem: Sendable {
        let origin: ValueOrigin
        let message: String
    }

    /// The tree of a composed YAML document. A plain scalar that YAML reads as null (empty, `~`,
    /// `null`) is ``Value/null``; quoted text is always text.
    init(_ node: Yams.Node, problems: inout [ConversionProblem]) {
        let origin = node.mark.map { ValueOrigin.file(line: $0.line, column: $0.column) } ?? .unknown
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain || scalar.style == .any, Self.nullSpellings.contains(scalar.string) {
                self.init(value: .null, origin: origin)
            } else {
                let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
                self.init(value: .scalar(scalar.string, quoted: quoted), origin: origin)
            }
        case .mapping(let mapping):
            var entries: [Entry] = []
            for (key, value) in mapping {
                let keyOrigin = key.mark.map { ValueOrigin.file(line: $0.line, column: $0.column) } ?? origin
                guard case .scalar(let scalar) = key else {
                    problems.append(
                        ConversionProblem(
                            origin: keyOrigin, message: "a key must be a name, not a list or a map: write name: value.")
                    )
                    continue
                }
                entries.append(
                    Entry(key: scalar.string, keyOrigin: keyOrigin, node: ConfigNode(value, problems: &problems)))
            }
            self.init(value: .map(entries), origin: origin)
        case .sequence(let sequence):
            self.init(value: .list(sequence.map { ConfigNode($0, problems: &problems) }), origin: origin)
        case .alias:
            // `compose` resolves aliases to the nodes they name; an alias left here has no value.
            self.init(value: .null, origin: origin)
        }
    }

    private static let nullSpellings: Set<String> = ["", "~", "null", "Null", "NULL"]
}
