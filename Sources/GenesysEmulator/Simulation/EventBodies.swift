import Foundation

/// Event bodies built from the organisation's state, in the topic schemas of reference §5.
/// Events spell system presences in upper snake case (`ON_QUEUE`), unlike the REST surfaces.
enum EventBodies {
    /// §5.1 `v2.users.{id}.presence`.
    static func presence(_ agent: Agent, in organization: Organization) -> WireJSON {
        [
            "source": "PURECLOUD",
            "presenceDefinition": presenceDefinition(agent, in: organization),
            "primary": true, "message": "", "modifiedDate": .date(agent.presenceModified),
        ]
    }

    /// §5.2 `v2.users.{id}.routingStatus`.
    static func routingStatus(_ agent: Agent) -> WireJSON {
        [
            "id": .string(agent.id),
            "routingStatus": ["status": .string(agent.routingStatus), "startTime": .date(agent.routingStatusStart)],
        ]
    }

    /// §5.3 `v2.users.{id}.activity`: presence, routing status and the queues the agent is active in.
    static func activity(_ agent: Agent, in organization: Organization) -> WireJSON {
        let onQueue = organization.presence(agent.presenceId)?.system == .onQueue
        return [
            "id": .string(agent.id),
            "routingStatus": ["status": .string(agent.routingStatus), "startTime": .date(agent.routingStatusStart)],
            "presence": [
                "presenceDefinition": presenceDefinition(agent, in: organization), "presenceMessage": "",
                "modifiedDate": .date(agent.presenceModified),
            ],
            "outOfOffice": ["active": false, "modifiedDate": .date(agent.presenceModified)],
            "activeQueueIds": .array(onQueue ? agent.queueIds.map(WireJSON.string) : []),
            "dateActiveQueuesChanged": .date(agent.presenceModified),
        ]
    }

    /// §5.4 `v2.users.{id}.conversationsummary`: the agent's interactions by media, active (alerting
    /// or connected) and in after-call work.
    static func conversationSummary(_ agent: Agent, in organization: Organization) -> WireJSON {
        let held = organization.active.filter { $0.agentId == agent.id }
        var pairs: [(String, WireJSON)] = [("userId", .string(agent.id))]
        for (key, media) in [
            ("call", "voice"), ("callback", "callback"), ("email", "email"), ("message", "message"), ("chat", "chat"),
            ("socialExpression", "socialexpression"), ("video", "video"),
        ] {
            let mine = held.filter { $0.mediaType == media }
            let acw = mine.filter { $0.state == .afterCallWork }.count
            pairs.append(
                (
                    key,
                    [
                        "contactCenter": ["active": .int(mine.count - acw), "acw": .int(acw)],
                        "enterprise": ["active": 0, "acw": 0],
                    ]
                ))
        }
        return .object(pairs)
    }

    /// §5.5 / §5.6 conversation snapshot: the customer, then each queue segment's `acd` leg and
    /// (once offered) its `agent` leg.
    static func conversation(_ snapshot: ConversationSnapshot, in organization: Organization) -> WireJSON {
        guard let first = snapshot.segments.first else {
            return ["id": .string(snapshot.conversationId), "participants": []]
        }
        let id = snapshot.conversationId
        let mediaKey = mediaArrayKey(first.mediaType)
        let customerEnded = snapshot.segments.compactMap(\.customerEnded).max()
        var participants: [WireJSON] = [
            [
                "id": .string(legId(id, "customer")), "purpose": "customer", "address": "tel:+15550100",
                "connectedTime": .date(first.customerConnected), "endTime": customerEnded.map(WireJSON.date) ?? nil,
                mediaKey: [
                    media(
                        legId(id, "customer-media"), state: customerEnded == nil ? "connected" : "disconnected",
                        connected: first.customerConnected, disconnected: customerEnded,
                        disconnectType: customerEnded == nil ? nil : "endpoint")
                ],
            ]
        ]
        for segment in snapshot.segments {
            participants.append(acdLeg(segment, in: organization))
            for missed in segment.missedAlerts {
                participants.append(missedAlertLeg(missed, segment, in: organization))
            }
            if segment.agentId != nil { participants.append(agentLeg(segment, in: organization)) }
        }
        return ["id": .string(id), "participants": .array(participants)]
    }

    private static func acdLeg(_ segment: ActiveInteraction, in organization: Organization) -> WireJSON {
        let ended = segment.answered ?? segment.customerEnded
        let mediaKey = mediaArrayKey(segment.mediaType)
        return [
            "id": .string(acdLegId(segment)), "purpose": "acd", "queueId": .string(segment.queueId),
            "name": organization.queue(segment.queueId).map { .string($0.name) } ?? nil,
            "connectedTime": .date(segment.enteredQueue), "endTime": ended.map(WireJSON.date) ?? nil,
            "conversationRoutingData": [
                "queue": [
                    "id": .string(segment.queueId),
                    "name": organization.queue(segment.queueId).map { .string($0.name) } ?? nil,
                ],
                "priority": 0,
            ],
            mediaKey: [
                media(
                    legId(acdLegId(segment), "media"), state: ended == nil ? "connected" : "disconnected",
                    connected: segment.enteredQueue, disconnected: ended,
                    disconnectType: ended == nil ? nil : (segment.answered == nil ? "endpoint" : "transfer"))
            ],
        ]
    }

    /// An alert the agent let time out: the leg stays in the conversation, ended.
    private static func missedAlertLeg(
        _ missed: ActiveInteraction.MissedAlert, _ segment: ActiveInteraction, in organization: Organization
    ) -> WireJSON {
        let id = legId(segment.conversationId, "agent \(missed.agentId) \(missed.started.timeIntervalSince1970)")
        return [
            "id": .string(id), "purpose": "agent", "userId": .string(missed.agentId),
            "name": organization.agent(missed.agentId).map { .string($0.name) } ?? nil,
            "queueId": .string(segment.queueId), "endTime": .date(missed.ended), "alertingTimeoutMs": 8_000,
            mediaArrayKey(segment.mediaType): [
                media(
                    legId(id, "media"), state: "disconnected", connected: nil, disconnected: missed.ended,
                    disconnectType: "timeout")
            ],
        ]
    }

    private static func agentLeg(_ segment: ActiveInteraction, in organization: Organization) -> WireJSON {
        guard let agentId = segment.agentId else { return nil }
        // A customer who hangs up while still being offered ends the agent's alert with them.
        let abandonedWhileAlerting = segment.state == .alerting && segment.customerEnded != nil
        let state: String =
            switch segment.state {
            case .alerting where abandonedWhileAlerting: "disconnected"
            case .waiting, .alerting: "alerting"
            case .interacting: "connected"
            case .afterCallWork: "disconnected"
            }
        let acw: WireJSON =
            segment.agentEnded.map { ended in
                [
                    "state": segment.afterCallWorkEnded == nil ? "pending" : "complete", "startTime": .date(ended),
                    "endTime": segment.afterCallWorkEnded.map(WireJSON.date) ?? nil,
                ]
            } ?? nil
        let wrapupSeconds = segment.agentEnded.flatMap { ended in
            segment.afterCallWorkEnded.map { Int($0.timeIntervalSince(ended).rounded()) }
        }
        let wrapup: WireJSON =
            segment.wrapupCode.map { code in
                [
                    "code": .string(code), "notes": "", "durationSeconds": wrapupSeconds.map(WireJSON.int) ?? nil,
                    "endTime": segment.afterCallWorkEnded.map(WireJSON.date) ?? nil,
                ]
            } ?? nil
        let legEnded = abandonedWhileAlerting ? segment.customerEnded : segment.agentEnded
        var session = media(
            legId(agentLegId(segment), "media"), state: state, connected: segment.answered,
            disconnected: legEnded,
            disconnectType: legEnded == nil ? nil : (segment.transferredOut ? "transfer" : "peer"))
        if case .object(var pairs) = session {
            pairs += [
                ("held", .bool(segment.isHeld)), ("startHoldTime", segment.holdStarted.map(WireJSON.date) ?? nil),
                ("afterCallWorkRequired", true), ("afterCallWork", acw), ("wrapup", wrapup),
            ]
            session = .object(pairs)
        }
        return [
            "id": .string(agentLegId(segment)), "purpose": "agent", "userId": .string(agentId),
            "name": organization.agent(agentId).map { .string($0.name) } ?? nil, "queueId": .string(segment.queueId),
            "connectedTime": segment.answered.map(WireJSON.date) ?? nil,
            "endTime": (abandonedWhileAlerting ? segment.customerEnded : segment.afterCallWorkEnded).map(WireJSON.date)
                ?? nil,
            "wrapupRequired": true, "wrapupTimeoutMs": 60_000, "alertingTimeoutMs": 8_000,
            "startAcwTime": segment.agentEnded.map(WireJSON.date) ?? nil,
            "endAcwTime": segment.afterCallWorkEnded.map(WireJSON.date) ?? nil, "wrapup": wrapup,
            mediaArrayKey(segment.mediaType): [session],
        ]
    }

    /// §5.7 `v2.routing.queues.{id}.users`.
    static func queueMember(_ agent: Agent, queueId: String, in organization: Organization) -> WireJSON {
        [
            "id": .string(agent.id), "user": ["id": .string(agent.id)], "queueId": .string(queueId),
            "joined": .bool(organization.presence(agent.presenceId)?.system == .onQueue),
        ]
    }

    /// §5.8 `v2.analytics.queues.{id}.observations`: one zero-length-interval snapshot per
    /// (queue, media type) group, computed as the REST observation query computes it.
    static func observations(_ queue: RoutingQueueRecord, in organization: Organization, now: Date) -> [WireJSON] {
        let instant = WireJSON.format(now)
        return organization.observationGroups(queue: queue).map { group in
            [
                "group": group.json(queueId: queue.id),
                "data": [["interval": .string("\(instant)/\(instant)"), "metrics": .array(group.data)]],
            ]
        }
    }

    /// §5.8 the other message of the observations topic: the current half-hour's aggregates for
    /// each of the queue's media types that has any, computed as the aggregate query computes them.
    static func queueAggregates(_ queue: RoutingQueueRecord, in organization: Organization, now: Date) -> [WireJSON] {
        let start = ContactCentreSimulation.intervalStart(of: now)
        let end = start.addingTimeInterval(ContactCentreSimulation.halfHour)
        let interval = WireJSON.string("\(WireJSON.format(start))/\(WireJSON.format(end))")
        let records = (organization.recentHistory(since: start, queueId: queue.id)
            + organization.openOffers(queueId: queue.id)).filter { $0.offered >= start && $0.offered < end }
        return queue.mediaTypes.compactMap { media in
            let mine = records.filter { $0.mediaType == media }
            guard !mine.isEmpty else { return nil }
            let metrics = Organization.streamedAggregateMetrics.compactMap { organization.aggregate($0, mine) }
            return [
                "group": ["queueId": .string(queue.id), "mediaType": .string(media)],
                "data": [["interval": interval, "metrics": .array(metrics)]],
            ]
        }
    }

    /// §5.9 `v2.analytics.queues.{id}.activity`: counts per media type.
    static func queueActivity(_ queue: RoutingQueueRecord, in organization: Organization) -> WireJSON {
        let results: [WireJSON] = queue.mediaTypes.map { media in
            let here = organization.active.filter { $0.queueId == queue.id && $0.mediaType == media }
            let data: [WireJSON] = [
                ("oAlerting", ActiveInteraction.State.alerting), ("oInteracting", .interacting), ("oWaiting", .waiting),
            ].map { metric, state in
                ["metric": .string(metric), "count": .int(here.filter { $0.state == state }.count)]
            }
            return ["mediaType": .string(media), "data": .array(data)]
        }
        return ["results": .array(results)]
    }

    /// §5.10 `v2.analytics.users.{id}.aggregates`: time in each routing status this half-hour, and
    /// in each system presence (`tSystemPresence`; that this topic carries it is UNCONFIRMED).
    static func userAggregates(_ totals: UserIntervalTotals) -> WireJSON {
        let end = totals.intervalStart.addingTimeInterval(ContactCentreSimulation.halfHour)
        var metrics: [WireJSON] = totals.routingStatusMs.sorted { $0.key < $1.key }.map { status, ms in
            ["metric": "tAgentRoutingStatus", "qualifier": .string(status), "stats": ["sum": .int(ms)]]
        }
        metrics += totals.presenceMs.sorted { $0.key < $1.key }.map { presence, ms in
            ["metric": "tSystemPresence", "qualifier": .string(presence), "stats": ["sum": .int(ms)]]
        }
        return [
            "group": ["userId": .string(totals.agentId)],
            "data": [
                [
                    "interval": .string("\(WireJSON.format(totals.intervalStart))/\(WireJSON.format(end))"),
                    "metrics": .array(metrics),
                ]
            ],
        ]
    }

    /// §5.12 `v2.detail.events.agent.{id}.state`.
    static func agentState(_ change: AgentStateChange) -> WireJSON {
        let segment = change.segment
        return [
            "conversationId": .string(segment.conversationId),
            "sessionId": .string(legId(agentLegId(segment), "media")),
            "sessionStart": .int(epochMilliseconds(segment.alertStarted ?? segment.enteredQueue)),
            "currentStateStart": .int(epochMilliseconds(change.at)), "currentState": .string(change.stateName),
            "userId": .string(change.agentId), "originatingDirection": "INBOUND",
            "mediaType": .string(detailMediaType(segment.mediaType)), "queueId": .string(segment.queueId),
        ]
    }

    /// §5.11 `v2.detail.events.conversation.{id}.<type>`: the common fields, the participant the
    /// event type is about, and the fields the type adds.
    static func conversationDetail(_ record: DetailEventRecord) -> WireJSON {
        let segment = record.segment
        let participant: String =
            switch record.kind {
            case .customerStart, .customerEnd: legId(segment.conversationId, "customer")
            case .acdStart, .acdEnd: acdLegId(segment)
            case .userStart, .userEnd, .acw, .wrapup: agentLegId(segment)
            }
        let aboutUser = [.userStart, .userEnd, .acw, .wrapup].contains(record.kind)
        var pairs: [(String, WireJSON)] = [
            ("eventTime", .int(epochMilliseconds(record.at))), ("conversationId", .string(segment.conversationId)),
            ("participantId", .string(participant)), ("sessionId", .string(legId(participant, "media"))),
            ("mediaType", .string(detailMediaType(segment.mediaType))), ("provider", "Edge"), ("direction", "INBOUND"),
            ("ani", "tel:+15550100"), ("dnis", "tel:+15550199"), ("queueId", .string(segment.queueId)),
            ("userId", aboutUser ? segment.agentId.map(WireJSON.string) ?? nil : nil),
        ]
        pairs += record.extra.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        return .object(pairs)
    }

    // MARK: - Pieces

    private static func presenceDefinition(_ agent: Agent, in organization: Organization) -> WireJSON {
        [
            "id": .string(agent.presenceId),
            "systemPresence": .string(organization.presence(agent.presenceId)?.system.eventName ?? "OFFLINE"),
        ]
    }

    private static func media(
        _ id: String, state: String, connected: Date?, disconnected: Date?, disconnectType: String?
    ) -> WireJSON {
        [
            "id": .string(id), "state": .string(state), "direction": "inbound",
            "connectedTime": connected.map(WireJSON.date) ?? nil,
            "disconnectedTime": disconnected.map(WireJSON.date) ?? nil,
            "disconnectType": disconnectType.map(WireJSON.string) ?? nil,
        ]
    }

    private static func acdLegId(_ segment: ActiveInteraction) -> String {
        legId(segment.conversationId, "acd \(segment.queueId) \(segment.enteredQueue.timeIntervalSince1970)")
    }

    private static func agentLegId(_ segment: ActiveInteraction) -> String {
        legId(segment.conversationId, "agent \(segment.agentId ?? "") \(segment.enteredQueue.timeIntervalSince1970)")
    }

    /// A UUID-shaped id derived from `base` and `role`, stable across every event of a conversation.
    static func legId(_ base: String, _ role: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in "\(base)|\(role)".utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            second = (second &+ UInt64(byte)) &* 0x9E37_79B9_7F4A_7C15
        }
        let hex = String(hash, radix: 16).leftPadded(to: 16) + String(second, radix: 16).leftPadded(to: 16)
        let chars = Array(hex)
        func part(_ range: Range<Int>) -> String { String(chars[range]) }
        return [part(0..<8), part(8..<12), "4" + part(13..<16), "8" + part(17..<20), part(20..<32)].joined(
            separator: "-")
    }

    static func mediaArrayKey(_ mediaType: String) -> String {
        switch mediaType {
        case "voice": "calls"
        case "callback": "callbacks"
        case "chat": "chats"
        case "email": "emails"
        case "message": "messages"
        case "video": "videos"
        default: "calls"
        }
    }

    private static func detailMediaType(_ mediaType: String) -> String { mediaType.uppercased() }

    private static func epochMilliseconds(_ date: Date) -> Int { Int((date.timeIntervalSince1970 * 1000).rounded()) }
}
