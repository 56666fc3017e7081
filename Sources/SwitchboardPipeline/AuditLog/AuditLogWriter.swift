import Foundation
import GenesysNotifications
import Synchronization

/// Why the audit log could not be opened or written: the path (when it is a file), the cause,
/// and what to do, in one sentence.
public struct AuditLogError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, or nil when the log goes to a caller's sink.
    public let path: String?
    /// The operating system's or the sink's own words.
    public let cause: String
    /// What to do about it.
    public let fix: String

    public init(path: String?, cause: String, fix: String) {
        self.path = path
        self.cause = cause
        self.fix = fix
    }

    public var description: String {
        "audit log\(path.map { " \($0)" } ?? ""): \(cause). \(fix)"
    }
}

/// Appends ``AuditRecord``s, one JSON line each, to a file or to a caller's sink.
///
/// The shell around the pure records: it only formats and writes. A file is opened once, in
/// append mode, and created with permissions 0600 (owner only: the log names users, queues and
/// failures); an existing file keeps its permissions. Each line, break included, goes out in one
/// `write` under a lock, so lines from concurrent callers never interleave and other processes
/// appending to the same file (O_APPEND) never split one.
///
/// A failed write never throws into the stream being audited: the record is counted as lost, and
/// the first failure is handed to `onFailure` (once, however many follow) with the path and the
/// fix. Later records are still tried, so the log resumes when the disk does.
///
/// `frames.malformed` records are written at most once an interval per channel slot and frame
/// kind (the first at once); each carries the running count, so a flood of bad frames costs a
/// line a minute, not a line a frame. Those held back are counted in ``linesHeldBack``.
public final class AuditLogWriter: Sendable {
    private enum Output: Sendable {
        case file(path: String)
        case sink(@Sendable (String) throws -> Void)
    }

    private struct State {
        /// The open file; -1 once closed, or for a sink.
        var descriptor: Int32
        var throttle: MalformedFrameThrottle
        var written = 0
        var lost = 0
        var failure: AuditLogError?
    }

    private let output: Output
    private let onFailure: @Sendable (AuditLogError) -> Void
    private let state: Mutex<State>

    /// Opens (or creates, with permissions 0600) the file at `path` for appending. Throws at once
    /// when it cannot be opened, so a caller can stop before streaming anything.
    /// `malformedFrameInterval` is the least time between two `frames.malformed` lines of one
    /// slot and kind.
    public init(
        path: String, malformedFrameInterval: Duration = .seconds(60),
        onFailure: @escaping @Sendable (AuditLogError) -> Void
    ) throws(AuditLogError) {
        let descriptor: Int32
        switch AppendOnlyFile.open(path) {
        case .success(let opened): descriptor = opened
        case .failure(let error):
            throw AuditLogError(
                path: path, cause: error.message,
                fix: AppendOnlyFile.openFix(error, path: path, example: "switchboard-audit.jsonl"))
        }
        self.output = .file(path: path)
        self.onFailure = onFailure
        self.state = Mutex(
            State(descriptor: descriptor, throttle: MalformedFrameThrottle(interval: malformedFrameInterval)))
    }

    /// Hands each line, with its line break, to `write`: a `TextOutputStream`, standard error, a
    /// test's buffer. An error `write` throws is reported like a failed file write.
    public init(
        write: @escaping @Sendable (String) throws -> Void, malformedFrameInterval: Duration = .seconds(60),
        onFailure: @escaping @Sendable (AuditLogError) -> Void
    ) {
        self.output = .sink(write)
        self.onFailure = onFailure
        self.state = Mutex(State(descriptor: -1, throttle: MalformedFrameThrottle(interval: malformedFrameInterval)))
    }

    deinit {
        state.withLock { state in
            if state.descriptor >= 0 { AppendOnlyFile.close(state.descriptor) }
        }
    }

    /// Lines written so far.
    public var linesWritten: Int { state.withLock { $0.written } }
    /// Records that could not be written.
    public var linesLost: Int { state.withLock { $0.lost } }
    /// The first failure, if any.
    public var failure: AuditLogError? { state.withLock { $0.failure } }
    /// `frames.malformed` records not written because one of their slot and kind was written
    /// within the interval (the next one written carries their count).
    public var linesHeldBack: Int { state.withLock { $0.throttle.heldBack } }

    /// Appends one record.
    public func append(_ record: AuditRecord) {
        let line = record.jsonLine() + "\n"
        let reported: AuditLogError? = state.withLock { state in
            guard state.throttle.admits(record) else { return nil }
            let error: AuditLogError?
            switch output {
            case .file(let path): error = Self.write(line, to: state.descriptor, path: path)
            case .sink(let write):
                do {
                    try write(line)
                    error = nil
                } catch {
                    return Self.note(
                        AuditLogError(
                            path: nil, cause: String(describing: error),
                            fix: "Records are lost until the sink accepts them again."),
                        in: &state)
                }
            }
            guard let error else {
                state.written += 1
                return nil
            }
            return Self.note(error, in: &state)
        }
        // Outside the lock: the handler may log, or even append.
        if let reported { onFailure(reported) }
    }

    /// Appends the record of a health event.
    public func record(_ health: HealthEvent) { append(AuditRecord(health)) }

    /// Appends the record of a health item of the notification stream; events are not audited.
    public func record(_ item: NotificationEvent) {
        if case .health(let health) = item { record(health) }
    }

    /// Appends a `sink.failed` record: `sink` could not deliver, `dropped` events are lost to it,
    /// `queued` are still held for it.
    public func recordSinkFailure(sink: String, reason: String, dropped: Int, queued: Int, at time: Date = Date()) {
        append(.sinkFailed(sink: sink, reason: reason, dropped: dropped, queued: queued, at: time))
    }

    /// Appends a `shutdown` record.
    public func recordShutdown(reason: String? = nil, at time: Date = Date()) {
        append(.shutdown(at: time, reason: reason))
    }

    /// Closes the file; later records are counted as lost. Closing twice does nothing.
    public func close() {
        state.withLock { state in
            if state.descriptor >= 0 { AppendOnlyFile.close(state.descriptor) }
            state.descriptor = -1
        }
    }

    /// Counts the loss; returns the error only the first time, for reporting.
    private static func note(_ error: AuditLogError, in state: inout State) -> AuditLogError? {
        state.lost += 1
        guard state.failure == nil else { return nil }
        state.failure = error
        return error
    }

    private static func write(_ line: String, to descriptor: Int32, path: String) -> AuditLogError? {
        guard descriptor >= 0 else {
            return AuditLogError(
                path: path, cause: "the log was closed", fix: "Records appended after close are lost.")
        }
        guard let error = AppendOnlyFile.writeAll(Array(line.utf8), to: descriptor) else { return nil }
        return AuditLogError(path: path, cause: error.message, fix: writeFix(error))
    }

    private static func writeFix(_ error: AppendOnlyFile.SystemError) -> String {
        if error.isDiskFull {
            return
                "Records are lost until there is room: free space on that disk, or restart with a path on another one."
        }
        return "Records are lost until writing works again: check the disk, or restart with another path."
    }
}
