import Foundation

/// Reads a secret named by a pair of settings, a file (`secretFile`, `passwordFile`) or an
/// environment variable (`secretEnv`, `passwordEnv`), at start-up, so a missing or unreadable
/// secret stops the daemon before it connects anywhere.
enum SecretReading {
    enum Outcome {
        /// Neither setting is given.
        case absent
        case found(String)
        /// A problem was reported.
        case failed
    }

    /// Secrets are short; a larger file is the wrong file.
    static let fileLimit = 65_536

    static func read(
        file fileKey: String, env envKey: String, in section: SectionReader, what: String,
        environment: [String: String]
    ) -> Outcome {
        let file = section.value(fileKey)
        let variable = section.value(envKey)
        switch (file, variable) {
        case (nil, nil):
            return .absent
        case (_?, let variable?):
            variable.log.report(variable.origin, variable.path, "\(fileKey) and \(envKey) are both set: keep one.")
            return .failed
        case (let file?, nil):
            guard let path = file.text(describing: "the path of a file holding \(what)") else { return .failed }
            switch TextFile.contents(of: path, limit: fileLimit, privately: true) {
            case .success(let text):
                let secret = text.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !secret.isEmpty else {
                    file.log.report(file.origin, file.path, "\(path) is empty: write \(what) in it.")
                    return .failed
                }
                return .found(secret)
            case .failure(let failure):
                file.log.report(file.origin, file.path, failure.message(path: path))
                return .failed
            }
        case (nil, let variable?):
            guard let name = environmentVariableName(variable) else { return .failed }
            variable.log.referencedVariables.insert(name)
            let secret = environment[name]?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            guard !secret.isEmpty else {
                variable.log.report(
                    variable.origin, variable.path,
                    "\(name) is not set in the environment: set it to \(what), or name a file with \(fileKey).")
                return .failed
            }
            return .found(secret)
        }
    }

    /// A POSIX environment variable name, or nil after reporting it.
    static func environmentVariableName(_ value: SettingValue) -> String? {
        guard let name = value.text(describing: "the name of an environment variable") else { return nil }
        let valid =
            name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        guard valid else {
            return value.fail(
                "\(value.shown) is not an environment variable name: use letters, digits and _, such as "
                    + "SWITCHBOARD_WEBHOOK_SECRET; the secret itself goes in the environment, not here.")
        }
        return name
    }
}
