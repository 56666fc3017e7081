import StreamBatching
import Testing

@Suite("Batched stream")
struct BatchedStreamTests {
    @Test("the consumer takes everything queued since its last call, in order")
    func takesEverythingWaiting() async {
        let (stream, continuation) = BatchedStream.makeStream(of: Int.self)
        continuation.yield(1)
        continuation.yield(contentsOf: [2, 3])
        continuation.yield(4)
        #expect(await stream.next() == [1, 2, 3, 4])
        continuation.yield(5)
        #expect(await stream.next() == [5])
    }

    @Test("a waiting consumer wakes for the next element")
    func waitingConsumerWakes() async {
        let (stream, continuation) = BatchedStream.makeStream(of: String.self)
        async let taken = stream.next()
        // The consumer may or may not be waiting yet: either way it gets the element.
        continuation.yield("first")
        #expect(await taken == ["first"])
    }

    @Test("finishing delivers what is queued, then ends; later yields are discarded")
    func finishDrainsThenEnds() async {
        let (stream, continuation) = BatchedStream.makeStream(of: Int.self)
        continuation.yield(contentsOf: [1, 2])
        continuation.finish()
        continuation.yield(3)
        #expect(await stream.next() == [1, 2])
        #expect(await stream.next() == nil)
        #expect(await stream.next() == nil)
    }

    @Test("finishing wakes a waiting consumer with the end")
    func finishWakesWaiter() async {
        let (stream, continuation) = BatchedStream.makeStream(of: Int.self)
        async let taken = stream.next()
        continuation.finish()
        #expect(await taken == nil)
    }

    @Test("an empty batch yielded wakes no one and delivers nothing")
    func emptyBatchIsNothing() async {
        let (stream, continuation) = BatchedStream.makeStream(of: Int.self)
        continuation.yield(contentsOf: [])
        continuation.yield(7)
        #expect(await stream.next() == [7])
    }

    @Test("cancelling the consumer ends the stream, as AsyncStream does")
    func cancellationEnds() async {
        let (stream, continuation) = BatchedStream.makeStream(of: Int.self)
        let consumer = Task { await stream.next() }
        consumer.cancel()
        #expect(await consumer.value == nil)
        continuation.yield(1)
        #expect(await stream.next() == nil)
    }

    @Test("read element by element, it is an async sequence of the elements in order")
    func elementByElement() async {
        let (stream, continuation) = BatchedStream.makeStream(of: Int.self)
        let producers = Task {
            for start in stride(from: 0, to: 1_000, by: 10) {
                continuation.yield(contentsOf: start..<(start + 5))
                for value in (start + 5)..<(start + 10) { continuation.yield(value) }
                await Task.yield()
            }
            continuation.finish()
        }
        var seen: [Int] = []
        for await value in stream { seen.append(value) }
        await producers.value
        #expect(seen == Array(0..<1_000))
    }

    @Test("a loop that stops part-way through a batch leaves the rest for the next reader")
    func breakingOffLosesNothing() async {
        let (stream, continuation) = BatchedStream.makeStream(of: Int.self)
        continuation.yield(contentsOf: 1...6)
        for await value in stream where value == 2 { break }
        var rest: [Int] = []
        for await value in stream {
            rest.append(value)
            if value == 4 { break }
        }
        #expect(rest == [3, 4])
        #expect(await stream.next() == [5, 6])
    }

    @Test("many producers at once: every element arrives exactly once")
    func concurrentProducers() async {
        let (stream, continuation) = BatchedStream.makeStream(of: Int.self)
        let consumer = Task {
            var seen: [Int] = []
            while let batch = await stream.next() { seen += batch }
            return seen
        }
        await withTaskGroup(of: Void.self) { group in
            for producer in 0..<8 {
                group.addTask {
                    for index in 0..<2_000 { continuation.yield(producer * 2_000 + index) }
                }
            }
        }
        continuation.finish()
        let seen = await consumer.value
        #expect(seen.sorted() == Array(0..<16_000))
        // Each producer's own elements keep their order.
        for producer in 0..<8 {
            let own = seen.filter { $0 / 2_000 == producer }
            #expect(own == own.sorted())
        }
    }
}
