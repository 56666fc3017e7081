import GenesysCloud

/// The statistics of one metric: `{"count": 2, "sum": 86168, "min": 11781, "max": 74387}`, or
/// `{"ratio": 0, "numerator": 0, "denominator": 2, "target": 0.5}` for service level.
///
/// The SDK types this as a map of name to number (`dict(str, float)`), so every name is kept.
/// A value that is not a number is dropped (there is nothing numeric to give for it).
public struct MetricStats: Codable, Sendable, Hashable {
    /// The statistics, sorted by name: a metric has one to four, so a short array is smaller and
    /// quicker to build and search than a dictionary, and sorting keeps equality order-free.
    private var entries: [Entry]

    struct Entry: Sendable, Hashable {
        let name: String
        let value: Double
    }

    /// Every statistic by name.
    public var values: [String: Double] {
        get { Dictionary(entries.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }) }
        set { entries = Self.entries(newValue) }
    }

    public init(values: [String: Double]) { entries = Self.entries(values) }

    public subscript(name: String) -> Double? { entries.first { $0.name == name }?.value }

    public var count: Int? { self["count"].flatMap(Self.integer) }
    public var sum: Double? { self["sum"] }
    public var min: Double? { self["min"] }
    public var max: Double? { self["max"] }
    public var ratio: Double? { self["ratio"] }
    public var numerator: Double? { self["numerator"] }
    public var denominator: Double? { self["denominator"] }
    public var target: Double? { self["target"] }
    public var current: Double? { self["current"] }
    public var calculatedMetricValue: Double? { self["calculatedMetricValue"] }

    /// `sum / count`, the mean of a duration metric.
    public var average: Double? {
        guard let sum, let count = self["count"], count > 0 else { return nil }
        return sum / count
    }

    private static func entries<Values: Sequence<(key: String, value: Double)>>(_ values: Values) -> [Entry] {
        values.map { Entry(name: $0.key, value: $0.value) }.sorted { $0.name < $1.name }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let numbers = try? container.decode([String: Double].self) {
            entries = Self.entries(numbers)
            return
        }
        let raw = try container.decode([String: JSONValue].self)
        entries = Self.entries(
            raw.compactMapValues { value in
                if case .number(let number) = value { return number }
                return nil
            })
    }

    /// Statistics as a frame lists them, in any order; a name listed twice keeps its last value.
    init(listed entries: [Entry]) {
        var entries = entries
        // An insertion sort in place: a metric has one to four statistics. It is stable, so of
        // two entries of one name the later stays later, and is the one kept.
        for index in entries.indices.dropFirst() {
            var position = index
            while position > 0, entries[position - 1].name > entries[position].name {
                entries.swapAt(position - 1, position)
                position -= 1
            }
        }
        var kept = 0
        for index in entries.indices {
            if kept > 0, entries[kept - 1].name == entries[index].name {
                entries[kept - 1] = entries[index]
            } else {
                entries[kept] = entries[index]
                kept += 1
            }
        }
        entries.removeLast(entries.count - kept)
        self.entries = entries
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }

    private static func integer(_ value: Double) -> Int? {
        guard value.isFinite, abs(value) < 9e15 else { return nil }
        return Int(value.rounded())
    }
}
