import GenesysCloud

/// The statistics of one metric: `{"count": 2, "sum": 86168, "min": 11781, "max": 74387}`, or
/// `{"ratio": 0, "numerator": 0, "denominator": 2, "target": 0.5}` for service level.
///
/// The SDK types this as a map of name to number (`dict(str, float)`), so every name is kept.
/// A value that is not a number is dropped (there is nothing numeric to give for it).
public struct MetricStats: Codable, Sendable, Hashable {
    /// Every statistic by name.
    public var values: [String: Double]

    public init(values: [String: Double]) { self.values = values }

    public subscript(name: String) -> Double? { values[name] }

    public var count: Int? { values["count"].flatMap(Self.integer) }
    public var sum: Double? { values["sum"] }
    public var min: Double? { values["min"] }
    public var max: Double? { values["max"] }
    public var ratio: Double? { values["ratio"] }
    public var numerator: Double? { values["numerator"] }
    public var denominator: Double? { values["denominator"] }
    public var target: Double? { values["target"] }
    public var current: Double? { values["current"] }
    public var calculatedMetricValue: Double? { values["calculatedMetricValue"] }

    /// `sum / count`, the mean of a duration metric.
    public var average: Double? {
        guard let sum, let count = values["count"], count > 0 else { return nil }
        return sum / count
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let numbers = try? container.decode([String: Double].self) {
            values = numbers
            return
        }
        let raw = try container.decode([String: JSONValue].self)
        values = raw.compactMapValues { value in
            if case .number(let number) = value { return number }
            return nil
        }
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
