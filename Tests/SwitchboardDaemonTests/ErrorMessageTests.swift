import Foundation
import Testing

@testable import SwitchboardDaemon

/// Every kind of mistake gives one exact message: where (file:line:column or the variable), the
/// key path, what is wrong and the fix.
@Suite("Configuration error messages")
struct ErrorMessageTests {
    @Test("A value not among the choices names them and the closest one")
    func badChoice() {
        let yaml = withMinimal(
            """
            sinks:
              - type: jsonl
                path: "-"
              - type: webhook
                url: https://hooks.example.com/switchboard
                queue:
                  overflow: drop-oldest
            """)
        #expect(
            problems(yaml)
                == "switchboard.yml:12:17: sinks[1].queue.overflow: \"drop-oldest\" is not one of block, dropOldest, "
                + "dropNewest, spill; did you mean dropOldest?")
    }

    @Test("A missing file, a directory and an unreadable file say so")
    func unreadableFiles() throws {
        let directory = TemporaryDirectory()
        #expect(throws: ConfigurationError.self) {
            try DaemonConfiguration.load(path: "\(directory.path)/nope.yml", environment: [:])
        }
        #expect(
            loadMessage("\(directory.path)/nope.yml") == "\(directory.path)/nope.yml: does not exist: check the path.")
        #expect(loadMessage(directory.path) == "\(directory.path): is not a regular file: give the path of a file.")
        let binary = "\(directory.path)/binary.yml"
        FileManager.default.createFile(atPath: binary, contents: Data([0x70, 0xff, 0xfe, 0x0a]))
        #expect(loadMessage(binary) == "\(binary): is not UTF-8 text: save it as UTF-8.")
        if getuid() != 0 {
            let locked = directory.file("locked.yml", minimalYAML, mode: 0o000)
            #expect(
                loadMessage(locked)
                    == "\(locked): cannot be read (permission denied): let the user the daemon runs as read it.")
        }
    }

    @Test("A file that loads gives the same configuration as its text")
    func loadReadsTheFile() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("switchboard.yml", minimalYAML, mode: 0o644)
        let loaded = try DaemonConfiguration.load(path: path, environment: emulatorCredentials)
        #expect(loaded.source == path)
        #expect(loaded.watch.queues.names == [NamePattern("Support*")])
    }

    @Test("YAML syntax errors give Yams' line and column")
    func syntaxErrors() {
        #expect(
            problems("platform:\n  apiURL: http://127.0.0.1:8081\n watch: {}\n")
                == "switchboard.yml:3:2: the YAML cannot be read: did not find expected key (while parsing a block "
                + "mapping at 1:1); check the indentation and quoting there (a value holding ': ' or starting with a "
                + "special character needs quotes).")
        #expect(
            problems("platform:\n  apiURL: \"http://127.0.0.1:8081\n")
                == "switchboard.yml:3:1: the YAML cannot be read: found unexpected end of stream (while scanning a "
                + "quoted scalar at 2:11); check the indentation and quoting there (a value holding ': ' or starting "
                + "with a special character needs quotes).")
        #expect(
            problems("platform:\n\tregion: eu-west-1\n")
                == "switchboard.yml:2:1: the YAML cannot be read: found character that cannot start any token; indent "
                + "with spaces: YAML does not allow tabs there.")
        #expect(
            problems("platform:\n  region: eu-west-1\nplatform:\n  region: eu-west-2\n")
                == "switchboard.yml:1:1: platform appears more than once in the same map: keep one.")
    }

    @Test("A wrong kind of value says what was expected and found")
    func wrongKinds() {
        #expect(
            problems("- platform\n")
                == "switchboard.yml:1:1: expected a map of settings (platform:, credentials:, watch: ...), found a list."
        )
        #expect(
            problems(withMinimal("http: [127.0.0.1]\n"))
                == "switchboard.yml:6:7: http: expected a map of settings (address:, wallboard: ...), found a list.")
        #expect(
            problems(withMinimal("http:\n  address:\n    host: x\n"))
                == "switchboard.yml:8:5: http.address: expected a single value, found a map.")
        #expect(
            problems(withMinimal("sinks:\n  type: jsonl\n"))
                == "switchboard.yml:7:3: sinks: expected a list, found a map: start each item with '- ', as in "
                + "'- type: jsonl'.")
        #expect(
            problems(withMinimal("outbox:\n  maximumRowsPerSink: lots\n"))
                == "switchboard.yml:7:23: outbox.maximumRowsPerSink: \"lots\" is not a whole number: write digits, such as 1."
        )
        #expect(
            problems(withMinimal("http:\n  wallboard: maybe\n"))
                == "switchboard.yml:7:14: http.wallboard: \"maybe\" is not true or false.")
    }

    @Test("Unknown keys suggest the closest setting, or list the section's settings")
    func unknownKeys() {
        #expect(
            problems(
                "platform:\n  regoin: eu-west-1\n  apiURL: http://127.0.0.1:8081\nwatch: {users: {names: ['*']}}\n")
                == "switchboard.yml:2:3: platform.regoin: unknown setting; did you mean region?")
        #expect(
            problems(withMinimal("colour: blue\n"))
                == "switchboard.yml:6:1: colour: unknown setting: the file takes platform, credentials, watch, pipeline, "
                + "session, backfill, auditLog, http, outbox and sinks.")
        #expect(
            problems(withMinimal("sinks:\n  - type: jsonl\n    path: \"-\"\n    url: https://example.com\n"))
                == "switchboard.yml:9:5: sinks[0].url: url is a setting of webhook and redis sinks, not of jsonl sinks."
        )
        #expect(
            problems(withMinimal("sinks:\n  - type: jsonl\n    pth: x.jsonl\n"))
                == "switchboard.yml: 2 problems\n"
                + "switchboard.yml:7:5: sinks[0]: no path: set path to a file, such as "
                + "/var/lib/switchboard/events.jsonl, or - for standard output.\n"
                + "switchboard.yml:8:5: sinks[0].pth: unknown setting; did you mean path?")
    }

    @Test("Bad durations, sizes, addresses, URLs, ids, regions and families each say what is wanted")
    func badValues() {
        #expect(
            problems(withMinimal("pipeline:\n  staleAfter: 2 minutes\n"))
                == "switchboard.yml:7:15: pipeline.staleAfter: \"2 minutes\" is not a duration: write a number and a "
                + "unit, such as 500ms, 3s, 5m or 1h (a bare number is seconds).")
        #expect(
            problems(withMinimal("sinks:\n  - type: jsonl\n    path: e.jsonl\n    rotateAt: 100 megabytes\n"))
                == "switchboard.yml:9:15: sinks[0].rotateAt: \"100 megabytes\" is not a size: write a number and a "
                + "unit, such as 100MB, 512KiB or 1GB (a bare number is bytes).")
        #expect(
            problems(withMinimal("http:\n  address: localhost\n"))
                == "switchboard.yml:7:12: http.address: \"localhost\" has no port: write host:port, such as "
                + "127.0.0.1:8080 or [::1]:8080 (port 0 picks a free one).")
        #expect(
            problems(withMinimal("http:\n  address: 127.0.0.1:80800\n"))
                == "switchboard.yml:7:12: http.address: \"80800\" is not a port from 0 to 65535: write host:port, such "
                + "as 127.0.0.1:8080 or [::1]:8080 (port 0 picks a free one).")
        #expect(
            problems(withMinimal("sinks:\n  - type: webhook\n    url: ftp://example.com/in\n"))
                == "switchboard.yml:8:10: sinks[0].url: \"ftp://example.com/in\" is not http:// or https://: the web "
                + "hook sink posts over HTTP.")
        #expect(
            problems("platform: {apiURL: 127.0.0.1:8081}\nwatch: {users: {names: ['*']}}\n")
                == "switchboard.yml:1:20: platform.apiURL: \"127.0.0.1:8081\" is not an http:// or https:// URL with a "
                + "host, such as http://127.0.0.1:8081.")
        #expect(
            problems(
                "platform: {region: eu-west-1}\nwatch:\n  queues:\n    ids: [support, 0e185c02-aca1-4a72-82ea-2e78684e2c8]\n"
            )
                == "switchboard.yml: 2 problems\n"
                + "switchboard.yml:4:11: watch.queues.ids[0]: \"support\" is not an id: ids are UUIDs such as "
                + "0e185c02-aca1-4a72-82ea-2e78684e2c89; to select by name, use names.\n"
                + "switchboard.yml:4:20: watch.queues.ids[1]: \"0e185c02-aca1-4a72-82ea-2e78684e2c8\" is not an id: ids "
                + "are UUIDs such as 0e185c02-aca1-4a72-82ea-2e78684e2c89; to select by name, use names.")
        #expect(
            problems("platform: {region: eu-wset-1}\nwatch: {users: {names: ['*']}}\n")
                == "switchboard.yml:1:20: platform.region: \"eu-wset-1\" is not a Genesys Cloud region; did you mean "
                + "eu-west-1? Use a region id or domain (\(PlatformReading.regionList)), or apiURL for the emulator or a gateway."
        )
        #expect(
            problems(withMinimal("  families: [queueObservation, conversationDetail, userPresence]\n"))
                == "switchboard.yml: 3 problems\n"
                + "switchboard.yml:6:14: watch.families[0]: \"queueObservation\" is not one of "
                + "\(TopicFamilyNames.all); did you mean queueObservations?\n"
                + "switchboard.yml:6:32: watch.families[1]: conversationDetail topics name one conversation each, so "
                + "they cannot be watched by queue or user: use queueConversations or userConversations.\n"
                + "switchboard.yml:6:52: watch.families[2]: userPresence topics are per user, but no users are "
                + "watched: add watch.users.ids or watch.users.names, or remove userPresence.")
    }

    @Test("An empty family list is refused rather than watching nothing")
    func emptyFamilies() {
        #expect(
            problems(withMinimal("  families: []\n"))
                == "switchboard.yml:6:13: watch.families: is empty: list the families to watch, or remove families for "
                + "the defaults (userPresence, userRoutingStatus, queueObservations, queueConversations).")
    }

    @Test("A filter expression that cannot be read shows it with a caret")
    func badFilter() {
        #expect(
            problems(withMinimal("pipeline:\n  filter: \"family == userRoutngStatus\"\n"))
                == "switchboard.yml:7:11: pipeline.filter: the filter expression cannot be read:\n"
                + "    family == userRoutngStatus\n"
                + "              ^ at column 11: expected a family (\(TopicFamilyNames.all.replacingOccurrences(of: ", ", with: ", "))), found 'userRoutngStatus'"
        )
    }

    @Test("A web hook header the sink sets itself points at that header")
    func reservedHeader() {
        #expect(
            problems(
                withMinimal(
                    "sinks:\n  - type: webhook\n    url: https://a.example/in\n    headers:\n      X-Team: a\n"
                        + "      Content-Type: text/plain\n"))
                == "switchboard.yml:11:21: sinks[0].headers.Content-Type: webhook header Content-Type is set by the sink "
                + "itself: remove it from the extra headers.")
    }

    @Test("Numbers out of range give the range")
    func outOfRange() {
        #expect(
            problems(withMinimal("sinks:\n  - type: jsonl\n    path: \"-\"\n    queue: {capacity: 0}\n"))
                == "switchboard.yml:9:23: sinks[0].queue.capacity: 0 is out of range: use 1 to 10000000.")
        #expect(
            problems(withMinimal("session:\n  pongTimeout: 0s\n"))
                == "switchboard.yml:7:16: session.pongTimeout: \"0s\" is out of range: use 1s to 10m.")
        #expect(
            problems(withMinimal("session:\n  reconnectBase: 10s\n  reconnectMax: 5s\n"))
                == "switchboard.yml:8:17: session.reconnectMax: reconnectMax (5s) is shorter than reconnectBase (10s): "
                + "the longest wait must be at least the first.")
        #expect(
            problems(withMinimal("pipeline:\n  windows: {outlierThreshold: -1}\n"))
                == "switchboard.yml:7:31: pipeline.windows.outlierThreshold: -1 is out of range: use 0.1 to 1000.")
    }

    @Test("Sink names are unique")
    func duplicateSinkNames() {
        #expect(
            problems(
                withMinimal(
                    "sinks:\n  - {type: jsonl, name: events, path: a.jsonl}\n  - {type: jsonl, name: events, path: b.jsonl}\n"
                ))
                == "switchboard.yml:8:25: sinks[1].name: \"events\" is already the name of sinks[0]: give each sink its own name."
        )
    }

    @Test("A durable sink needs the outbox")
    func durableWithoutOutbox() {
        #expect(
            problems(
                withMinimal("sinks:\n  - type: jsonl\n    path: \"-\"\n    durable: true\n    queue: {capacity: 5}\n"))
                == "switchboard.yml: 2 problems\n"
                + "switchboard.yml:9:14: sinks[0].durable: a durable sink keeps its deliveries in the outbox: set "
                + "outbox.path, such as /var/lib/switchboard/outbox.sqlite.\n"
                + "switchboard.yml:10:23: sinks[0].queue.capacity: a durable sink's deliveries wait in the outbox, not "
                + "in memory: bound them with outbox.maximumRowsPerSink and outbox.whenFull, and remove capacity.")
    }

    @Test("Exactly one of region and apiURL")
    func regionOrAPIURL() {
        #expect(
            problems(
                "platform:\n  region: eu-west-1\n  apiURL: http://127.0.0.1:8081\nwatch: {users: {names: ['*']}}\n")
                == "switchboard.yml:3:11: platform.apiURL: region and apiURL are both set (region on line 2): keep "
                + "region for Genesys Cloud, or apiURL for the emulator or a gateway.")
        #expect(
            problems("watch: {users: {names: ['*']}}\n")
                == "switchboard.yml: platform: set region (such as mypurecloud.ie or eu-west-1) for Genesys Cloud, or "
                + "apiURL (such as http://127.0.0.1:8081) for the emulator or a gateway.")
        #expect(
            problems("platform: {region: eu-west-1, loginURL: http://127.0.0.1:1}\nwatch: {users: {names: ['*']}}\n")
                == "switchboard.yml:1:41: platform.loginURL: loginURL goes with apiURL: a region knows its login host; "
                + "remove loginURL.")
    }

    @Test("Nothing to watch is an error")
    func nothingToWatch() {
        #expect(
            problems("platform: {region: eu-west-1}\n")
                == "switchboard.yml: watch: nothing to watch: list queues or users by id or name, such as "
                + "watch.queues.names: [\"Support*\"].")
    }

    @Test("All problems are reported at once, in file order, after a summary")
    func everyProblemAtOnce() {
        let yaml = """
            platform:
              regoin: eu-west-1
            watch:
              queues: {names: ["*"]}
              refresh: soon
            http:
              address: localhost
            """
        #expect(
            problems(yaml)
                == """
                switchboard.yml: 4 problems
                switchboard.yml:1:1: platform: set region (such as mypurecloud.ie or eu-west-1) for Genesys Cloud, or apiURL (such as http://127.0.0.1:8081) for the emulator or a gateway.
                switchboard.yml:2:3: platform.regoin: unknown setting; did you mean region?
                switchboard.yml:5:12: watch.refresh: "soon" is not a duration: write a number and a unit, such as 500ms, 3s, 5m or 1h (a bare number is seconds).
                switchboard.yml:7:12: http.address: "localhost" has no port: write host:port, such as 127.0.0.1:8080 or [::1]:8080 (port 0 picks a free one).
                """)
    }

    private func loadMessage(_ path: String) -> String {
        do {
            _ = try DaemonConfiguration.load(path: path, environment: emulatorCredentials)
            return "loaded"
        } catch {
            return error.description
        }
    }
}

enum TopicFamilyNames {
    static var all: String {
        [
            "userPresence", "userRoutingStatus", "userActivity", "userConversationSummary", "userConversations",
            "userStation", "userOutOfOffice", "queueConversations", "queueMembership", "queueObservations",
            "queueActivity", "userAggregates", "conversationDetail", "agentState",
        ].joined(separator: ", ")
    }
}
