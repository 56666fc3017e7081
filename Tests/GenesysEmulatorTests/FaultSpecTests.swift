import GenesysEmulator
import Testing

@Suite("Emulator: the --faults grammar")
struct FaultSpecTests {
    @Test("the documented example parses into faults at their times, against every channel")
    func example() throws {
        let schedule = try FaultSpec.parseSchedule("socket_closing@30s,close@90s,evict@2m,storm429@60s:10")
        #expect(
            schedule == [
                ScheduledFault(after: .seconds(30), fault: .socketClosing(.all, closeAfter: nil)),
                ScheduledFault(after: .seconds(90), fault: .closeAbruptly(.all)),
                ScheduledFault(after: .seconds(120), fault: .evict(.all)),
                ScheduledFault(after: .seconds(60), fault: .rateLimitStorm(requests: 10, retryAfterSeconds: 1)),
            ])
    }

    @Test("every fault name, its argument and its default")
    func everyFault() throws {
        let schedule = try FaultSpec.parseSchedule(
            " silence@500ms, resume@1.5s ,stop_heartbeats@1,resume_heartbeats@2s,socket_closing@1h:10s,"
                + "expire_tokens@3m,storm429@4s:5/30,malformed@5s,malformed@5s:7,fragment@6s,fragment@6s:2,"
                + "duplicate@7s,duplicate@7s:4,slow@8s:250ms,slow@9s:0s")
        #expect(
            schedule.map(\.fault) == [
                .stopHeartbeats(.all), .resumeHeartbeats(.all), .stopHeartbeats(.all), .resumeHeartbeats(.all),
                .socketClosing(.all, closeAfter: .seconds(10)), .expireTokens,
                .rateLimitStorm(requests: 5, retryAfterSeconds: 30), .malformedFrames(.all, count: 3),
                .malformedFrames(.all, count: 7), .fragmentFrames(.all, count: 1), .fragmentFrames(.all, count: 2),
                .duplicateEvents(.all, count: 1), .duplicateEvents(.all, count: 4),
                .slowSocket(.all, delay: .milliseconds(250)), .slowSocket(.all, delay: .zero),
            ])
        #expect(
            schedule.prefix(3).map(\.after) == [.milliseconds(500), .milliseconds(1_500), .seconds(1)])
        #expect(schedule[4].after == .seconds(3_600))
    }

    @Test(
        "a bad spec is one error naming the bad entry and listing the grammar",
        arguments: [
            ("", ""), ("close", "close"), ("close@", "close@"), ("close@5x", "close@5x"), ("close@-1s", "close@-1s"),
            ("evict@1s,nope@2s", "nope@2s"), ("close@1s,,evict@2s", ""), ("storm429@1s", "storm429@1s"),
            ("storm429@1s:0", "storm429@1s:0"), ("storm429@1s:5/x", "storm429@1s:5/x"), ("slow@1s", "slow@1s"),
            ("slow@1s:fast", "slow@1s:fast"), ("close@1s:3", "close@1s:3"), ("fragment@1s:abc", "fragment@1s:abc"),
            ("socket_closing@1s:soon", "socket_closing@1s:soon"),
        ])
    func invalid(spec: String, part: String) {
        #expect {
            try FaultSpec.parseSchedule(spec)
        } throws: { error in
            guard let error = error as? FaultSpecError else { return false }
            return error.part == part && error.description.contains("'\(part)'")
                && error.description.contains("NAME@TIME[:ARG]") && error.description.contains("storm429:N[/RETRY]")
        }
    }

    @Test("one fault without a time, aimed at a channel, as the admin endpoint takes it")
    func singleFault() throws {
        #expect(try FaultSpec.parseFault("close", selector: .channel("c")) == .closeAbruptly(.channel("c")))
        #expect(
            try FaultSpec.parseFault("socket_closing:2s", selector: .channel("c"))
                == .socketClosing(.channel("c"), closeAfter: .seconds(2)))
        #expect(throws: FaultSpecError.self) { try FaultSpec.parseFault("close@1s") }
    }

    @Test("durations: units, bare seconds, fractions; nonsense refused")
    func durations() {
        #expect(FaultSpec.parseDuration("250ms") == .milliseconds(250))
        #expect(FaultSpec.parseDuration("2m") == .seconds(120))
        #expect(FaultSpec.parseDuration("0.5h") == .seconds(1_800))
        #expect(FaultSpec.parseDuration("45") == .seconds(45))
        for bad in ["", "s", "1..2s", "-3s", "1e3s", "3 s x", "nan"] {
            #expect(FaultSpec.parseDuration(bad) == nil, "\(bad)")
        }
    }
}
