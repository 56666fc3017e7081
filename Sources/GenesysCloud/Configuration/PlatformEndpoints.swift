import Foundation

/// The base URLs a client talks to: the REST API and the OAuth login service.
///
/// Built from a ``Region`` for the real service, or given explicitly for the emulator, a proxy or
/// an API gateway (the Genesys SDKs' "gateway configuration" serves the same need).
public struct PlatformEndpoints: Sendable, Hashable, CustomStringConvertible {
    /// Base of every `/api/v2/...` path, without a trailing slash.
    public let apiBaseURL: String
    /// Base of `/oauth/token`, without a trailing slash.
    public let loginBaseURL: String

    public init(region: Region) {
        self.apiBaseURL = "https://\(region.apiHost)"
        self.loginBaseURL = "https://\(region.loginHost)"
    }

    /// Explicit URLs. When only the API URL is given, the login URL is derived from it the way the
    /// official SDKs do: an `api.` host becomes `login.`; any other host (an emulator on
    /// `127.0.0.1`, say) serves login itself.
    public init(apiURL: String, loginURL: String? = nil) throws(EndpointError) {
        let api = try Self.normalised(apiURL, option: "--api-url")
        self.apiBaseURL = api
        if let loginURL {
            self.loginBaseURL = try Self.normalised(loginURL, option: "--login-url")
        } else {
            self.loginBaseURL = api.replacingOccurrences(of: "//api.", with: "//login.")
        }
    }

    public var description: String { "API \(apiBaseURL), login \(loginBaseURL)" }

    private static func normalised(_ text: String, option: String) throws(EndpointError) -> String {
        var url = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while url.hasSuffix("/") { url.removeLast() }
        guard let components = URLComponents(string: url),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else {
            throw EndpointError(input: text, option: option)
        }
        return url
    }
}

/// A base URL that is not an absolute `http` or `https` URL.
public struct EndpointError: Error, Sendable, Equatable, CustomStringConvertible {
    public let input: String
    public let option: String

    public var description: String {
        "'\(input)' is not a usable \(option): give an absolute http:// or https:// URL such as "
            + "https://api.mypurecloud.com or http://127.0.0.1:8081."
    }
}
