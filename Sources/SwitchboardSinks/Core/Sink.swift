/// Where deliveries go: a file, a web hook, Redis, a library user's callback.
///
/// A sink only writes. Each one runs behind its own ``SinkQueue``, which batches, retries and
/// applies the overflow policy, so a slow or failing sink never holds up the socket readers or the
/// other sinks.
public protocol Sink: Sendable {
    /// A short name for logs, metrics and the audit log (`jsonl:/var/log/events.jsonl`, `webhook`).
    var name: String { get }

    /// Delivers `batch`, in order. Throwing means none of it can be assumed delivered: the queue
    /// offers the whole batch again after a pause (receivers de-duplicate on ``Delivery/key``).
    /// An error conforming to ``PermanentSinkError`` is not retried.
    func deliver(_ batch: [Delivery]) async throws
}

/// A failure that retrying cannot fix (a refused request, a malformed configuration): the queue
/// gives the batch up, counts it, and reports the error.
public protocol PermanentSinkError: Error {}
