/// The platform's error body, returned by every `/api/v2` failure.
public struct ErrorBody: Codable, Sendable, Hashable {
    public var message: String?
    public var code: String?
    public var status: Int?
    public var messageWithParams: String?
    public var messageParams: [String: String]?
    public var contextId: String?
    public var entityId: String?
    public var entityName: String?
    public var details: [JSONValue]?
    public var errors: [JSONValue]?

    public init(message: String? = nil, code: String? = nil, status: Int? = nil, contextId: String? = nil) {
        self.message = message
        self.code = code
        self.status = status
        self.contextId = contextId
    }
}
