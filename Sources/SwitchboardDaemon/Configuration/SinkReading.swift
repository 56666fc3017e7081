import Foundation
import SwitchboardSinks

/// Reads `sinks:`: each sink's type, name, content, queue and own settings, with names unique
/// and durable sinks checked against the outbox.
enum SinkReading {
    /// A sink as read, before default names are given.
    private struct Draft {
        let type: String
        let name: SettingValue?
        let section: SectionReader
    }

    static func read(_ root: SectionReader, hasOutbox: Bool, environment: [String: String]) -> [SinkSpec] {
        var drafts: [Draft] = []
        for (node, path) in root.items("sinks") {
            guard let type = type(of: node, path: path, log: root.log) else {
                // Still check the keys against every sink's, so other mistakes show in this pass.
                _ = SectionReader(node, path: path, shape: ConfigurationSchema.anySink, log: root.log)
                continue
            }
            let section = SectionReader(
                node, path: path, shape: ConfigurationSchema.sink(type: type) ?? ConfigurationSchema.anySink,
                log: root.log, unknownKey: { key in unknownKeyMessage(key, type: type, path: path) })
            drafts.append(Draft(type: type, name: section.value("name"), section: section))
        }

        var sinks: [SinkSpec] = []
        for (draft, name) in zip(drafts, names(of: drafts)) {
            guard let name else { continue }
            if let sink = sink(draft, name: name, hasOutbox: hasOutbox, environment: environment) {
                sinks.append(sink)
            }
        }
        return sinks
    }

    private static func type(of node: ConfigNode, path: SettingPath, log: ProblemLog) -> String? {
        let types = ConfigurationSchema.sinkTypes
        guard let entry = node.entry("type") else {
            log.report(node.origin, path, "no type: set type to one of \(types.joined(separator: ", ")).")
            return nil
        }
        guard case .scalar(let text, _) = entry.node.value else {
            log.report(entry.node.origin, path.appending("type"), "expected one of \(types.joined(separator: ", ")).")
            return nil
        }
        return SettingValue(text: text, origin: entry.node.origin, path: path.appending("type"), log: log).choice(types)
    }

    private static func unknownKeyMessage(_ key: String, type: String, path: SettingPath) -> String {
        if ConfigurationSchema.isSecretKey(key) { return SecretAdvice.message(forKey: key, at: path, sinkType: type) }
        let own = ConfigurationSchema.sink(type: type)?.keys ?? []
        let owners = ConfigurationSchema.sinkSettings.filter { $0.settings.contains { $0.0 == key } }.map(\.type)
        if !owners.isEmpty {
            return "\(key) is a setting of \(Suggestion.list(owners, conjunction: "and")) sinks, not of \(type) sinks."
        }
        if let suggestion = Suggestion.closest(to: key, among: own) {
            return "unknown setting; did you mean \(suggestion)?"
        }
        return "unknown setting: \(type) sinks take \(Suggestion.list(own, conjunction: "and"))."
    }

    /// Each draft's name: its own (checked, unique), or its type, then `type-2`, `type-3`... for
    /// the unnamed. Nil where the name was reported.
    private static func names(of drafts: [Draft]) -> [String?] {
        var taken: [String: SettingPath] = [:]
        var names: [String?] = []
        for draft in drafts {
            guard let value = draft.name else {
                names.append("")
                continue
            }
            guard let name = value.text(describing: "a name, such as events") else {
                names.append(nil)
                continue
            }
            guard name.count <= 64,
                name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) })
            else {
                names.append(
                    value.fail("\(value.shown) is not a usable name: use up to 64 letters, digits, -, _, . and :."))
                continue
            }
            if let first = taken[name] {
                names.append(value.fail("\(value.shown) is already the name of \(first): give each sink its own name."))
                continue
            }
            taken[name] = value.path.dropLastKey
            names.append(name)
        }
        for (index, draft) in drafts.enumerated() where names[index] == "" {
            var candidate = draft.type
            var number = 2
            while taken[candidate] != nil {
                candidate = "\(draft.type)-\(number)"
                number += 1
            }
            taken[candidate] = draft.section.path
            names[index] = candidate
        }
        return names
    }

    private static func sink(
        _ draft: Draft, name: String, hasOutbox: Bool, environment: [String: String]
    ) -> SinkSpec? {
        let section = draft.section
        var records: [SinkSpec.Content] = []
        for value in section.values("records") ?? [] {
            if let content = value.choice(SinkSpec.Content.self), !records.contains(content) { records.append(content) }
        }
        if records.isEmpty { records = [.events] }
        let durableValue = section.value("durable")
        let durable = durableValue?.boolean() ?? false
        if durable, !hasOutbox, let durableValue {
            durableValue.log.report(
                durableValue.origin, durableValue.path,
                "a durable sink keeps its deliveries in the outbox: set outbox.path, such as "
                    + "/var/lib/switchboard/outbox.sqlite.")
        }
        if !hasOutbox, let overflow = section.section("queue").value("overflow"), overflow.text == QueueReading.spill {
            overflow.log.report(
                overflow.origin, overflow.path,
                "spill keeps what does not fit in memory in the outbox: set outbox.path, such as "
                    + "/var/lib/switchboard/outbox.sqlite, or choose block, dropOldest or dropNewest.")
        }
        let deadLetters = section.value("deadLetters")?.text(describing: "the path of a dead-letter file")
        let queueing = QueueReading.read(section.section("queue"), durable: durable)
        let kind: SinkSpec.Kind? =
            switch draft.type {
            case "jsonl": jsonLines(section)
            case "webhook": webhook(section, environment: environment)
            default: redis(section, environment: environment)
            }
        guard let kind, let queueing else { return nil }
        return SinkSpec(name: name, kind: kind, records: records, queueing: queueing, deadLetterPath: deadLetters)
    }

    // MARK: - jsonl

    private static func jsonLines(_ section: SectionReader) -> SinkSpec.Kind? {
        guard let pathValue = section.value("path") else {
            section.log.report(
                section.origin, section.path,
                "no path: set path to a file, such as /var/lib/switchboard/events.jsonl, or - for standard output.")
            return nil
        }
        let rotateValue = section.value("rotateAt")
        let keepValue = section.value("keep")
        guard let path = pathValue.text(describing: "a file path, or - for standard output") else { return nil }
        if path == "-" {
            if let value = rotateValue ?? keepValue {
                return value.fail(
                    "standard output is not rotated: remove \(value.path.lastKey ?? "it"), or give a file path.")
            }
            return .jsonLines(.standardOutput)
        }
        let rotateAt = rotateValue?.byteSize(in: 1_024...Int(Int64.max / 2))
        if rotateValue != nil, rotateAt == nil { return nil }
        var keep = 5
        if let keepValue {
            guard rotateValue != nil else {
                return keepValue.fail("keep counts rotated files: set rotateAt too, such as 100MB, or remove keep.")
            }
            guard let value = keepValue.integer(in: 0...1_000) else { return nil }
            keep = value
        }
        return .jsonLines(.file(path: path, rotateAtBytes: rotateAt, keep: keep))
    }

    // MARK: - webhook

    private static func webhook(_ section: SectionReader, environment: [String: String]) -> SinkSpec.Kind? {
        guard let urlValue = section.value("url") else {
            section.log.report(
                section.origin, section.path,
                "no url: set url to the receiver, such as https://hooks.example.com/switchboard.")
            return nil
        }
        var ok = true
        let url = webhookURL(urlValue)
        if url == nil { ok = false }
        var timeout = Duration.seconds(3)
        if let value = section.value("timeout") {
            if let parsed = value.duration(in: .milliseconds(1)...(.seconds(600))) {
                timeout = parsed
            } else {
                ok = false
            }
        }
        var headers: [String: String] = [:]
        for (name, value) in section.pairs("headers") ?? [] {
            if value.text.isEmpty {
                value.log.report(value.origin, value.path, "is empty: give the header a value, or remove it.")
                ok = false
                continue
            }
            // Checked one by one against the sink's own rules, so a problem points at its header.
            do {
                _ = try WebhookConfiguration(url: "http://127.0.0.1/", secret: nil, headers: [name: value.text])
            } catch {
                value.log.report(value.origin, value.path, error.description)
                ok = false
                continue
            }
            headers[name] = value.text
        }
        var userAgent = WebhookConfiguration.defaultUserAgent
        if let value = section.value("userAgent") {
            if let text = value.text(describing: "a user agent, such as switchboard-webhook/1") {
                userAgent = text
            } else {
                ok = false
            }
        }
        var secret: WebhookSecret?
        switch SecretReading.read(
            file: "secretFile", env: "secretEnv", in: section, what: "the web hook's signing secret",
            environment: environment)
        {
        case .absent: secret = nil
        case .found(let text): secret = WebhookSecret(text)
        case .failed: ok = false
        }
        guard ok, let url else { return nil }
        do {
            return .webhook(
                try WebhookConfiguration(
                    url: url, secret: secret, timeout: timeout, headers: headers, userAgent: userAgent))
        } catch {
            let key = ["url", "timeout", "headers", "userAgent"].contains(error.setting) ? error.setting : "url"
            let origin = section.entry(key)?.node.origin ?? section.origin
            section.log.report(origin, section.path.appending(key), error.description)
            return nil
        }
    }

    private static func webhookURL(_ value: SettingValue) -> String? {
        guard let text = value.text(describing: "a URL") else { return nil }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty
        else {
            return value.fail(
                "\(value.shown) is not an absolute URL: write one such as https://hooks.example.com/switchboard.")
        }
        guard scheme == "http" || scheme == "https" else {
            return value.fail("\(value.shown) is not http:// or https://: the web hook sink posts over HTTP.")
        }
        guard components.user == nil, components.password == nil else {
            return value.fail(
                "\(value.shown) carries a user or password: remove it; requests are authenticated by their "
                    + "signature (secretFile or secretEnv).")
        }
        return text
    }

    // MARK: - redis

    private static func redis(_ section: SectionReader, environment: [String: String]) -> SinkSpec.Kind? {
        var ok = true
        var redis = RedisConfiguration()
        if let value = section.value("url") {
            if let parsed = RedisURL.read(value) {
                redis.host = parsed.host
                redis.port = parsed.port
                redis.username = parsed.username
                redis.database = parsed.database
            } else {
                ok = false
            }
        }
        switch SecretReading.read(
            file: "passwordFile", env: "passwordEnv", in: section, what: "the Redis password", environment: environment)
        {
        case .absent: break
        case .found(let password): redis.password = password
        case .failed: ok = false
        }
        var configuration = RedisSink.Configuration(redis: redis)
        if let value = section.value("stream") {
            if value.text.trimmingCharacters(in: .whitespaces).lowercased() == "false" {
                configuration.stream = nil
            } else if let stream = value.text(describing: "a stream key, such as switchboard:events") {
                configuration.stream = stream
            } else {
                ok = false
            }
        }
        if let value = section.value("streamMaximumLength") {
            if let length = value.integer(in: 1...1_000_000_000) {
                configuration.streamMaximumLength = length
            } else {
                ok = false
            }
        }
        if let value = section.value("metricsTTL") {
            if let ttl = value.duration(in: .seconds(1)...(.seconds(604_800))) {
                configuration.metricsTTL = ttl
            } else {
                ok = false
            }
        }
        if let value = section.value("metricsPrefix") {
            if let prefix = value.text(describing: "a key prefix, such as metrics:") {
                configuration.metricsPrefix = prefix
            } else {
                ok = false
            }
        }
        return ok ? .redis(configuration) : nil
    }
}

extension SettingPath {
    /// The path without its last key: the sink a sink's `name` belongs to.
    var dropLastKey: SettingPath {
        var path = SettingPath.root
        for component in components.dropLast() {
            switch component {
            case .key(let key): path = path.appending(key)
            case .index(let index): path = path.appending(index: index)
            }
        }
        return path
    }
}
