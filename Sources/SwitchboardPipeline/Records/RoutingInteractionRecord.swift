import Foundation
import GenesysNotifications

/// One routed interaction at one moment, flattened from a user or queue conversation event
/// (`v2.users.{id}.conversations…`, `v2.routing.queues.{id}.conversations…`): what a queue monitor
/// keeps per event and what a sink writes as a line of JSON.
///
/// Build one with ``init(_:)``. The platform sends the whole conversation on every change and no
/// state or wait time, so both are derived from the participants and their media sessions (see
/// ``InteractionState``).
///
/// ## JSON
/// Keys are camelCase, spelled as the properties and as the platform spells its own JSON
/// (`conversationId`, `queueId`, `waitMs`), so a record and the event it came from read alike.
/// Every key is always written, `null` when unknown, so each line has the same columns;
/// `eventTime` is ISO-8601 UTC with milliseconds (`2024-05-01T10:00:00.000Z`) whatever the
/// encoder's date strategy. New keys may be added; existing keys keep their name and meaning.
public struct RoutingInteractionRecord: Sendable, Hashable, Codable {
    /// The conversation's id.
    public var conversationId: String
    /// The queue of the current queue leg (the last `acd` participant still active, else the last
    /// one); for a queue topic whose snapshot has no queue leg, the topic's queue.
    public var queueId: String?
    /// `voice`, `callback`, `chat`, `email`, `message`, `video`, … as analytics spells media types.
    public var mediaType: String?
    public var state: InteractionState
    /// How long the current queue leg has waited, in milliseconds: from its `connectedTime` to its
    /// end (answer, abandon or transfer), or to ``eventTime`` while it still waits. A transferred
    /// interaction starts again at its new queue leg. `nil` without a queue leg.
    public var waitMs: Int?
    /// The agent leg that matters now: connected or held, else offered, else in wrap-up, else the
    /// last one.
    public var agentUserId: String?
    public var agentState: AgentLegState?
    /// `inbound` or `outbound`.
    public var direction: String?
    /// The customer's address (`tel:+15550100`, an email address…) when the event carries one.
    public var customerAddress: String?
    /// When the event arrived (for a backfill record, when its snapshot was taken). Conversation
    /// events carry no time of their own, so this is also the instant ``waitMs`` runs to.
    public var eventTime: Date
    /// Whether the event re-seeded state after a gap rather than arriving live.
    public var backfill: Bool
    /// The topic the event came on, as received.
    public var topic: String
    /// The platform's id of the notification, when present.
    public var correlationId: String?

    public init(
        conversationId: String, queueId: String?, mediaType: String?, state: InteractionState, waitMs: Int?,
        agentUserId: String?, agentState: AgentLegState?, direction: String?, customerAddress: String?,
        eventTime: Date, backfill: Bool, topic: String, correlationId: String?
    ) {
        self.conversationId = conversationId
        self.queueId = queueId
        self.mediaType = mediaType
        self.state = state
        self.waitMs = waitMs
        self.agentUserId = agentUserId
        self.agentState = agentState
        self.direction = direction
        self.customerAddress = customerAddress
        self.eventTime = eventTime
        self.backfill = backfill
        self.topic = topic
        self.correlationId = correlationId
    }

    /// The record of a user or queue conversation event; `nil` for any other event, or for a
    /// conversation body without an id. The event derived it once, when it was decoded.
    public init?(_ event: PipelineEvent) {
        guard let record = event.record else { return nil }
        self = record
    }

    /// Derives the record from a decoded event (``PipelineEvent`` does, once).
    init?(envelope: NotificationEnvelope, typed: TypedEvent) {
        let conversation: ConversationEvent
        var topicQueueId: String?
        switch typed {
        case .userConversation(_, let body):
            conversation = body
        case .queueConversation(let queueId, let body):
            conversation = body
            topicQueueId = queueId
        default:
            return nil
        }
        guard let id = conversation.id, !id.isEmpty else { return nil }
        let agent = InteractionDerivation.currentAgent(of: conversation)
        let queueLeg = conversation.acdParticipant
        let customer = conversation.customer
        self.init(
            conversationId: id,
            queueId: queueLeg?.queueId ?? queueLeg?.conversationRoutingData?.queue?.id ?? topicQueueId,
            mediaType: customer?.mediaType ?? queueLeg?.mediaType ?? agent?.participant.mediaType
                ?? InteractionDerivation.mediaType(ofTopic: envelope.topicName),
            state: InteractionDerivation.state(of: conversation, agent: agent, customer: customer, queueLeg: queueLeg),
            waitMs: InteractionDerivation.waitMilliseconds(
                of: conversation, queueLeg: queueLeg, eventTime: envelope.receivedAt),
            agentUserId: agent?.participant.userId,
            agentState: agent?.state,
            direction: InteractionDerivation.direction(of: conversation, customer: customer, queueLeg: queueLeg),
            customerAddress: InteractionDerivation.customerAddress(of: customer),
            eventTime: envelope.receivedAt,
            backfill: envelope.isBackfill,
            topic: envelope.topicName,
            correlationId: envelope.correlationId)
    }

    enum CodingKeys: String, CodingKey {
        case conversationId, queueId, mediaType, state, waitMs, agentUserId, agentState, direction
        case customerAddress, eventTime, backfill, topic, correlationId
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        conversationId = try container.decode(String.self, forKey: .conversationId)
        queueId = try container.decodeIfPresent(String.self, forKey: .queueId)
        mediaType = try container.decodeIfPresent(String.self, forKey: .mediaType)
        state = try container.decode(InteractionState.self, forKey: .state)
        waitMs = try container.decodeIfPresent(Int.self, forKey: .waitMs)
        agentUserId = try container.decodeIfPresent(String.self, forKey: .agentUserId)
        agentState = try container.decodeIfPresent(AgentLegState.self, forKey: .agentState)
        direction = try container.decodeIfPresent(String.self, forKey: .direction)
        customerAddress = try container.decodeIfPresent(String.self, forKey: .customerAddress)
        let time = try container.decode(String.self, forKey: .eventTime)
        guard let eventTime = EventDate.parse(time) else {
            throw DecodingError.dataCorruptedError(
                forKey: .eventTime, in: container, debugDescription: "'\(time)' is not an ISO-8601 date-time")
        }
        self.eventTime = eventTime
        backfill = try container.decode(Bool.self, forKey: .backfill)
        topic = try container.decode(String.self, forKey: .topic)
        correlationId = try container.decodeIfPresent(String.self, forKey: .correlationId)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(conversationId, forKey: .conversationId)
        try container.encode(queueId, forKey: .queueId)
        try container.encode(mediaType, forKey: .mediaType)
        try container.encode(state, forKey: .state)
        try container.encode(waitMs, forKey: .waitMs)
        try container.encode(agentUserId, forKey: .agentUserId)
        try container.encode(agentState, forKey: .agentState)
        try container.encode(direction, forKey: .direction)
        try container.encode(customerAddress, forKey: .customerAddress)
        try container.encode(EventDate.format(eventTime), forKey: .eventTime)
        try container.encode(backfill, forKey: .backfill)
        try container.encode(topic, forKey: .topic)
        try container.encode(correlationId, forKey: .correlationId)
    }
}
