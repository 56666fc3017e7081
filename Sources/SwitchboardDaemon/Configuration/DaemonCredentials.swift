import GenesysCloud

/// The OAuth client the daemon logs in with, and where it was found.
///
/// Printing it (`description`, `debugDescription`, `dump`) shows the client id shortened and
/// never the secret.
public struct DaemonCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// Where the credentials came from.
    public enum Origin: Sendable, Hashable, CustomStringConvertible {
        /// `GENESYSCLOUD_OAUTHCLIENT_ID` and `GENESYSCLOUD_OAUTHCLIENT_SECRET`.
        case environment
        /// The file named by `credentials.file`.
        case file(String)

        public var description: String {
            switch self {
            case .environment: "the environment"
            case .file(let path): path
            }
        }
    }

    public let client: ClientCredentials
    public let origin: Origin

    public init(client: ClientCredentials, origin: Origin) {
        self.client = client
        self.origin = origin
    }

    public var description: String { "\(client) from \(origin)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["client": client.description, "origin": origin.description], displayStyle: .struct)
    }
}
