import Yams

/// Turns a Yams syntax error into a problem with the line and column it names.
enum YAMLSyntax {
    static func problem(_ error: any Error, source: String) -> ConfigurationProblem {
        func located(_ mark: Mark, _ message: String) -> ConfigurationProblem {
            ConfigurationProblem(
                location: .file(source, line: mark.line, column: mark.column), keyPath: nil, message: message)
        }
        let fix =
            "check the indentation and quoting there (a value holding ': ' or starting with a special character needs quotes)."
        switch error as? YamlError {
        case .scanner(let context, let problem, let mark, let yaml),
            .parser(let context, let problem, let mark, let yaml),
            .composer(let context, let problem, let mark, let yaml):
            var message = "the YAML cannot be read: \(problem)"
            if let context, context.mark.line != mark.line || context.mark.column != mark.column {
                message += " (\(context.text) at \(context.mark.line):\(context.mark.column))"
            }
            // The usual cause of a token that cannot start: an editor indenting with a tab.
            if indentsWithTab(yaml, line: mark.line) {
                return located(mark, message + "; indent with spaces: YAML does not allow tabs there.")
            }
            return located(mark, message + "; " + fix)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = Suggestion.list(duplicates, conjunction: "and")
            return located(
                context.mark,
                "\(keys) appear\(duplicates.count == 1 ? "s" : "") more than once in the same map: keep one.")
        case .reader(let problem, _, _, _):
            return ConfigurationProblem(
                location: .file(source, line: nil, column: nil), keyPath: nil,
                message: "is not readable text (\(problem)): save it as UTF-8.")
        default:
            return ConfigurationProblem(
                location: .file(source, line: nil, column: nil), keyPath: nil,
                message: "the YAML cannot be read: \(error).")
        }
    }

    /// Whether the 1-based `line` of `yaml` has a tab in its indentation.
    private static func indentsWithTab(_ yaml: String, line: Int) -> Bool {
        let lines = yaml.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return false }
        return lines[line - 1].prefix { $0 == " " || $0 == "\t" }.contains("\t")
    }
}
