import Foundation
import GenesysNotifications
import SwitchboardPipeline

extension Delivery {
    /// The delivery of a presence or routing-status change. Its JSON object is
    /// `{"key", "kind":"presenceDelta", "userId", "at", "backfill", "presenceChanged",
    /// "routingStatusChanged", "before"?, "after", "previousRoutingStatusSeconds"?}`, where
    /// `before` and `after` give `systemPresence`, `presence` (the organisation's name),
    /// `presenceSince`, `routingStatus` and `routingStatusSince`.
    ///
    /// The key names the agent and the state reached, so the same change offered twice (after a
    /// restart, or re-derived from a backfill record) keeps its key.
    public init(_ delta: PresenceDelta, receivedAt: Date) {
        let after = delta.after
        let key =
            "presence|\(delta.userId)|\(after.systemPresence ?? "-")@\(Self.time(after.presenceSince) ?? "-")|"
            + "\(after.routingStatus?.rawValue ?? "-")@\(Self.time(after.routingStatusSince) ?? "-")"
        var json = #"{"key":\#(JSONText.quoted(key)),"kind":"presenceDelta","userId":\#(JSONText.quoted(delta.userId))"#
        json += #","at":"\#(EventDate.format(receivedAt))","backfill":\#(delta.fromBackfill)"#
        json += #","presenceChanged":\#(delta.presenceChanged),"routingStatusChanged":\#(delta.routingStatusChanged)"#
        if let before = delta.before { json += #","before":\#(Self.agentObject(before))"# }
        json += #","after":\#(Self.agentObject(after))"#
        if let seconds = delta.previousRoutingStatusDuration {
            json += #","previousRoutingStatusSeconds":\#(Self.number(seconds))"#
        }
        json += "}"
        self.init(key: key, kind: .presenceDelta, time: receivedAt, json: json)
    }

    /// The delivery of a closed window's summary or an outlier. Its JSON object is
    /// `{"key", "kind":"windowClosed", "series", "start", "end", "count", "minimum", "maximum",
    /// "mean", "median", "last"}` or `{"key", "kind":"outlier", "series", "at", "value", "median",
    /// "deviation", "score"}`, where `series` gives `queueId`, `mediaType`, `metric` and
    /// `qualifier`.
    public init(_ report: WindowedAggregator.Report, receivedAt: Date) {
        switch report {
        case .windowClosed(let summary):
            let key = "window|\(summary.key)|\(EventDate.format(summary.start))"
            var json =
                #"{"key":\#(JSONText.quoted(key)),"kind":"windowClosed","series":\#(Self.seriesObject(summary.key))"#
            json += #","start":"\#(EventDate.format(summary.start))","end":"\#(EventDate.format(summary.end))""#
            json += #","count":\#(summary.count),"minimum":\#(Self.number(summary.minimum))"#
            json += #","maximum":\#(Self.number(summary.maximum)),"mean":\#(Self.number(summary.mean))"#
            json += #","median":\#(Self.number(summary.median)),"last":\#(Self.number(summary.last))}"#
            self.init(key: key, kind: .windowClosed, time: receivedAt, json: json)
        case .outlier(let outlier):
            let sample = outlier.sample
            let key = "outlier|\(sample.key)|\(EventDate.format(sample.at))"
            var json = #"{"key":\#(JSONText.quoted(key)),"kind":"outlier","series":\#(Self.seriesObject(sample.key))"#
            json += #","at":"\#(EventDate.format(sample.at))","value":\#(Self.number(sample.value))"#
            json += #","median":\#(Self.number(outlier.median)),"deviation":\#(Self.number(outlier.deviation))"#
            json += #","score":\#(Self.number(outlier.score))}"#
            self.init(key: key, kind: .outlier, time: receivedAt, json: json)
        }
    }

    private static func agentObject(_ agent: AgentStatus) -> String {
        var fields: [String] = []
        if let value = agent.systemPresence { fields.append(#""systemPresence":\#(JSONText.quoted(value))"#) }
        if let value = agent.presenceName { fields.append(#""presence":\#(JSONText.quoted(value))"#) }
        if let value = time(agent.presenceSince) { fields.append(#""presenceSince":"\#(value)""#) }
        if let value = agent.routingStatus { fields.append(#""routingStatus":\#(JSONText.quoted(value.rawValue))"#) }
        if let value = time(agent.routingStatusSince) { fields.append(#""routingStatusSince":"\#(value)""#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    private static func seriesObject(_ key: SeriesKey) -> String {
        var fields = [#""queueId":\#(JSONText.quoted(key.queueId))"#]
        if let value = key.mediaType { fields.append(#""mediaType":\#(JSONText.quoted(value))"#) }
        fields.append(#""metric":\#(JSONText.quoted(key.metric))"#)
        if let value = key.qualifier { fields.append(#""qualifier":\#(JSONText.quoted(value))"#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    private static func time(_ date: Date?) -> String? { date.map(EventDate.format) }

    /// A finite number as JSON (non-finite values, which JSON cannot carry, as null).
    private static func number(_ value: Double) -> String {
        guard value.isFinite else { return "null" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }
}
