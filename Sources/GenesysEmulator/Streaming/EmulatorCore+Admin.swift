import Foundation

/// The emulator's own control endpoints, for tests and third-party clients. They live under
/// `/emulator`, away from `/api/v2` and `/oauth`, and need no token.
///
/// - `POST /emulator/faults` `{"fault":"socket_closing:5s","channel":"<id>"}`: injects one fault,
///   written as in `--faults` without the `@TIME` part (``FaultSpec/grammar``); `channel` is
///   optional (all channels). Answers `{"fault":…,"channels":[touched channel ids]}`.
/// - `POST /emulator/publish` `{"topic":"v2.users.<id>.presence","eventBody":{…}}`: publishes one
///   event. Answers `{"topic":…,"correlationId":…,"queuedFor":[…],"droppedFor":[…]}`.
/// - `GET /emulator/published`: the published-event log, oldest first.
enum EmulatorAdmin {
    static let pathPrefix = "emulator"
}

extension EmulatorCore {
    func administer(_ request: EmulatorRequest, _ path: [String]) throws -> EmulatorResponse {
        switch (request.method, path) {
        case ("POST", ["faults"]):
            return try administerFault(request)
        case ("POST", ["publish"]):
            return try administerPublish(request)
        case ("GET", ["published"]):
            return .json(200, ["entities": .array(streaming.log.events.map(Self.publishedJSON))])
        default:
            return .platformError(
                404, code: "not.found",
                message:
                    "No emulator endpoint for \(request.method) \(request.path): use POST /emulator/faults, POST /emulator/publish or GET /emulator/published."
            )
        }
    }

    private func administerFault(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let body = try adminBody(request)
        guard case .string(let text)? = body["fault"] else {
            throw EmulatorFailure.badRequest(
                #"The body must be {"fault":"NAME[:ARG]","channel":"<optional channel id>"}. "#
                    + "Valid faults:\n\(FaultSpec.grammar)")
        }
        var selector = ChannelSelector.all
        switch body["channel"] {
        case .string(let id)?: selector = .channel(id)
        case nil, .null?: break
        default: throw EmulatorFailure.badRequest("channel must be a channel id string.")
        }
        let fault: Fault
        do {
            fault = try FaultSpec.parseFault(text, selector: selector)
        } catch {
            throw EmulatorFailure.badRequest(error.description)
        }
        let touched = injectNow(fault)
        return .json(200, ["fault": .string(text), "channels": .array(touched.map(WireJSON.string))])
    }

    private func administerPublish(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let body = try adminBody(request)
        guard case .string(let topic)? = body["topic"], !topic.isEmpty, let eventBody = body["eventBody"] else {
            throw EmulatorFailure.badRequest(#"The body must be {"topic":"<topic>","eventBody":{...}}."#)
        }
        let event = publishNow(topic: topic, eventBody: eventBody)
        return .json(
            200,
            [
                "topic": .string(event.topic), "correlationId": .string(event.correlationId),
                "queuedFor": .array(event.queuedFor.map(WireJSON.string)),
                "droppedFor": .array(event.droppedFor.map(WireJSON.string)),
            ])
    }

    private func adminBody(_ request: EmulatorRequest) throws -> [String: WireJSON] {
        let value: WireJSON
        do {
            value = try WireJSON(parsing: String(decoding: request.body, as: UTF8.self))
        } catch {
            throw EmulatorFailure.badRequest("The body is not JSON: \(error).")
        }
        guard case .object(let pairs) = value else {
            throw EmulatorFailure.badRequest("The body must be a JSON object.")
        }
        return Dictionary(pairs, uniquingKeysWith: { _, last in last })
    }

    static func publishedJSON(_ event: PublishedEvent) -> WireJSON {
        [
            "topic": .string(event.topic), "correlationId": .string(event.correlationId),
            "publishedAt": .date(event.publishedAt), "queuedFor": .array(event.queuedFor.map(WireJSON.string)),
            "writtenTo": .array(event.writtenTo.map(WireJSON.string)),
            "droppedFor": .array(event.droppedFor.map(WireJSON.string)),
        ]
    }
}
