/// A web hook configuration that cannot work, with what to change. Never names the secret.
public struct WebhookConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The setting at fault (`url`, `timeout`, `secret`, `headers`).
    public let setting: String
    /// What is wrong and how to fix it.
    public let description: String

    init(setting: String, _ description: String) {
        self.setting = setting
        self.description = description
    }
}
