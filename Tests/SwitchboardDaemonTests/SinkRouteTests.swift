import Foundation
import SwitchboardSinks
import Testing

@testable import SwitchboardDaemon

@Suite("Sink routes")
struct SinkRouteTests {
    @Test(
        "a durable route writes deliveries to the outbox in transactions, counts what it gathers, and delivers every one in order"
    )
    func durableBatches() async throws {
        try await withRuntimeDirectory { directory in
            let outbox = try Outbox(path: directory + "/outbox.sqlite")
            let received = Locked<[Delivery]>([])
            let queue = DurableSinkQueue(
                sink: CallbackSink(name: "durable") { batch in received.update { $0 += batch } }, outbox: outbox)
            let route = SinkRoute(queue: queue, selection: .events)
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { await route.run() }
                for index in 0..<450 {
                    await route.offer(Delivery(key: "k\(index)", kind: .event, time: Date(), json: "{}"))
                }
                // Two full transactions are written at once; the rest within the flush interval.
                let written = try outbox.pendingCount(for: "durable") + received.value.count
                #expect(written >= 2 * SinkRoute.durableBatch)
                let counts = await route.counts()
                #expect(counts.offered == 450)
                await route.finish()
            }
            #expect(received.value.map(\.key) == (0..<450).map { "k\($0)" })
            let counts = await route.counts()
            #expect(counts.delivered == 450 && counts.queued == 0)
            #expect(try outbox.pendingCount(for: "durable") == 0)
        }
    }
}
