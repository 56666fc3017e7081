import Foundation
import GenesysCloud

/// Finds the OAuth client credentials: `GENESYSCLOUD_OAUTHCLIENT_ID` and
/// `GENESYSCLOUD_OAUTHCLIENT_SECRET` in the environment first, else the file named by
/// `credentials.file` (lines `KEY=value`, `#` comments and blank lines allowed). The file is
/// read only when the environment does not hold both.
enum CredentialsReading {
    static let idVariable = "GENESYSCLOUD_OAUTHCLIENT_ID"
    static let secretVariable = "GENESYSCLOUD_OAUTHCLIENT_SECRET"

    static func read(_ section: SectionReader, environment: [String: String]) -> DaemonCredentials? {
        let log = section.log
        let id = nonEmpty(environment[idVariable])
        let secret = nonEmpty(environment[secretVariable])
        switch (id, secret) {
        case (let id?, let secret?):
            return credentials(
                id, secret, origin: .environment, report: { log.report(.environment(idVariable), nil, $0) })
        case (_?, nil), (nil, _?):
            let (set, missing) = id != nil ? (idVariable, secretVariable) : (secretVariable, idVariable)
            log.report(
                .environment(set), nil,
                "\(set) is set but \(missing) is not: set both, or neither to read them from credentials.file.")
            return nil
        case (nil, nil):
            break
        }
        guard let fileValue = section.value("file") else {
            log.report(
                section.origin, section.path,
                "no OAuth client credentials: set \(idVariable) and \(secretVariable) in the environment, or name a "
                    + "file holding them with credentials.file.")
            return nil
        }
        guard let path = fileValue.text(describing: "the path of the credentials file") else { return nil }
        let text: String
        switch TextFile.contents(of: path, limit: SecretReading.fileLimit, privately: true) {
        case .success(let contents): text = contents
        case .failure(let failure): return fileValue.fail(failure.message(path: path))
        }
        var values: [String: String] = [:]
        for (number, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)).trimmingCharacters(in: .whitespaces) }
            // The line is never quoted in a message: it may hold the secret.
            guard let equals = line.firstIndex(of: "=") else {
                return fileValue.fail(
                    "line \(number + 1) of \(path) is not KEY=value: write \(idVariable)=... and \(secretVariable)=... lines."
                )
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            values[key] = unquoted(line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces))
        }
        var missing: [String] = []
        for key in [idVariable, secretVariable] where nonEmpty(values[key]) == nil { missing.append(key) }
        guard missing.isEmpty, let id = values[idVariable], let secret = values[secretVariable] else {
            var message = "\(path) has no \(Suggestion.list(missing, conjunction: "and")) line"
            let others = values.keys.filter { ![idVariable, secretVariable].contains($0) }.sorted()
            if let first = missing.first, let suggestion = Suggestion.closest(to: first, among: others) {
                message += " (\(suggestion) is there: a misspelling?)"
            }
            return fileValue.fail(message + ": write \(idVariable)=... and \(secretVariable)=... lines.")
        }
        return credentials(
            id, secret, origin: .file(path), report: { fileValue.log.report(fileValue.origin, fileValue.path, $0) })
    }

    private static func credentials(
        _ id: String, _ secret: String, origin: DaemonCredentials.Origin, report: (String) -> Void
    ) -> DaemonCredentials? {
        do {
            return DaemonCredentials(client: try ClientCredentials(clientId: id, clientSecret: secret), origin: origin)
        } catch {
            report(error.description)
            return nil
        }
    }

    private static func nonEmpty(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    /// `"value"` or `'value'` as environment files write them.
    private static func unquoted(_ text: String) -> String {
        guard text.count >= 2, let first = text.first, first == "\"" || first == "'", text.last == first else {
            return text
        }
        return String(text.dropFirst().dropLast())
    }
}
