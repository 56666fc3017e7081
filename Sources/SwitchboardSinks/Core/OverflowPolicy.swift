/// What a full sink queue does with one more delivery.
public enum OverflowPolicy: String, Sendable, Hashable, CaseIterable, Codable {
    /// The producer waits until there is room: nothing is lost, and a slow sink slows the
    /// pipeline that feeds it (not the socket readers, which have their own buffer).
    case block
    /// The oldest queued delivery makes room and is counted as dropped.
    case dropOldest
    /// The new delivery is counted as dropped.
    case dropNewest
}
