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

@Suite("Spilling to the outbox")
struct SpillTests {
    @Test(
        "a full memory queue spills to the outbox: the pipeline never waits, nothing is dropped, everything arrives once"
    )
    func spills() async throws {
        try await withRuntimeDirectory { directory in
            let outbox = try Outbox(path: directory + "/outbox.sqlite")
            let received = Locked<[String]>([])
            let gate = Locked<Bool>(false)
            // Holds every batch until the gate opens: the memory queue fills at once.
            let sink = CallbackSink(name: "slow") { batch in
                while !gate.value { try await Task.sleep(for: .milliseconds(5)) }
                received.update { $0 += batch.map(\.key) }
            }
            let memory = SinkQueue(sink: sink, configuration: .init(capacity: 10, overflow: .block, batchSize: 5))
            let spilled = DurableSinkQueue(sink: sink, outbox: outbox, outboxName: "slow")
            let route = SinkRoute(queue: memory, spillingTo: spilled, selection: .events)
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { await route.run() }
                let started = ContinuousClock.now
                for index in 0..<300 {
                    await route.offer(Delivery(key: "k\(index)", kind: .event, time: Date(), json: "{}"))
                }
                // Offers never waited for the blocked sink.
                #expect(ContinuousClock.now - started < .seconds(5))
                let counts = await route.counts()
                #expect(counts.offered == 300 && counts.dropped == 0 && counts.queued == 300)
                gate.update { $0 = true }
                await route.finish()
            }
            #expect(received.value.count == 300)
            #expect(Set(received.value) == Set((0..<300).map { "k\($0)" }))
            let counts = await route.counts()
            #expect(counts.delivered == 300 && counts.queued == 0 && counts.dropped == 0)
        }
    }

    @Test("overflow: spill needs the outbox, and with it the sink spills")
    func configuration() throws {
        #expect(
            problems(withMinimal("sinks:\n  - type: jsonl\n    path: \"-\"\n    queue:\n      overflow: spill\n"))
                == "switchboard.yml:10:17: sinks[0].queue.overflow: spill keeps what does not fit in memory in the "
                + "outbox: set outbox.path, such as /var/lib/switchboard/outbox.sqlite, or choose block, dropOldest or "
                + "dropNewest.")
        let loaded = try SwitchboardDaemonTests.configuration(
            withMinimal(
                "outbox: {path: /tmp/o.sqlite}\nsinks:\n  - type: jsonl\n    path: \"-\"\n    queue:\n      overflow: spill\n      capacity: 50\n"
            ))
        guard case .spilling(let memory, _) = loaded.sinks[0].queueing else {
            Issue.record("not spilling: \(loaded.sinks[0].queueing)")
            return
        }
        #expect(memory.capacity == 50 && loaded.sinks[0].isDurable)
    }
}
