import Foundation
import GenesysNotifications
import StreamBatching

/// A recording played back as a ``RuntimeSource``: its envelopes in order, at maximum speed or
/// at the pace they were received (scaled by `speed`).
///
/// The whole file is read and checked before anything plays, so a bad line stops the replay
/// at once with its line number rather than half-way through.
public struct RecordingReplay: RuntimeSource {
    public enum Pace: Sendable, Hashable {
        /// As fast as the pipeline takes them.
        case maximum
        /// The recorded gaps between receipts, divided by `speed` (2 = twice as fast).
        case recorded(speed: Double)
    }

    public let frames: [NotificationEnvelope]
    public let pace: Pace
    public let events: BatchedStream<NotificationEvent>
    public var channels: [ChannelStatus] { [] }
    private let continuation: BatchedStream<NotificationEvent>.Continuation

    /// Reads `path`. Throws a ``RecordingFileError`` naming the file, the line and the problem.
    public init(path: String, pace: Pace = .maximum) throws(RecordingFileError) {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw RecordingFileError(
                path: path, line: nil,
                problem:
                    "cannot be read (\((error as NSError).localizedDescription)); give the file `switchboard record --out` wrote"
            )
        }
        var frames: [NotificationEnvelope] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
        where !line.allSatisfy(\.isWhitespace) {
            do {
                frames.append(try RecordedFrame(line: String(line)).envelope)
            } catch {
                throw RecordingFileError(path: path, line: index + 1, problem: error.description)
            }
        }
        self.frames = frames
        self.pace = pace
        (events, continuation) = BatchedStream.makeStream(of: NotificationEvent.self)
    }

    /// Plays the frames into ``events``, then finishes it. Cancellation stops early.
    public func play() async {
        defer { continuation.finish() }
        var previous: Date?
        for envelope in frames {
            if Task.isCancelled { return }
            if case .recorded(let speed) = pace, let previous {
                let wait = envelope.receivedAt.timeIntervalSince(previous) / max(speed, 0.000_001)
                if wait > 0 { try? await Task.sleep(for: .milliseconds(Int64(wait * 1000))) }
            }
            previous = envelope.receivedAt
            continuation.yield(.event(envelope))
        }
    }
}

/// A recording that cannot be replayed: the file, the line (from 1) and what is wrong.
public struct RecordingFileError: Error, CustomStringConvertible {
    public let path: String
    public let line: Int?
    public let problem: String

    public var description: String {
        "\(path)\(line.map { ":\($0)" } ?? ""): \(problem)"
            + (line == nil ? "" : "; each line must be one recorded frame as `switchboard record` writes it")
    }
}
