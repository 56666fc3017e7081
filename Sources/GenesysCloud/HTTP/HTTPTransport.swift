import Foundation

/// One HTTP exchange, as the REST client sees it.
public struct HTTPRequestData: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?

    public init(method: String, url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct HTTPResponseData: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// Failures below HTTP: the request never got an answer.
public enum TransportError: Error, Sendable, Equatable {
    /// No connection could be made: nothing was sent, so any request may be retried.
    case couldNotConnect(String)
    /// Every connection of the client's pool stayed busy until the wait for one ran out: the
    /// process has more requests in flight than connections, and nothing was sent.
    case noFreeConnection
    case timedOut
    /// The connection broke; the request may or may not have been executed.
    case connectionFailed(String)
}

/// Sends one request and returns the whole answer. The seam between the REST client's policy
/// (auth, retries, budget) and the bytes on the wire.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequestData, timeout: Duration) async throws -> HTTPResponseData
}
