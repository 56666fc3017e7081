// A child process for SwitchboardSinksTests' kill -9 tests of the durable outbox; not a tool.
//
//     switchboard-outbox-probe --outbox FILE [--file FILE] [--webhook URL] [--redis PORT] offer <count>
//     switchboard-outbox-probe --outbox FILE [--file FILE] [--webhook URL] [--redis PORT] drain
//
// Each sink named runs behind its own durable queue on the one outbox. `offer` offers deliveries
// keyed k0, k1, … to every queue and prints `offered <key>` once the delivery is durable for all
// of them; the sinks are slowed down so a kill lands while deliveries are pending. `--file`
// appends each delivered key as a line (fsync'd); `--webhook` posts to a real receiver (signed with
// the secret `probe-secret`); `--redis` writes to a redis-server on 127.0.0.1 and that port (stream
// `probe:events`). `drain` offers nothing and exits once the outbox is empty for every sink.
import Foundation
import Logging
import SwitchboardSinks

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends each delivered key as a line.
struct KeyFileSink: Sink {
    let name = "file"
    let descriptor: Int32

    struct WriteFailed: Error {}

    func deliver(_ batch: [Delivery]) async throws {
        let bytes = Array(batch.map { $0.key + "\n" }.joined().utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw WriteFailed() }
            written += count
        }
        // The test reads the file after a SIGKILL: what the sink returned for must be in it.
        guard fsync(descriptor) == 0 else { throw WriteFailed() }
    }
}

/// Pauses before each batch, so the offers run ahead of the deliveries.
struct SlowedSink: Sink {
    let inner: any Sink
    var name: String { inner.name }

    func deliver(_ batch: [Delivery]) async throws {
        try await Task.sleep(for: .milliseconds(20))
        try await inner.deliver(batch)
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("switchboard-outbox-probe: \(message)\n".utf8))
    exit(2)
}

/// Takes `--name value` out of `arguments`.
func option(_ name: String, from arguments: inout [String]) -> String? {
    guard let index = arguments.firstIndex(of: name) else { return nil }
    guard index + 1 < arguments.count else { fail("\(name) needs a value") }
    defer { arguments.removeSubrange(index...(index + 1)) }
    return arguments[index + 1]
}

// Standard output carries the `offered` lines only.
LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }

var arguments = Array(CommandLine.arguments.dropFirst())
let outboxOption = option("--outbox", from: &arguments)
let fileOption = option("--file", from: &arguments)
let webhookOption = option("--webhook", from: &arguments)
let redisOption = option("--redis", from: &arguments)
/// nil: drain.
let offerCount: Int?
switch (arguments.first, arguments.count) {
case ("offer", 2):
    guard let count = Int(arguments[1]) else { fail("offer needs a count") }
    offerCount = count
case ("drain", 1):
    offerCount = nil
default:
    fail("give offer <count> or drain, not \(arguments)")
}

guard let outboxPath = outboxOption else { fail("give --outbox FILE") }
var sinks: [any Sink] = []
var closers: [@Sendable () async -> Void] = []
if let path = fileOption {
    let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
    guard descriptor >= 0 else { fail("cannot open \(path): \(String(cString: strerror(errno)))") }
    sinks.append(KeyFileSink(descriptor: descriptor))
}
if let url = webhookOption {
    do {
        let sink = WebhookSink(
            configuration: try WebhookConfiguration(url: url, secret: WebhookSecret("probe-secret")), name: "webhook")
        sinks.append(sink)
        closers.append { try? await sink.shutdown() }
    } catch {
        fail("\(error)")
    }
}
if let port = redisOption {
    guard let port = Int(port) else { fail("--redis needs a port") }
    let sink = RedisSink(
        configuration: .init(redis: RedisConfiguration(host: "127.0.0.1", port: port), stream: "probe:events"),
        name: "redis")
    sinks.append(sink)
    closers.append { await sink.close() }
}
guard !sinks.isEmpty else { fail("name at least one sink: --file, --webhook or --redis") }

let outbox: Outbox
do {
    outbox = try Outbox(path: outboxPath)
} catch {
    fail("\(error)")
}
let queues = sinks.map { sink in
    DurableSinkQueue(
        sink: SlowedSink(inner: sink), outbox: outbox,
        configuration: .init(batchSize: 5, retryBase: .milliseconds(10), retryCap: .milliseconds(100)))
}

await withDiscardingTaskGroup { group in
    for queue in queues { group.addTask { await queue.run() } }
    if let offerCount {
        for index in 0..<offerCount {
            let key = "k\(index)"
            // As real deliveries do, the JSON carries its key (the web hook receiver reads it there).
            let json = #"{"key":"\#(key)","n":\#(index)}"#
            let delivery = Delivery(key: key, kind: .event, time: Date(), json: json)
            for queue in queues {
                do {
                    try await queue.offer(delivery)
                } catch {
                    fail("\(error)")
                }
            }
            // Unbuffered, so the test sees each line as soon as the offer is durable.
            FileHandle.standardOutput.write(Data("offered \(key)\n".utf8))
        }
    }
    for queue in queues { await queue.finish() }
}
for close in closers { await close() }
