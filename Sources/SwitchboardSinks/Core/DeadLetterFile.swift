import Foundation
import GenesysNotifications
import Logging
import SwitchboardPipeline
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps given-up deliveries in a JSON-lines file, so nothing a sink could not deliver is lost
/// without a trace, and an operator can replay it.
///
/// Each line is `{"sink":…,"reason":…,"failedAt":"<ISO 8601, ms>","delivery":<the delivery's json>}`.
/// The file is created readable and writable by its owner only (0600): deliveries carry
/// conversation data. Each line is one `write(2)` to a file opened with `O_APPEND`, so lines from
/// several queues (or processes) sharing a file do not interleave.
///
/// Plug it into a queue with ``recorder(sink:logger:)``:
/// ```swift
/// let deadLetters = try DeadLetterFile(path: "/var/lib/switchboard/webhook.dead.jsonl")
/// let queue = SinkQueue(sink: webhook, onGiveUp: deadLetters.recorder(sink: webhook.name, logger: logger))
/// ```
public final class DeadLetterFile: Sendable {
    /// The file's path.
    public let path: String
    /// The open file, nil once closed.
    private let descriptor: Mutex<Int32?>

    /// Opens `path` for appending, creating it (0600) if it does not exist.
    /// - Throws: ``DeadLetterFileError`` naming the path and what to do.
    public init(path: String) throws(DeadLetterFileError) {
        self.path = path
        switch AppendOnlyFile.open(path) {
        case .success(let fd): descriptor = Mutex(fd)
        case .failure(let error): throw DeadLetterFileError.open(path: path, errno: error.code)
        }
    }

    deinit {
        descriptor.withLock { fd in
            if let open = fd { AppendOnlyFile.close(open) }
            fd = nil
        }
    }

    /// Appends one line for each delivery of `batch`.
    /// - Throws: ``DeadLetterFileError`` when a line cannot be written (the lines before it are).
    public func append(
        _ batch: [Delivery], sink: String, reason: String, failedAt: Date = Date()
    ) throws(DeadLetterFileError) {
        let prefix =
            #"{"sink":\#(JSONText.quoted(sink)),"reason":\#(JSONText.quoted(reason)),"failedAt":"\#(EventDate.format(failedAt))","delivery":"#
        for delivery in batch {
            try writeLine(Array((prefix + delivery.json + "}\n").utf8))
        }
    }

    /// A `SinkQueue` `onGiveUp` handler that appends each given-up batch with its error as the
    /// reason; a failure to write is logged with the deliveries' keys, so they are not lost silently.
    public func recorder(sink: String, logger: Logger) -> @Sendable ([Delivery], any Error) -> Void {
        { batch, error in
            do {
                try self.append(batch, sink: sink, reason: String(describing: error))
            } catch {
                logger.error(
                    "dead letters not written",
                    metadata: [
                        "sink": "\(sink)", "error": "\(error)", "keys": "\(batch.map(\.key).joined(separator: " "))",
                    ])
            }
        }
    }

    /// Closes the file; appending afterwards throws.
    public func close() {
        descriptor.withLock { fd in
            if let open = fd { AppendOnlyFile.close(open) }
            fd = nil
        }
    }

    private func writeLine(_ line: [UInt8]) throws(DeadLetterFileError) {
        let failure: Int32? = descriptor.withLock { fd in
            guard let fd else { return EBADF }
            return AppendOnlyFile.writeAll(line, to: fd)?.code
        }
        if let failure { throw DeadLetterFileError.write(path: path, errno: failure) }
    }
}
