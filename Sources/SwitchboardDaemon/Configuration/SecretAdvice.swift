/// Where a secret goes instead of the configuration file, which is copied, committed and printed.
enum SecretAdvice {
    static let credentials =
        "OAuth credentials are never written in the configuration file: set GENESYSCLOUD_OAUTHCLIENT_ID and "
        + "GENESYSCLOUD_OAUTHCLIENT_SECRET in the environment, or name a file holding them with credentials.file "
        + "(chmod 600)."
    static let webhook =
        "a web hook secret is never written in the configuration file: put it in a file named by secretFile "
        + "(chmod 600), or in an environment variable named by secretEnv."
    static let redis =
        "a Redis password is never written in the configuration file: put it in a file named by passwordFile "
        + "(chmod 600), or in an environment variable named by passwordEnv."
    static let general =
        "secrets are never written in the configuration file: OAuth credentials go in GENESYSCLOUD_OAUTHCLIENT_ID "
        + "and GENESYSCLOUD_OAUTHCLIENT_SECRET or the file named by credentials.file; a web hook secret in "
        + "secretFile or secretEnv; a Redis password in passwordFile or passwordEnv."

    /// The advice for a secret-looking `key` found in the section at `path`.
    static func message(forKey key: String, at path: SettingPath, sinkType: String? = nil) -> String {
        let normalised = key.lowercased().filter { $0 != "_" && $0 != "-" }
        if normalised.contains("client") { return credentials }
        switch sinkType {
        case "webhook": return webhook
        case "redis": return redis
        default: break
        }
        if case .key(let first)? = path.components.first, first == "credentials" || first == "platform" {
            return credentials
        }
        return general
    }
}
