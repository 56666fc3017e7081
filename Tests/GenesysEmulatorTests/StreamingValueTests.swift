import Foundation
import Testing

@testable import GenesysEmulator

@Suite("Emulator streaming: decisions as plain values")
struct StreamingValueTests {
    @Test("a second socket replaces the first; the first one's late goodbye changes nothing")
    func registryReplacement() {
        var registry = SocketRegistry()
        let first = registry.attach(channelId: "a")
        #expect(first.replaced == nil)
        let second = registry.attach(channelId: "a")
        #expect(second.replaced == first.socket)
        #expect(registry.socket(for: "a") == second.socket)
        #expect(registry.detach(first.socket) == .alreadyForgotten)
        #expect(registry.socket(for: "a") == second.socket)
        #expect(registry.detach(second.socket) == .channelDisconnected("a"))
        #expect(registry.connectedChannels.isEmpty)
    }

    @Test("an ended channel hands back its socket once, and that socket's goodbye is ignored")
    func registryChannelEnd() {
        var registry = SocketRegistry()
        let socket = registry.attach(channelId: "a").socket
        _ = registry.attach(channelId: "b")
        #expect(registry.channelEnded("a") == socket)
        #expect(registry.channelEnded("a") == nil)
        #expect(registry.detach(socket) == .alreadyForgotten)
        #expect(registry.connectedChannels == ["b"])
        #expect(registry.channel(of: socket) == nil)
    }

    @Test("an event's envelope is the platform's: topic, version \"2\", body, metadata.CorrelationId, in that order")
    func eventEnvelope() throws {
        let body: WireJSON = [
            "message": "quote \" backslash \\ newline \n tab \t bell \u{07} café 📞", "primary": true,
            "count": 3, "nested": ["list": [1, "two", nil]],
        ]
        let text = StreamingMessages.event(topic: "v2.users.\"odd\".presence", body: body, correlationId: "c-1")
        let tree = WireJSON.object([
            ("topicName", "v2.users.\"odd\".presence"), ("version", "2"), ("eventBody", body),
            ("metadata", ["CorrelationId": "c-1"]),
        ])
        #expect(text == tree.serialized())
        let parsed = try #require(
            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(parsed["topicName"] as? String == "v2.users.\"odd\".presence")
        #expect(parsed["version"] as? String == "2")
        let eventBody = try #require(parsed["eventBody"] as? [String: Any])
        #expect(eventBody["message"] as? String == "quote \" backslash \\ newline \n tab \t bell \u{07} café 📞")
        #expect((parsed["metadata"] as? [String: Any])?["CorrelationId"] as? String == "c-1")
        #expect(text.hasPrefix(#"{"topicName":"#) && text.hasSuffix(#","metadata":{"CorrelationId":"c-1"}}"#))
    }

    @Test("silence drops heartbeats and pongs, not events, replies or closes")
    func policySilence() {
        var policy = OutboundPolicy()
        #expect(policy.plan(.heartbeat) == [.text(StreamingMessages.heartbeat, event: nil)])
        _ = policy.plan(.fault(.silence(true)))
        #expect(policy.plan(.heartbeat).isEmpty)
        #expect(policy.plan(.pong).isEmpty)
        #expect(policy.plan(.event(text: "e", sequence: 7)) == [.text("e", event: 7)])
        #expect(policy.plan(.message("m")) == [.text("m", event: nil)])
        #expect(policy.plan(.close(.expired)) == [.close(.expired)])
        _ = policy.plan(.fault(.silence(false)))
        #expect(policy.plan(.pong) == [.text(StreamingMessages.pong, event: nil)])
    }

    @Test("fragment and duplicate apply to the next N events only, and combine")
    func policyCounts() {
        var policy = OutboundPolicy()
        _ = policy.plan(.fault(.fragment(count: 2)))
        _ = policy.plan(.fault(.duplicate(count: 1)))
        let fragmented = PlannedWrite.fragmentedText("a", parts: OutboundPolicy.fragmentParts, event: 1)
        #expect(policy.plan(.event(text: "a", sequence: 1)) == [fragmented, fragmented])
        #expect(
            policy.plan(.event(text: "b", sequence: 2)) == [
                .fragmentedText("b", parts: OutboundPolicy.fragmentParts, event: 2)
            ])
        #expect(policy.plan(.event(text: "c", sequence: 3)) == [.text("c", event: 3)])
        // Heartbeats do not use up the counts.
        _ = policy.plan(.fault(.duplicate(count: 1)))
        _ = policy.plan(.heartbeat)
        #expect(policy.plan(.event(text: "d", sequence: 4)).count == 2)
    }

    @Test("malformed frames cycle through their three kinds; slow sets the delay")
    func policyMalformedAndSlow() {
        var policy = OutboundPolicy()
        let writes = policy.plan(.fault(.malformed(count: 4)))
        #expect(writes.count == 4)
        #expect(writes[2] == .binary([0x00, 0x01, 0xFE, 0xFF]))
        #expect(writes[3] == writes[0])
        _ = policy.plan(.fault(.slow(.milliseconds(20))))
        #expect(policy.delay == .milliseconds(20))
        _ = policy.plan(.fault(.slow(.zero)))
        #expect(policy.delay == .zero)
        #expect(policy.plan(.peerGone) == [.stop])
    }

    @Test("the log keeps the newest events up to its capacity and records each write once")
    func publishedLog() {
        var log = PublishedLog(capacity: 8)
        func event(_ n: Int) -> PublishedEvent {
            PublishedEvent(
                topic: "t", correlationId: "c\(n)", publishedAt: Date(), queuedFor: ["a"], writtenTo: [],
                droppedFor: n.isMultiple(of: 2) ? ["b"] : [])
        }
        for n in 0..<30 { #expect(log.append(event(n)) == n) }
        #expect(log.nextSequence == 30)
        #expect(log.events.map(\.correlationId) == (22..<30).map { "c\($0)" })
        log.recordWrite(sequence: 29, channelId: "a")
        log.recordWrite(sequence: 29, channelId: "a")
        log.recordWrite(sequence: 3, channelId: "a")
        log.recordWrite(sequence: 30, channelId: "a")
        #expect(log.events.last?.writtenTo == ["a"])
        #expect(log.droppedDeliveries == 15)
    }

    @Test("a storm refuses exactly N requests with its Retry-After")
    func storm() {
        var storm = RateLimitStorm()
        #expect(storm.take() == nil)
        storm.start(requests: 2, retryAfterSeconds: 9)
        #expect([storm.take(), storm.take(), storm.take()] == [9, 9, nil])
    }

    @Test("WireJSON reads JSON keeping key order, escapes and number kinds")
    func wireJSONParsing() throws {
        let text = #"{"b":1,"a":[true,false,null,-2.5,1e2,"x\"\\\n\u00e9\ud83d\ude00"],"c":{}}"#
        let value = try WireJSON(parsing: " \(text) ")
        #expect(value.serialized() == #"{"b":1,"a":[true,false,null,-2.5,100,"x\"\\\né😀"],"c":{}}"#)
        for bad in ["", "{", #"{"a" 1}"#, "[1,]", "tru", #""\x""#, "1 2", #"{"a":1,}"#] {
            #expect(throws: WireJSONParseError.self, "\(bad)") { try WireJSON(parsing: bad) }
        }
    }

    @Test("socket paths name a channel; other paths do not")
    func socketPaths() {
        #expect(EmulatorServer.channelId(inPath: "/channels/streaming-1-abc") == "streaming-1-abc")
        #expect(EmulatorServer.channelId(inPath: "/channels/streaming-1-abc?x=1") == "streaming-1-abc")
        #expect(EmulatorServer.channelId(inPath: "/channels") == nil)
        #expect(EmulatorServer.channelId(inPath: "/api/v2/channels/x") == nil)
    }

    @Test("a fragmented message splits into nearly equal byte slices that rejoin exactly")
    func split() {
        let text = #"{"topicName":"é","n":12345}"#
        let parts = ChannelSocketSession.split(text, into: 3)
        #expect(parts.count == 3)
        let joined = parts.flatMap { Array($0.readableBytesView) }
        #expect(String(decoding: joined, as: UTF8.self) == text)
        #expect(ChannelSocketSession.split("", into: 3).count == 1)
        #expect(ChannelSocketSession.split("ab", into: 3).count == 2)
    }
}
