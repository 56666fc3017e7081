import SwitchboardSinks

/// Reads a sink's `queue:` onto ``SinkQueue/Configuration``, or, for a durable sink, onto
/// ``DurableSinkQueue/Configuration`` (whose bound is the outbox's).
enum QueueReading {
    static let retryRange = Duration.milliseconds(1)...Duration.seconds(86_400)

    static func read(_ section: SectionReader, durable: Bool) -> SinkSpec.Queueing? {
        var ok = true
        func read<T>(_ key: String, _ parse: (SettingValue) -> T?) -> T? {
            guard let value = section.value(key) else { return nil }
            let parsed = parse(value)
            if parsed == nil { ok = false }
            return parsed
        }

        if durable {
            for key in ["capacity", "overflow", "batchAge"] {
                guard let value = section.value(key) else { continue }
                ok = false
                value.log.report(
                    value.origin, value.path,
                    key == "batchAge"
                        ? "a durable sink delivers as soon as deliveries are stored: remove batchAge, or set durable: false."
                        : "a durable sink's deliveries wait in the outbox, not in memory: bound them with "
                            + "outbox.maximumRowsPerSink and outbox.whenFull, and remove \(key).")
            }
        }

        let capacity = read("capacity") { $0.integer(in: 1...10_000_000) }
        // `spill` keeps what does not fit in the outbox; the others are the queue's own policies.
        let overflowChoice = read("overflow") {
            $0.choice(OverflowPolicy.allCases.map(\.rawValue) + [Self.spill])
        }
        let overflow = overflowChoice.flatMap(OverflowPolicy.init(rawValue:))
        let batchSizeValue = section.value("batchSize")
        let batchSize = read("batchSize") { $0.integer(in: 1...100_000) }
        let batchAge = read("batchAge") { $0.duration(in: .zero...(.seconds(3_600))) }
        let retryBase = read("retryBase") { $0.duration(in: retryRange) }
        let retryCapValue = section.value("retryCap")
        let retryCap = read("retryCap") { $0.duration(in: retryRange) }
        let maximumAttempts = read("maximumAttempts") { $0.integer(in: 1...1_000_000) }
        let maximumRetryAfter = read("maximumRetryAfter") { $0.duration(in: .zero...(.seconds(86_400))) }

        let defaults = SinkQueue.Configuration()
        let effectiveBase = retryBase ?? defaults.retryBase
        let effectiveCap = retryCap ?? defaults.retryCap
        if effectiveCap < effectiveBase, let blamed = retryCapValue ?? section.value("retryBase") {
            ok = false
            blamed.log.report(
                blamed.origin, blamed.path,
                "retryCap (\(DurationText.format(effectiveCap))) is shorter than retryBase "
                    + "(\(DurationText.format(effectiveBase))): the longest pause must be at least the first.")
        }
        if !durable, let batchSizeValue, let batchSize, batchSize > capacity ?? defaults.capacity {
            ok = false
            batchSizeValue.log.report(
                batchSizeValue.origin, batchSizeValue.path,
                "\(batchSize) is more than the queue's capacity (\(capacity ?? defaults.capacity)): a batch is taken "
                    + "from what the queue holds; lower batchSize or raise capacity.")
        }
        guard ok else { return nil }
        let attempts = maximumAttempts ?? defaults.maximumAttempts
        if durable {
            return .durable(
                DurableSinkQueue.Configuration(
                    batchSize: batchSize ?? defaults.batchSize, retryBase: effectiveBase, retryCap: effectiveCap,
                    maximumAttempts: attempts, maximumRetryAfter: maximumRetryAfter ?? defaults.maximumRetryAfter))
        }
        let memory = SinkQueue.Configuration(
            capacity: capacity ?? defaults.capacity, overflow: overflow ?? defaults.overflow,
            batchSize: batchSize ?? defaults.batchSize,
            batchAge: batchAge.flatMap { $0 == .zero ? nil : $0 } ?? defaults.batchAge, retryBase: effectiveBase,
            retryCap: effectiveCap, maximumAttempts: attempts,
            maximumRetryAfter: maximumRetryAfter ?? defaults.maximumRetryAfter)
        guard overflowChoice == Self.spill else { return .memory(memory) }
        return .spilling(
            memory,
            DurableSinkQueue.Configuration(
                batchSize: memory.batchSize, retryBase: effectiveBase, retryCap: effectiveCap,
                maximumAttempts: attempts,
                maximumRetryAfter: memory.maximumRetryAfter))
    }

    /// The overflow choice that spills to the outbox.
    static let spill = "spill"
}
