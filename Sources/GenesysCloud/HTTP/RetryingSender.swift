import Logging

/// Executes a ``RetryPolicy``: sends, classifies the answer, waits and sends again.
///
/// A 429 or 5xx answer and a timed-out or broken exchange are retried as the policy says; any other
/// answer is returned to the caller, which owns its meaning. When the policy gives up, the last
/// failure is thrown as a ``GenesysCloudError``.
struct RetryingSender: Sendable {
    let policy: RetryPolicy
    let timeout: Duration
    let clock: any PlatformClock
    let logger: Logger
    let random: @Sendable () -> Double

    func send(
        label: String, idempotent: Bool, isolation: isolated (any Actor)? = #isolation,
        _ exchange: () async throws -> HTTPResponseData
    ) async throws -> HTTPResponseData {
        var attempt = 0
        while true {
            attempt += 1
            let failure: RetryPolicy.Failure
            let lastError: GenesysCloudError
            do {
                let response = try await exchange()
                switch response.status {
                case 429:
                    let retryAfter = RetryPolicy.parseRetryAfter(response.header("Retry-After"))
                    failure = .rateLimited(retryAfter: retryAfter)
                    lastError = .rateLimited(request: label, retryAfter: retryAfter)
                case 500..<600:
                    failure = .serverError(status: response.status)
                    lastError = .serverUnavailable(request: label, status: response.status, attempts: attempt)
                default:
                    return response
                }
            } catch TransportError.timedOut {
                failure = .timedOut
                lastError = .timedOut(request: label, after: timeout, attempts: attempt)
            } catch TransportError.couldNotConnect(let reason) {
                failure = .couldNotConnect
                lastError = .network(request: label, reason: reason)
            } catch TransportError.noFreeConnection {
                // Nothing was sent, as when no connection could be made.
                failure = .couldNotConnect
                lastError = .noFreeConnection(request: label, attempts: attempt)
            } catch TransportError.connectionFailed(let reason) {
                failure = .connectionFailed
                lastError = .network(request: label, reason: reason)
            }
            guard
                let wait = policy.delay(
                    afterAttempt: attempt, failure: failure, idempotent: idempotent, unitRandom: random())
            else { throw lastError }
            logger.notice(
                "retrying request",
                metadata: ["request": "\(label)", "attempt": "\(attempt)", "wait_ms": "\(Int(wait.seconds * 1000))"])
            try await clock.sleep(for: wait)
        }
    }
}
