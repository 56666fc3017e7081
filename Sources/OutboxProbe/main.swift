// A child process for SwitchboardSinksTests' kill -9 test of the durable outbox; not a tool.
//
//     switchboard-outbox-probe <outbox file> <delivered file> offer <count>
//     switchboard-outbox-probe <outbox file> <delivered file> drain
//
// `offer` offers deliveries keyed k0, k1, … to a durable queue and prints `offered <key>` once each
// is durable; the queue's sink, slower than the offers, appends each delivered key as a line to the
// delivered file (fsync'd). `drain` offers nothing and exits once the outbox is empty for the sink.
import Foundation
import SwitchboardSinks

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends each delivered key as a line, slowly, so a kill lands while deliveries are pending.
struct KeyFileSink: Sink {
    let name = "probe"
    let descriptor: Int32

    struct WriteFailed: Error {}

    func deliver(_ batch: [Delivery]) async throws {
        try await Task.sleep(for: .milliseconds(20))
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

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("switchboard-outbox-probe: \(message)\n".utf8))
    exit(2)
}

let arguments = CommandLine.arguments
guard arguments.count >= 4 else {
    fail("usage: switchboard-outbox-probe <outbox file> <delivered file> offer <count> | drain")
}
let descriptor = open(arguments[2], O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
guard descriptor >= 0 else { fail("cannot open \(arguments[2]): \(String(cString: strerror(errno)))") }

let outbox: Outbox
do {
    outbox = try Outbox(path: arguments[1])
} catch {
    fail("\(error)")
}
let queue = DurableSinkQueue(
    sink: KeyFileSink(descriptor: descriptor), outbox: outbox,
    configuration: .init(batchSize: 5, retryBase: .milliseconds(10), retryCap: .milliseconds(100)))
let runner = Task { await queue.run() }

switch arguments[3] {
case "offer":
    guard arguments.count == 5, let count = Int(arguments[4]) else { fail("offer needs a count") }
    for index in 0..<count {
        let key = "k\(index)"
        do {
            try await queue.offer(Delivery(key: key, kind: .event, time: Date(), json: #"{"n":\#(index)}"#))
        } catch {
            fail("\(error)")
        }
        // Unbuffered, so the test sees each line as soon as the offer is durable.
        FileHandle.standardOutput.write(Data("offered \(key)\n".utf8))
    }
case "drain":
    break
default:
    fail("unknown mode \(arguments[3])")
}
await queue.finish()
await runner.value
