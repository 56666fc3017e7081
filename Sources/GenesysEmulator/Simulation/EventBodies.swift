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
    static func activity(_ agent: Agent, in organization: Organization, now: Date) -> WireJSON {
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

    /// §5.4 `v2.users.{id}.conversationsummary`: the agent's active interactions by media.
    static func conversationSummary(_ agent: Agent, in organization: Organization) -> WireJSON {
        let held = organization.active.filter { $0.agentId == agent.id }
        var pairs: [(String, WireJSON)] = [("userId", .string(agent.id))]
        for (key, media) in [
            ("call", "voice"), ("callback", "callback"), ("email", "email"), ("message", "message"), ("chat", "chat"),
            ("socialExpression", "socialexpression"), ("video", "video"),
        ] {
            let count = held.filter { $0.mediaType == media }.count
            pairs.append(
                (
                    key,
                    [
                        "contactCenter": ["active": .int(count), "acw": 0],
                        "enterprise": ["active": 0, "acw": 0],
                    ]
                ))
        }
        return .object(pairs)
    }

    /// §5.5 / §5.6 conversation snapshot: customer, queue and (once answered) agent participants.
    static func conversation(_ interaction: ActiveInteraction, in organization: Organization) -> WireJSON {
        let mediaKey = mediaArrayKey(interaction.mediaType)
        let started = WireJSON.date(interaction.enteredQueue)
        var participants: [WireJSON] = [
            [
                "id": .string(participantId(interaction.conversationId, 1)), "purpose": "customer",
                "connectedTime": started, "address": "tel:+15550100",
                mediaKey: [mediaEntry(interaction, 1, state: "connected")],
            ],
            [
                "id": .string(participantId(interaction.conversationId, 2)), "purpose": "acd",
                "queueId": .string(interaction.queueId), "connectedTime": started,
                "endTime": interaction.state == .waiting ? nil : started,
                "conversationRoutingData": [
                    "queue": [
                        "id": .string(interaction.queueId),
                        "name": organization.queue(interaction.queueId).map { .string($0.name) } ?? nil,
                    ],
                    "priority": 0,
                ],
                mediaKey: [
                    mediaEntry(interaction, 2, state: interaction.state == .waiting ? "connected" : "disconnected")
                ],
            ],
        ]
        if let agentId = interaction.agentId {
            participants.append([
                "id": .string(participantId(interaction.conversationId, 3)), "purpose": "agent",
                "userId": .string(agentId), "name": organization.agent(agentId).map { .string($0.name) } ?? nil,
                "queueId": .string(interaction.queueId), "connectedTime": started,
                mediaKey: [
                    mediaEntry(interaction, 3, state: interaction.state == .alerting ? "alerting" : "connected")
                ],
            ])
        }
        return ["id": .string(interaction.conversationId), "participants": .array(participants)]
    }

    /// §5.7 `v2.routing.queues.{id}.users`.
    static func queueMember(_ agent: Agent, queueId: String) -> WireJSON {
        [
            "id": .string(agent.id), "user": ["id": .string(agent.id)], "queueId": .string(queueId),
            "joined": .bool(agent.routingStatus != "OFF_QUEUE"),
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

    /// §5.10 `v2.analytics.users.{id}.aggregates`: time in the current routing status this half-hour.
    static func userAggregates(_ agent: Agent, now: Date) -> WireJSON {
        let halfHour = 1_800.0
        let start = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / halfHour).rounded(.down) * halfHour)
        let since = max(start, agent.routingStatusStart)
        return [
            "group": ["userId": .string(agent.id)],
            "data": [
                [
                    "interval": .string(
                        "\(WireJSON.format(start))/\(WireJSON.format(start.addingTimeInterval(halfHour)))"),
                    "metrics": [
                        [
                            "metric": "tAgentRoutingStatus", "qualifier": .string(agent.routingStatus),
                            "stats": ["sum": .int(Organization.milliseconds(from: since, to: now))],
                        ]
                    ],
                ]
            ],
        ]
    }

    /// §5.12 `v2.detail.events.agent.{id}.state` for the interaction the agent holds.
    static func agentState(_ agent: Agent, interaction: ActiveInteraction) -> WireJSON {
        [
            "conversationId": .string(interaction.conversationId),
            "sessionId": .string(participantId(interaction.conversationId, 3)),
            "sessionStart": .int(epochMilliseconds(interaction.enteredQueue)),
            "currentStateStart": .int(epochMilliseconds(agent.routingStatusStart)),
            "currentState": interaction.state == .alerting ? "ALERT" : "INTERACT", "userId": .string(agent.id),
            "originatingDirection": "INBOUND", "mediaType": .string(detailMediaType(interaction.mediaType)),
            "queueId": .string(interaction.queueId),
        ]
    }

    /// §5.11 `v2.detail.events.conversation.{id}.<event>`: the common fields, plus the user or
    /// outcome fields the event type adds.
    static func conversationDetail(
        conversationId: String, event: String, interaction: ActiveInteraction?, now: Date
    ) -> WireJSON {
        let userEvent = event.hasPrefix("user.") || event == "acw"
        return [
            "eventTime": .int(epochMilliseconds(now)), "conversationId": .string(conversationId),
            "participantId": .string(participantId(conversationId, userEvent ? 3 : 1)),
            "sessionId": .string(participantId(conversationId, 4)),
            "mediaType": .string(detailMediaType(interaction?.mediaType ?? "voice")), "provider": "Edge",
            "direction": "INBOUND", "ani": "tel:+15550100", "dnis": "tel:+15550199",
            "queueId": interaction.map { .string($0.queueId) } ?? nil,
            "userId": userEvent ? (interaction?.agentId).map(WireJSON.string) ?? nil : nil,
            "acdOutcome": event == "acd.end" ? (interaction?.agentId == nil ? "ABANDON" : "ANSWERED") : nil,
            "disconnectType": event.hasSuffix(".end") ? "ENDPOINT" : nil,
        ]
    }

    /// `v2.users.{id}.station`: minimal; the schema is not in the reference (UNCONFIRMED).
    static func station(_ agent: Agent) -> WireJSON {
        ["id": .string(agent.id), "associatedStation": ["id": .string(participantId(agent.id, 9))]]
    }

    /// `v2.users.{id}.outofoffice`: minimal; the schema is not in the reference (UNCONFIRMED).
    static func outOfOffice(_ agent: Agent, now: Date) -> WireJSON {
        ["user": ["id": .string(agent.id)], "active": false, "indefinite": false, "modifiedDate": .date(now)]
    }

    // MARK: - Pieces

    private static func presenceDefinition(_ agent: Agent, in organization: Organization) -> WireJSON {
        [
            "id": .string(agent.presenceId),
            "systemPresence": .string(organization.presence(agent.presenceId)?.system.eventName ?? "OFFLINE"),
        ]
    }

    private static func mediaEntry(_ interaction: ActiveInteraction, _ leg: Int, state: String) -> WireJSON {
        [
            "id": .string(participantId(interaction.conversationId, 10 + leg)), "state": .string(state),
            "direction": "inbound",
        ]
    }

    /// Ids stable for a conversation across events: its id with a leg number in the last group.
    static func participantId(_ conversationId: String, _ leg: Int) -> String {
        String(conversationId.dropLast(4)) + String(leg, radix: 16).leftPadded(to: 4)
    }

    private static func mediaArrayKey(_ mediaType: String) -> String {
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
