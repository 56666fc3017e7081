import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix

/// ``HTTPTransport`` over AsyncHTTPClient.
public struct AsyncHTTPTransport: HTTPTransport {
    private let client: HTTPClient
    /// Bodies larger than this are refused rather than buffered.
    public var maximumResponseBytes: Int

    public init(client: HTTPClient = AsyncHTTPTransport.sharedClient, maximumResponseBytes: Int = 32 * 1024 * 1024) {
        self.client = client
        self.maximumResponseBytes = maximumResponseBytes
    }

    /// A process-wide client that fails a refused connection at once: ``RetryPolicy`` decides
    /// about retries, so the pool's own connect retries (which run until the request deadline)
    /// would only hide the cause and multiply the wait.
    public static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

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
            case .connectTimeout:
                throw TransportError.couldNotConnect("no connection within the connect timeout")
            case .getConnectionFromPoolTimeout:
                throw TransportError.noFreeConnection
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                throw TransportError.timedOut
            default:
                throw TransportError.connectionFailed(String(describing: error))
            }
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as TransportError {
            throw error
        } catch let error as NIOConnectionError {
            throw TransportError.couldNotConnect(Self.reason(error.connectionErrors.last?.error ?? error))
        } catch let error as IOError {
            throw TransportError.couldNotConnect(Self.reason(error))
        } catch {
            throw TransportError.connectionFailed(String(describing: error))
        }
    }

    private static func reason(_ error: any Error) -> String {
        if let io = error as? IOError {
            return String(cString: strerror(io.errnoCode)).lowercased()
        }
        return String(describing: error)
    }
}

#if canImport(Glibc)
    import Glibc
#endif
