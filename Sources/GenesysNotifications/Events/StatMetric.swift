import GenesysCloud

/// The name of an analytics metric in observation and aggregate messages. Open: metrics are added
/// often. Observations start with `o`, durations with `t` (milliseconds), counts with `n`.
public struct StatMetric: OpenEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let oWaiting: Self = "oWaiting"
    public static let oInteracting: Self = "oInteracting"
    public static let oAlerting: Self = "oAlerting"
    /// `calculatedMetricValue` is the start of the longest wait in epoch milliseconds (OBSERVED).
    public static let oLongestWaiting: Self = "oLongestWaiting"
    public static let oLongestInteracting: Self = "oLongestInteracting"
    public static let oOnQueueUsers: Self = "oOnQueueUsers"
    public static let oOffQueueUsers: Self = "oOffQueueUsers"
    public static let oActiveUsers: Self = "oActiveUsers"
    public static let oMemberUsers: Self = "oMemberUsers"
    public static let oUserPresences: Self = "oUserPresences"
    public static let oUserRoutingStatuses: Self = "oUserRoutingStatuses"
    public static let oServiceLevel: Self = "oServiceLevel"
    public static let nOffered: Self = "nOffered"
    public static let nConnected: Self = "nConnected"
    public static let nOverSla: Self = "nOverSla"
    public static let nTransferred: Self = "nTransferred"
    public static let tAbandon: Self = "tAbandon"
    public static let tAcd: Self = "tAcd"
    public static let tAcw: Self = "tAcw"
    public static let tAlert: Self = "tAlert"
    public static let tAnswered: Self = "tAnswered"
    public static let tConnected: Self = "tConnected"
    public static let tHandle: Self = "tHandle"
    public static let tHeld: Self = "tHeld"
    public static let tNotResponding: Self = "tNotResponding"
    public static let tTalk: Self = "tTalk"
    public static let tWait: Self = "tWait"
    public static let tAgentRoutingStatus: Self = "tAgentRoutingStatus"
    public static let tSystemPresence: Self = "tSystemPresence"
    public static let tOrganizationPresence: Self = "tOrganizationPresence"

    /// The metrics above, for reading them from frames without making their names again.
    static let known = ByteKeyTable<StatMetric>(
        [
            oWaiting, oInteracting, oAlerting, oLongestWaiting, oLongestInteracting, oOnQueueUsers, oOffQueueUsers,
            oActiveUsers, oMemberUsers, oUserPresences, oUserRoutingStatuses, oServiceLevel, nOffered, nConnected,
            nOverSla, nTransferred, tAbandon, tAcd, tAcw, tAlert, tAnswered, tConnected, tHandle, tHeld, tNotResponding,
            tTalk, tWait, tAgentRoutingStatus, tSystemPresence, tOrganizationPresence,
        ].map { ($0.rawValue, $0) })
}
