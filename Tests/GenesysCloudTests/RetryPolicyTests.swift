import GenesysCloud
import Testing

@Suite("Retry policy and request budget")
struct RetryPolicyTests {
    let policy = RetryPolicy(
        maxAttempts: 5, baseDelay: .milliseconds(500), maxDelay: .seconds(8), maxRetryAfter: .seconds(60))

    @Test("a 429 waits exactly the server's Retry-After, whatever the jitter")
    func honoursRetryAfter() {
        for random in [0.0, 0.3, 0.99] {
            #expect(
                policy.delay(
                    afterAttempt: 1, failure: .rateLimited(retryAfter: .seconds(7)), idempotent: false,
                    unitRandom: random) == .seconds(7))
        }
    }

    @Test("a Retry-After beyond the allowed maximum fails at once instead of stalling")
    func refusesLongRetryAfter() {
        #expect(
            policy.delay(
                afterAttempt: 1, failure: .rateLimited(retryAfter: .seconds(61)), idempotent: true, unitRandom: 0.5)
                == nil)
    }

    @Test("the back-off bound doubles from the base and stops at the cap")
    func backoffBound() {
        #expect(policy.backoffBound(afterAttempt: 1) == .milliseconds(500))
        #expect(policy.backoffBound(afterAttempt: 2) == .seconds(1))
        #expect(policy.backoffBound(afterAttempt: 4) == .seconds(4))
        #expect(policy.backoffBound(afterAttempt: 5) == .seconds(8))
        #expect(policy.backoffBound(afterAttempt: 40) == .seconds(8))
    }

    @Test("full jitter spreads waits uniformly between zero and the bound")
    func fullJitter() {
        let failure = RetryPolicy.Failure.serverError(status: 503)
        #expect(policy.delay(afterAttempt: 3, failure: failure, idempotent: false, unitRandom: 0) == .zero)
        #expect(policy.delay(afterAttempt: 3, failure: failure, idempotent: false, unitRandom: 0.5) == .seconds(1))
        #expect(policy.delay(afterAttempt: 3, failure: failure, idempotent: false, unitRandom: 1) == .seconds(2))
    }

    @Test("timeouts and 500s are retried only when repeating the request is safe")
    func idempotency() {
        #expect(policy.delay(afterAttempt: 1, failure: .timedOut, idempotent: false, unitRandom: 0.5) == nil)
        #expect(
            policy.delay(afterAttempt: 1, failure: .serverError(status: 500), idempotent: false, unitRandom: 0.5) == nil
        )
        #expect(policy.delay(afterAttempt: 1, failure: .timedOut, idempotent: true, unitRandom: 0.5) != nil)
        #expect(
            policy.delay(afterAttempt: 1, failure: .serverError(status: 502), idempotent: false, unitRandom: 0.5) != nil
        )
    }

    @Test("no retry after the last attempt")
    func attemptsRunOut() {
        #expect(
            policy.delay(
                afterAttempt: 5, failure: .rateLimited(retryAfter: .seconds(1)), idempotent: true, unitRandom: 0.5)
                == nil)
    }

    @Test("Retry-After parses whole and decimal seconds and rejects junk")
    func parsesRetryAfter() {
        #expect(RetryPolicy.parseRetryAfter("42") == .seconds(42))
        #expect(RetryPolicy.parseRetryAfter("1.5") == .milliseconds(1500))
        #expect(RetryPolicy.parseRetryAfter("soon") == nil)
        #expect(RetryPolicy.parseRetryAfter("-3") == nil)
        #expect(RetryPolicy.parseRetryAfter(nil) == nil)
    }

    @Test("the budget admits the limit in a window, then says how long until the oldest slot frees")
    func slidingWindow() {
        var budget = SlidingWindowBudget(limit: 3, window: .seconds(60))
        let start = ContinuousClock.now
        #expect(budget.reserve(at: start) == .zero)
        #expect(budget.reserve(at: start + .seconds(10)) == .zero)
        #expect(budget.reserve(at: start + .seconds(20)) == .zero)
        #expect(budget.reserve(at: start + .seconds(30)) == .seconds(30))
        #expect(budget.reserve(at: start + .seconds(60)) == .zero)
        #expect(budget.inFlightCount(at: start + .seconds(60)) == 3)
    }

    @Test("the budget adopts a lower limit the server reports, never a higher one")
    func adoptsServerLimit() {
        var budget = SlidingWindowBudget(limit: 300)
        budget.adopt(serverLimit: 180)
        #expect(budget.limit == 180)
        budget.adopt(serverLimit: 1_000)
        #expect(budget.limit == 180)
    }
}
