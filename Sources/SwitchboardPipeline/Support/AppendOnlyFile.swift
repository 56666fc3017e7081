import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The system calls behind every file Switchboard appends to (the audit log, JSON-lines sinks,
/// dead letters): opened once in append mode and created owner-only, since they name users,
/// queues and customers; each write retried until all its bytes are out, so a line is never
/// left half-written by a signal or a short write.
package enum AppendOnlyFile {
    /// Opens `path` for appending, creating it with permissions 0600 (an existing file keeps its
    /// own). The descriptor, or the error number.
    package static func open(_ path: String) -> Result<Int32, SystemError> {
        let descriptor = systemOpen(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, mode_t(0o600))
        return descriptor >= 0 ? .success(descriptor) : .failure(SystemError(code: errno))
    }

    /// The file's size now, 0 when it cannot be read.
    package static func size(of descriptor: Int32) -> Int {
        var status = stat()
        return fstat(descriptor, &status) == 0 ? Int(status.st_size) : 0
    }

    /// Writes all of `bytes`, retrying after a signal or a short write; nil once written, or the
    /// error number of the failure.
    package static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> SystemError? {
        var offset = 0
        while offset < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                systemWrite(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if count < 0 {
                let code = errno
                if code == EINTR { continue }
                return SystemError(code: code)
            }
            offset += count
        }
        return nil
    }

    package static func close(_ descriptor: Int32) {
        _ = systemClose(descriptor)
    }

    /// What to do when `path` cannot be opened with `error`; `example` names a file for the case
    /// where the path is a directory (`events.jsonl`).
    package static func openFix(_ error: SystemError, path: String, example: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        switch error.code {
        case ENOENT:
            return
                "Create the directory \(directory.isEmpty ? "." : directory) first, or give a path in an existing one."
        case EACCES, EPERM, EROFS:
            return "Give a path you can write to, or fix the permissions of the file or its directory."
        case EISDIR:
            return "The path is a directory: name a file in it, such as \(path)/\(example)."
        case ENOSPC, EDQUOT:
            return "Free space on that disk, or give a path on another one."
        default:
            return "Check the path, its directory and the disk."
        }
    }

    /// An error number from a failed call, with the system's words for it.
    package struct SystemError: Error, Sendable, Hashable {
        package let code: Int32

        package var message: String { String(cString: strerror(code)) }

        package var isDiskFull: Bool { code == ENOSPC || code == EDQUOT }
    }
}

// The C functions under names that types with their own `open`, `write` or `close` do not shadow.
#if canImport(Darwin)
    private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Darwin.open(path, flags, mode) }
    private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
        Darwin.write(descriptor, bytes, count)
    }
    private func systemClose(_ descriptor: Int32) -> Int32 { Darwin.close(descriptor) }
#elseif canImport(Musl)
    private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Musl.open(path, flags, mode) }
    private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
        Musl.write(descriptor, bytes, count)
    }
    private func systemClose(_ descriptor: Int32) -> Int32 { Musl.close(descriptor) }
#else
    private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 { Glibc.open(path, flags, mode) }
    private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
        Glibc.write(descriptor, bytes, count)
    }
    private func systemClose(_ descriptor: Int32) -> Int32 { Glibc.close(descriptor) }
#endif
