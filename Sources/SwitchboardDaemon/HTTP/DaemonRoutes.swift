import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The daemon's operational endpoints on a Hummingbird router:
/// - `GET /healthz`: 200 while the daemon runs (liveness), 503 once it has stopped;
/// - `GET /readyz`: 200 when every channel has a live socket, else 503 with the reason;
/// - `GET /metrics`: every metric in Prometheus' text format.
/// Each answers a small JSON object (or the metrics text) and is never cached.
public enum DaemonRoutes {
    public static func add<Context: RequestContext>(
        to router: Router<Context>, status: @escaping @Sendable () async -> RuntimeStatus, metrics: PrometheusExport
    ) {
        router.get("healthz") { _, _ -> Response in
            let status = await status()
            let alive = status.phase != .stopped
            return json(
                alive ? .ok : .serviceUnavailable,
                [
                    "status": alive ? "ok" : "stopped", "phase": status.phase.rawValue,
                    "channelsLive": status.liveChannels, "channels": status.channels.count,
                    "eventsSeen": status.eventsSeen,
                ])
        }
        router.get("readyz") { _, _ -> Response in
            let status = await status()
            if let reason = status.notReadyReason {
                return json(.serviceUnavailable, ["status": "not ready", "reason": reason])
            }
            return json(.ok, ["status": "ready", "channelsLive": status.liveChannels])
        }
        router.get("metrics") { _, _ -> Response in
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: metrics.text())))
        }
    }

    private static func json(_ status: HTTPResponse.Status, _ object: [String: any Sendable]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
