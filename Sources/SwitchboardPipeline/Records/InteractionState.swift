/// Where a routed interaction stands, derived from its participants and media sessions.
///
/// Raw values are what records write and filter expressions compare (`state == wrapup`).
public enum InteractionState: String, Sendable, Hashable, Codable, CaseIterable {
    /// The customer is present and in a queue; no agent has been offered it yet.
    case waiting
    /// An agent is being offered the interaction (`alerting`, `offering`).
    case alerting
    /// An agent is connected to it.
    case connected
    /// The connected agent, or the customer, is on hold (or the call is parked).
    case held
    /// Nobody is connected any more and an agent is in after-call work.
    case wrapup
    /// Everything is over.
    case ended
}

/// Where the agent leg of a record stands.
public enum AgentLegState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Offered (`alerting`, `offering`) or dialling out (`contacting`, `dialing`).
    case alerting
    case connected
    case held
    /// The agent's media is over and after-call work is pending.
    case wrapup
    /// The leg is over: the agent disconnected, the offer timed out, or wrap-up is done.
    case ended
}
