import AsyncHTTPClient
import Crypto
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Posts each batch to a web hook as one JSON array.
///
/// ## The request
/// `POST` to ``WebhookConfiguration/url`` with body `[<delivery json>,<delivery json>,…]`: each
/// ``Delivery/json`` exactly as it is, in order, so a receiver sees the bytes the pipeline wrote.
/// Headers:
/// - `Content-Type: application/json`
/// - `Idempotency-Key`: the lowercase hex SHA-256 of the batch's delivery keys. A batch offered
///   again after a failure has the same keys and so the same value; receivers should still
///   de-duplicate on each delivery's `key`, since a batch after a restart may be cut differently.
/// - `X-Switchboard-Timestamp`: when the request was made, in Unix seconds.
/// - `X-Switchboard-Signature: sha256=<hex>`, with a ``WebhookConfiguration/secret`` only.
///
/// ## Verifying a request
/// The signature is the lowercase hex HMAC-SHA256, keyed with the secret's UTF-8 bytes, of the
/// timestamp header's value, a `.`, and the body's exact bytes (`"1718000000." + body`). The
/// timestamp is signed so a recorded request cannot be replayed later. A receiver:
/// 1. reads the raw body before parsing it, and the two headers;
/// 2. computes the HMAC of `timestamp + "." + body` and compares it to the hex after `sha256=`
///    in constant time;
/// 3. refuses a timestamp more than a few minutes from its own clock (5 minutes is usual);
/// 4. answers 2xx once it has stored the deliveries (de-duplicating on `key`).
///
/// ## Answers
/// 2xx: delivered. 408, 429, 5xx, a timeout or a connection failure: ``WebhookDeliveryError``,
/// tried again by ``SinkQueue``, not sooner than `Retry-After`. Any other status (redirects
/// included, never followed): ``WebhookRejectedError``, given up at once.
///
/// The sink owns an HTTP client (one that never follows redirects): call ``shutdown()`` once the
/// queue in front of it has finished. AsyncHTTPClient traps in debug builds when a client is
/// released without it.
public final class WebhookSink: Sink {
    public let name: String
    public let configuration: WebhookConfiguration
    private let client: HTTPClient
    private let shownURL: String
    private let now: @Sendable () -> Date

    /// Answer bytes kept for error messages; the rest is read and dropped.
    static let excerptBytes = 512

    /// - Parameter name: The sink's name in logs, counts and dead letters.
    public convenience init(configuration: WebhookConfiguration, name: String = "webhook") {
        self.init(configuration: configuration, name: name, now: { Date() })
    }

    init(configuration: WebhookConfiguration, name: String, now: @escaping @Sendable () -> Date) {
        self.name = name
        self.configuration = configuration
        self.now = now
        shownURL = WebhookConfiguration.redacted(configuration.url.absoluteString)
        var client = HTTPClient.Configuration()
        // Following a 301/302 would re-send the POST as a GET without the body, and its 2xx
        // would count as delivered: a redirect is an answer for the operator instead.
        client.redirectConfiguration = .disallow
        // The queue's back-off decides about retries; the pool's own connect retries would run
        // until the deadline and hide the cause.
        client.connectionPool.retryConnectionEstablishment = false
        client.timeout.connect = Self.timeAmount(configuration.timeout)
        self.client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: client)
    }

    /// Closes the sink's connections; deliveries after this fail.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    public func deliver(_ batch: [Delivery]) async throws {
        guard !batch.isEmpty else { return }
        let request = makeRequest(batch, at: now())
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: Self.timeAmount(configuration.timeout))
        } catch {
            throw failure(error)
        }
        let status = Int(response.status.code)
        // Read to the end, so the connection can carry the next batch.
        let excerpt: String?
        do {
            excerpt = try await Self.excerpt(of: response.body)
        } catch  where (200..<300).contains(status) {
            // The receiver has said yes; a body cut short does not undo that.
            return
        } catch {
            throw failure(error)
        }
        switch status {
        case 200..<300:
            return
        case 408, 429, 500..<600:
            let retryAfter = response.headers.first(name: "Retry-After").flatMap {
                RetryAfterHeader.parse($0, now: now())
            }
            throw WebhookDeliveryError(
                url: shownURL, reason: .status(status), retryAfter: retryAfter, responseExcerpt: excerpt)
        default:
            throw WebhookRejectedError(
                url: shownURL, status: status, responseExcerpt: excerpt,
                location: response.headers.first(name: "Location"))
        }
    }

    /// The request for `batch`, signed at `date`.
    func makeRequest(_ batch: [Delivery], at date: Date) -> HTTPClientRequest {
        var body = "["
        body.reserveCapacity(batch.reduce(2) { $0 + $1.json.utf8.count + 1 })
        for (index, delivery) in batch.enumerated() {
            if index > 0 { body += "," }
            body += delivery.json
        }
        body += "]"
        let timestamp = String(Int64(date.timeIntervalSince1970.rounded(.down)))
        var request = HTTPClientRequest(url: configuration.url.absoluteString)
        request.method = .POST
        for (name, value) in configuration.headers.sorted(by: { $0.key < $1.key }) {
            request.headers.add(name: name, value: value)
        }
        request.headers.add(name: "User-Agent", value: configuration.userAgent)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Idempotency-Key", value: Self.idempotencyKey(batch))
        request.headers.add(name: "X-Switchboard-Timestamp", value: timestamp)
        if let secret = configuration.secret {
            request.headers.add(
                name: "X-Switchboard-Signature",
                value: "sha256=" + Self.signature(timestamp: timestamp, body: body, secret: secret))
        }
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }

    /// Lowercase hex HMAC-SHA256 of `timestamp.body`.
    static func signature(timestamp: String, body: String, secret: WebhookSecret) -> String {
        var hmac = HMAC<SHA256>(key: SymmetricKey(data: secret.bytes))
        hmac.update(data: Array(timestamp.utf8))
        hmac.update(data: [UInt8(ascii: ".")])
        hmac.update(data: Array(body.utf8))
        return hex(hmac.finalize())
    }

    /// Lowercase hex SHA-256 of the keys, each as a JSON string, comma separated: no two lists
    /// of keys give the same text.
    static func idempotencyKey(_ batch: [Delivery]) -> String {
        var hash = SHA256()
        for (index, delivery) in batch.enumerated() {
            if index > 0 { hash.update(data: [UInt8(ascii: ",")]) }
            hash.update(data: Array(JSONText.quoted(delivery.key).utf8))
        }
        return hex(hash.finalize())
    }

    private static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func excerpt(of body: HTTPClientResponse.Body) async throws -> String? {
        var kept = [UInt8]()
        for try await chunk in body where kept.count < excerptBytes {
            kept += chunk.readableBytesView.prefix(excerptBytes - kept.count)
        }
        guard !kept.isEmpty else { return nil }
        // One line, for a log field.
        return String(decoding: kept, as: UTF8.self).split(whereSeparator: \.isNewline).joined(separator: " ")
    }

    /// The error to throw for `error` from the client.
    private func failure(_ error: any Error) -> any Error {
        if error is CancellationError || Task.isCancelled { return CancellationError() }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                return WebhookDeliveryError(url: shownURL, reason: .timedOut)
            case .connectTimeout:
                return WebhookDeliveryError(
                    url: shownURL, reason: .connectionFailed("no connection within the timeout"))
            default:
                return WebhookDeliveryError(url: shownURL, reason: .connectionFailed(String(describing: error)))
            }
        }
        if let error = error as? NIOConnectionError, let last = error.connectionErrors.last?.error {
            return WebhookDeliveryError(url: shownURL, reason: .connectionFailed(Self.reason(last)))
        }
        return WebhookDeliveryError(url: shownURL, reason: .connectionFailed(Self.reason(error)))
    }

    private static func reason(_ error: any Error) -> String {
        if let io = error as? IOError { return String(cString: strerror(io.errnoCode)).lowercased() }
        return String(describing: error)
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
