import Foundation
import SwitchboardPipeline
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes each delivery's JSON object as one line, to standard output or to a file that is
/// rotated by size.
///
/// A batch goes out in one `write` (lines never interleave with another writer's). A file is
/// created with permissions 0600, since events name customers' addresses. When a write would take
/// the file past ``Destination/file(path:rotateAtBytes:keep:)``'s size, the file is renamed to
/// `path.1` (an older `path.1` to `path.2`, and so on, the oldest beyond `keep` deleted) and a new
/// one started; a batch is never split across files.
public final class JSONLinesSink: Sink {
    public enum Destination: Sendable, Hashable {
        case standardOutput
        /// `rotateAtBytes` nil: never rotate. `keep`: rotated files kept besides the current one.
        case file(path: String, rotateAtBytes: Int? = nil, keep: Int = 5)
    }

    public let name: String
    public let destination: Destination
    private let state: Mutex<State>

    private struct State {
        var descriptor: Int32
        var size: Int
    }

    /// Opens the destination. Throws a ``SinkSetupError`` naming the path and the fix when the file
    /// cannot be opened, so a daemon stops at start-up rather than losing events later.
    /// `name` labels the sink in logs and metrics; by default `jsonl:stdout` or `jsonl:<path>`.
    public init(_ destination: Destination, name: String? = nil) throws(SinkSetupError) {
        self.destination = destination
        switch destination {
        case .standardOutput:
            self.name = name ?? "jsonl:stdout"
            state = Mutex(State(descriptor: STDOUT_FILENO, size: 0))
        case .file(let path, _, _):
            self.name = name ?? "jsonl:\(path)"
            let (descriptor, size) = try Self.openFile(path)
            state = Mutex(State(descriptor: descriptor, size: size))
        }
    }

    deinit {
        state.withLock { state in
            if case .file = destination, state.descriptor >= 0 { AppendOnlyFile.close(state.descriptor) }
        }
    }

    public func deliver(_ batch: [Delivery]) async throws {
        var text = ""
        text.reserveCapacity(batch.reduce(0) { $0 + $1.json.utf8.count + 1 })
        for delivery in batch {
            text += delivery.json
            text += "\n"
        }
        let bytes = Array(text.utf8)
        try state.withLock { state throws(SinkWriteError) in
            if case .file(let path, let limit?, let keep) = destination, state.size > 0,
                state.size + bytes.count > limit
            {
                try Self.rotate(path, keep: keep, state: &state)
            }
            try Self.writeAll(bytes, to: state.descriptor, name: name)
            state.size += bytes.count
        }
    }

    /// Bytes in the current file (0 for standard output).
    public var currentSize: Int { state.withLock { $0.size } }

    // MARK: - Files

    private static func openFile(_ path: String) throws(SinkSetupError) -> (Int32, Int) {
        switch AppendOnlyFile.open(path) {
        case .success(let descriptor): return (descriptor, AppendOnlyFile.size(of: descriptor))
        case .failure(let error):
            throw SinkSetupError(
                sink: "jsonl:\(path)", cause: error.message,
                fix: AppendOnlyFile.openFix(error, path: path, example: "events.jsonl"))
        }
    }

    private static func rotate(_ path: String, keep: Int, state: inout State) throws(SinkWriteError) {
        AppendOnlyFile.close(state.descriptor)
        state.descriptor = -1
        if keep > 0 {
            unlink("\(path).\(keep)")
            if keep > 1 {
                for index in stride(from: keep - 1, through: 1, by: -1) {
                    rename("\(path).\(index)", "\(path).\(index + 1)")
                }
            }
            rename(path, "\(path).1")
        } else {
            unlink(path)
        }
        do {
            let (descriptor, size) = try openFile(path)
            state.descriptor = descriptor
            state.size = size
        } catch {
            throw SinkWriteError(sink: "jsonl:\(path)", cause: error.cause, fix: error.fix)
        }
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, name: String) throws(SinkWriteError) {
        guard descriptor >= 0 else {
            throw SinkWriteError(sink: name, cause: "the file is not open", fix: "Check the previous error for why.")
        }
        guard let error = AppendOnlyFile.writeAll(bytes, to: descriptor) else { return }
        throw SinkWriteError(
            sink: name, cause: error.message,
            fix: error.isDiskFull
                ? "Free space on that disk; deliveries are retried meanwhile."
                : "Check the file and its disk; deliveries are retried meanwhile.")
    }
}

/// A sink that cannot start: which sink, why, and what to do.
public struct SinkSetupError: Error, Sendable, Hashable, CustomStringConvertible {
    public let sink: String
    public let cause: String
    public let fix: String

    public init(sink: String, cause: String, fix: String) {
        self.sink = sink
        self.cause = cause
        self.fix = fix
    }

    public var description: String { "sink \(sink): \(cause). \(fix)" }
}

/// A write that failed; the queue retries it.
public struct SinkWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    public let sink: String
    public let cause: String
    public let fix: String

    public var description: String { "sink \(sink): \(cause). \(fix)" }
}
