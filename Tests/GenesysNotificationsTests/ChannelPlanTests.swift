import Foundation
import Testing

@testable import GenesysNotifications

@Suite("Channel plan")
struct ChannelPlanTests {
    static func topics(_ count: Int, offset: Int = 0) -> [Topic] {
        (offset..<offset + count).map { index in
            let b = withUnsafeBytes(of: UInt32(index).bigEndian) { Array($0) }
            return Topic.userPresence(UUID(uuid: (b[0], b[1], b[2], b[3], 0, 0, 0x40, 0, 0x80, 0, 0, 0, 0, 0, 0, 0)))
        }
    }

    @Test("2,500 topics take three channels of at most 1,000")
    func splitsByTopicLimit() {
        let plan = ChannelPlan().replanned(wanting: Self.topics(2_500))
        #expect(plan.channels.map(\.count) == [1_000, 1_000, 500])
        #expect(plan.unplaced.isEmpty)
        #expect(plan.placedTopics.count == 2_500)
    }

    @Test("beyond the channel budget, the rest is reported with the reason and the fix")
    func reportsUnplaced() {
        let plan = ChannelPlan(limits: .remaining(afterChannelsInUse: 18)).replanned(wanting: Self.topics(2_100))
        #expect(plan.channels.count == 2)
        #expect(plan.unplaced.count == 100)
        let reason = String(describing: plan.unplaced.values.first!)
        #expect(reason.contains("2 channel(s) of 1000 topics are full"))
        #expect(reason.contains("another OAuth client"))
    }

    @Test("re-planning keeps placed topics where they are and fills free room first")
    func stableReplanning() {
        let limits = ChannelPlan.Limits(topicsPerChannel: 10, channels: 5)
        let first = ChannelPlan(limits: limits).replanned(wanting: Self.topics(25))
        #expect(first.channels.map(\.count) == [10, 10, 5])
        // drop five from the first channel, add eight new ones
        let wanted = Array(Self.topics(25).dropFirst(5)) + Self.topics(8, offset: 100)
        let second = first.replanned(wanting: wanted)
        #expect(second.channels[1] == first.channels[1])
        #expect(second.channels.map(\.count) == [10, 10, 8])
        let changes = first.changes(to: second)
        #expect(changes.map(\.slot) == [0, 2])
        #expect(changes[0].removed == Array(Self.topics(5)))
        #expect(changes[0].added.count == 5)
        #expect(changes[1].added.count == 3)
    }

    @Test("duplicates in the wanted list are placed once; removing everything closes the channels")
    func duplicatesAndEmpty() {
        let topics = Self.topics(3)
        let plan = ChannelPlan().replanned(wanting: topics + topics)
        #expect(plan.channels == [topics])
        #expect(plan.replanned(wanting: []).channels.isEmpty)
    }

    @Test("a budget of zero channels places nothing")
    func zeroBudget() {
        let plan = ChannelPlan(limits: .remaining(afterChannelsInUse: 25)).replanned(wanting: Self.topics(2))
        #expect(plan.channels.isEmpty)
        #expect(plan.unplaced.count == 2)
    }
}
