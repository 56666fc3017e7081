/// Where a setting sits in the configuration: `sinks[1].queue.overflow`, and the environment
/// variable that overrides it, `SWITCHBOARD_SINKS__1__QUEUE__OVERFLOW`.
struct SettingPath: Sendable, Hashable, CustomStringConvertible {
    enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    static let environmentPrefix = "SWITCHBOARD_"

    private(set) var components: [Component] = []

    static let root = SettingPath()

    func appending(_ key: String) -> SettingPath {
        var path = self
        path.components.append(.key(key))
        return path
    }

    func appending(index: Int) -> SettingPath {
        var path = self
        path.components.append(.index(index))
        return path
    }

    var isRoot: Bool { components.isEmpty }

    /// The last key, for messages about a setting by its own name.
    var lastKey: String? {
        for component in components.reversed() {
            if case .key(let key) = component { return key }
        }
        return nil
    }

    var description: String {
        var text = ""
        for component in components {
            switch component {
            case .key(let key): text += text.isEmpty ? key : ".\(key)"
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }

    /// The variable that overrides this setting: segments in upper snake case joined by `__`.
    var environmentVariable: String {
        Self.environmentPrefix
            + components.map { component in
                switch component {
                case .key(let key): Self.upperSnakeCase(key)
                case .index(let index): String(index)
                }
            }.joined(separator: "__")
    }

    /// `staleAfter` → `STALE_AFTER`, `apiURL` → `API_URL`, `metricsTTL` → `METRICS_TTL`,
    /// `X-Team` → `X_TEAM`: a word starts at an upper-case letter after a lower-case letter or a
    /// digit, and at the last capital of an acronym followed by a lower-case letter.
    static func upperSnakeCase(_ key: String) -> String {
        let characters = Array(key)
        var result = ""
        for (index, character) in characters.enumerated() {
            if character == "-" || character == "_" || character == " " || character == "." {
                if !result.hasSuffix("_") { result += "_" }
                continue
            }
            if index > 0, character.isUppercase, !result.hasSuffix("_") {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                if previous.isLowercase || previous.isNumber
                    || (previous.isUppercase && (next?.isLowercase ?? false))
                {
                    result += "_"
                }
            }
            result += character.uppercased()
        }
        return result
    }
}
