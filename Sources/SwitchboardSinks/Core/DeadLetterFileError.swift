/// A dead letter file that cannot be opened or written, with the path and what to do.
public struct DeadLetterFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// The system's reason (`permission denied`).
    public let reason: String
    public let description: String

    init(path: String, reason: String, description: String) {
        self.path = path
        self.reason = reason
        self.description = description
    }

    static func open(path: String, errno code: Int32) -> DeadLetterFileError {
        let reason = String(cString: strerror(code)).lowercased()
        let fix: String
        switch code {
        case ENOENT: fix = "create its directory, or choose a path in an existing one"
        case EACCES, EPERM, EROFS: fix = "make the directory writable by this process, or choose another path"
        case EISDIR: fix = "it is a directory: name a file inside it instead"
        default: fix = "check the path and the disk"
        }
        return DeadLetterFileError(
            path: path, reason: reason,
            description: "cannot open dead letter file \(path): \(reason); \(fix). Given-up deliveries are kept "
                + "nowhere until it can be opened.")
    }

    static func write(path: String, errno code: Int32) -> DeadLetterFileError {
        let reason = String(cString: strerror(code)).lowercased()
        return DeadLetterFileError(
            path: path, reason: reason,
            description: "cannot append to dead letter file \(path): \(reason); free disk space or check the "
                + "file's permissions. The given-up deliveries are in the log only.")
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
