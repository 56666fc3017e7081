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
/// as it would read an `AsyncStream`.
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
        public func yield(contentsOf elements: some Sequence<Element>) -> Bool { stream.yield(contentsOf: elements) }

        /// Ends the stream: the consumer receives what is queued, then nil.
        @inlinable
        public func finish() { stream.finish() }
    }

    // Inlinable so that each module's streams are specialised for their element type: the
    // generic code costs type-metadata look-ups on every element.
    @usableFromInline
    struct State {
        @usableFromInline var buffer: [Element] = []
        @usableFromInline var waiter: CheckedContinuation<[Element]?, Never>?
        @usableFromInline var finished = false
        /// The consumer was cancelled: nothing more is delivered.
        @usableFromInline var cancelled = false

        @usableFromInline init() {}
    }

    @usableFromInline let state = Mutex(State())

    /// Use ``makeStream(of:)``.
    @usableFromInline init() {}

    /// A new stream and the continuation that feeds it.
    @inlinable
    public static func makeStream(of _: Element.Type = Element.self) -> (stream: BatchedStream, continuation: Continuation) {
        let stream = BatchedStream()
        return (stream, Continuation(stream: stream))
    }

    /// Every element queued since the last call, in order, waiting for at least one; nil once the
    /// stream has finished and everything has been taken, or the consumer's task is cancelled.
    /// One consumer at a time.
    @inlinable
    public func next() async -> [Element]? {
        if let ready = takeReady() { return ready.isEmpty ? nil : ready }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<[Element]?, Never>) in
                let resume: [Element]?? = state.withLock { state in
                    if state.cancelled || (state.finished && state.buffer.isEmpty) { return .some(nil) }
                    if !state.buffer.isEmpty {
                        defer { state.buffer = [] }
                        return .some(state.buffer)
                    }
                    precondition(state.waiter == nil, "BatchedStream has one consumer at a time")
                    state.waiter = continuation
                    return .none
                }
                if let resume { continuation.resume(returning: resume) }
            }
        } onCancel: {
            cancel()
        }
    }

    /// The queued elements (possibly none, meaning the stream is over) without waiting, or nil
    /// when the consumer must wait.
    @usableFromInline
    func takeReady() -> [Element]? {
        state.withLock { state in
            if state.cancelled { return [] }
            if !state.buffer.isEmpty {
                defer { state.buffer = [] }
                return state.buffer
            }
            return state.finished ? [] : nil
        }
    }

    @usableFromInline
    typealias Handover = (queued: Bool, waiter: CheckedContinuation<[Element]?, Never>?, batch: [Element])

    @inlinable
    func yield(_ element: Element) -> Bool {
        let handover = state.withLock { state -> Handover in
            guard !state.finished, !state.cancelled else { return (false, nil, []) }
            guard let waiter = state.waiter else {
                state.buffer.append(element)
                return (true, nil, [])
            }
            state.waiter = nil
            return (true, waiter, [element])
        }
        handover.waiter?.resume(returning: handover.batch)
        return handover.queued
    }

    @inlinable
    func yield(contentsOf elements: some Sequence<Element>) -> Bool {
        let handover = state.withLock { state -> Handover in
            guard !state.finished, !state.cancelled else { return (false, nil, []) }
            state.buffer.append(contentsOf: elements)
            guard !state.buffer.isEmpty, let waiter = state.waiter else { return (true, nil, []) }
            state.waiter = nil
            defer { state.buffer = [] }
            return (true, waiter, state.buffer)
        }
        handover.waiter?.resume(returning: handover.batch)
        return handover.queued
    }

    @usableFromInline
    func finish() {
        let waiter = state.withLock { state -> CheckedContinuation<[Element]?, Never>? in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter
        }
        // A waiter means the buffer was empty.
        waiter?.resume(returning: nil)
    }

    @usableFromInline
    func cancel() {
        let waiter = state.withLock { state -> CheckedContinuation<[Element]?, Never>? in
            state.cancelled = true
            state.buffer = []
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(returning: nil)
    }

    // MARK: - AsyncSequence

    /// Reads the stream element by element, taking a batch at a time underneath.
    public struct AsyncIterator: AsyncIteratorProtocol {
        @usableFromInline let stream: BatchedStream
        @usableFromInline var batch: [Element] = []
        @usableFromInline var index = 0

        @usableFromInline init(stream: BatchedStream) { self.stream = stream }

        @inlinable
        public mutating func next() async -> Element? {
            await next(isolation: nil)
        }

        @inlinable
        public mutating func next(isolation actor: isolated (any Actor)?) async -> Element? {
            if index == batch.count {
                guard let next = await stream.next() else { return nil }
                batch = next
                index = 0
            }
            defer { index += 1 }
            return batch[index]
        }
    }

    @inlinable
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(stream: self) }
}
