import ArgumentParser
import Foundation
import GenesysCloud

struct ChannelsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "channels",
        abstract: "List this OAuth client's notification channels, or remove the subscriptions of leaked ones.",
        subcommands: [List.self, Prune.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the OAuth client's channels (20 at most), with their expiry and topic counts.",
            discussion: """
                Channels of other access tokens of the same OAuth client are listed without their id (the platform \
                hides them) and without topic counts. Ids are shortened: a channel id grants its stream.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var platform: PlatformOptions

        func run() async throws {
            global.bootstrapLogging()
            let api = try platform.client()
            let channels = try await commandStep { try await api.channels(scope: .oauthClient) }
            standardOutput("\(channels.count) of 20 channels in use by this OAuth client\n")
            let now = Date()
            for channel in channels.sorted(by: { ($0.expires ?? .distantFuture) < ($1.expires ?? .distantFuture) }) {
                let expiry = channel.expires.map { Self.remaining($0.timeIntervalSince(now)) } ?? "unknown expiry"
                guard let id = channel.id else {
                    standardOutput("  (another token's channel)  expires in \(expiry)\n")
                    continue
                }
                let topics = try await commandStep { try await api.subscriptions(channelId: id) }
                standardOutput("  \(id.redactedIdentifier)  expires in \(expiry)  \(topics.count) topic(s)\n")
            }
        }

        static func remaining(_ seconds: TimeInterval) -> String {
            guard seconds > 0 else { return "0 min (expired)" }
            let minutes = Int(seconds / 60)
            return minutes >= 60 ? "\(minutes / 60) h \(minutes % 60) min" : "\(minutes) min"
        }
    }

    struct Prune: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete the subscriptions of this token's channels, so leaked ones stop carrying topics.",
            discussion: """
                A channel cannot be deleted; without subscriptions it carries nothing and expires within 24 hours. \
                Only channels whose id this token can see are pruned; the others are counted. Without --yes, only \
                says what it would do. Do not prune while a Switchboard daemon with the same credentials runs.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var platform: PlatformOptions

        @Flag(help: "Really delete the subscriptions (otherwise a dry run).")
        var yes = false

        func run() async throws {
            global.bootstrapLogging()
            let api = try platform.client()
            let channels = try await commandStep { try await api.channels(scope: .oauthClient) }
            let visible = channels.compactMap(\.id)
            var pruned = 0
            var topics = 0
            for id in visible {
                let subscribed = try await commandStep { try await api.subscriptions(channelId: id) }
                guard !subscribed.isEmpty else { continue }
                topics += subscribed.count
                if yes {
                    try await commandStep { try await api.deleteSubscriptions(channelId: id) }
                }
                pruned += 1
                standardOutput(
                    "\(yes ? "pruned" : "would prune") \(id.redactedIdentifier): \(subscribed.count) topic(s)\n")
            }
            let hidden = channels.count - visible.count
            standardOutput(
                "\(yes ? "Pruned" : "Would prune") \(pruned) channel(s), \(topics) topic(s)"
                    + (hidden > 0
                        ? "; \(hidden) channel(s) of other tokens cannot be pruned and expire on their own" : "")
                    + (yes || pruned == 0 ? "" : ". Run again with --yes to do it") + ".\n")
        }
    }
}

/// Runs one platform call of a command; its error becomes the command's one-line failure.
func commandStep<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        throw CommandFailure(String(describing: error))
    }
}
