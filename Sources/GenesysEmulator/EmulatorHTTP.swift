import Foundation

/// A request as the emulator's core sees it, independent of the HTTP server.
public struct EmulatorRequest: Sendable {
    public var method: String
    public var path: String
    public var query: [(name: String, value: String)]
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(
        method: String, path: String, query: [(name: String, value: String)] = [],
        headers: [(name: String, value: String)] = [], body: [UInt8] = []
    ) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Every value of a query parameter, with comma-separated lists split (the platform accepts both
    /// `id=a&id=b` and `id=a,b`).
    public func queryValues(_ name: String) -> [String] {
        query.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }
            .flatMap { $0.value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty }
    }

    public func queryValue(_ name: String) -> String? { queryValues(name).first }
}

public struct EmulatorResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    static func json(_ status: Int, _ value: WireJSON) -> EmulatorResponse {
        EmulatorResponse(status: status, headers: [("Content-Type", "application/json")], body: value.compacted.bytes)
    }

    /// The platform's error body.
    static func platformError(
        _ status: Int, code: String, message: String, contextId: String = RandomIdentifier.make()
    )
        -> EmulatorResponse
    {
        json(
            status,
            [
                "message": .string(message), "code": .string(code), "status": .int(status),
                "messageWithParams": .string(message), "messageParams": [:], "contextId": .string(contextId),
                "details": [], "errors": [],
            ])
    }

    /// The login service's OAuth-style error body.
    static func oauthError(_ status: Int, error: String, description: String) -> EmulatorResponse {
        json(
            status,
            ["error": .string(error), "description": .string(description), "error_description": .string(description)])
    }
}

/// A failure a handler turns into an error response.
struct EmulatorFailure: Error {
    let response: EmulatorResponse

    static func badRequest(_ message: String, code: String = "bad.request") -> EmulatorFailure {
        EmulatorFailure(response: .platformError(400, code: code, message: message))
    }
    static func notFound(_ message: String) -> EmulatorFailure {
        EmulatorFailure(response: .platformError(404, code: "not.found", message: message))
    }
}
