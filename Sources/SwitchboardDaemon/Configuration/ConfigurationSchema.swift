/// Every setting the configuration file knows, by section: what unknown keys are checked
/// against (with "did you mean"), and what `SWITCHBOARD_` variables are matched against.
///
/// The readers of each section take their keys from here, so a setting added to a reader and
/// forgotten here is reported as unknown by the tests of the examples.
indirect enum SettingShape: Sendable {
    /// One value.
    case value
    /// A list of values; the environment gives it comma-separated, or one item by index.
    case values
    /// A map of named settings, in the order they are documented.
    case section([(String, SettingShape)])
    /// A list of sections (the sinks).
    case entries(SettingShape)
    /// A map whose names are the user's (web hook headers), each with one value.
    case freeForm

    /// The keys of a section, in order.
    var keys: [String] {
        if case .section(let settings) = self { return settings.map(\.0) }
        return []
    }

    /// The shape of `key` within a section.
    func shape(of key: String) -> SettingShape? {
        if case .section(let settings) = self { return settings.first { $0.0 == key }?.1 }
        return nil
    }
}

enum ConfigurationSchema {
    static let platform = SettingShape.section([("region", .value), ("apiURL", .value), ("loginURL", .value)])
    static let credentials = SettingShape.section([("file", .value)])
    static let subjects = SettingShape.section([("ids", .values), ("names", .values)])
    static let watch = SettingShape.section([
        ("queues", subjects), ("users", subjects), ("families", .values), ("refresh", .value),
    ])
    static let windows = SettingShape.section([
        ("kind", .value), ("length", .value), ("outlierThreshold", .value), ("minimumSamples", .value),
        ("metrics", .values),
    ])
    static let pipeline = SettingShape.section([
        ("filter", .value), ("deduplicationWindow", .value), ("deduplicationMaximumKeys", .value),
        ("windows", windows), ("staleAfter", .value),
    ])
    static let session = SettingShape.section([
        ("heartbeatTimeout", .value), ("pongTimeout", .value), ("reconnectBase", .value), ("reconnectMax", .value),
    ])
    static let http = SettingShape.section([("address", .value), ("wallboard", .value)])
    static let outbox = SettingShape.section([("path", .value), ("maximumRowsPerSink", .value), ("whenFull", .value)])
    static let queue = SettingShape.section([
        ("capacity", .value), ("overflow", .value), ("batchSize", .value), ("batchAge", .value),
        ("retryBase", .value), ("retryCap", .value), ("maximumAttempts", .value), ("maximumRetryAfter", .value),
    ])

    /// Settings every sink takes.
    static let commonSinkSettings: [(String, SettingShape)] = [
        ("type", .value), ("name", .value), ("records", .values), ("durable", .value), ("deadLetters", .value),
        ("queue", queue),
    ]
    /// Settings of each sink type, besides the common ones.
    static let sinkSettings: [(type: String, settings: [(String, SettingShape)])] = [
        ("jsonl", [("path", .value), ("rotateAt", .value), ("keep", .value)]),
        (
            "webhook",
            [
                ("url", .value), ("timeout", .value), ("secretFile", .value), ("secretEnv", .value),
                ("headers", .freeForm), ("userAgent", .value),
            ]
        ),
        (
            "redis",
            [
                ("url", .value), ("passwordEnv", .value), ("passwordFile", .value), ("stream", .value),
                ("streamMaximumLength", .value), ("metricsTTL", .value), ("metricsPrefix", .value),
            ]
        ),
    ]

    static var sinkTypes: [String] { sinkSettings.map(\.type) }

    /// The settings of one sink type, common ones first.
    static func sink(type: String) -> SettingShape? {
        guard let specific = sinkSettings.first(where: { $0.type == type }) else { return nil }
        return .section(commonSinkSettings + specific.settings)
    }

    /// Any sink's settings: what an environment variable for a sink is matched against before the
    /// sink's type is known.
    static var anySink: SettingShape {
        var settings = commonSinkSettings
        for (_, specific) in sinkSettings {
            for setting in specific where !settings.contains(where: { $0.0 == setting.0 }) { settings.append(setting) }
        }
        return .section(settings)
    }

    static let root = SettingShape.section([
        ("platform", platform), ("credentials", credentials), ("watch", watch), ("pipeline", pipeline),
        ("session", session), ("backfill", .value), ("auditLog", .value), ("http", http), ("outbox", outbox),
        ("sinks", .entries(anySink)),
    ])

    /// Keys that would hold a secret, compared without case, `_` or `-`: refused wherever they
    /// appear, since a configuration file is copied, committed and printed.
    static let secretKeys: Set<String> = [
        "clientsecret", "clientid", "oauthclientsecret", "oauthclientid", "password", "secret", "token",
        "accesstoken", "apikey",
    ]

    static func isSecretKey(_ key: String) -> Bool {
        secretKeys.contains(key.lowercased().filter { $0 != "_" && $0 != "-" })
    }
}
