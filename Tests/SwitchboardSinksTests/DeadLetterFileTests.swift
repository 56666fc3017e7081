import Foundation
import Testing

@testable import SwitchboardSinks

@Suite("Dead letter file")
struct DeadLetterFileTests {
    func withDirectory(_ body: (URL) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-dead-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory)
    }

    @Test("appends one JSON line per delivery, created 0600, keeping what was there")
    func appendsLines() throws {
        try withDirectory { directory in
            let path = directory.appendingPathComponent("dead.jsonl").path
            let deliveries = [
                Delivery(key: "a|1", kind: .event, time: Date(), json: #"{"key":"a|1","x":[1,2]}"#),
                Delivery(key: "a|2", kind: .event, time: Date(), json: #"{"key":"a|2"}"#),
            ]
            let at = Date(timeIntervalSince1970: 1_718_000_000.25)
            do {
                let file = try DeadLetterFile(path: path)
                try file.append([deliveries[0]], sink: "webhook", reason: "refused \"400\"\nline two", failedAt: at)
            }
            let file = try DeadLetterFile(path: path)
            try file.append([deliveries[1]], sink: "webhook", reason: "later", failedAt: at)
            file.close()
            let text = try String(contentsOfFile: path, encoding: .utf8)
            #expect(
                text
                    == #"{"sink":"webhook","reason":"refused \"400\"\nline two","failedAt":"2024-06-10T06:13:20.250Z","delivery":{"key":"a|1","x":[1,2]}}"#
                    + "\n"
                    + #"{"sink":"webhook","reason":"later","failedAt":"2024-06-10T06:13:20.250Z","delivery":{"key":"a|2"}}"#
                    + "\n")
            let permissions = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(permissions == 0o600)
        }
    }

    @Test("a path in a missing directory fails at open, naming the path and the fix")
    func openFailure() throws {
        try withDirectory { directory in
            let path = directory.appendingPathComponent("missing/dead.jsonl").path
            let error = #expect(throws: DeadLetterFileError.self) { try DeadLetterFile(path: path) }
            #expect(error?.path == path)
            #expect(error?.description.contains(path) == true)
            #expect(error?.description.contains("create its directory") == true)
        }
    }

    @Test("a directory as the path fails at open, saying so")
    func directoryPath() throws {
        try withDirectory { directory in
            let error = #expect(throws: DeadLetterFileError.self) { try DeadLetterFile(path: directory.path) }
            #expect(error?.description.contains(directory.path) == true)
        }
    }

    @Test("appending after close fails with the path")
    func appendAfterClose() throws {
        try withDirectory { directory in
            let path = directory.appendingPathComponent("dead.jsonl").path
            let file = try DeadLetterFile(path: path)
            file.close()
            let error = #expect(throws: DeadLetterFileError.self) {
                try file.append(
                    [Delivery(key: "k", kind: .event, time: Date(), json: "{}")], sink: "s", reason: "r")
            }
            #expect(error?.description.contains(path) == true)
        }
    }
}
