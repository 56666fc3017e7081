/// Finds the family and id of a topic name on the hot path.
///
/// `Topic(parsing:)` validates what a person typed and tries every known shape with Foundation
/// string comparison: about 20 µs a call in a release build, a fifth of the decode budget. Frames
/// carry canonical names from the platform, so this reads the few shapes that have models straight
/// from the bytes. Anything it does not recognise goes to `Topic(parsing:)`, so the two never
/// disagree on a name both accept (pinned by a test).
enum TopicClassifier {
    struct Match: Hashable {
        let family: TopicFamily
        /// Lower case, as `Topic.entityId`.
        let entityId: String
        /// The detail event type (`acd.start`), for `conversationDetail` only.
        let detailType: String?
    }

    static func classify(_ name: String) -> Match? {
        let parts = name.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.count >= 4, equal(parts[0], "v2") else { return nil }
        func words(_ expected: String...) -> Bool {
            expected.count < parts.count && zip(parts[1...], expected).allSatisfy { equal($0, $1) }
        }
        func id(_ index: Int) -> String? {
            let text = String(decoding: parts[index], as: UTF8.self)
            return TopicFamily.isUUID(text) ? text.lowercased() : nil
        }
        let rest = { (index: Int) -> [String.UTF8View.SubSequence] in Array(parts[(index + 1)...]) }

        if words("users"), let id = id(2) {
            return userTopic(rest(2), id)
        }
        if words("routing", "queues"), let id = id(3) {
            let rest = rest(3)
            if isConversations(rest) { return Match(family: .queueConversations, entityId: id, detailType: nil) }
            if rest.count == 1, equal(rest[0], "users") {
                return Match(family: .queueMembership, entityId: id, detailType: nil)
            }
            return nil
        }
        if words("analytics", "queues"), parts.count == 5, let id = id(3) {
            if equal(parts[4], "observations") {
                return Match(family: .queueObservations, entityId: id, detailType: nil)
            }
            if equal(parts[4], "activity") { return Match(family: .queueActivity, entityId: id, detailType: nil) }
            return nil
        }
        if words("analytics", "users"), parts.count == 5, equal(parts[4], "aggregates"), let id = id(3) {
            return Match(family: .userAggregates, entityId: id, detailType: nil)
        }
        if words("detail", "events", "conversation"), parts.count > 5, let id = id(4) {
            let type = rest(4).map { String(decoding: $0, as: UTF8.self) }.joined(separator: ".").lowercased()
            guard let canonical = TopicFamily.detailEventTypes.first(where: { $0 == type }) else { return nil }
            return Match(family: .conversationDetail, entityId: id, detailType: canonical)
        }
        if words("detail", "events", "agent"), parts.count == 6, equal(parts[5], "state"), let id = id(4) {
            return Match(family: .agentState, entityId: id, detailType: nil)
        }
        return nil
    }

    private static func userTopic(_ rest: [String.UTF8View.SubSequence], _ id: String) -> Match? {
        if isConversations(rest) { return Match(family: .userConversations, entityId: id, detailType: nil) }
        guard rest.count == 1 else { return nil }
        let families: [(String, TopicFamily)] = [
            ("presence", .userPresence), ("routingstatus", .userRoutingStatus), ("activity", .userActivity),
            ("conversationsummary", .userConversationSummary), ("station", .userStation),
            ("outofoffice", .userOutOfOffice),
        ]
        guard let family = families.first(where: { equal(rest[0], $0.0) })?.1 else { return nil }
        return Match(family: family, entityId: id, detailType: nil)
    }

    /// `conversations` or `conversations.<media>`.
    private static func isConversations(_ rest: [String.UTF8View.SubSequence]) -> Bool {
        guard let first = rest.first, equal(first, "conversations") else { return false }
        if rest.count == 1 { return true }
        return rest.count == 2 && TopicFamily.mediaSuffixes.contains { equal(rest[1], $0) }
    }

    /// ASCII case-insensitive equality, as the platform matches topic names.
    private static func equal(_ part: String.UTF8View.SubSequence, _ word: String) -> Bool {
        guard part.count == word.utf8.count else { return false }
        return zip(part, word.utf8).allSatisfy { lower($0) == lower($1) }
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
