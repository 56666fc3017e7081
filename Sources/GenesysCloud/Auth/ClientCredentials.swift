import Foundation

/// An OAuth client's id and secret (the client-credentials grant).
///
/// The secret never appears in `description`, `debugDescription` or logs.
public struct ClientCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    public let clientId: String
    public let clientSecret: String

    public init(clientId: String, clientSecret: String) throws(CredentialsError) {
        let id = clientId.trimmingCharacters(in: .whitespacesAndNewlines)
        let secret = clientSecret.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !id.isEmpty else { throw .missingClientId }
        guard !secret.isEmpty else { throw .missingClientSecret }
        guard !id.contains(":") else { throw .colonInClientId }
        self.clientId = id
        self.clientSecret = secret
    }

    public var description: String { "client \(clientId.redactedIdentifier)" }
    public var debugDescription: String { description }
}

/// Credentials that cannot be sent at all.
public enum CredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingClientId
    case missingClientSecret
    case colonInClientId

    public var description: String {
        switch self {
        case .missingClientId:
            "No OAuth client id given: set GENESYSCLOUD_OAUTHCLIENT_ID to the id of a client-credentials OAuth client."
        case .missingClientSecret:
            "No OAuth client secret given: set GENESYSCLOUD_OAUTHCLIENT_SECRET to that client's secret."
        case .colonInClientId:
            "The OAuth client id contains ':', which Basic authentication cannot carry: check that GENESYSCLOUD_OAUTHCLIENT_ID holds only the id."
        }
    }
}

extension String {
    /// The first eight characters and a mark, enough to tell identifiers apart in logs without
    /// giving away a capability (a channel id alone grants its stream).
    package var redactedIdentifier: String {
        // Channel ids read `streaming-<n>-<26 random characters>`: keep the fixed part and four
        // characters of the random part.
        if hasPrefix("streaming-"), let dash = dropFirst(10).firstIndex(of: "-") {
            return "\(self[...dash])\(self[index(after: dash)...].prefix(4))…"
        }
        return count <= 8 ? "\(prefix(2))…" : "\(prefix(8))…"
    }
}
