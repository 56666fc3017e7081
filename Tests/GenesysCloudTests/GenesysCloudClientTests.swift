import Foundation
import Testing

@testable import GenesysCloud

@Suite("REST client policy")
struct GenesysCloudClientTests {
    static func isLogin(_ request: HTTPRequestData) -> Bool { request.url.hasSuffix("/oauth/token") }

    @Test("sends the bearer token and JSON headers, and decodes the answer")
    func bearerAndDecode() async throws {
        let transport = ScriptedTransport { request, _ in
            Self.isLogin(request) ? json(200, tokenBody) : json(200, #"{"id":"q1","name":"Sales","memberCount":3}"#)
        }
        let queue = try await makeClient(transport: transport).queue(id: "q1")
        #expect(queue.name == "Sales")
        #expect(queue.memberCount == 3)
        let call = try #require(transport.requests(to: "/api/v2/routing/queues/q1").first)
        #expect(call.headers.contains { $0.name == "Authorization" && $0.value == "Bearer tok-1" })
    }

    @Test("a 429 waits the Retry-After and then succeeds")
    func rateLimitedThenOK() async throws {
        let clock = ManualClock()
        let flaky = ScriptedTransport { request, index in
            if Self.isLogin(request) { return json(200, tokenBody) }
            return index == 1
                ? json(
                    429,
                    #"{"message":"Rate limit exceeded the maximum. Retry the request in [3] seconds","code":"too.many.requests.retry.after","status":429}"#,
                    headers: [("Retry-After", "3")])
                : json(200, #"{"id":"q1"}"#)
        }
        let queue = try await makeClient(transport: flaky, clock: clock).queue(id: "q1")
        #expect(queue.id == "q1")
        #expect(clock.sleeps == [.seconds(3)])
    }

    @Test("5xx is retried with capped, jittered back-off; the final error counts the attempts")
    func serverErrors() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport { request, _ in Self.isLogin(request) ? json(200, tokenBody) : json(503, "") }
        let client = try makeClient(
            transport: transport, clock: clock,
            retry: RetryPolicy(maxAttempts: 4, baseDelay: .seconds(1), maxDelay: .seconds(3)))
        await #expect {
            try await client.queue(id: "q1")
        } throws: { error in
            String(describing: error).contains("HTTP 503 after 4 attempts")
        }
        // full jitter at 0.5 of bounds 1 s, 2 s, 3 s (capped)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1), .milliseconds(1500)])
    }

    @Test("a timed-out channel creation is not repeated, so no extra channel is created")
    func nonIdempotentTimeout() async throws {
        let transport = ScriptedTransport { request, _ in
            if Self.isLogin(request) { return json(200, tokenBody) }
            throw TransportError.timedOut
        }
        await #expect {
            try await makeClient(transport: transport).createChannel()
        } throws: { error in
            String(describing: error).contains("got no answer")
        }
        #expect(transport.requests(to: "/notifications/channels").count == 1)
    }

    @Test("no free pooled connection: nothing was sent, so even a channel creation is retried; the error names the local queue")
    func noFreeConnection() async throws {
        let transport = ScriptedTransport { request, index in
            if Self.isLogin(request) { return json(200, tokenBody) }
            throw TransportError.noFreeConnection
        }
        await #expect {
            try await makeClient(transport: transport, retry: RetryPolicy(maxAttempts: 3)).createChannel()
        } throws: { error in
            let text = String(describing: error)
            return text.contains("waited for a free HTTP connection") && text.contains("3 attempts")
                && !text.contains("DNS")
        }
        #expect(transport.requests(to: "/notifications/channels").count == 3)
    }

    @Test("a 401 triggers one fresh login and a retry")
    func reloginOn401() async throws {
        let transport = ScriptedTransport { request, index in
            if Self.isLogin(request) { return json(200, #"{"access_token":"tok-\#(index)","expires_in":86399}"#) }
            let bearer = request.headers.first { $0.name == "Authorization" }?.value
            return bearer == "Bearer tok-0"
                ? json(
                    401,
                    #"{"message":"The supplied credentials are expired.","code":"credentials.expired","status":401}"#)
                : json(200, #"{"id":"q1"}"#)
        }
        let client = try makeClient(transport: transport)
        #expect(try await client.queue(id: "q1").id == "q1")
        #expect(await client.tokens.loginCount == 2)
    }

    @Test("a persistent 401 is reported, not looped on")
    func persistent401() async throws {
        let transport = ScriptedTransport { request, _ in
            Self.isLogin(request) ? json(200, tokenBody) : json(401, #"{"code":"bad.credentials","status":401}"#)
        }
        await #expect {
            try await makeClient(transport: transport).queue(id: "q1")
        } throws: { error in
            (error as? GenesysCloudError)?.platformCode == "bad.credentials"
        }
        #expect(transport.requests(to: "/routing/queues").count == 2)
    }

    @Test("a 403 carries the platform's message and says to add a role")
    func forbidden() async throws {
        let transport = ScriptedTransport { request, _ in
            Self.isLogin(request)
                ? json(200, tokenBody)
                : json(
                    403,
                    #"{"message":"Missing permission analytics:queueObservation:view","code":"missing.permissions","status":403,"contextId":"c1"}"#
                )
        }
        await #expect {
            try await makeClient(transport: transport).queueObservations(.queues(["q1"]))
        } throws: { error in
            let text = String(describing: error)
            return text.contains("analytics:queueObservation:view") && text.contains("[missing.permissions]")
                && text.contains("role")
        }
    }

    @Test("malformed JSON from the server names the endpoint and the problem")
    func malformedJSON() async throws {
        let transport = ScriptedTransport { request, _ in
            Self.isLogin(request) ? json(200, tokenBody) : json(200, #"{"entities":[{"name":"no id"}]}"#)
        }
        await #expect {
            try await makeClient(transport: transport).queues()
        } throws: { error in
            let text = String(describing: error)
            return text.contains("GET /api/v2/routing/queues") && text.contains("entities[0].id")
        }
    }

    @Test("errors about a channel never show its full id")
    func redactsChannelIds() async throws {
        let channel = "streaming-3-abcdefghijklmnopqrstuvwxyz"
        let transport = ScriptedTransport { request, _ in
            Self.isLogin(request)
                ? json(200, tokenBody) : json(404, #"{"message":"Channel not found","code":"not.found","status":404}"#)
        }
        await #expect {
            try await makeClient(transport: transport).subscriptions(channelId: channel)
        } throws: { error in
            let text = String(describing: error)
            return !text.contains(channel) && text.contains("streaming-3-abcd…")
                && text.contains("create a new channel")
        }
    }

    @Test("the client-side budget holds requests back instead of provoking 429s")
    func budgetWaits() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport { request, _ in
            Self.isLogin(request) ? json(200, tokenBody) : json(200, #"{"id":"q"}"#)
        }
        let client = try makeClient(transport: transport, clock: clock, requestsPerMinute: 2)
        for _ in 0..<3 { _ = try await client.queue(id: "q") }
        #expect(clock.sleeps == [.seconds(60)])
    }

    @Test("paging walks every page and stops at the page count")
    func paging() async throws {
        let transport = ScriptedTransport { request, _ in
            if Self.isLogin(request) { return json(200, tokenBody) }
            let page = request.url.contains("pageNumber=2") ? 2 : (request.url.contains("pageNumber=3") ? 3 : 1)
            let entities = page == 3 ? "" : #"{"id":"u\#(page)a"},{"id":"u\#(page)b"}"#
            return json(200, #"{"entities":[\#(entities)],"pageSize":2,"pageNumber":\#(page),"total":4,"pageCount":2}"#)
        }
        let users = try await makeClient(transport: transport).allUsers(pageSize: 2)
        #expect(users.map(\.id) == ["u1a", "u1b", "u2a", "u2b"])
        #expect(transport.requests(to: "/api/v2/users").count == 2)
    }

    @Test("users by id: one id parameter each, at most 100 a request, presence and routing status expanded")
    func usersByIdBatches() async throws {
        let transport = ScriptedTransport { request, _ in
            if Self.isLogin(request) { return json(200, tokenBody) }
            let ids =
                URLComponents(string: request.url)?.queryItems?.filter { $0.name == "id" }.compactMap(\.value) ?? []
            let entities = ids.map { #"{"id":"\#($0)"}"# }.joined(separator: ",")
            return json(
                200,
                #"{"entities":[\#(entities)],"pageSize":\#(ids.count),"pageNumber":1,"total":\#(ids.count),"pageCount":1}"#
            )
        }
        let ids = (0..<250).map { "user-\($0)" }
        let users = try await makeClient(transport: transport).users(withIds: ids)
        #expect(users.map(\.id) == ids)
        let calls = transport.requests(to: "/api/v2/users").compactMap { URLComponents(string: $0.url)?.queryItems }
        #expect(calls.map { $0.filter { $0.name == "id" }.count } == [100, 100, 50])
        #expect(calls.map { $0.first { $0.name == "pageSize" }?.value } == ["100", "100", "50"])
        #expect(calls.allSatisfy { $0.contains(URLQueryItem(name: "expand", value: "presence,routingStatus")) })
    }

    @Test("presence spellings of every surface compare equal")
    func presenceSpellings() {
        #expect(SystemPresence(rawValue: "On Queue") == SystemPresence(rawValue: "ON_QUEUE"))
        #expect(SystemPresence(rawValue: "OnQueue") == SystemPresence(rawValue: "ON_QUEUE"))
        #expect(SystemPresence(rawValue: "OnQueue").normalised == "ON_QUEUE")
        #expect(SystemPresence(rawValue: "Available").normalised == "AVAILABLE")
        // Already in the events' spelling, or nearly: the same answers either way.
        #expect(SystemPresence(rawValue: "ON_QUEUE").normalised == "ON_QUEUE")
        #expect(SystemPresence(rawValue: "on_queue").normalised == "ON_QUEUE")
        #expect(SystemPresence(rawValue: "ON__QUEUE").normalised == "ON_QUEUE")
        #expect(SystemPresence(rawValue: " IDLE ").normalised == "IDLE")
        #expect(SystemPresence(rawValue: "").normalised == "")
    }
}
