import Foundation
import GenesysCloud

/// A plain-text table of queues: live observations beside today's aggregates.
struct QueueTable {
    let queues: [RoutingQueue]
    let observations: QueueObservationQueryResponse
    let aggregates: ConversationAggregateQueryResponse

    func render() -> String {
        var rows = [["queue", "waiting", "interacting", "on queue", "offered", "answered", "abandoned", "SL", "AHT"]]
        for queue in queues {
            let results = (observations.results ?? []).filter { $0.group?["queueId"] == queue.id }
            func observed(_ metric: String) -> Int {
                results.flatMap { $0.data ?? [] }.filter { $0.metric == metric }.reduce(0) {
                    $0 + Int($1.stats?.count ?? 0)
                }
            }
            let metrics = (aggregates.results ?? []).filter { $0.group?["queueId"] == queue.id }
                .flatMap { $0.data ?? [] }.flatMap { $0.metrics ?? [] }
            func stat(_ metric: String) -> StatisticalSummary? { metrics.first { $0.metric == metric }?.stats }
            let offered = Int(stat("nOffered")?.count ?? 0)
            let level = stat("oServiceLevel").flatMap { $0.ratio }.map { "\(Int(($0 * 100).rounded()))%" } ?? "–"
            let handle =
                stat("tHandle").flatMap { stats in
                    stats.sum.flatMap { sum in stats.count.map { $0 > 0 ? "\(Int(sum / $0 / 1000)) s" : "–" } }
                } ?? "–"
            rows.append([
                queue.name ?? queue.id, "\(observed("oWaiting"))", "\(observed("oInteracting"))",
                "\(observed("oOnQueueUsers"))",
                "\(offered)", "\(Int(stat("tAnswered")?.count ?? 0))", "\(Int(stat("tAbandon")?.count ?? 0))", level,
                handle,
            ])
        }
        let widths = rows[0].indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            "    "
                + row.enumerated().map { column, cell in
                    column == 0
                        ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                        : String(repeating: " ", count: widths[column] - cell.count) + cell
                }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
