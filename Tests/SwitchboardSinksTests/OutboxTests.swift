import Foundation
import GRDB
import Testing

@testable import SwitchboardSinks

@Suite("Outbox")
struct OutboxTests {
    @Test("pending reads a sink's deliveries oldest first; acknowledging deletes only those")
    func appendPendingAcknowledge() throws {
        try withTemporaryDirectory { directory in
            let outbox = try Outbox(path: directory + "/outbox.sqlite")
            try outbox.append(SinkFixtures.deliveries(5), for: "a")
            try outbox.append(SinkFixtures.deliveries(3, from: 10), for: "b")

            let first = try outbox.pending(for: "a", limit: 3)
            #expect(first.map(\.delivery) == SinkFixtures.deliveries(3))
            #expect(first.map(\.seq) == first.map(\.seq).sorted())
            try outbox.acknowledge(Array(first.map(\.seq).prefix(2)), for: "a")
            let rest = try outbox.pending(for: "a", limit: 10)
            #expect(rest.map(\.delivery.key) == ["k2", "k3", "k4"])
            #expect(try outbox.pendingCounts() == ["a": 3, "b": 3])

            // Another sink's numbers never delete this sink's rows.
            try outbox.acknowledge(upTo: rest[1].seq, for: "b")
            #expect(try outbox.pendingCount(for: "a") == 3)
            try outbox.acknowledge(upTo: rest[1].seq, for: "a")
            #expect(try outbox.pending(for: "a", limit: 10).map(\.delivery.key) == ["k4"])
            #expect(try outbox.pending(for: "b", limit: 10).map(\.delivery) == SinkFixtures.deliveries(3, from: 10))
        }
    }

    @Test("a delivery with a routing record reads back equal")
    func recordRoundTrip() throws {
        try withTemporaryDirectory { directory in
            let delivery = Delivery(try SinkFixtures.event(SinkFixtures.conversationFrame))
            #expect(delivery.record != nil)
            let outbox = try Outbox(path: directory + "/outbox.sqlite")
            try outbox.append([delivery], for: "a")
            #expect(try outbox.pending(for: "a", limit: 1).map(\.delivery) == [delivery])
        }
    }

    @Test("refuseNew: an append that does not fit throws a clear error and stores nothing")
    func refuseNew() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/outbox.sqlite"
            let outbox = try Outbox(path: path, configuration: .init(maximumRowsPerSink: 3, whenFull: .refuseNew))
            try outbox.append(SinkFixtures.deliveries(2), for: "webhook")
            let error = try #require(throws: OutboxFullError.self) {
                try outbox.append(SinkFixtures.deliveries(2, from: 2), for: "webhook")
            }
            #expect(error.sink == "webhook" && error.maximumRows == 3 && error.pending == 2 && error.refused == 2)
            #expect(error.description.contains(path) && error.description.contains("maximumRowsPerSink"))
            #expect(try outbox.pendingCount(for: "webhook") == 2)
            // The bound is per sink.
            try outbox.append(SinkFixtures.deliveries(3), for: "redis")
            try outbox.append(SinkFixtures.deliveries(1, from: 2), for: "webhook")
            #expect(try outbox.pendingCount(for: "webhook") == 3)
        }
    }

    @Test("dropOldest: the oldest pending deliveries make room and are counted")
    func dropOldest() throws {
        try withTemporaryDirectory { directory in
            let outbox = try Outbox(
                path: directory + "/outbox.sqlite", configuration: .init(maximumRowsPerSink: 3, whenFull: .dropOldest))
            try outbox.append(SinkFixtures.deliveries(2), for: "a")
            try outbox.append(SinkFixtures.deliveries(3, from: 2), for: "a")
            #expect(try outbox.pending(for: "a", limit: 10).map(\.delivery.key) == ["k2", "k3", "k4"])
            #expect(outbox.droppedCount(for: "a") == 2)
            #expect(outbox.droppedCount(for: "b") == 0)
        }
    }

    @Test("pending deliveries survive closing and reopening the file")
    func reopen() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/outbox.sqlite"
            let outbox = try Outbox(path: path)
            try outbox.append(SinkFixtures.deliveries(4), for: "a")
            try outbox.acknowledge(upTo: try outbox.pending(for: "a", limit: 1)[0].seq, for: "a")
            try outbox.close()
            #expect(throws: OutboxError.closed(path: path)) { try outbox.pendingCount(for: "a") }

            let reopened = try Outbox(path: path)
            #expect(try reopened.pending(for: "a", limit: 10).map(\.delivery) == SinkFixtures.deliveries(3, from: 1))
            try reopened.append(SinkFixtures.deliveries(1, from: 9), for: "a")
            #expect(try reopened.pending(for: "a", limit: 10).last?.delivery.key == "k9")
        }
    }

    @Test("the file is created readable and writable by its owner only, in WAL mode")
    func fileMode() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/outbox.sqlite"
            let outbox = try Outbox(path: path)
            try outbox.append(SinkFixtures.deliveries(1), for: "a")
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o600)
            #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        }
    }

    @Test("a missing directory is named with the fix")
    func missingDirectory() throws {
        try withTemporaryDirectory { directory in
            let error = try #require(throws: OutboxError.self) {
                try Outbox(path: directory + "/absent/outbox.sqlite")
            }
            #expect(
                error == .missingDirectory(path: directory + "/absent/outbox.sqlite", directory: directory + "/absent"))
            #expect(error.description.contains("mkdir -p \(directory)/absent"))
        }
    }

    @Test("a path that is a directory cannot be opened, and says so")
    func pathIsDirectory() throws {
        try withTemporaryDirectory { directory in
            let error = try #require(throws: OutboxError.self) { try Outbox(path: directory) }
            guard case .cannotOpen(let path, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(path == directory)
            #expect(error.description.contains("directory"))
        }
    }

    @Test("a file that is not SQLite is refused, not overwritten")
    func garbageFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/outbox.sqlite"
            let garbage = Data(repeating: 0x2A, count: 4096)
            try garbage.write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: OutboxError.self) { try Outbox(path: path) }
            #expect(error == .notAnOutbox(path: path, detail: "not an SQLite database"))
            #expect(error.description.contains(path) && error.description.contains("move it away"))
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == garbage)
        }
    }

    @Test("another program's SQLite database is refused")
    func foreignDatabase() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/other.sqlite"
            let other = try DatabaseQueue(path: path)
            try other.write { try $0.execute(sql: "CREATE TABLE notes (text TEXT)") }
            try other.close()
            let error = try #require(throws: OutboxError.self) { try Outbox(path: path) }
            guard case .notAnOutbox(path, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
        }
    }

    @Test("an outbox written by a newer Switchboard is refused, naming the unknown schema step")
    func newerSchema() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/outbox.sqlite"
            try Outbox(path: path).close()
            let raw = try DatabaseQueue(path: path)
            try raw.write { try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
            try raw.close()
            let error = try #require(throws: OutboxError.self) { try Outbox(path: path) }
            #expect(error == .newerSchema(path: path, migrations: ["v99"]))
            #expect(error.description.contains("newer Switchboard"))
        }
    }
}

/// Runs `body` with a new empty directory, removed afterwards.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-outbox-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}

/// As `withTemporaryDirectory(_:)`, for async bodies.
func withTemporaryDirectory<T>(_ body: (String) async throws -> T) async throws -> T {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-outbox-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try await body(url.path)
}
