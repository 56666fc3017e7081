import Foundation

/// Reads one map of settings: checks its keys against the schema (unknown keys and secrets are
/// reported with the fix) and hands out its values, lists and sub-sections.
struct SectionReader {
    let path: SettingPath
    /// Where the section is named (its key), or the map itself: missing settings point here.
    let origin: ValueOrigin
    let shape: SettingShape
    let log: ProblemLog
    private let entries: [ConfigNode.Entry]

    /// Whether the section is written as something other than a map (already reported): settings
    /// it lacks are then not reported as missing too.
    let isMalformed: Bool

    /// - Parameters:
    ///   - node: The section's node; nil or null when it is not written.
    ///   - keyOrigin: Where the section's key is.
    ///   - unknownKey: Says why a key is wrong when the shape does not know it; the default
    ///     suggests the closest known key.
    init(
        _ node: ConfigNode?, path: SettingPath, keyOrigin: ValueOrigin? = nil, shape: SettingShape, log: ProblemLog,
        unknownKey: ((String) -> String)? = nil
    ) {
        self.path = path
        self.shape = shape
        self.log = log
        self.origin = keyOrigin ?? node?.origin ?? .unknown
        guard let node else {
            entries = []
            isMalformed = false
            return
        }
        switch node.value {
        case .null:
            entries = []
            isMalformed = false
        case .map(let mapEntries):
            entries = mapEntries
            isMalformed = false
            let keys = shape.keys
            for entry in mapEntries where !keys.contains(entry.key) {
                let message =
                    unknownKey?(entry.key)
                    ?? (ConfigurationSchema.isSecretKey(entry.key)
                        ? SecretAdvice.message(forKey: entry.key, at: path)
                        : Self.unknownKeyMessage(entry.key, keys: keys, section: path))
                log.report(entry.keyOrigin, path.appending(entry.key), message)
            }
        case .scalar, .list:
            entries = []
            isMalformed = true
            let keys = shape.keys.prefix(3).map { "\($0):" }.joined(separator: ", ")
            log.report(node.origin, path, "expected a map of settings (\(keys) ...), found \(Self.found(node)).")
        }
    }

    static func unknownKeyMessage(_ key: String, keys: [String], section: SettingPath) -> String {
        if key == "<<" { return "merge keys (<<) are not supported: write the settings out." }
        if let suggestion = Suggestion.closest(to: key, among: keys) {
            return "unknown setting; did you mean \(suggestion)?"
        }
        let owner = section.isRoot ? "the file" : section.description
        return "unknown setting: \(owner) takes \(Suggestion.list(keys, conjunction: "and"))."
    }

    static func found(_ node: ConfigNode) -> String {
        switch node.value {
        case .scalar(let text, _): "\(quoted(text))"
        case .null: "nothing"
        case .map: "a map"
        case .list: "a list"
        }
    }

    func entry(_ key: String) -> ConfigNode.Entry? { entries.first { $0.key == key } }

    /// Whether `key` has a value (not absent, not null).
    func has(_ key: String) -> Bool {
        guard let node = entry(key)?.node else { return false }
        if case .null = node.value { return false }
        return true
    }

    /// The single value of `key`; nil when it is not set, or after reporting a list or map.
    func value(_ key: String) -> SettingValue? {
        guard let node = entry(key)?.node else { return nil }
        let path = path.appending(key)
        switch node.value {
        case .null: return nil
        case .scalar(let text, _): return SettingValue(text: text, origin: node.origin, path: path, log: log)
        case .map, .list:
            log.report(node.origin, path, "expected a single value, found \(Self.found(node)).")
            return nil
        }
    }

    /// The values of a list setting: a YAML list of values, or one text of comma-separated values
    /// (as the environment gives lists). Nil when not set.
    func values(_ key: String) -> [SettingValue]? {
        guard let node = entry(key)?.node else { return nil }
        let path = path.appending(key)
        switch node.value {
        case .null: return nil
        case .scalar(let text, _):
            return Self.commaSeparated(text).map { SettingValue(text: $0, origin: node.origin, path: path, log: log) }
        case .list(let items):
            var values: [SettingValue] = []
            for (index, item) in items.enumerated() {
                switch item.value {
                case .scalar(let text, _):
                    values.append(
                        SettingValue(text: text, origin: item.origin, path: path.appending(index: index), log: log))
                case .null:
                    log.report(item.origin, path.appending(index: index), "is empty: remove it or give a value.")
                case .map, .list:
                    log.report(
                        item.origin, path.appending(index: index), "expected a single value, found \(Self.found(item))."
                    )
                }
            }
            return values
        case .map:
            log.report(node.origin, path, "expected a list of values, found a map.")
            return nil
        }
    }

    static func commaSeparated(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The sub-section `key`, empty when it is not written.
    func section(_ key: String, unknownKey: ((String) -> String)? = nil) -> SectionReader {
        let entry = entry(key)
        return SectionReader(
            entry?.node, path: path.appending(key), keyOrigin: entry?.keyOrigin ?? .unknown,
            shape: shape.shape(of: key) ?? .section([]), log: log, unknownKey: unknownKey)
    }

    /// The items of a list of sections (the sinks), each with its path; reports items that are
    /// not maps.
    func items(_ key: String) -> [(node: ConfigNode, path: SettingPath)] {
        guard let node = entry(key)?.node else { return [] }
        let path = path.appending(key)
        switch node.value {
        case .null: return []
        case .list(let items):
            var result: [(ConfigNode, SettingPath)] = []
            for (index, item) in items.enumerated() {
                if case .map = item.value {
                    result.append((item, path.appending(index: index)))
                } else {
                    log.report(
                        item.origin, path.appending(index: index),
                        "expected a map of settings (type:, name:, ...), found \(Self.found(item)).")
                }
            }
            return result
        case .scalar, .map:
            log.report(
                node.origin, path,
                "expected a list, found \(Self.found(node)): start each item with '- ', as in '- type: jsonl'.")
            return []
        }
    }

    /// The names and values of a free-form map (web hook headers).
    func pairs(_ key: String) -> [(name: String, value: SettingValue)]? {
        guard let node = entry(key)?.node else { return nil }
        let path = path.appending(key)
        switch node.value {
        case .null: return nil
        case .map(let entries):
            var pairs: [(String, SettingValue)] = []
            for entry in entries {
                let itemPath = path.appending(entry.key)
                switch entry.node.value {
                case .scalar(let text, _):
                    pairs.append(
                        (entry.key, SettingValue(text: text, origin: entry.node.origin, path: itemPath, log: log)))
                case .null:
                    pairs.append(
                        (entry.key, SettingValue(text: "", origin: entry.node.origin, path: itemPath, log: log)))
                case .map, .list:
                    log.report(entry.node.origin, itemPath, "expected a single value, found \(Self.found(entry.node)).")
                }
            }
            return pairs
        case .scalar, .list:
            log.report(node.origin, path, "expected a map of names and values, found \(Self.found(node)).")
            return nil
        }
    }
}
