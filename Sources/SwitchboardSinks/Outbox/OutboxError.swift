#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An ``Outbox`` file that cannot be opened or used, with the path and what to do.
public enum OutboxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The directory that should hold the file does not exist.
    case missingDirectory(path: String, directory: String)
    /// The file cannot be created or opened for reading and writing (`errno`).
    case cannotOpen(path: String, errno: Int32)
    /// The file exists but is not an outbox: not SQLite at all, or another program's database.
    case notAnOutbox(path: String, detail: String)
    /// The file was written by a newer Switchboard, whose schema this one does not know.
    case newerSchema(path: String, migrations: [String])
    /// SQLite failed while reading or writing the file.
    case database(path: String, detail: String)
    /// The outbox was closed (``Outbox/close()``) before this call.
    case closed(path: String)

    public var description: String {
        switch self {
        case .missingDirectory(let path, let directory):
            return "outbox \(path): the directory \(directory) does not exist; create it (mkdir -p \(directory)) "
                + "or point the outbox elsewhere"
        case .cannotOpen(let path, let code):
            let reason = String(cString: strerror(code))
            let fix =
                code == EISDIR
                ? "the path is a directory; name a file inside it"
                : "check that the user running Switchboard may read and write it and its directory"
            return "outbox \(path) cannot be opened: \(reason); \(fix)"
        case .notAnOutbox(let path, let detail):
            return "\(path) is not a Switchboard outbox (\(detail)); move it away or point the outbox at another "
                + "file. An outbox file is only ever written by Switchboard"
        case .newerSchema(let path, let migrations):
            return "outbox \(path) was written by a newer Switchboard (unknown schema steps: "
                + "\(migrations.joined(separator: ", "))); run that version to drain it, or point this one at "
                + "another file"
        case .database(let path, let detail):
            return "outbox \(path): \(detail)"
        case .closed(let path):
            return "outbox \(path) was used after close(); open it again"
        }
    }
}
