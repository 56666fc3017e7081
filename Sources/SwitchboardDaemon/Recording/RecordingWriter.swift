import Foundation
import GenesysNotifications
import SwitchboardPipeline
import Synchronization

/// Appends envelopes to a recording, one ``RecordedFrame`` line each, to a file created
/// owner-only (0600: events name customers). Each line goes out in one write, so a recording cut
/// short by a crash ends with whole lines.
public final class RecordingWriter: Sendable {
    public let path: String
    private let descriptor: Mutex<Int32>

    /// Opens (or creates) `path` for appending. The error names the path and the fix.
    public init(path: String) throws(RecordingFileError) {
        self.path = path
        switch AppendOnlyFile.open(path) {
        case .success(let descriptor): self.descriptor = Mutex(descriptor)
        case .failure(let error):
            throw RecordingFileError(
                path: path, line: nil,
                problem: "cannot be opened for writing (\(error.message)). "
                    + AppendOnlyFile.openFix(error, path: path, example: "recording.jsonl"))
        }
    }

    deinit { close() }

    /// Appends one envelope.
    public func append(_ envelope: NotificationEnvelope) throws(RecordingFileError) {
        let bytes = Array((RecordedFrame(envelope).line + "\n").utf8)
        let failure = descriptor.withLock { descriptor in
            descriptor < 0 ? nil : AppendOnlyFile.writeAll(bytes, to: descriptor)
        }
        if let failure {
            throw RecordingFileError(
                path: path, line: nil,
                problem: "cannot be written (\(failure.message))"
                    + (failure.isDiskFull ? "; free space on that disk" : ""))
        }
    }

    public func close() {
        descriptor.withLock { descriptor in
            if descriptor >= 0 { AppendOnlyFile.close(descriptor) }
            descriptor = -1
        }
    }
}
