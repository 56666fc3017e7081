import Testing

@testable import SwitchboardDaemon

@Suite("Configuration values")
struct ValueParsingTests {
    @Test("Durations take ms, s, m and h, and bare seconds")
    func durations() {
        #expect(DurationText.parse("500ms") == .milliseconds(500))
        #expect(DurationText.parse("3s") == .seconds(3))
        #expect(DurationText.parse("5m") == .seconds(300))
        #expect(DurationText.parse("24h") == .seconds(86_400))
        #expect(DurationText.parse("1.5s") == .milliseconds(1_500))
        #expect(DurationText.parse("90") == .seconds(90))
        #expect(DurationText.parse("-1s") == nil)
        #expect(DurationText.parse("s") == nil)
        #expect(DurationText.parse("3 sec") == nil)
        #expect(DurationText.format(.milliseconds(1_500)) == "1500ms")
        #expect(DurationText.format(.seconds(7_200)) == "2h")
        #expect(DurationText.format(.seconds(90)) == "90s")
    }

    @Test("Sizes take decimal and binary units, and bare bytes")
    func sizes() {
        #expect(ByteSizeText.parse("100MB") == 100_000_000)
        #expect(ByteSizeText.parse("512KiB") == 524_288)
        #expect(ByteSizeText.parse("1GB") == 1_000_000_000)
        #expect(ByteSizeText.parse("1gib") == 1_073_741_824)
        #expect(ByteSizeText.parse("2048") == 2_048)
        #expect(ByteSizeText.parse("10 MB") == 10_000_000)
        #expect(ByteSizeText.parse("lots") == nil)
    }

    @Test("Name patterns match whole names, * and ?, without case")
    func namePatterns() {
        #expect(NamePattern("Support*").matches("support - EMEA"))
        #expect(NamePattern("Support*").matches("Support"))
        #expect(!NamePattern("Support*").matches("Tier 2 Support"))
        #expect(NamePattern("Sales - ?").matches("Sales - A"))
        #expect(!NamePattern("Sales - ?").matches("Sales - AB"))
        #expect(NamePattern("*a*b*c*").matches("xxaxxbxxcxx"))
        #expect(!NamePattern("*a*b*c*").matches("xxaxxcxxbxx"))
        #expect(NamePattern("Billing").isLiteral)
        #expect(!NamePattern("Bill?ng").isLiteral)
    }

    @Test("Listen addresses take IPv4, bracketed IPv6 and host names")
    func listenAddresses() throws {
        #expect(try ListenAddress.parse("127.0.0.1:8080").get() == ("127.0.0.1", 8080))
        #expect(try ListenAddress.parse("[::1]:0").get() == ("::1", 0))
        #expect(try ListenAddress.parse("localhost:9000").get() == ("localhost", 9000))
        #expect(throws: ListenAddress.Problem.unbracketedIPv6) { try ListenAddress.parse("::1:80").get() }
        #expect(throws: ListenAddress.Problem.noPort) { try ListenAddress.parse("localhost").get() }
        #expect(throws: ListenAddress.Problem.badPort("")) { try ListenAddress.parse("localhost:").get() }
    }

    @Test("Suggestions pick the one close name, or none")
    func suggestions() {
        #expect(Suggestion.closest(to: "regoin", among: ["region", "apiURL"]) == "region")
        #expect(Suggestion.closest(to: "apiurl", among: ["region", "apiURL"]) == "apiURL")
        #expect(Suggestion.closest(to: "colour", among: ["platform", "watch"]) == nil)
        #expect(Suggestion.editDistance(Array("ab"), Array("ba")) == 1)
    }
}
