import Foundation
import GenesysCloud
import GenesysEmulator
import Testing

@Suite("Emulator: OAuth, errors and rate limits")
struct EmulatorAuthTests {
    @Test("the client logs in and the token answers expires_in one second short of its lifetime")
    func login() async throws {
        try await EmulatorHarness.run { harness in
            let token = try await harness.client.tokens.token()
            #expect(!token.value.isEmpty)
            let form = "grant_type=client_credentials"
            let basic = Data("switchboard-emulator:emulator-secret".utf8).base64EncodedString()
            let raw = try await harness.raw(
                "POST", "/oauth/token", body: form,
                headers: [("Authorization", "Basic \(basic)"), ("Content-Type", "application/x-www-form-urlencoded")],
                bearer: false)
            #expect(raw.status == 200)
            #expect(raw.body.contains(#""token_type":"bearer""#))
            #expect(raw.body.contains(#""expires_in":86399"#))
        }
    }

    @Test("a wrong secret ends in one clear error naming the settings to check")
    func wrongSecret() async throws {
        try await EmulatorHarness.run(clientSecret: "bad-secret-xyz") { harness in
            await #expect {
                try await harness.client.queues()
            } throws: { error in
                let text = String(describing: error)
                return (error as? GenesysCloudError)?.status == 401 && text.contains("invalid_client")
                    && text.contains("GENESYSCLOUD_OAUTHCLIENT_SECRET") && !text.contains("bad-secret-xyz")
            }
        }
    }

    @Test("a client without the client-credentials grant gets unauthorized_client")
    func grantNotAllowed() async throws {
        var configuration = EmulatorConfiguration()
        configuration.clientCredentialsGrantAllowed = false
        try await EmulatorHarness.run(configuration) { harness in
            await #expect {
                try await harness.client.tokens.token()
            } throws: { error in
                (error as? GenesysCloudError)?.platformCode == "unauthorized_client"
                    && String(describing: error).contains("Client Credentials grant")
            }
        }
    }

    @Test("requests without a valid bearer token get the platform's 401 bodies")
    func bearerRequired() async throws {
        try await EmulatorHarness.run { harness in
            let missing = try await harness.raw("GET", "/api/v2/users", bearer: false)
            #expect(missing.status == 401)
            #expect(missing.body.contains(#""code":"authentication.required""#))
            let bogus = try await harness.raw(
                "GET", "/api/v2/users", headers: [("Authorization", "Bearer nope")], bearer: false)
            #expect(bogus.status == 401)
            #expect(bogus.body.contains(#""code":"bad.credentials""#))
        }
    }

    @Test("revoked tokens are replaced transparently by a fresh login")
    func revokedToken() async throws {
        try await EmulatorHarness.run { harness in
            _ = try await harness.client.queues()
            await harness.core.revokeAllTokens()
            #expect(try await harness.client.queues().entities?.isEmpty == false)
            #expect(await harness.client.tokens.loginCount == 2)
        }
    }

    @Test("an expired token is refused with credentials.expired")
    func expiredToken() async throws {
        var configuration = EmulatorConfiguration()
        configuration.tokenLifetime = .seconds(300)
        try await EmulatorHarness.run(configuration) { harness in
            _ = try await harness.client.tokens.token()
            harness.emulatorClock.advance(by: .seconds(301))
            let raw = try await harness.raw("GET", "/api/v2/users")
            #expect(raw.status == 401)
            #expect(raw.body.contains("credentials.expired"))
        }
    }

    @Test("past its per-minute budget a token gets 429 with Retry-After, which the client honours")
    func rateLimit() async throws {
        var configuration = EmulatorConfiguration(organization: .init(agents: 5, queues: 2))
        configuration.requestsPerMinute = 3
        try await EmulatorHarness.run(configuration) { harness in
            _ = try await harness.raw("GET", "/api/v2/users")
            _ = try await harness.raw("GET", "/api/v2/users")
            let third = try await harness.raw("GET", "/api/v2/users")
            #expect(third.headers.contains { $0.name.lowercased() == "inin-ratelimit-allowed" && $0.value == "3" })
            let refused = try await harness.raw("GET", "/api/v2/users")
            #expect(refused.status == 429)
            #expect(refused.body.contains(#""code":"too.many.requests.retry.after""#))
            let retryAfter = try #require(
                refused.headers.first { $0.name.lowercased() == "retry-after" }.flatMap { Int($0.value) })
            #expect((1...60).contains(retryAfter))

            // The client adopted the server's limit of 3 from the headers it saw, waits out the
            // window and succeeds without an error reaching the caller.
            let users = try await harness.client.users()
            #expect(users.entities?.count == 5)
            #expect(harness.clock.sleeps.reduce(Duration.zero, +) >= .seconds(1))
        }
    }

    @Test("a Retry-After longer than the client accepts ends in a rate-limit error")
    func rateLimitTooLong() async throws {
        var configuration = EmulatorConfiguration(organization: .init(agents: 5, queues: 2))
        configuration.requestsPerMinute = 1
        try await EmulatorHarness.run(configuration, retry: RetryPolicy(maxRetryAfter: .milliseconds(10))) { harness in
            _ = try await harness.raw("GET", "/api/v2/users")
            await #expect {
                try await harness.client.users()
            } throws: { error in
                if case .rateLimited = error as? GenesysCloudError { return true }
                return false
            }
        }
    }

    @Test("unknown paths answer the platform's 404 body")
    func unknownPath() async throws {
        try await EmulatorHarness.run { harness in
            let raw = try await harness.raw("GET", "/api/v2/nothing/here")
            #expect(raw.status == 404)
            #expect(raw.body.contains(#""code":"not.found""#))
            #expect(raw.body.contains(#""contextId""#))
        }
    }

    @Test("a body that is not JSON is a 400 with the platform body")
    func badJSON() async throws {
        try await EmulatorHarness.run { harness in
            let raw = try await harness.raw("POST", "/api/v2/analytics/queues/observations/query", body: "{nope")
            #expect(raw.status == 400)
            #expect(raw.body.contains(#""code":"bad.request""#))
        }
    }
}
