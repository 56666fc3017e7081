/// A bearer token and the moment it stops being valid.
public struct AccessToken: Sendable, Hashable, CustomStringConvertible {
    public let value: String
    public let expiresAt: ContinuousClock.Instant

    public init(value: String, expiresAt: ContinuousClock.Instant) {
        self.value = value
        self.expiresAt = expiresAt
    }

    public var description: String { "bearer token (redacted)" }
}

/// The body of a successful `POST /oauth/token`.
struct OAuthTokenResponse: Decodable, Sendable {
    let accessToken: String
    let tokenType: String?
    let expiresIn: Int

    enum CodingKeys: String, CodingKey {
        case accessToken = "access_token"
        case tokenType = "token_type"
        case expiresIn = "expires_in"
    }
}

/// The OAuth-style error body of the login service: `{"error", "description", "error_description"}`.
public struct OAuthErrorBody: Codable, Sendable, Hashable {
    public let error: String?
    public let description: String?
    public let errorDescription: String?

    enum CodingKeys: String, CodingKey {
        case error
        case description
        case errorDescription = "error_description"
    }
}
