import Foundation

/// The text form of faults, shared by `switchboard emulator --faults` and `POST /emulator/faults`.
///
/// A schedule is `NAME@TIME[:ARG]` entries separated by commas, e.g.
/// `socket_closing@30s,close@90s,evict@2m,storm429@60s:10`; see ``grammar``.
public enum FaultSpec {
    /// The grammar, as error messages and `--help` show it.
    public static let grammar = """
        SPEC := ENTRY[,ENTRY...]   ENTRY := NAME@TIME[:ARG]   TIME/DELAY/GRACE := NUMBER[ms|s|m|h] (no unit: seconds)
          close                  drop every socket without a close frame
          silence                stop heartbeats and pongs (alias stop_heartbeats)
          resume                 resume heartbeats and pongs (alias resume_heartbeats)
          socket_closing[:GRACE] send v2.system.socket_closing, close after GRACE (default: the configured grace)
          evict                  end every channel as the 21st-channel rule does
          expire_tokens          revoke every token
          storm429:N[/RETRY]     the next N REST calls answer 429 with Retry-After RETRY seconds (default 1)
          malformed[:N]          send N malformed frames (default 3)
          fragment[:N]           split the next N events into continuation frames (default 1)
          duplicate[:N]          send the next N events twice (default 1)
          slow:DELAY             delay every outbound frame by DELAY (0s restores)
        """

    /// Parses a whole schedule; faults come back in the order written.
    public static func parseSchedule(_ text: String) throws(FaultSpecError) -> [ScheduledFault] {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard !(entries.count == 1 && entries[0].isEmpty) else {
            throw FaultSpecError(part: text, problem: "the schedule is empty")
        }
        return try entries.map { (entry: String) throws(FaultSpecError) -> ScheduledFault in
            guard !entry.isEmpty else { throw FaultSpecError(part: entry, problem: "an entry is empty") }
            guard let at = entry.firstIndex(of: "@") else {
                throw FaultSpecError(part: entry, problem: "it has no @TIME")
            }
            let name = String(entry[..<at])
            let rest = entry[entry.index(after: at)...]
            let timeText: Substring
            let argument: Substring?
            if let colon = rest.firstIndex(of: ":") {
                timeText = rest[..<colon]
                argument = rest[rest.index(after: colon)...]
            } else {
                timeText = rest
                argument = nil
            }
            guard let after = parseDuration(String(timeText)) else {
                throw FaultSpecError(part: entry, problem: "'\(timeText)' is not a time such as 30s, 2m or 500ms")
            }
            let fault = try fault(name: name, argument: argument.map(String.init), entry: entry, selector: .all)
            return ScheduledFault(after: after, fault: fault)
        }
    }

    /// Parses one `NAME[:ARG]` fault, aimed at `selector`.
    public static func parseFault(_ text: String, selector: ChannelSelector = .all) throws(FaultSpecError) -> Fault {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.firstIndex(of: ":") else {
            return try fault(name: trimmed, argument: nil, entry: trimmed, selector: selector)
        }
        return try fault(
            name: String(trimmed[..<colon]), argument: String(trimmed[trimmed.index(after: colon)...]), entry: trimmed,
            selector: selector)
    }

    /// `30s`, `500ms`, `2m`, `1.5h`, or a bare number of seconds. Negative values are refused.
    public static func parseDuration(_ text: String) -> Duration? {
        let units: [(suffix: String, seconds: Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3_600)]
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        var number = Substring(trimmed)
        var scale = 1.0
        if let unit = units.first(where: { trimmed.hasSuffix($0.suffix) }) {
            number = number.dropLast(unit.suffix.count)
            scale = unit.seconds
        }
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
            let value = Double(number), value.isFinite, value >= 0
        else { return nil }
        return .milliseconds((value * scale * 1_000).rounded())
    }

    private static func fault(
        name: String, argument: String?, entry: String, selector: ChannelSelector
    ) throws(FaultSpecError) -> Fault {
        func noArgument() throws(FaultSpecError) {
            if let argument {
                throw FaultSpecError(part: entry, problem: "'\(name)' takes no argument ('\(argument)')")
            }
        }
        func count(default value: Int) throws(FaultSpecError) -> Int {
            guard let argument else { return value }
            guard let count = Int(argument), count > 0 else {
                throw FaultSpecError(part: entry, problem: "'\(argument)' is not a positive count")
            }
            return count
        }
        func duration(_ text: String) throws(FaultSpecError) -> Duration {
            guard let value = parseDuration(text) else {
                throw FaultSpecError(part: entry, problem: "'\(text)' is not a duration such as 10s or 500ms")
            }
            return value
        }
        switch name.lowercased() {
        case "close":
            try noArgument()
            return .closeAbruptly(selector)
        case "silence", "stop_heartbeats":
            try noArgument()
            return .stopHeartbeats(selector)
        case "resume", "resume_heartbeats":
            try noArgument()
            return .resumeHeartbeats(selector)
        case "socket_closing":
            var grace: Duration?
            if let argument { grace = try duration(argument) }
            return .socketClosing(selector, closeAfter: grace)
        case "evict":
            try noArgument()
            return .evict(selector)
        case "expire_tokens":
            try noArgument()
            return .expireTokens
        case "storm429":
            guard let argument else {
                throw FaultSpecError(part: entry, problem: "storm429 needs a request count, e.g. storm429@60s:10")
            }
            let parts = argument.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count <= 2, let requests = Int(parts[0]), requests > 0 else {
                throw FaultSpecError(part: entry, problem: "'\(argument)' is not N or N/RETRY with positive integers")
            }
            var retryAfter = 1
            if parts.count == 2 {
                guard let seconds = Int(parts[1]), seconds > 0 else {
                    throw FaultSpecError(part: entry, problem: "'\(parts[1])' is not a positive Retry-After in seconds")
                }
                retryAfter = seconds
            }
            return .rateLimitStorm(requests: requests, retryAfterSeconds: retryAfter)
        case "malformed":
            return .malformedFrames(selector, count: try count(default: 3))
        case "fragment":
            return .fragmentFrames(selector, count: try count(default: 1))
        case "duplicate":
            return .duplicateEvents(selector, count: try count(default: 1))
        case "slow":
            guard let argument else {
                throw FaultSpecError(part: entry, problem: "slow needs a delay, e.g. slow@10s:500ms")
            }
            return .slowSocket(selector, delay: try duration(argument))
        default:
            throw FaultSpecError(part: entry, problem: "'\(name)' is not a fault name")
        }
    }
}

/// A fault specification that could not be read: which part, why, and the grammar.
public struct FaultSpecError: Error, Hashable, CustomStringConvertible {
    /// The entry (or text) that is wrong.
    public let part: String
    public let problem: String

    public var description: String {
        "Bad fault entry '\(part)': \(problem).\nValid faults:\n\(FaultSpec.grammar)"
    }
}
