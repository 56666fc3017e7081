import GenesysNotifications

/// Reads `session:` and `backfill:` onto ``NotificationClient/Configuration``.
enum NotificationReading {
    static func read(session section: SectionReader, backfill: SettingValue?) -> NotificationClient.Configuration {
        var configuration = NotificationClient.Configuration()
        var session = configuration.session
        if let value = section.value("heartbeatTimeout")?.duration(in: .seconds(1)...(.seconds(3_600))) {
            session.heartbeatTimeout = value
        }
        if let value = section.value("pongTimeout")?.duration(in: .seconds(1)...(.seconds(600))) {
            session.pongTimeout = value
        }
        let baseValue = section.value("reconnectBase")
        let maximumValue = section.value("reconnectMax")
        let base = baseValue?.duration(in: .milliseconds(10)...(.seconds(600)))
        let maximum = maximumValue?.duration(in: .milliseconds(10)...(.seconds(3_600)))
        if let base { session.reconnectBaseDelay = base }
        if let maximum { session.reconnectMaxDelay = maximum }
        if session.reconnectMaxDelay < session.reconnectBaseDelay,
            let blamed = maximum != nil ? maximumValue : baseValue
        {
            blamed.log.report(
                blamed.origin, blamed.path,
                "reconnectMax (\(DurationText.format(session.reconnectMaxDelay))) is shorter than reconnectBase "
                    + "(\(DurationText.format(session.reconnectBaseDelay))): the longest wait must be at least the first."
            )
        }
        configuration.session = session
        if let enabled = backfill?.boolean(), !enabled { configuration.backfill = .off }
        return configuration
    }
}
