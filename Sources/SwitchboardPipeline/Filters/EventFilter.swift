import GenesysNotifications

/// Which events go on: allow and deny lists by queue, user, media type and topic family, and an
/// optional ``FilterExpression``. A pure value; build it once and ask ``admits(_:)`` per event.
///
/// An event passes when every list and the expression let it through. A list judges only events
/// that carry its field (``FilterField`` says which do): a queue allow list drops conversations
/// and observations of other queues but lets presence events through. To keep only events of
/// some queues, add a family list or write the expression `queue in [..]`, which is false for an
/// event without a queue. A deny list wins over an allow list. Ids and media types compare
/// case-insensitively.
public struct EventFilter: Sendable, Hashable {
    /// An allow list and a deny list of one field.
    public struct List<Value: Hashable & Sendable>: Sendable, Hashable {
        /// Only these pass; `nil` lets every value pass.
        public let allowed: Set<Value>?
        /// These never pass.
        public let denied: Set<Value>

        public init(allow allowed: Set<Value>? = nil, deny denied: Set<Value> = []) {
            self.allowed = allowed
            self.denied = denied
        }

        /// Lets everything through.
        public static var everything: Self { Self() }

        /// Whether the list lets `value` through; an event without the field (`nil`) passes.
        public func admits(_ value: Value?) -> Bool {
            guard let value else { return true }
            if denied.contains(value) { return false }
            return allowed?.contains(value) ?? true
        }

        var isEverything: Bool { allowed == nil && denied.isEmpty }
    }

    public let queues: List<String>
    public let users: List<String>
    public let mediaTypes: List<String>
    public let families: List<TopicFamily>
    public let expression: FilterExpression?

    /// Ids and media types are folded to lower case here, once.
    public init(
        queues: List<String> = .everything, users: List<String> = .everything,
        mediaTypes: List<String> = .everything, families: List<TopicFamily> = .everything,
        expression: FilterExpression? = nil
    ) {
        func folded(_ list: List<String>) -> List<String> {
            List(
                allow: list.allowed.map { Set($0.map { $0.lowercased() }) },
                deny: Set(list.denied.map { $0.lowercased() }))
        }
        self.queues = folded(queues)
        self.users = folded(users)
        self.mediaTypes = folded(mediaTypes)
        self.families = families
        self.expression = expression
    }

    /// Lets every event through.
    public static var everything: Self { Self() }

    /// Whether `event` goes on.
    public func admits(_ event: PipelineEvent) -> Bool {
        var subject = FilterSubject(event)
        if !families.isEverything, !families.admits(subject.family) { return false }
        if !queues.isEverything, !queues.admits(subject.text(.queue)) { return false }
        if !users.isEverything, !users.admits(subject.text(.user)) { return false }
        if !mediaTypes.isEverything, !mediaTypes.admits(subject.text(.mediaType)) { return false }
        return expression?.evaluate(&subject) ?? true
    }
}

extension FilterSubject {
    /// A text field's normalised value, for the lists.
    fileprivate mutating func text(_ field: FilterField) -> String? {
        if case .text(let text) = value(of: field) { text } else { nil }
    }
}
