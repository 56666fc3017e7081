import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// ``HTTPTransport`` over AsyncHTTPClient.
public struct AsyncHTTPTransport: HTTPTransport {
    private let client: HTTPClient
    /// Bodies larger than this are refused rather than buffered.
    public var maximumResponseBytes: Int

    public init(client: HTTPClient = .shared, maximumResponseBytes: Int = 32 * 1024 * 1024) {
        self.client = client
        self.maximumResponseBytes = maximumResponseBytes
    }

    public func send(_ request: HTTPRequestData, timeout: Duration) async throws -> HTTPResponseData {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers {
            outgoing.headers.add(name: header.name, value: header.value)
        }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let deadline = TimeAmount.nanoseconds(Int64(timeout.seconds * 1e9))
        do {
            let response = try await client.execute(outgoing, timeout: deadline)
            var bytes = [UInt8]()
            if request.method != "HEAD" {
                let buffer = try await response.body.collect(upTo: maximumResponseBytes)
                bytes = Array(buffer.readableBytesView)
            }
            return HTTPResponseData(
                status: Int(response.status.code),
                headers: response.headers.map { (name: $0.name, value: $0.value) },
                body: bytes)
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                throw TransportError.timedOut
            default:
                throw TransportError.connectionFailed(String(describing: error))
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as TransportError {
            throw error
        } catch {
            throw TransportError.connectionFailed(String(describing: error))
        }
    }
}
