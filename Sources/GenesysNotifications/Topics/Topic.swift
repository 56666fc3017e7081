import Foundation

/// One individual notification topic, such as `v2.users.<id>.presence`.
///
/// Build topics with the typed constructors (``userPresence(_:)``, ``queueObservations(_:)``, ...)
/// or parse what a person typed with ``init(parsing:)``, which rejects a bad id or an unknown shape
/// before any network call. Names are kept in the platform's canonical case (`routingStatus`) and
/// compared case-insensitively, as the platform matches them.
public struct Topic: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The topic as sent to the platform.
    public let name: String
    /// What kind of topic this is.
    public let family: TopicFamily
    /// The id the topic is about (a user, queue or conversation), lower case.
    public let entityId: String

    public var description: String { name }

    public static func == (lhs: Topic, rhs: Topic) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
    public static func < (lhs: Topic, rhs: Topic) -> Bool { lhs.name < rhs.name }

    /// The case-folded name the platform matches on.
    public var key: String { name.lowercased() }

    /// Everything up to and including the id (`v2.users.<id>`): topics sharing it can be combined.
    public var prefix: String {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard let index = parts.firstIndex(where: { $0.lowercased() == entityId }) else { return name }
        return parts[...index].joined(separator: ".")
    }

    /// What follows the prefix (`presence`, `conversations.calls`).
    public var suffix: String {
        String(name.dropFirst(prefix.count + 1))
    }

    init(name: String, family: TopicFamily, entityId: String) {
        self.name = name
        self.family = family
        self.entityId = entityId
    }

    /// Parses one individual topic. A combined topic (`prefix?a&b`) is refused here; use
    /// ``Topic/parseList(_:)`` to accept both forms.
    public init(parsing text: String) throws(TopicError) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .empty }
        guard !trimmed.contains("?") else { throw .combinedWhereIndividualExpected(trimmed) }
        guard trimmed.count <= Self.maximumLength else { throw .tooLong(trimmed, limit: Self.maximumLength) }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for shape in TopicFamily.shapes {
            switch shape.match(parts) {
            case .matched(let canonical, let id):
                self.init(name: canonical, family: shape.family, entityId: id)
                return
            case .badId(let id):
                throw .invalidId(topic: trimmed, id: id)
            case .noMatch:
                continue
            }
        }
        throw .unknownShape(trimmed)
    }

    /// Parses topics as people write them: individual or combined, separated by commas or
    /// whitespace. Duplicates are dropped, the first spelling kept.
    public static func parseList(_ texts: [String]) throws(TopicError) -> [Topic] {
        var seen = Set<Topic>()
        var result: [Topic] = []
        for text in texts {
            for piece in text.split(whereSeparator: { $0 == "," || $0.isWhitespace }) {
                for individual in TopicCombiner.expand(String(piece)) {
                    let topic = try Topic(parsing: individual)
                    if seen.insert(topic).inserted { result.append(topic) }
                }
            }
        }
        return result
    }

    /// The platform keeps topic names, combined ones included, under 200 characters.
    public static let maximumLength = 200
}

/// A topic that cannot be used, with what to do about it.
public enum TopicError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case invalidId(topic: String, id: String)
    case unknownShape(String)
    case tooLong(String, limit: Int)
    case combinedWhereIndividualExpected(String)

    public var description: String {
        switch self {
        case .empty:
            "An empty topic was given: name a topic such as v2.users.<user id>.presence."
        case .invalidId(let topic, let id):
            "'\(id)' in topic '\(topic)' is not a Genesys Cloud id: ids are UUIDs such as 6a3af858-942f-489d-9700-5f9bcdcdae9b. Look the id up with the users or queues API."
        case .unknownShape(let topic):
            "'\(topic)' is not a topic Switchboard knows. Known shapes: \(TopicFamily.shapes.map(\.pattern).joined(separator: ", "))."
        case .tooLong(let topic, let limit):
            "Topic '\(topic.prefix(60))…' is longer than the platform's \(limit) characters: split it."
        case .combinedWhereIndividualExpected(let topic):
            "'\(topic)' combines several topics; give them one by one, or use Topic.parseList to expand it."
        }
    }
}
