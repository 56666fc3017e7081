import Foundation
import GenesysNotifications
import SwitchboardSinks
import Testing

@testable import SwitchboardDaemon

@Suite("Environment overrides")
struct EnvironmentOverrideTests {
    private func environment(_ overrides: [String: String]) -> [String: String] {
        emulatorCredentials.merging(overrides) { $1 }
    }

    @Test("Variable names follow the key path in upper snake case")
    func variableNames() {
        #expect(
            SettingPath.root.appending("http").appending("address").environmentVariable == "SWITCHBOARD_HTTP__ADDRESS")
        #expect(
            SettingPath.root.appending("pipeline").appending("staleAfter").environmentVariable
                == "SWITCHBOARD_PIPELINE__STALE_AFTER")
        #expect(
            SettingPath.root.appending("sinks").appending(index: 1).appending("url").environmentVariable
                == "SWITCHBOARD_SINKS__1__URL")
        #expect(SettingPath.upperSnakeCase("apiURL") == "API_URL")
        #expect(SettingPath.upperSnakeCase("metricsTTL") == "METRICS_TTL")
        #expect(SettingPath.upperSnakeCase("maximumRowsPerSink") == "MAXIMUM_ROWS_PER_SINK")
        #expect(SettingPath.upperSnakeCase("X-Team") == "X_TEAM")
        #expect(SettingPath.upperSnakeCase("URLPath") == "URL_PATH")
    }

    @Test("Scalars, nested settings and list items are overridden")
    func scalarsAndNested() throws {
        let yaml = withMinimal(
            """
            http:
              address: 127.0.0.1:8080
            sinks:
              - type: jsonl
                path: a.jsonl
              - type: webhook
                url: https://a.example.com/in
                headers: {X-Team: wallboard}
            """)
        let loaded = try configuration(
            yaml,
            environment: environment([
                "SWITCHBOARD_HTTP__ADDRESS": "0.0.0.0:9090",
                "SWITCHBOARD_PIPELINE__STALE_AFTER": "2m",
                "SWITCHBOARD_PIPELINE__WINDOWS__OUTLIER_THRESHOLD": "5",
                "SWITCHBOARD_SINKS__1__URL": "https://b.example.com/in",
                "SWITCHBOARD_SINKS__1__HEADERS__X_TEAM": "ops",
                "SWITCHBOARD_SINKS__0__QUEUE__OVERFLOW": "dropNewest",
                "SWITCHBOARD_BACKFILL": "false",
            ]))
        #expect(loaded.http.host == "0.0.0.0" && loaded.http.port == 9090)
        #expect(loaded.pipeline.freshness.staleAfter == 120)
        #expect(loaded.pipeline.windows.threshold == 5)
        #expect(!loaded.notifications.backfill.enabled)
        guard case .webhook(let webhook) = loaded.sinks[1].kind else { throw Failure("webhook") }
        #expect(webhook.url.absoluteString == "https://b.example.com/in")
        #expect(webhook.headers == ["X-Team": "ops"])
        #expect(loaded.sinks[0].queueing == .memory(SinkQueue.Configuration(overflow: .dropNewest)))
    }

    @Test("Lists are given comma-separated, or one item by index")
    func lists() throws {
        let whole = try configuration(
            minimalYAML,
            environment: environment([
                "SWITCHBOARD_WATCH__FAMILIES": "queueObservations, queueConversations,queueMembership",
                "SWITCHBOARD_WATCH__QUEUES__NAMES": "Sales*,Support",
            ]))
        #expect(whole.watch.families == [.queueObservations, .queueConversations, .queueMembership])
        #expect(whole.watch.queues.names.map(\.pattern) == ["Sales*", "Support"])
        let items = try configuration(
            minimalYAML,
            environment: environment([
                "SWITCHBOARD_WATCH__QUEUES__NAMES__0": "Billing",
                "SWITCHBOARD_WATCH__QUEUES__NAMES__1": "Sales, EMEA*",
            ]))
        #expect(items.watch.queues.names.map(\.pattern) == ["Billing", "Sales, EMEA*"])
    }

    @Test("A whole configuration can come from the environment")
    func environmentOnly() throws {
        let loaded = try DaemonConfiguration.load(
            path: nil,
            environment: environment([
                "SWITCHBOARD_PLATFORM__REGION": "mypurecloud.ie",
                "SWITCHBOARD_WATCH__USERS__IDS": "0e185c02-aca1-4a72-82ea-2e78684e2c89",
                "SWITCHBOARD_SINKS__0__TYPE": "jsonl",
                "SWITCHBOARD_SINKS__0__PATH": "-",
                "SWITCHBOARD_SINKS__1__TYPE": "redis",
                "SWITCHBOARD_SINKS__2__TYPE": "jsonl",
                "SWITCHBOARD_SINKS__2__PATH": "c.jsonl",
                "SWITCHBOARD_SINKS__10__TYPE": "jsonl",
                "SWITCHBOARD_SINKS__10__PATH": "k.jsonl",
                "SWITCHBOARD_SINKS__3__TYPE": "jsonl",
                "SWITCHBOARD_SINKS__3__PATH": "d.jsonl",
                "SWITCHBOARD_SINKS__4__TYPE": "jsonl",
                "SWITCHBOARD_SINKS__4__PATH": "e.jsonl",
                "SWITCHBOARD_SINKS__5__TYPE": "jsonl",
                "SWITCHBOARD_SINKS__5__PATH": "f.jsonl",
                "SWITCHBOARD_SINKS__6__TYPE": "jsonl",
                "SWITCHBOARD_SINKS__6__PATH": "g.jsonl",
                "SWITCHBOARD_SINKS__7__TYPE": "jsonl",
                "SWITCHBOARD_SINKS__7__PATH": "h.jsonl",
                "SWITCHBOARD_SINKS__8__TYPE": "jsonl",
                "SWITCHBOARD_SINKS__8__PATH": "i.jsonl",
                "SWITCHBOARD_SINKS__9__TYPE": "jsonl",
                "SWITCHBOARD_SINKS__9__PATH": "j.jsonl",
            ]))
        #expect(loaded.source == "environment")
        #expect(loaded.platform.apiBaseURL == "https://api.mypurecloud.ie")
        #expect(loaded.watch.families == [.userPresence, .userRoutingStatus])
        #expect(loaded.sinks.count == 11)
        #expect(loaded.sinks.map(\.name).prefix(3) == ["jsonl", "redis", "jsonl-2"])
        guard case .jsonLines(let last) = loaded.sinks[10].kind else { throw Failure("jsonl") }
        #expect(last == .file(path: "k.jsonl", rotateAtBytes: nil, keep: 5))
    }

    @Test("An empty value unsets a setting, so another can take its place")
    func emptyValueUnsets() throws {
        let loaded = try configuration(
            minimalYAML,
            environment: environment([
                "SWITCHBOARD_PLATFORM__API_URL": "", "SWITCHBOARD_PLATFORM__REGION": "eu-central-1",
            ]))
        #expect(loaded.platform.apiBaseURL == "https://api.mypurecloud.de")
    }

    @Test("A bad override names the variable instead of the file")
    func badOverrideNamesVariable() {
        #expect(
            problems(
                withMinimal("sinks:\n  - {type: jsonl, path: a.jsonl}\n"),
                environment: environment(["SWITCHBOARD_SINKS__0__QUEUE__OVERFLOW": "drop-oldest"]))
                == "environment SWITCHBOARD_SINKS__0__QUEUE__OVERFLOW: sinks[0].queue.overflow: \"drop-oldest\" is not "
                + "one of block, dropOldest, dropNewest, spill; did you mean dropOldest?")
        #expect(
            problems(minimalYAML, environment: environment(["SWITCHBOARD_HTTP__ADDRESS": "localhost"]))
                == "environment SWITCHBOARD_HTTP__ADDRESS: http.address: \"localhost\" has no port: write host:port, such "
                + "as 127.0.0.1:8080 or [::1]:8080 (port 0 picks a free one).")
        #expect(
            problems(
                withMinimal("sinks:\n  - {type: jsonl, path: a.jsonl}\n"),
                environment: environment(["SWITCHBOARD_SINKS__0__URL": "https://example.com"]))
                == "environment SWITCHBOARD_SINKS__0__URL: sinks[0].url: url is a setting of webhook and redis sinks, not "
                + "of jsonl sinks.")
    }

    @Test("A variable matching no setting is an error naming it, with the closest name")
    func unknownVariables() {
        #expect(
            problems(minimalYAML, environment: environment(["SWITCHBOARD_HTTP__ADRESS": "0.0.0.0:1"]))
                == "environment SWITCHBOARD_HTTP__ADRESS: matches no setting; did you mean SWITCHBOARD_HTTP__ADDRESS "
                + "(http.address)?")
        #expect(
            problems(minimalYAML, environment: environment(["SWITCHBOARD_VERBOSE": "1"]))
                == "environment SWITCHBOARD_VERBOSE: matches no setting: SWITCHBOARD_ variables override settings by key "
                + "path, as SWITCHBOARD_HTTP__ADDRESS overrides http.address; correct its name or remove it.")
        #expect(
            problems(minimalYAML, environment: environment(["SWITCHBOARD_HTTP": "x"]))
                == "environment SWITCHBOARD_HTTP: names the section http, not one setting: set its settings, such as "
                + "SWITCHBOARD_HTTP__ADDRESS.")
        #expect(
            problems(minimalYAML, environment: environment(["SWITCHBOARD_SINKS__2__TYPE": "jsonl"]))
                == "environment SWITCHBOARD_SINKS__2__TYPE: sets item 2 of sinks, which has 0 items: number new items "
                + "from 0 on, without gaps.")
        #expect(
            problems(minimalYAML, environment: environment(["SWITCHBOARD_SINKS__TYPE": "jsonl"]))
                == "environment SWITCHBOARD_SINKS__TYPE: sinks is a list: name an item by its index, as in "
                + "SWITCHBOARD_SINKS__0__TYPE.")
        #expect(
            problems(minimalYAML, environment: environment(["SWITCHBOARD_CREDENTIALS__CLIENT_SECRET": "x"]))
                == "environment SWITCHBOARD_CREDENTIALS__CLIENT_SECRET: \(SecretAdvice.credentials)")
        #expect(
            problems(
                withMinimal("sinks:\n  - {type: webhook, url: https://a.example/in}\n"),
                environment: environment(["SWITCHBOARD_SINKS__0__HEADERS__X_NEW": "x"]))
                == "environment SWITCHBOARD_SINKS__0__HEADERS__X_NEW: names no entry of sinks[0].headers in the file: "
                + "the environment can change the value of an entry the file names, not add one; add it to the file.")
    }

    @Test("A variable the configuration names as a secret is not a setting")
    func referencedSecretVariable() throws {
        let loaded = try configuration(
            withMinimal(
                "sinks:\n  - {type: webhook, url: https://a.example/in, secretEnv: SWITCHBOARD_WEBHOOK_SECRET}\n"),
            environment: environment(["SWITCHBOARD_WEBHOOK_SECRET": "shared"]))
        guard case .webhook(let webhook) = loaded.sinks[0].kind else { throw Failure("webhook") }
        #expect(webhook.secret != nil)
    }
}
