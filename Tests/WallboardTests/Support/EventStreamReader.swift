import AsyncHTTPClient
import NIOCore

/// One item of a `text/event-stream`: an event, or a comment line.
enum StreamItem: Equatable {
    case event(name: String, id: String?, data: String)
    case comment(String)
    /// A `retry:` field on its own.
    case retry(String)
}

/// Reads a server-sent event stream over real HTTP, item by item.
struct EventStreamReader {
    let response: HTTPClientResponse
    private var body: HTTPClientResponse.Body.AsyncIterator
    private var pending = ""

    static func open(_ url: String) async throws -> EventStreamReader {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "Accept", value: "text/event-stream")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return EventStreamReader(response: response, body: response.body.makeAsyncIterator())
    }

    private init(response: HTTPClientResponse, body: HTTPClientResponse.Body.AsyncIterator) {
        self.response = response
        self.body = body
    }

    /// The next item; `nil` when the server ended the stream.
    mutating func next() async throws -> StreamItem? {
        while true {
            if let end = pending.range(of: "\n\n") {
                let block = String(pending[..<end.lowerBound])
                pending.removeSubrange(..<end.upperBound)
                return Self.parse(block)
            }
            guard let buffer = try await body.next() else { return nil }
            pending += String(buffer: buffer)
        }
    }

    /// The next event, skipping comments and retry fields.
    mutating func nextEvent() async throws -> (name: String, id: String?, data: String)? {
        while let item = try await next() {
            if case .event(let name, let id, let data) = item { return (name, id, data) }
        }
        return nil
    }

    private static func parse(_ block: String) -> StreamItem {
        var name = "message"
        var id: String?
        var data: [String] = []
        var retry: String?
        var comment: String?
        for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(":") {
                comment = String(line.dropFirst().drop { $0 == " " })
                continue
            }
            let (field, value) =
                line.firstIndex(of: ":").map { (line[..<$0], line[line.index(after: $0)...].drop { $0 == " " }) }
                ?? (line[...], ""[...])
            switch field {
            case "event": name = String(value)
            case "id": id = String(value)
            case "data": data.append(String(value))
            case "retry": retry = String(value)
            default: break
            }
        }
        if !data.isEmpty { return .event(name: name, id: id, data: data.joined(separator: "\n")) }
        if let retry { return .retry(retry) }
        return .comment(comment ?? "")
    }
}
