import Foundation
import GRDB
import SwitchboardPipeline
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Deliveries accepted for durable sinks and not yet delivered, kept in an SQLite file so they
/// survive sink outages, restarts and a killed process (``DurableSinkQueue`` writes through it).
///
/// Each sink's deliveries are kept in the order they were appended; ``pending(for:limit:)`` reads
/// them front first, and ``acknowledge(_:for:)`` deletes them once delivered. The number pending
/// per sink is bounded by ``Configuration/maximumRowsPerSink``; ``Configuration/whenFull`` decides
/// what happens beyond it.
///
/// Durability: the file is in WAL mode with `synchronous = FULL`, so every committed append is
/// on disk (the WAL is fsync'd) before `append` returns and survives a power cut, not only a
/// killed process. `NORMAL` would be enough for `kill -9` and would save an fsync per append,
/// but an outbox exists for the failures one did not plan for; at the rates Switchboard sees
/// (hundreds of events a second at most, appended in batches) the fsync is affordable.
///
/// The file is created readable and writable by its owner only (0600; SQLite gives its `-wal`
/// and `-shm` files the same mode): deliveries carry conversation data. One process should use
/// a file at a time. All methods are synchronous and thread-safe: calls are serialised on one
/// connection, and a write waits for its fsync.
public final class Outbox: Sendable {
    public struct Configuration: Sendable, Hashable {
        /// Deliveries pending per sink at most.
        public var maximumRowsPerSink: Int
        /// What an append beyond ``maximumRowsPerSink`` does.
        public var whenFull: OutboxFullPolicy

        public init(maximumRowsPerSink: Int = 100_000, whenFull: OutboxFullPolicy = .refuseNew) {
            self.maximumRowsPerSink = max(1, maximumRowsPerSink)
            self.whenFull = whenFull
        }
    }

    /// The file's path.
    public let path: String
    public let configuration: Configuration
    private let database: DatabaseQueue
    /// Dropped by ``OutboxFullPolicy/dropOldest`` since this outbox was opened, per sink.
    private let dropped = Mutex<[String: Int]>([:])
    /// Set by ``close()``. GRDB crashes in SQLite when a closed queue is read, so calls check
    /// this first and throw ``OutboxError/closed(path:)`` instead.
    private let closed = Mutex(false)

    /// Written to the file header (`PRAGMA application_id`, "SWBX"), so an outbox is told apart
    /// from any other SQLite database before anything is written to it.
    static let applicationID: Int32 = 0x5357_4258

    /// Opens the outbox at `path`, creating it (0600) and its schema if needed.
    /// - Throws: ``OutboxError`` naming the path and what to do: a missing directory, a file that
    ///   cannot be opened, a file that is not an outbox, or one written by a newer Switchboard.
    public init(path: String, configuration: Configuration = Configuration()) throws(OutboxError) {
        self.path = path
        self.configuration = configuration
        try Self.createFile(at: path)
        var options = GRDB.Configuration()
        options.label = "switchboard.outbox"
        options.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            database = try DatabaseQueue(path: path, configuration: options)
        } catch {
            throw Self.openingError(error, path: path)
        }
        try Self.prepare(database, path: path)
    }

    /// Closes the file; every later call throws. Also happens when the outbox is released.
    public func close() throws(OutboxError) {
        let wasClosed = closed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        do {
            try database.close()
        } catch {
            throw .database(path: path, detail: "\(error)")
        }
    }

    /// Appends `deliveries` for `sink`, all or none, in one transaction that is on disk when this
    /// returns.
    /// - Throws: ``OutboxFullError`` when the policy is ``OutboxFullPolicy/refuseNew`` and they do
    ///   not all fit (none is stored); ``OutboxError`` when the file cannot be written.
    public func append(_ deliveries: [Delivery], for sink: String) throws {
        guard !deliveries.isEmpty else { return }
        let records = try deliveries.map { try Self.recordText($0.record) }
        let bound = configuration.maximumRowsPerSink
        let policy = configuration.whenFull
        let path = path
        let droppedNow = try performAppend {
            try database.write { db -> Int in
                let pending = try Self.count(db, sink: sink)
                let excess = pending + deliveries.count - bound
                if excess > 0, policy == .refuseNew {
                    throw OutboxFullError(
                        sink: sink, maximumRows: bound, pending: pending, refused: deliveries.count, path: path)
                }
                let insert = try db.cachedStatement(
                    sql: "INSERT INTO delivery (sink, key, kind, time, json, record) VALUES (?, ?, ?, ?, ?, ?)")
                for (delivery, record) in zip(deliveries, records) {
                    try insert.execute(arguments: [
                        sink, delivery.key, delivery.kind.rawValue, delivery.time.timeIntervalSince1970,
                        delivery.json, record,
                    ])
                }
                guard excess > 0 else { return 0 }
                try db.execute(
                    sql: """
                        DELETE FROM delivery WHERE seq IN
                            (SELECT seq FROM delivery WHERE sink = ? ORDER BY seq LIMIT ?)
                        """,
                    arguments: [sink, excess])
                return excess
            }
        }
        if droppedNow > 0 { dropped.withLock { $0[sink, default: 0] += droppedNow } }
    }

    /// Up to `limit` of `sink`'s pending deliveries, oldest first.
    /// - Throws: ``OutboxError``.
    public func pending(for sink: String, limit: Int) throws(OutboxError) -> [OutboxEntry] {
        let path = path
        return try perform {
            try database.read { db in
                let rows = try Row.fetchCursor(
                    db,
                    sql: "SELECT seq, key, kind, time, json, record FROM delivery WHERE sink = ? ORDER BY seq LIMIT ?",
                    arguments: [sink, max(0, limit)])
                var entries: [OutboxEntry] = []
                while let row = try rows.next() {
                    entries.append(try Self.entry(row, path: path))
                }
                return entries
            }
        }
    }

    /// Deletes `sink`'s pending deliveries numbered `seqs` (delivered, or given up). Numbers no
    /// longer pending are ignored.
    /// - Throws: ``OutboxError``.
    public func acknowledge(_ seqs: [Int64], for sink: String) throws(OutboxError) {
        guard !seqs.isEmpty else { return }
        try perform {
            try database.write { db in
                // Well under SQLite's limit on bound parameters.
                for start in stride(from: 0, to: seqs.count, by: 500) {
                    let chunk = Array(seqs[start..<min(seqs.count, start + 500)])
                    let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                    var arguments: StatementArguments = [sink]
                    arguments += StatementArguments(chunk)
                    try db.execute(
                        sql: "DELETE FROM delivery WHERE sink = ? AND seq IN (\(marks))", arguments: arguments)
                }
            }
        }
    }

    /// Deletes `sink`'s pending deliveries numbered `seq` or lower.
    /// - Throws: ``OutboxError``.
    public func acknowledge(upTo seq: Int64, for sink: String) throws(OutboxError) {
        try perform {
            try database.write { db in
                try db.execute(sql: "DELETE FROM delivery WHERE sink = ? AND seq <= ?", arguments: [sink, seq])
            }
        }
    }

    /// How many deliveries `sink` has pending.
    /// - Throws: ``OutboxError``.
    public func pendingCount(for sink: String) throws(OutboxError) -> Int {
        try perform { try database.read { try Self.count($0, sink: sink) } }
    }

    /// How many deliveries each sink with any has pending.
    /// - Throws: ``OutboxError``.
    public func pendingCounts() throws(OutboxError) -> [String: Int] {
        try perform {
            try database.read { db in
                var counts: [String: Int] = [:]
                for row in try Row.fetchAll(db, sql: "SELECT sink, COUNT(*) AS n FROM delivery GROUP BY sink") {
                    let sink: String = row["sink"]
                    counts[sink] = row["n"]
                }
                return counts
            }
        }
    }

    /// How many of `sink`'s deliveries ``OutboxFullPolicy/dropOldest`` dropped since this outbox
    /// was opened.
    public func droppedCount(for sink: String) -> Int {
        dropped.withLock { $0[sink, default: 0] }
    }

    // MARK: - Opening

    /// The schema, one step per version. Steps are only ever added: a file records the steps it
    /// has, so an older Switchboard can tell that a file is newer than it knows.
    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
            // AUTOINCREMENT: a seq is never reused, even after the newest rows are deleted, so an
            // acknowledgement can never delete a later delivery that took a reused number.
            try db.execute(
                sql: """
                    CREATE TABLE delivery (
                        seq INTEGER PRIMARY KEY AUTOINCREMENT,
                        sink TEXT NOT NULL,
                        key TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        time REAL NOT NULL,
                        json TEXT NOT NULL,
                        record TEXT
                    );
                    CREATE INDEX delivery_by_sink ON delivery (sink, seq);
                    """)
        }
        return migrator
    }

    /// Creates the file with mode 0600 before SQLite does (SQLite would use 0644 and the umask).
    private static func createFile(at path: String) throws(OutboxError) {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw .missingDirectory(path: path, directory: directory) }
        let code = createFileOwnerOnly(path)
        guard code == 0 else { throw .cannotOpen(path: path, errno: code) }
    }

    /// Checks that the file is an outbox (or empty), of a schema this version knows, then brings
    /// the schema up to date and switches to WAL.
    private static func prepare(_ database: DatabaseQueue, path: String) throws(OutboxError) {
        let migrator = migrator
        do {
            try database.inDatabase { db in
                let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                if applicationID != Self.applicationID {
                    if applicationID != 0 {
                        throw OutboxError.notAnOutbox(path: path, detail: "its application id is \(applicationID)")
                    }
                    let objects = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sqlite_master") ?? 0
                    if objects > 0 {
                        throw OutboxError.notAnOutbox(path: path, detail: "an SQLite database of another program")
                    }
                }
                if try migrator.hasBeenSuperseded(db) {
                    let applied = try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
                    throw OutboxError.newerSchema(
                        path: path, migrations: applied.filter { !migrator.migrations.contains($0) })
                }
                // Persistent in the file; outside a transaction, as SQLite requires.
                try db.execute(sql: "PRAGMA journal_mode = WAL")
            }
            try migrator.migrate(database)
        } catch {
            throw openingError(error, path: path)
        }
    }

    private static func openingError(_ error: any Error, path: String) -> OutboxError {
        if let error = error as? OutboxError { return error }
        if let error = error as? DatabaseError, error.resultCode == .SQLITE_NOTADB {
            return .notAnOutbox(path: path, detail: "not an SQLite database")
        }
        return .database(path: path, detail: "\(error)")
    }

    // MARK: - Rows

    /// Runs `body`, reporting SQLite's errors as ``OutboxError`` (``OutboxFullError`` passes).
    private func perform<T>(_ body: () throws -> T) throws(OutboxError) -> T {
        if closed.withLock({ $0 }) { throw .closed(path: path) }
        do {
            return try body()
        } catch let error as OutboxError {
            throw error
        } catch {
            throw .database(path: path, detail: "\(error)")
        }
    }

    /// As ``perform(_:)``, letting ``OutboxFullError`` through.
    private func performAppend<T>(_ body: () throws -> T) throws -> T {
        if closed.withLock({ $0 }) { throw OutboxError.closed(path: path) }
        do {
            return try body()
        } catch let error as OutboxFullError {
            throw error
        } catch let error as OutboxError {
            throw error
        } catch {
            throw OutboxError.database(path: path, detail: "\(error)")
        }
    }

    private static func count(_ db: Database, sink: String) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM delivery WHERE sink = ?", arguments: [sink]) ?? 0
    }

    private static func recordText(_ record: RoutingInteractionRecord?) throws(OutboxError) -> String? {
        guard let record else { return nil }
        do {
            return String(decoding: try JSONEncoder().encode(record), as: UTF8.self)
        } catch {
            throw .database(path: "", detail: "a routing record cannot be encoded: \(error)")
        }
    }

    private static func entry(_ row: Row, path: String) throws -> OutboxEntry {
        let kindText: String = row["kind"]
        guard let kind = Delivery.Kind(rawValue: kindText) else {
            throw OutboxError.database(
                path: path, detail: "a delivery of unknown kind \(kindText); it was written by a newer Switchboard")
        }
        let recordText: String? = row["record"]
        let record = try recordText.map {
            try JSONDecoder().decode(RoutingInteractionRecord.self, from: Data($0.utf8))
        }
        let time: Double = row["time"]
        return OutboxEntry(
            seq: row["seq"],
            delivery: Delivery(
                key: row["key"], kind: kind, time: Date(timeIntervalSince1970: time), json: row["json"],
                record: record))
    }
}

/// Creates `path` (0600) if it does not exist and checks it opens for reading and writing:
/// 0, or the `errno`. Outside ``Outbox``, whose `close()` would hide the C function.
private func createFileOwnerOnly(_ path: String) -> Int32 {
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return errno }
    close(fd)
    return 0
}
