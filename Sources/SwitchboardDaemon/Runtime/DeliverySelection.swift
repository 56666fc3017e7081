import Foundation
import SwitchboardPipeline
import SwitchboardSinks

/// What one sink receives of the pipeline's outputs.
public struct DeliverySelection: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Every event the filters let through (live and backfill), with its routing record when it
    /// is a conversation event.
    public static let events = DeliverySelection(rawValue: 1 << 0)
    /// Only the conversation events that carry a routing interaction record (use case 001's
    /// monitor; what the Redis sink counts).
    public static let interactions = DeliverySelection(rawValue: 1 << 1)
    /// Agents' presence and routing-status changes.
    public static let presenceDeltas = DeliverySelection(rawValue: 1 << 2)
    /// Summaries of closed statistics windows.
    public static let windows = DeliverySelection(rawValue: 1 << 3)
    /// Statistics far from the rest of their window.
    public static let outliers = DeliverySelection(rawValue: 1 << 4)

    /// Whether this selection takes `output`.
    func takes(_ output: PipelineOutput) -> Bool {
        switch output {
        case .event(_, let record): contains(.events) || (contains(.interactions) && record != nil)
        case .presenceDelta: contains(.presenceDeltas)
        case .window(.windowClosed): contains(.windows)
        case .window(.outlier): contains(.outliers)
        case .inconsistency, .freshness, .health: false
        }
    }
}

extension Delivery {
    /// The delivery of a pipeline output that sinks can take (see ``DeliverySelection``); nil
    /// for the others. `receivedAt` stamps reports that have no receipt time of their own.
    init?(_ output: PipelineOutput, receivedAt: Date) {
        switch output {
        case .event(let event, _): self.init(event)
        case .presenceDelta(let delta): self.init(delta, receivedAt: receivedAt)
        case .window(let report): self.init(report, receivedAt: receivedAt)
        case .inconsistency, .freshness, .health: return nil
        }
    }
}
