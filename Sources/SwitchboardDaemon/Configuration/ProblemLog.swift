/// Collects every problem of one reading of a configuration, so all of them are reported at once.
///
/// Lives only for one call of ``DaemonConfiguration/parse(yaml:source:environment:)``.
final class ProblemLog {
    /// The file as given, or `environment` when there is none.
    let source: String
    private(set) var problems: [ConfigurationProblem] = []
    /// Environment variables the configuration names as holding a secret (`secretEnv`,
    /// `passwordEnv`): they may carry the `SWITCHBOARD_` prefix without being a setting.
    var referencedVariables: Set<String> = []

    init(source: String) {
        self.source = source
    }

    var isEmpty: Bool { problems.isEmpty }

    func report(_ origin: ValueOrigin, _ path: SettingPath?, _ message: String) {
        let location: ConfigurationProblem.Location =
            switch origin {
            case .file(let line, let column): .file(source, line: line, column: column)
            case .environment(let variable): .environment(variable)
            case .unknown: .file(source, line: nil, column: nil)
            }
        let keyPath = path.flatMap { $0.isRoot ? nil : $0.description }
        problems.append(ConfigurationProblem(location: location, keyPath: keyPath, message: message))
    }

    var error: ConfigurationError { ConfigurationError(source: source, problems: problems) }
}

/// Text as messages quote it: in double quotes, with quotes, backslashes and control characters
/// escaped so a message stays on one line.
func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        default:
            if scalar.value < 0x20 {
                result += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
    return result + "\""
}
