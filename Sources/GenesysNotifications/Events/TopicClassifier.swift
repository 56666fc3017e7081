import GenesysCloud

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
        var name = name
        return name.withUTF8 { Name($0).match() }
    }

    /// A topic name split at its dots, read in place.
    private struct Name {
        let bytes: UnsafeBufferPointer<UInt8>
        /// The byte ranges between dots.
        var parts: [Range<Int>] = []

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            parts.reserveCapacity(8)
            var start = 0
            for index in 0..<bytes.count where bytes[index] == UInt8(ascii: ".") {
                parts.append(start..<index)
                start = index + 1
            }
            parts.append(start..<bytes.count)
        }

        func part(_ index: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[parts[index]]) }

        /// Parts from the second on are `expected`, and more parts follow them.
        func words(_ expected: StaticString...) -> Bool {
            guard expected.count < parts.count else { return false }
            for (offset, word) in expected.enumerated() where !TopicClassifier.equal(part(offset + 1), word) {
                return false
            }
            return true
        }

        /// The id at `index`, lower case, when it is a UUID.
        func id(_ index: Int) -> String? {
            let bytes = part(index)
            guard TopicFamily.isUUID(bytes) else { return nil }
            return String(decoding: bytes, as: UTF8.self).lowercasedIfNeeded()
        }

        func match() -> Match? {
            guard parts.count >= 4, TopicClassifier.equal(part(0), "v2") else { return nil }
            if words("users"), let id = id(2) {
                return userTopic(from: 3, id)
            }
            if words("routing", "queues"), let id = id(3) {
                if isConversations(from: 4) { return Match(family: .queueConversations, entityId: id, detailType: nil) }
                if parts.count == 5, TopicClassifier.equal(part(4), "users") {
                    return Match(family: .queueMembership, entityId: id, detailType: nil)
                }
                return nil
            }
            if words("analytics", "queues"), parts.count == 5, let id = id(3) {
                if TopicClassifier.equal(part(4), "observations") {
                    return Match(family: .queueObservations, entityId: id, detailType: nil)
                }
                if TopicClassifier.equal(part(4), "activity") {
                    return Match(family: .queueActivity, entityId: id, detailType: nil)
                }
                return nil
            }
            if words("analytics", "users"), parts.count == 5, TopicClassifier.equal(part(4), "aggregates"),
                let id = id(3)
            {
                return Match(family: .userAggregates, entityId: id, detailType: nil)
            }
            if words("detail", "events", "conversation"), parts.count > 5, let id = id(4) {
                let type = (5..<parts.count).map { String(decoding: part($0), as: UTF8.self) }.joined(separator: ".")
                    .lowercased()
                guard let canonical = TopicFamily.detailEventTypes.first(where: { $0 == type }) else { return nil }
                return Match(family: .conversationDetail, entityId: id, detailType: canonical)
            }
            if words("detail", "events", "agent"), parts.count == 6, TopicClassifier.equal(part(5), "state"),
                let id = id(4)
            {
                return Match(family: .agentState, entityId: id, detailType: nil)
            }
            return nil
        }

        private func userTopic(from index: Int, _ id: String) -> Match? {
            if isConversations(from: index) { return Match(family: .userConversations, entityId: id, detailType: nil) }
            guard parts.count == index + 1 else { return nil }
            let word = part(index)
            let family: TopicFamily? =
                if TopicClassifier.equal(word, "presence") {
                    .userPresence
                } else if TopicClassifier.equal(word, "routingstatus") {
                    .userRoutingStatus
                } else if TopicClassifier.equal(word, "activity") {
                    .userActivity
                } else if TopicClassifier.equal(word, "conversationsummary") {
                    .userConversationSummary
                } else if TopicClassifier.equal(word, "station") {
                    .userStation
                } else if TopicClassifier.equal(word, "outofoffice") { .userOutOfOffice } else { nil }
            return family.map { Match(family: $0, entityId: id, detailType: nil) }
        }

        /// `conversations` or `conversations.<media>` from `index` to the end.
        private func isConversations(from index: Int) -> Bool {
            guard parts.count > index, TopicClassifier.equal(part(index), "conversations") else { return false }
            if parts.count == index + 1 { return true }
            return parts.count == index + 2
                && TopicFamily.mediaSuffixes.contains { suffix in
                    var suffix = suffix
                    return suffix.withUTF8 { TopicClassifier.equal(part(index + 1), $0) }
                }
        }
    }

    private static func equal(_ part: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        equal(part, UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
    }

    /// ASCII case-insensitive equality, as the platform matches topic names.
    private static func equal(_ part: UnsafeBufferPointer<UInt8>, _ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard part.count == word.count else { return false }
        for index in 0..<part.count where lower(part[index]) != lower(word[index]) { return false }
        return true
    }

    private static func lower(_ byte: UInt8) -> UInt8 {
        byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte | 0x20 : byte
    }
}
