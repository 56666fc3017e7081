import Foundation
import Wallboard

/// The demo's live summary of a wallboard snapshot: a compact block that a terminal redraws in
/// place, or one plain line for logs and pipes.
public enum TerminalSummary {
    /// The block: a header with the connection and event rate, the busiest queues (waiting,
    /// longest wait, service level, agents on queue) and the agents by routing status.
    public static func block(_ snapshot: WallboardSnapshot, maximumQueues: Int = 8) -> [String] {
        let health = snapshot.health
        var lines = [
            "Switchboard · \(health.summary) · \(rate(health.eventsPerSecond)) events/s · \(health.eventsTotal) events · \(health.gaps) gap(s)"
        ]
        let queues = snapshot.queues.sorted { ($0.waiting, $1.name) > ($1.waiting, $0.name) }
        let nameWidth = min(28, max(5, queues.prefix(maximumQueues).map(\.name.count).max() ?? 5))
        lines.append(
            pad("Queue", nameWidth) + "  " + pad("Waiting", 7, right: true) + "  " + pad("Longest", 7, right: true)
                + "  "
                + pad("SL", 5, right: true) + "  " + pad("On queue", 8, right: true))
        for queue in queues.prefix(maximumQueues) {
            lines.append(
                pad(String(queue.name.prefix(nameWidth)), nameWidth) + "  " + pad("\(queue.waiting)", 7, right: true)
                    + "  " + pad(queue.longestWaitSeconds.map(clock) ?? "–", 7, right: true) + "  "
                    + pad(queue.serviceLevelPercent.map { "\(Int($0.rounded()))%" } ?? "–", 5, right: true) + "  "
                    + pad("\(queue.agentsOnQueue)", 8, right: true))
        }
        if queues.count > maximumQueues { lines.append("… and \(queues.count - maximumQueues) more queue(s)") }
        lines.append("Agents: " + agentsByStatus(snapshot))
        return lines
    }

    /// One line: when, waiting and the longest wait over all queues, agents by status, the rate
    /// and the connection.
    public static func line(_ snapshot: WallboardSnapshot) -> String {
        let waiting = snapshot.queues.reduce(0) { $0 + $1.waiting }
        let longest = snapshot.queues.compactMap(\.longestWaitSeconds).max()
        let time = snapshot.generatedAt.formatted(Date.ISO8601FormatStyle().time(includingFractionalSeconds: false))
        return "\(time) waiting \(waiting)" + (longest.map { " (longest \(clock($0)))" } ?? "")
            + " · agents \(agentsByStatus(snapshot)) · \(rate(snapshot.health.eventsPerSecond)) events/s · \(snapshot.health.summary)"
    }

    static func agentsByStatus(_ snapshot: WallboardSnapshot) -> String {
        var counts: [String: Int] = [:]
        for agent in snapshot.agents { counts[agent.routingStatus ?? "unknown", default: 0] += 1 }
        guard !counts.isEmpty else { return "none yet" }
        return counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) \($0.value)" }
            .joined(separator: " · ")
    }

    static func clock(_ seconds: Int) -> String { String(format: "%d:%02d", seconds / 60, seconds % 60) }

    static func rate(_ perSecond: Double) -> String {
        perSecond >= 100 ? String(Int(perSecond.rounded())) : String(format: "%.1f", perSecond)
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(0, width - text.count))
        return right ? fill + text : text + fill
    }
}
