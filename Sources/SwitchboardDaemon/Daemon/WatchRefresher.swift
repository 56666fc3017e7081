import Foundation
import GenesysCloud
import GenesysNotifications
import Logging
import ServiceLifecycle
import Synchronization

/// Resolves the watch list's name patterns again on a timer and moves the client's topics when
/// the directory changed (a queue created or renamed). Keeps the names the pages show.
final class WatchRefresher: Service, Sendable {
    let watch: WatchSettings
    let api: GenesysCloudClient
    let client: NotificationClient
    private let resolved: Mutex<ResolvedWatch>
    private let logger: Logger

    init(
        watch: WatchSettings, initial: ResolvedWatch, api: GenesysCloudClient, client: NotificationClient,
        logger: Logger
    ) {
        self.watch = watch
        self.api = api
        self.client = client
        self.resolved = Mutex(initial)
        self.logger = logger
    }

    var current: ResolvedWatch { resolved.withLock { $0 } }

    func run() async throws {
        guard watch.queues.names.count + watch.users.names.count > 0 else {
            // Nothing to re-resolve: wait for shutdown.
            try? await gracefulShutdown()
            return
        }
        try? await cancelWhenGracefulShutdown { [self] in await refreshUntilCancelled() }
    }

    private func refreshUntilCancelled() async {
        while (try? await Task.sleep(for: watch.refresh)) != nil {
            do {
                let next = try await ResolvedWatch.fetch(watch, api: api)
                let before = resolved.withLock { $0 }
                guard next != before else { continue }
                resolved.withLock { $0 = next }
                if next.topics(watch.families) != before.topics(watch.families) {
                    logger.notice(
                        "watch list changed; re-planning topics",
                        metadata: ["queues": "\(next.queues.count)", "users": "\(next.users.count)"])
                    client.setTopics(next.topics(watch.families))
                }
            } catch {
                logger.warning(
                    "could not refresh the watch list; keeping the current one", metadata: ["error": "\(error)"])
            }
        }
    }
}
