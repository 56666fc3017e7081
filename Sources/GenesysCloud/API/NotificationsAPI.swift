import Foundation

/// The Notifications REST API: channels and their subscriptions. Needs no permission itself;
/// each topic may.
extension GenesysCloudClient {
    private static let channelsPath = "/api/v2/notifications/channels"

    /// Creates a channel. Beyond 20 channels per OAuth client the platform evicts the oldest one.
    public func createChannel() async throws -> Channel {
        let request = Request(method: "POST", path: Self.channelsPath)
        let channel = try await send(request, as: ChannelListingEntry.self)
        guard let id = channel.id, !id.isEmpty, let uri = channel.connectUri, !uri.isEmpty else {
            throw GenesysCloudError.malformedResponse(
                request: request.label, status: 200, reason: "the channel has no id or connectUri")
        }
        return Channel(id: id, connectUri: uri, expires: channel.expires)
    }

    /// The channels of this token, or of every token of the OAuth client.
    public func channels(scope: ChannelListingScope = .token) async throws -> [ChannelListingEntry] {
        let request = Request(method: "GET", path: Self.channelsPath, query: [("includechannels", scope.rawValue)])
        return try await send(request, as: ChannelEntityListing.self).entities ?? []
    }

    /// Whether the channel still exists and is valid (`HEAD`): false once it expired or was evicted.
    public func channelExists(_ channelId: String) async throws -> Bool {
        do {
            try await perform(Request(method: "HEAD", path: "\(Self.channelsPath)/\(Self.escaped(channelId))"))
            return true
        } catch let error as GenesysCloudError where error.status == 404 {
            return false
        }
    }

    /// The channel's subscription list.
    public func subscriptions(channelId: String) async throws -> [ChannelTopic] {
        try await send(Request(method: "GET", path: subscriptionsPath(channelId)), as: ChannelTopicEntityListing.self)
            .entities ?? []
    }

    /// Adds topics to the channel's list (`POST`).
    ///
    /// With `ignoreErrors` the call succeeds topic by topic: rejected topics come back with
    /// `state == .rejected`, a reason and the missing permissions, instead of failing the call.
    public func addSubscriptions(channelId: String, topics: [String], ignoreErrors: Bool = false) async throws
        -> [ChannelTopic]
    {
        try await subscribe(method: "POST", channelId: channelId, topics: topics, ignoreErrors: ignoreErrors)
    }

    /// Replaces the channel's whole list (`PUT`). Re-sending the list also extends the channel's life.
    public func replaceSubscriptions(channelId: String, topics: [String], ignoreErrors: Bool = false) async throws
        -> [ChannelTopic]
    {
        try await subscribe(method: "PUT", channelId: channelId, topics: topics, ignoreErrors: ignoreErrors)
    }

    /// Removes every subscription of the channel.
    public func deleteSubscriptions(channelId: String) async throws {
        try await perform(Request(method: "DELETE", path: subscriptionsPath(channelId)))
    }

    /// The topics the platform offers, with the requested expansions.
    public func availableTopics(
        expand: [AvailableTopicExpansion] = [.requiresPermissions, .enforced, .transports], includePreview: Bool = true
    ) async throws -> [AvailableTopic] {
        var query: [(name: String, value: String)] = [("includePreview", includePreview ? "true" : "false")]
        if !expand.isEmpty { query.append(("expand", expand.map(\.rawValue).joined(separator: ","))) }
        return try await send(
            Request(method: "GET", path: "/api/v2/notifications/availabletopics", query: query),
            as: AvailableTopicEntityListing.self
        ).entities ?? []
    }

    private func subscribe(method: String, channelId: String, topics: [String], ignoreErrors: Bool) async throws
        -> [ChannelTopic]
    {
        // Adding the same topics twice leaves the same list, so a retry after a timeout is safe.
        let request = Request(
            method: method, path: subscriptionsPath(channelId),
            query: ignoreErrors ? [("ignoreErrors", "true")] : [],
            body: try Self.jsonBody(topics.map(ChannelTopic.init(id:))), idempotent: true)
        return try await send(request, as: ChannelTopicEntityListing.self).entities ?? []
    }

    private func subscriptionsPath(_ channelId: String) -> String {
        "\(Self.channelsPath)/\(Self.escaped(channelId))/subscriptions"
    }

    static func escaped(_ segment: String) -> String {
        segment.addingPercentEncoding(
            withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/")))
            ?? segment
    }
}
