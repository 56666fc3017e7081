import GenesysCloud

extension DaemonConfiguration {
    /// What `switchboard demo` runs against its embedded emulator: every queue and agent of the
    /// organisation, their presence, routing status and queue observations, no sinks, and the
    /// wallboard on `host:port`.
    public static func demo(
        apiURL: String, clientId: String, clientSecret: String, host: String = "127.0.0.1", port: Int = 8080
    ) throws -> DaemonConfiguration {
        DaemonConfiguration(
            source: "demo", platform: try PlatformEndpoints(apiURL: apiURL),
            credentials: DaemonCredentials(
                client: try ClientCredentials(clientId: clientId, clientSecret: clientSecret), origin: .environment),
            watch: WatchSettings(
                queues: .init(names: [NamePattern("*")]), users: .init(names: [NamePattern("*")]),
                families: [.userPresence, .userRoutingStatus, .queueObservations]),
            http: HTTPSettings(host: host, port: port, wallboard: true))
    }
}
