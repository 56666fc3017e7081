import Foundation
import Testing

@testable import SwitchboardSinks

@Suite("JSON lines sink: one line a delivery, owner-only files, rotation by size")
struct JSONLinesSinkTests {
    /// A fresh directory, removed afterwards.
    static func withDirectory(_ body: (String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jsonl-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await body(directory)
    }

    static func lines(_ path: String) throws -> [String] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test("each delivery is one line, appended after what the file held, in a file only its owner reads")
    func writesLines() async throws {
        try await Self.withDirectory { directory in
            let path = directory + "/events.jsonl"
            try "earlier\n".write(toFile: path, atomically: false, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            let sink = try JSONLinesSink(.file(path: path))
            try await sink.deliver(SinkFixtures.deliveries(3))
            #expect(try Self.lines(path) == ["earlier", #"{"n":0}"#, #"{"n":1}"#, #"{"n":2}"#])

            let fresh = directory + "/new.jsonl"
            _ = try JSONLinesSink(.file(path: fresh))
            let permissions = try FileManager.default.attributesOfItem(atPath: fresh)[.posixPermissions] as? Int
            #expect(permissions == 0o600)
        }
    }

    @Test("past the size limit the file rolls over to .1, .2 …, keeping the newest, never splitting a batch")
    func rotates() async throws {
        try await Self.withDirectory { directory in
            let path = directory + "/events.jsonl"
            let sink = try JSONLinesSink(.file(path: path, rotateAtBytes: 40, keep: 2))
            // Each batch is two 8-byte lines: 16 bytes; two fit under 40, the third rolls over.
            for start in stride(from: 0, to: 12, by: 2) {
                try await sink.deliver(SinkFixtures.deliveries(2, from: start))
            }
            #expect(try Self.lines(path) == [#"{"n":8}"#, #"{"n":9}"#, #"{"n":10}"#, #"{"n":11}"#])
            #expect(try Self.lines(path + ".1") == [#"{"n":4}"#, #"{"n":5}"#, #"{"n":6}"#, #"{"n":7}"#])
            #expect(try Self.lines(path + ".2") == [#"{"n":0}"#, #"{"n":1}"#, #"{"n":2}"#, #"{"n":3}"#])
            #expect(!FileManager.default.fileExists(atPath: path + ".3"))
            try await sink.deliver(SinkFixtures.deliveries(4, from: 12))
            #expect(try Self.lines(path + ".2") == [#"{"n":4}"#, #"{"n":5}"#, #"{"n":6}"#, #"{"n":7}"#])
            #expect(!FileManager.default.fileExists(atPath: path + ".3"))
        }
    }

    @Test("a file that cannot be opened is refused at once, naming the path and the fix")
    func refusesBadPath() async throws {
        try await Self.withDirectory { directory in
            do {
                _ = try JSONLinesSink(.file(path: directory + "/missing/events.jsonl"))
                Issue.record("opened a file in a missing directory")
            } catch {
                #expect("\(error)".contains(directory + "/missing/events.jsonl"))
                #expect("\(error)".contains("Create the directory \(directory)/missing first"))
            }
            do {
                _ = try JSONLinesSink(.file(path: directory))
                Issue.record("opened a directory")
            } catch {
                #expect("\(error)".contains("The path is a directory"))
            }
        }
    }
}
