import Foundation
import Testing

@testable import SwitchboardSinks

@Suite("Webhook configuration")
struct WebhookConfigurationTests {
    static let secret = "whsec-config-9a8b7c"

    @Test(
        "a URL that is not absolute http(s) with a host is refused, naming the value and the fix",
        arguments: ["ftp://example.com/hook", "example.com/hook", "not a url", "https://", "/relative/path", ""])
    func badURL(_ url: String) throws {
        let error = #expect(throws: WebhookConfigurationError.self) {
            try WebhookConfiguration(url: url, secret: WebhookSecret(Self.secret))
        }
        #expect(error?.setting == "url")
        let message = try #require(error?.description)
        #expect(message.contains(JSONText.quoted(url)))
        #expect(message.contains("http:// or https://"))
        #expect(!message.contains(Self.secret))
    }

    @Test("http and https URLs are accepted, in any case of the scheme")
    func goodURLs() throws {
        for url in [
            "http://127.0.0.1:8080/hook", "https://example.com/hooks/switchboard?tenant=1", "HTTPS://Example.com",
        ] {
            #expect(try WebhookConfiguration(url: url, secret: nil).url.absoluteString == url)
        }
    }

    @Test("the defaults: a 3 s timeout, no extra headers, Switchboard's user agent")
    func defaults() throws {
        let configuration = try WebhookConfiguration(url: "https://example.com/hook", secret: nil)
        #expect(configuration.timeout == .seconds(3))
        #expect(configuration.headers.isEmpty)
        #expect(configuration.userAgent == WebhookConfiguration.defaultUserAgent)
    }

    @Test("the secret, header values and a URL password never show in description, debugDescription or dump")
    func secretNeverPrinted() throws {
        let configuration = try WebhookConfiguration(
            url: "https://user:hunter2@example.com/hook", secret: WebhookSecret(Self.secret),
            headers: ["Authorization": "Bearer token-abc"])
        var dumped = ""
        dump(configuration, to: &dumped)
        var dumpedSecret = ""
        dump(try #require(configuration.secret), to: &dumpedSecret)
        let shown = [
            String(describing: configuration), String(reflecting: configuration), "\(configuration)", dumped,
            String(describing: configuration.secret), String(reflecting: configuration.secret), dumpedSecret,
        ]
        for text in shown {
            #expect(!text.contains(Self.secret))
            #expect(!text.contains("token-abc"))
            #expect(!text.contains("hunter2"))
        }
        #expect(String(describing: configuration).contains("<redacted>"))
        #expect(String(describing: configuration).contains("Authorization"))
    }

    @Test("other settings are checked, each error naming the fix")
    func otherSettings() {
        let url = "https://example.com/hook"
        let cases: [(String, () throws -> WebhookConfiguration)] = [
            ("timeout", { try WebhookConfiguration(url: url, secret: nil, timeout: .zero) }),
            ("secret", { try WebhookConfiguration(url: url, secret: WebhookSecret("")) }),
            ("headers", { try WebhookConfiguration(url: url, secret: nil, headers: ["Bad Name": "x"]) }),
            ("headers", { try WebhookConfiguration(url: url, secret: nil, headers: ["Content-Type": "text/plain"]) }),
            ("headers", { try WebhookConfiguration(url: url, secret: nil, headers: ["X-Ok": "a\r\nb"]) }),
            ("userAgent", { try WebhookConfiguration(url: url, secret: nil, userAgent: "") }),
        ]
        for (setting, make) in cases {
            let error = #expect(throws: WebhookConfigurationError.self) { try make() }
            #expect(error?.setting == setting)
            #expect(error?.description.contains(":") == true)
        }
    }
}

@Suite("Retry-After values")
struct RetryAfterHeaderTests {
    let now = Date(timeIntervalSince1970: 1_718_000_000)

    @Test("delay seconds")
    func seconds() {
        #expect(RetryAfterHeader.parse("120", now: now) == .seconds(120))
        #expect(RetryAfterHeader.parse(" 0 ", now: now) == .zero)
    }

    @Test("an HTTP-date in the future is the time until it; one in the past is no pause")
    func httpDate() {
        // 1_718_000_000 is Mon, 10 Jun 2024 06:13:20 GMT.
        #expect(RetryAfterHeader.parse("Mon, 10 Jun 2024 06:13:50 GMT", now: now) == .seconds(30))
        #expect(RetryAfterHeader.parse("Monday, 10-Jun-24 06:14:20 GMT", now: now) == .seconds(60))
        #expect(RetryAfterHeader.parse("Mon Jun 10 06:13:25 2024", now: now) == .seconds(5))
        #expect(RetryAfterHeader.parse("Sun, 09 Jun 2024 06:13:20 GMT", now: now) == .zero)
    }

    @Test("anything else is not understood")
    func garbage() {
        for value in ["", "soon", "-5", "1.5", "Mon, 99 Foo 2024"] {
            #expect(RetryAfterHeader.parse(value, now: now) == nil)
        }
    }
}
