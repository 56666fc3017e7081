import Synchronization

/// An unbounded hand-off from any number of producers to one consumer that takes everything
/// waiting at once.
///
/// `AsyncStream` hands elements over one at a time: every element costs the consumer a trip
/// through the stream's storage and, when it has caught up, a suspension and a wake-up. Between
/// the stages of a pipeline that moves tens of thousands of events a second, those per-element
/// costs add up to more than the work itself. Here a producer appends under a lock, and the
/// consumer's ``next()`` returns every element queued since its last call, so the busier the
/// stream, the fewer trips per element.
///
/// It is also an `AsyncSequence` of single elements, so `for await element in stream` reads it
/// as it would read an `AsyncStream`: a loop that breaks off leaves what it did not read queued
/// for the next one.
///
/// Like `AsyncStream`, the consumer's task being cancelled ends the stream: a waiting ``next()``
/// returns nil, and so does every later call; what producers yield after that is discarded.
/// Elements are delivered in the order they were yielded.
public final class BatchedStream<Element: Sendable>: AsyncSequence, Sendable {
    public typealias Failure = Never

    /// The producers' side.
    public struct Continuation: Sendable {
        @usableFromInline let stream: BatchedStream

        @usableFromInline init(stream: BatchedStream) { self.stream = stream }

        /// Queues `element` for the consumer; false (and discarded) once the stream has finished
        /// or its consumer was cancelled.
        @inlinable @discardableResult
        public func yield(_ element: Element) -> Bool { stream.yield(element) }

        /// Queues `elements` in order, in one step; false (and discarded) once the stream has
        /// finished or its consumer was cancelled.
        @inlinable @discardableResult
        public func yield(contentsOf elements: some Sequence<Element> & Sendable) -> Bool {
            stream.yield(contentsOf: elements)
        }

        /// Ends the stream: the consumer receives what is queued, then nil.
        @inlinable
        public func finish() { stream.finish() }
    }

    // Inlinable so that each module's streams are specialised for their element type: the
    // generic code costs type-metadata look-ups on every element.
    @usableFromInline
    struct State {
        /// Queued elements; those before `head` were already taken one by one.
        @usableFromInline var buffer: [Element] = []
        @usableFromInline var head = 0
        /// The consumer, waiting.
        @usableFromInline var waiter: Waiter?
        @usableFromInline var finished = false
        /// The consumer was cancelled: nothing more is delivered.
        @usableFromInline var cancelled = false

        @usableFromInline init() {}

        @usableFromInline var hasElements: Bool { head < buffer.count }

        /// Everything queued, leaving room for as many again: producers then append without
        /// growing the buffer step by step after every batch.
        @inlinable
        mutating func takeAll() -> [Element] {
            let taken = head == 0 ? buffer : Array(buffer[head...])
            buffer = []
            buffer.reserveCapacity(Swift.min(taken.count, 4_096))
            head = 0
            return taken
        }

        /// What a consumer of batches gets once it need not wait: everything queued, or nil for
        /// the end (cancelled, or finished with nothing left).
        @inlinable
        mutating func handOut() -> [Element]? { cancelled || !hasElements ? nil : takeAll() }

        /// The consumer to wake, and what to hand it, now that elements are queued or the stream
        /// is over; nil when no one waits.
        @inlinable
        mutating func wake() -> Wake? {
            guard let waiting = waiter else { return nil }
            waiter = nil
            switch waiting {
            case .batch(let continuation):
                // Handed the batch directly: the consumer need not take the lock again.
                return .batch(continuation, handOut())
            case .element(let continuation):
                return .element(continuation)
            }
        }
    }

    /// A consumer waiting for a batch (``next()``) or for an element to be queued (the element
    /// iterator, which takes one and leaves the rest queued).
    ///
    /// Unsafe continuations: each is resumed exactly once, by whoever takes it out of
    /// ``State/waiter`` under the lock.
    @usableFromInline
    enum Waiter {
        case batch(UnsafeContinuation<[Element]?, Never>)
        case element(UnsafeContinuation<Void, Never>)
    }

    @usableFromInline
    enum Wake {
        case batch(UnsafeContinuation<[Element]?, Never>, [Element]?)
        case element(UnsafeContinuation<Void, Never>)

        @inlinable
        func resume() {
            switch self {
            case .batch(let continuation, let batch): continuation.resume(returning: batch)
            case .element(let continuation): continuation.resume()
            }
        }
    }

    @usableFromInline let state = Mutex(State())

    /// Use ``makeStream(of:)``.
    @usableFromInline init() {}

    /// A new stream and the continuation that feeds it.
    @inlinable
    public static func makeStream(of _: Element.Type = Element.self) -> (
        stream: BatchedStream, continuation: Continuation
    ) {
        let stream = BatchedStream()
        return (stream, Continuation(stream: stream))
    }

    /// Every element queued and not yet taken, in order, waiting for at least one; nil once the
    /// stream has finished and everything has been taken, or the consumer's task is cancelled.
    /// One consumer at a time.
    @inlinable
    public func next() async -> [Element]? {
        let (batch, over) = state.withLock { state -> ([Element]?, Bool) in
            if state.cancelled { return (nil, true) }
            if state.hasElements { return (state.takeAll(), false) }
            return (nil, state.finished)
        }
        if let batch { return batch }
        if over { return nil }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<[Element]?, Never>) in
                let ready = state.withLock { state -> Wake? in
                    if state.cancelled || state.finished || state.hasElements {
                        return .batch(continuation, state.handOut())
                    }
                    precondition(state.waiter == nil, "BatchedStream has one consumer at a time")
                    state.waiter = .batch(continuation)
                    return nil
                }
                ready?.resume()
            }
        } onCancel: {
            cancel()
        }
    }

    /// The next element, waiting for one; nil at the end. Nothing is held outside the stream, so
    /// a reader that stops half-way through what is queued leaves the rest for the next reader.
    @inlinable
    func nextElement() async -> Element? {
        while true {
            let (element, over) = state.withLock { state -> (Element?, Bool) in
                if state.cancelled { return (nil, true) }
                guard state.hasElements else { return (nil, state.finished) }
                let element = state.buffer[state.head]
                state.head += 1
                if state.head == state.buffer.count {
                    state.buffer.removeAll(keepingCapacity: true)
                    state.head = 0
                } else if state.head >= 1_024, state.head * 2 >= state.buffer.count {
                    // A reader that never catches up must not keep what it has read.
                    state.buffer.removeFirst(state.head)
                    state.head = 0
                }
                return (element, false)
            }
            if let element { return element }
            if over { return nil }
            await withTaskCancellationHandler {
                await withUnsafeContinuation { (continuation: UnsafeContinuation<Void, Never>) in
                    let ready = state.withLock { state -> Bool in
                        if state.cancelled || state.finished || state.hasElements { return true }
                        precondition(state.waiter == nil, "BatchedStream has one consumer at a time")
                        state.waiter = .element(continuation)
                        return false
                    }
                    if ready { continuation.resume() }
                }
            } onCancel: {
                cancel()
            }
        }
    }

    @inlinable
    func yield(_ element: Element) -> Bool {
        let (queued, wake) = state.withLock { state -> (Bool, Wake?) in
            guard !state.finished, !state.cancelled else { return (false, nil) }
            state.buffer.append(element)
            return (true, state.wake())
        }
        wake?.resume()
        return queued
    }

    @inlinable
    func yield(contentsOf elements: some Sequence<Element> & Sendable) -> Bool {
        let (queued, wake) = state.withLock { state -> (Bool, Wake?) in
            guard !state.finished, !state.cancelled else { return (false, nil) }
            state.buffer.append(contentsOf: elements)
            guard state.hasElements else { return (true, nil) }
            return (true, state.wake())
        }
        wake?.resume()
        return queued
    }

    @usableFromInline
    func finish() {
        let wake = state.withLock { state -> Wake? in
            state.finished = true
            return state.wake()
        }
        wake?.resume()
    }

    @usableFromInline
    func cancel() {
        let wake = state.withLock { state -> Wake? in
            state.cancelled = true
            state.buffer = []
            state.head = 0
            return state.wake()
        }
        wake?.resume()
    }

    // MARK: - AsyncSequence

    /// Reads the stream element by element.
    public struct AsyncIterator: AsyncIteratorProtocol {
        @usableFromInline let stream: BatchedStream

        @usableFromInline init(stream: BatchedStream) { self.stream = stream }

        @inlinable
        public mutating func next() async -> Element? {
            await stream.nextElement()
        }

        @inlinable
        public mutating func next(isolation actor: isolated (any Actor)?) async -> Element? {
            await stream.nextElement()
        }
    }

    @inlinable
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(stream: self) }
}
