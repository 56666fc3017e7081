import Foundation
import Testing

@testable import GenesysCloud

@Suite("OAuth client credentials")
struct TokenProviderTests {
    func provider(_ transport: ScriptedTransport, clock: ManualClock, margin: Duration = .seconds(300)) throws
        -> TokenProvider
    {
        TokenProvider(
            configuration: .init(
                credentials: try ClientCredentials(clientId: "my-client", clientSecret: "my-secret"),
                loginBaseURL: "https://login.example.test", refreshMargin: margin,
                retry: RetryPolicy(
                    maxAttempts: 3, baseDelay: .seconds(1), maxDelay: .seconds(4), maxRetryAfter: .seconds(60))),
            transport: transport, clock: clock, random: { 0.5 })
    }

    @Test("sends the grant exactly as the official SDKs do")
    func requestShape() async throws {
        let transport = ScriptedTransport { _, _ in json(200, tokenBody) }
        let token = try await provider(transport, clock: ManualClock()).token()
        #expect(token.value == "tok-1")
        let request = try #require(transport.requests.first)
        #expect(request.method == "POST")
        #expect(request.url == "https://login.example.test/oauth/token")
        #expect(String(decoding: request.body ?? [], as: UTF8.self) == "grant_type=client_credentials")
        let basic = "Basic " + Data("my-client:my-secret".utf8).base64EncodedString()
        #expect(request.headers.contains { $0.name == "Authorization" && $0.value == basic })
        #expect(
            request.headers.contains { $0.name == "Content-Type" && $0.value == "application/x-www-form-urlencoded" })
    }

    @Test("caches the token and refreshes it the margin before expiry")
    func cachesAndRefreshes() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport { _, index in
            json(200, #"{"access_token":"tok-\#(index + 1)","token_type":"bearer","expires_in":3600}"#)
        }
        let tokens = try provider(transport, clock: clock, margin: .seconds(300))
        #expect(try await tokens.token().value == "tok-1")
        clock.advance(by: .seconds(3_000))
        #expect(try await tokens.token().value == "tok-1")
        #expect(await tokens.loginCount == 1)
        clock.advance(by: .seconds(301))
        #expect(try await tokens.token().value == "tok-2")
        #expect(await tokens.loginCount == 2)
    }

    @Test("a short-lived token is not refreshed on every call")
    func shortLifetimeMargin() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport { _, _ in json(200, #"{"access_token":"t","expires_in":300}"#) }
        let tokens = try provider(transport, clock: clock, margin: .seconds(300))
        _ = try await tokens.token()
        clock.advance(by: .seconds(200))
        _ = try await tokens.token()
        #expect(await tokens.loginCount == 1)
        clock.advance(by: .seconds(41))
        _ = try await tokens.token()
        #expect(await tokens.loginCount == 2)
    }

    @Test("many tasks asking at once share a single login")
    func singleFlight() async throws {
        let transport = ScriptedTransport { _, _ in
            try await Task.sleep(for: .milliseconds(50))
            return json(200, tokenBody)
        }
        let tokens = try provider(transport, clock: ManualClock())
        let values = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 { group.addTask { try await tokens.token().value } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(values.count == 50)
        #expect(Set(values) == ["tok-1"])
        #expect(transport.requests.count == 1)
    }

    @Test("after invalidation the next call logs in again")
    func invalidation() async throws {
        let transport = ScriptedTransport { _, index in
            json(200, #"{"access_token":"tok-\#(index)","expires_in":86399}"#)
        }
        let tokens = try provider(transport, clock: ManualClock())
        let first = try await tokens.token()
        await tokens.invalidate(first)
        #expect(try await tokens.token().value == "tok-1")
    }

    @Test("a wrong secret says which settings to check")
    func wrongSecret() async throws {
        let transport = ScriptedTransport { _, _ in
            json(
                401,
                #"{"error":"invalid_client","description":"authentication failed","error_description":"authentication failed"}"#
            )
        }
        await #expect {
            try await provider(transport, clock: ManualClock()).token()
        } throws: { error in
            let message = String(describing: error)
            return message.contains("invalid_client") && message.contains("GENESYSCLOUD_OAUTHCLIENT_SECRET")
                && !message.contains("my-secret")
        }
        #expect(transport.requests.count == 1)
    }

    @Test("a client without the grant type is told how to fix it")
    func unauthorizedClient() async throws {
        let transport = ScriptedTransport { _, _ in
            json(
                400,
                #"{"error":"unauthorized_client","description":"client is not authorized to use the client_credential grant type"}"#
            )
        }
        await #expect {
            try await provider(transport, clock: ManualClock()).token()
        } throws: { error in
            String(describing: error).contains("Client Credentials grant")
        }
    }

    @Test("403 from login points at the OAuth client's state")
    func forbidden() async throws {
        let transport = ScriptedTransport { _, _ in json(403, "{}") }
        await #expect {
            try await provider(transport, clock: ManualClock()).token()
        } throws: { error in
            (error as? GenesysCloudError)?.status == 403 && String(describing: error).contains("disabled")
        }
    }

    @Test("a rate-limited login waits the Retry-After, then succeeds")
    func loginRateLimited() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport { _, index in
            index == 0 ? json(429, "{}", headers: [("Retry-After", "12")]) : json(200, tokenBody)
        }
        #expect(try await provider(transport, clock: clock).token().value == "tok-1")
        #expect(clock.sleeps == [.seconds(12)])
    }

    @Test("network failures are retried with back-off, then reported with the host to check")
    func networkFailure() async throws {
        let clock = ManualClock()
        let transport = ScriptedTransport { _, _ in throw TransportError.connectionFailed("connection refused") }
        await #expect {
            try await provider(transport, clock: clock).token()
        } throws: { error in
            String(describing: error).contains("connection refused") && String(describing: error).contains("region")
        }
        #expect(transport.requests.count == 3)
        #expect(clock.sleeps == [.milliseconds(500), .seconds(1)])
    }

    @Test(
        "a 200 without a token is a malformed response, not a crash",
        arguments: [
            "not json", #"{"token_type":"bearer"}"#, #"{"access_token":"","expires_in":10}"#,
            #"{"access_token":"x","expires_in":0}"#,
        ])
    func malformedToken(body: String) async throws {
        let transport = ScriptedTransport { _, _ in json(200, body) }
        await #expect {
            try await provider(transport, clock: ManualClock()).token()
        } throws: { error in
            if case .malformedResponse = error as? GenesysCloudError { return true }
            return false
        }
    }
}
