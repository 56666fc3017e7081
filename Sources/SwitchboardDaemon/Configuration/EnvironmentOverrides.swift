import Foundation

/// Merges `SWITCHBOARD_` environment variables into the configuration tree before it is
/// validated, so an override is checked exactly like the file's value and a bad one names its
/// variable.
///
/// A variable names a setting by its key path, segments in upper snake case joined by `__`, list
/// items by index: `http.address` is `SWITCHBOARD_HTTP__ADDRESS`, `sinks[1].url` is
/// `SWITCHBOARD_SINKS__1__URL`. A list of values is given comma-separated
/// (`SWITCHBOARD_WATCH__FAMILIES=userPresence,userRoutingStatus`) or one item by index. An item
/// one past the end of a list is added, so a whole configuration can come from the environment.
/// An empty value unsets the setting (its default applies). Headers of a web hook can be changed,
/// not added: their names do not survive upper snake case.
enum EnvironmentOverrides {
    /// A variable that could not be applied, and why. Reported after reading, unless the
    /// configuration names it as holding a secret (`secretEnv: SWITCHBOARD_WEBHOOK_SECRET`).
    struct Unmatched {
        let variable: String
        let message: String
    }

    enum Outcome {
        case applied
        case unmatched(String)
    }

    /// Applies every `SWITCHBOARD_` variable of `environment` to `root`; returns those that match
    /// no setting.
    static func apply(_ environment: [String: String], to root: inout ConfigNode) -> [Unmatched] {
        let prefix = SettingPath.environmentPrefix
        let names = environment.keys.filter { $0.hasPrefix(prefix) && $0.count > prefix.count }
            .map { (name: $0, segments: $0.dropFirst(prefix.count).components(separatedBy: "__")) }
            // Items in index order (SINKS__2 before SINKS__10), so each new item follows the last.
            .sorted { lhs, rhs in precedes(lhs.segments, rhs.segments) }
        var unmatched: [Unmatched] = []
        for (name, segments) in names {
            let value = environment[name] ?? ""
            if segments.contains(where: \.isEmpty) {
                unmatched.append(Unmatched(variable: name, message: noSuchSetting(suggestion: nil)))
                continue
            }
            let outcome = set(
                segments[...], value: value, variable: name, shape: ConfigurationSchema.root, node: &root, path: .root)
            if case .unmatched(let message) = outcome { unmatched.append(Unmatched(variable: name, message: message)) }
        }
        return unmatched
    }

    static func noSuchSetting(suggestion: SettingPath?) -> String {
        if let suggestion {
            return "matches no setting; did you mean \(suggestion.environmentVariable) (\(suggestion))?"
        }
        return "matches no setting: SWITCHBOARD_ variables override settings by key path, as SWITCHBOARD_HTTP__ADDRESS "
            + "overrides http.address; correct its name or remove it."
    }

    private static func set(
        _ segments: ArraySlice<String>, value: String, variable: String, shape: SettingShape, node: inout ConfigNode,
        path: SettingPath
    ) -> Outcome {
        let origin = ValueOrigin.environment(variable)
        switch shape {
        case .value:
            guard segments.isEmpty else { return .unmatched(noSuchSetting(suggestion: nil)) }
            node = scalar(value, origin: origin)
            return .applied

        case .values:
            if segments.isEmpty {
                let items = SectionReader.commaSeparated(value)
                node = ConfigNode(
                    value: items.isEmpty ? .null : .list(items.map { scalar($0, origin: origin) }), origin: origin)
                return .applied
            }
            guard segments.count == 1, let index = Int(segments[segments.startIndex]), index >= 0 else {
                return .unmatched(noSuchSetting(suggestion: nil))
            }
            var items = listItems(of: node)
            guard index <= items.count else { return .unmatched(gap(at: index, count: items.count, path: path)) }
            if index == items.count {
                items.append(scalar(value, origin: origin))
            } else {
                items[index] = scalar(value, origin: origin)
            }
            node = ConfigNode(value: .list(items), origin: node.origin == .unknown ? origin : node.origin)
            return .applied

        case .section(let settings):
            guard let first = segments.first else {
                let example = path.appending(settings.first?.0 ?? "").environmentVariable
                return .unmatched("names the section \(path), not one setting: set its settings, such as \(example).")
            }
            guard let key = settings.first(where: { SettingPath.upperSnakeCase($0.0) == first })?.0,
                let keyShape = shape.shape(of: key)
            else {
                if ConfigurationSchema.isSecretKey(first) {
                    return .unmatched(SecretAdvice.message(forKey: first, at: path))
                }
                let candidates = settings.map { SettingPath.upperSnakeCase($0.0) }
                let suggestion = Suggestion.closest(to: first, among: candidates).flatMap { snake in
                    settings.first { SettingPath.upperSnakeCase($0.0) == snake }.map { path.appending($0.0) }
                }
                return .unmatched(noSuchSetting(suggestion: suggestion))
            }
            var entries: [ConfigNode.Entry]
            if case .map(let existing) = node.value { entries = existing } else { entries = [] }
            let index =
                entries.firstIndex { $0.key == key }
                ?? {
                    entries.append(
                        ConfigNode.Entry(key: key, keyOrigin: origin, node: ConfigNode(value: .null, origin: origin)))
                    return entries.count - 1
                }()
            let outcome = set(
                segments.dropFirst(), value: value, variable: variable, shape: keyShape, node: &entries[index].node,
                path: path.appending(key))
            node = ConfigNode(value: .map(entries), origin: node.origin == .unknown ? origin : node.origin)
            return outcome

        case .entries(let itemShape):
            guard let first = segments.first, let index = Int(first), index >= 0 else {
                let example = path.appending(index: 0).appending("type").environmentVariable
                return .unmatched("\(path) is a list: name an item by its index, as in \(example).")
            }
            var items = listItems(of: node)
            guard index <= items.count else { return .unmatched(gap(at: index, count: items.count, path: path)) }
            if index == items.count { items.append(ConfigNode(value: .map([]), origin: origin)) }
            let outcome = set(
                segments.dropFirst(), value: value, variable: variable, shape: itemShape, node: &items[index],
                path: path.appending(index: index))
            node = ConfigNode(value: .list(items), origin: node.origin == .unknown ? origin : node.origin)
            return outcome

        case .freeForm:
            guard segments.count == 1, case .map(var entries) = node.value,
                let index = entries.firstIndex(where: { SettingPath.upperSnakeCase($0.key) == segments.first })
            else {
                return .unmatched(
                    "names no entry of \(path) in the file: the environment can change the value of an entry the "
                        + "file names, not add one; add it to the file.")
            }
            entries[index].node = scalar(value, origin: origin)
            node = ConfigNode(value: .map(entries), origin: node.origin)
            return .applied
        }
    }

    private static func scalar(_ value: String, origin: ValueOrigin) -> ConfigNode {
        ConfigNode(value: value.isEmpty ? .null : .scalar(value, quoted: false), origin: origin)
    }

    /// A list's items; a comma-separated text counts as its items, and anything else as none.
    private static func listItems(of node: ConfigNode) -> [ConfigNode] {
        switch node.value {
        case .list(let items): items
        case .scalar(let text, _):
            SectionReader.commaSeparated(text).map {
                ConfigNode(value: .scalar($0, quoted: false), origin: node.origin)
            }
        case .null, .map: []
        }
    }

    private static func gap(at index: Int, count: Int, path: SettingPath) -> String {
        let items = count == 1 ? "1 item" : "\(count) items"
        return "sets item \(index) of \(path), which has \(items): number new items from \(count) on, without gaps."
    }

    /// Segment by segment, numbers by value.
    private static func precedes(_ lhs: [String], _ rhs: [String]) -> Bool {
        for (a, b) in zip(lhs, rhs) where a != b {
            if let x = Int(a), let y = Int(b) { return x < y }
            return a < b
        }
        return lhs.count < rhs.count
    }
}
