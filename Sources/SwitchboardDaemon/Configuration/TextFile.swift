import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads the configuration file and the secret files it names, with the reason and the fix when
/// one cannot be read.
enum TextFile {
    enum Failure: Error, Equatable {
        case missing
        case notPermitted
        case notARegularFile
        case tooLarge(limit: Int)
        case notUTF8
        case exposed(mode: mode_t)
        case other(String)

        /// What is wrong with `path`, and the fix; `naming` starts with the path (for files the
        /// configuration names; a problem with the configuration file itself is already located
        /// by it).
        func message(path: String, naming: Bool = true) -> String {
            let subject = naming ? "\(path) " : ""
            return switch self {
            case .missing:
                "\(subject)does not exist: check the path."
            case .notPermitted:
                "\(subject)cannot be read (permission denied): let the user the daemon runs as read it."
            case .notARegularFile:
                "\(subject)is not a regular file: give the path of a file."
            case .tooLarge(let limit):
                "\(subject)is larger than \(limit) bytes: check that it is the right file."
            case .notUTF8:
                "\(subject)is not UTF-8 text: save it as UTF-8."
            case .exposed(let mode):
                "\(subject)can be read or changed by other users (mode \(String(mode & 0o777, radix: 8))): run "
                    + "chmod 600 \(path)."
            case .other(let reason):
                "\(subject)cannot be read (\(reason))."
            }
        }
    }

    /// The file's text. With `privately`, the file must give no access to group or others, as a
    /// file holding a secret should.
    static func contents(of path: String, limit: Int, privately: Bool = false) -> Result<String, Failure> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(failure(errno)) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return .failure(failure(errno)) }
        guard (status.st_mode & S_IFMT) == S_IFREG else { return .failure(.notARegularFile) }
        if privately, status.st_mode & 0o077 != 0 { return .failure(.exposed(mode: status.st_mode)) }
        guard status.st_size <= limit else { return .failure(.tooLarge(limit: limit)) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(failure(errno))
            }
            bytes += chunk[..<count]
            guard bytes.count <= limit else { return .failure(.tooLarge(limit: limit)) }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(.notUTF8) }
        return .success(text)
    }

    private static func failure(_ code: Int32) -> Failure {
        switch code {
        case ENOENT, ENOTDIR: .missing
        case EACCES, EPERM: .notPermitted
        case EISDIR: .notARegularFile
        default: .other(String(cString: strerror(code)))
        }
    }
}
