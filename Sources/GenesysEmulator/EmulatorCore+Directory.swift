import Foundation

/// Presence definitions, queues and users.
extension EmulatorCore {
    func presenceDefinitions(_ request: EmulatorRequest) -> EmulatorResponse {
        let entities: [WireJSON] = organization.presences.map { presence in
            [
                "id": .string(presence.id),
                "name": .string(presence.isSystem ? presence.system.restName : presence.label),
                "type": presence.isSystem ? "System" : "User", "languageLabels": ["en_US": .string(presence.label)],
                "systemPresence": .string(presence.system.restName), "divisionId": .string("*"), "deactivated": false,
                "selfUri": .string("/api/v2/presence/definitions/\(presence.id)"),
            ]
        }
        return .json(
            200,
            ["total": .int(entities.count), "entities": .array(entities), "selfUri": "/api/v2/presence/definitions"])
    }

    func legacyPresenceDefinitions(_ request: EmulatorRequest) -> EmulatorResponse {
        let entities: [WireJSON] = organization.presences.map { presence in
            [
                "id": .string(presence.id), "name": .string(presence.label),
                "languageLabels": ["en_US": .string(presence.label)],
                "systemPresence": .string(presence.system.legacyName),
                "deactivated": false, "primary": .bool(presence.isSystem),
                "selfUri": .string("/api/v2/presencedefinitions/\(presence.id)"),
            ]
        }
        return .json(
            200,
            [
                "entities": .array(entities), "pageSize": .int(max(25, entities.count)), "pageNumber": 1,
                "total": .int(entities.count), "pageCount": 1,
            ])
    }

    func queues(_ request: EmulatorRequest) -> EmulatorResponse {
        do {
            let page = try Self.paging(request)
            var selected = organization.queues
            let ids = Set(request.queryValues("id").map { $0.lowercased() })
            if !ids.isEmpty { selected = selected.filter { ids.contains($0.id) } }
            if let pattern = request.queryValue("name") {
                selected = selected.filter { Self.matches($0.name, wildcard: pattern) }
            }
            selected.sort { $0.name.localizedStandardCompare($1.name) == .orderedAscending }
            if request.queryValue("sortOrder")?.lowercased() == "desc" { selected.reverse() }
            return .json(
                200, Self.listing(selected, page: page, path: "/api/v2/routing/queues", total: true, render: queueJSON))
        } catch let failure as EmulatorFailure {
            return failure.response
        } catch {
            return .platformError(500, code: "internal.server.error", message: "\(error)")
        }
    }

    func queue(_ id: String) throws -> EmulatorResponse {
        guard let queue = organization.queue(id) else { throw EmulatorFailure.notFound("Queue \(id) not found.") }
        return .json(200, queueJSON(queue))
    }

    private func queueJSON(_ queue: RoutingQueueRecord) -> WireJSON {
        let joined = queue.memberIds.filter { organization.agent($0)?.routingStatus != "OFF_QUEUE" }.count
        return [
            "id": .string(queue.id), "name": .string(queue.name),
            "division": [
                "id": .string(organization.divisionId), "name": .string(organization.divisionName),
                "selfUri": .string("/api/v2/authorization/divisions/\(organization.divisionId)"),
            ],
            "description": .string(queue.description), "dateCreated": .date(queue.created),
            "dateModified": .date(queue.created),
            "memberCount": .int(queue.memberIds.count), "userMemberCount": .int(queue.memberIds.count),
            "joinedMemberCount": .int(joined),
            "mediaSettings": .object(
                queue.mediaTypes.map { media in
                    (
                        media,
                        [
                            "alertingTimeoutSeconds": 8,
                            "serviceLevel": [
                                "percentage": .double(queue.serviceLevelTarget),
                                "durationMs": .int(queue.serviceLevelDurationMs),
                            ],
                        ]
                    )
                }),
            "skillEvaluationMethod": "ALL", "selfUri": .string("/api/v2/routing/queues/\(queue.id)"),
        ]
    }

    func queueMembers(_ request: EmulatorRequest, queueId: String) throws -> EmulatorResponse {
        guard let queue = organization.queue(queueId) else {
            throw EmulatorFailure.notFound("Queue \(queueId) not found.")
        }
        let page = try Self.paging(request, maxPageSize: 100)
        let expand = Set(request.queryValues("expand"))
        let agents = queue.memberIds.compactMap { organization.agent($0) }
        // The members listing carries no total or page count, only links.
        let listing = Self.listing(
            agents, page: page, path: "/api/v2/routing/queues/\(queue.id)/members", total: false
        ) { agent -> WireJSON in
            [
                "id": .string(agent.id), "name": .string(agent.name),
                "user": userJSON(agent, expand: expand.subtracting(["routingStatus"])),
                "ringNumber": 1, "joined": true, "memberBy": "user",
                "routingStatus": expand.contains("routingStatus") ? routingStatusJSON(agent) : nil,
                "selfUri": .string("/api/v2/users/\(agent.id)"),
            ]
        }
        return .json(200, listing)
    }

    func users(_ request: EmulatorRequest) -> EmulatorResponse {
        do {
            let page = try Self.paging(request)
            let expand = Set(request.queryValues("expand"))
            var selected = organization.agents
            let ids = Set(request.queryValues("id").map { $0.lowercased() })
            if !ids.isEmpty { selected = selected.filter { ids.contains($0.id) } }
            if let state = request.queryValue("state"), state != "active", state != "any" { selected = [] }
            return .json(
                200,
                Self.listing(selected, page: page, path: "/api/v2/users", total: true) { userJSON($0, expand: expand) })
        } catch let failure as EmulatorFailure {
            return failure.response
        } catch {
            return .platformError(500, code: "internal.server.error", message: "\(error)")
        }
    }

    func user(_ request: EmulatorRequest, id: String) throws -> EmulatorResponse {
        guard let agent = organization.agent(id) else { throw EmulatorFailure.notFound("User \(id) not found.") }
        return .json(200, userJSON(agent, expand: Set(request.queryValues("expand"))))
    }

    func userJSON(_ agent: Agent, expand: Set<String>) -> WireJSON {
        [
            "id": .string(agent.id), "name": .string(agent.name),
            "division": [
                "id": .string(organization.divisionId), "name": .string(organization.divisionName),
                "selfUri": .string("/api/v2/authorization/divisions/\(organization.divisionId)"),
            ],
            "email": .string(agent.email), "state": "active", "title": .string(agent.title),
            "department": .string(agent.department), "username": .string(agent.email), "version": 1,
            "acdAutoAnswer": false,
            "presence": expand.contains("presence") ? presenceJSON(agent) : nil,
            "routingStatus": expand.contains("routingStatus") ? routingStatusJSON(agent) : nil,
            "selfUri": .string("/api/v2/users/\(agent.id)"),
        ]
    }

    private func presenceJSON(_ agent: Agent) -> WireJSON {
        let presence = organization.presence(agent.presenceId)
        // User expansions link the legacy definitions, so they use the legacy spelling ("On Queue");
        // UNCONFIRMED beyond captures of Available and Busy.
        return [
            "source": "PURECLOUD", "primary": true,
            "presenceDefinition": [
                "id": .string(agent.presenceId), "systemPresence": .string(presence?.system.legacyName ?? "Offline"),
                "selfUri": .string("/api/v2/presencedefinitions/\(agent.presenceId)"),
            ],
            "message": "", "modifiedDate": .date(agent.presenceModified),
        ]
    }

    private func routingStatusJSON(_ agent: Agent) -> WireJSON {
        [
            "userId": .string(agent.id), "status": .string(agent.routingStatus),
            "startTime": .date(agent.routingStatusStart),
        ]
    }

    /// One page of `records`, only the page's records rendered: a directory of 20,000 users is
    /// read a page at a time, and rendering all of them for each page made reading it quadratic.
    static func listing<Record>(
        _ records: [Record], page: (number: Int, size: Int), path: String, total: Bool,
        render: (Record) -> WireJSON
    ) -> WireJSON {
        let pageCount = max(1, (records.count + page.size - 1) / page.size)
        let start = min(records.count, (page.number - 1) * page.size)
        let slice = records[start..<min(records.count, start + page.size)].map(render)
        func uri(_ number: Int) -> WireJSON { .string("\(path)?pageSize=\(page.size)&pageNumber=\(number)") }
        return [
            "entities": .array(slice), "pageSize": .int(page.size), "pageNumber": .int(page.number),
            "total": total ? .int(records.count) : nil,
            "firstUri": uri(1), "selfUri": uri(page.number),
            "nextUri": page.number < pageCount ? uri(page.number + 1) : nil,
            "previousUri": page.number > 1 ? uri(page.number - 1) : nil,
            "lastUri": total ? uri(pageCount) : nil, "pageCount": total ? .int(pageCount) : nil,
        ]
    }

    /// `*` matches any run of characters, case-insensitively, as the queue name filter does.
    static func matches(_ text: String, wildcard pattern: String) -> Bool {
        let parts = pattern.lowercased().split(separator: "*", omittingEmptySubsequences: false).map(String.init)
        var rest = Substring(text.lowercased())
        guard let first = parts.first, rest.hasPrefix(first) else { return false }
        rest = rest.dropFirst(first.count)
        if parts.count == 1 { return rest.isEmpty }
        for part in parts.dropFirst().dropLast() where !part.isEmpty {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        let last = parts.last ?? ""
        return last.isEmpty || rest.hasSuffix(last)
    }
}
