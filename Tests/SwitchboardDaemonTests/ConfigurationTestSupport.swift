import Foundation
import Testing

@testable import SwitchboardDaemon

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The emulator's client, as the examples use it.
let emulatorCredentials = [
    "GENESYSCLOUD_OAUTHCLIENT_ID": "switchboard-emulator",
    "GENESYSCLOUD_OAUTHCLIENT_SECRET": "emulator-secret",
]

/// The smallest configuration that loads: a platform and something to watch.
let minimalYAML = """
    platform:
      apiURL: http://127.0.0.1:8081
    watch:
      queues:
        names: ["Support*"]

    """

/// Reads `yaml` as `switchboard.yml`, with the emulator's credentials unless `environment` says
/// otherwise.
func configuration(
    _ yaml: String, environment: [String: String] = emulatorCredentials
) throws(ConfigurationError) -> DaemonConfiguration {
    try DaemonConfiguration.parse(yaml: yaml, source: "switchboard.yml", environment: environment)
}

/// The error message reading `yaml` gives; records an issue when it reads fine.
func problems(
    _ yaml: String, environment: [String: String] = emulatorCredentials,
    sourceLocation: SourceLocation = #_sourceLocation
) -> String {
    do {
        _ = try configuration(yaml, environment: environment)
        Issue.record("the configuration was accepted", sourceLocation: sourceLocation)
        return ""
    } catch {
        return error.description
    }
}

/// `minimalYAML` with `extra` appended (top-level sections).
func withMinimal(_ extra: String) -> String { minimalYAML + extra }

/// A directory removed when the value is dropped, for secret files.
final class TemporaryDirectory {
    let path: String

    init() {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent(
            "switchboard-config-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: base, withIntermediateDirectories: true)
        path = base.path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` with `mode` and returns its path.
    @discardableResult
    func file(_ name: String, _ text: String, mode: mode_t = 0o600) -> String {
        let file = "\(path)/\(name)"
        FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        chmod(file, mode)
        return file
    }
}
