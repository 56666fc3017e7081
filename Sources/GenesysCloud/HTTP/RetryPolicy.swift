import Foundation

/// When to try a failed request again, and after how long.
///
/// A pure value: it decides, the REST client waits. Rate limits (429) wait exactly the server's
/// `Retry-After`; everything else backs off exponentially with full jitter (a uniformly random
/// wait between zero and the capped exponential bound), which spreads a crowd of clients out
/// after a shared outage.
public struct RetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maxAttempts: Int
    /// The bound of the first back-off; it doubles each attempt.
    public var baseDelay: Duration
    /// No back-off waits longer than this.
    public var maxDelay: Duration
    /// A `Retry-After` longer than this fails the request at once rather than stalling the caller.
    public var maxRetryAfter: Duration

    public init(
        maxAttempts: Int = 5,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(30),
        maxRetryAfter: Duration = .seconds(180)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// Failures that may succeed on a later attempt.
    public enum Failure: Sendable, Hashable {
        case rateLimited(retryAfter: Duration?)
        case serverError(status: Int)
        case timedOut
        case connectionFailed
        /// Nothing was sent: always safe to retry.
        case couldNotConnect
    }

    /// The wait before the next attempt, or `nil` to give up.
    ///
    /// - Parameters:
    ///   - attempt: the attempt that just failed, counting from 1.
    ///   - idempotent: whether repeating the request is safe when it may have been executed
    ///     (timeouts, broken connections, 500). A 429, 502, 503 or 504 means it was not.
    ///   - unitRandom: a number in `0..<1` that picks the jittered wait.
    public func delay(afterAttempt attempt: Int, failure: Failure, idempotent: Bool, unitRandom: Double) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        switch failure {
        case .rateLimited(let retryAfter?):
            return retryAfter <= maxRetryAfter ? retryAfter : nil
        case .rateLimited(nil):
            return jittered(attempt: attempt, unitRandom: unitRandom)
        case .serverError(let status) where status == 502 || status == 503 || status == 504:
            return jittered(attempt: attempt, unitRandom: unitRandom)
        case .couldNotConnect:
            return jittered(attempt: attempt, unitRandom: unitRandom)
        case .serverError, .timedOut, .connectionFailed:
            return idempotent ? jittered(attempt: attempt, unitRandom: unitRandom) : nil
        }
    }

    /// The upper bound of the back-off after `attempt` failures: `baseDelay * 2^(attempt-1)`,
    /// capped at `maxDelay`.
    public func backoffBound(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let bound = baseDelay * (1 << exponent)
        return min(bound, maxDelay)
    }

    private func jittered(attempt: Int, unitRandom: Double) -> Duration {
        let fraction = min(max(unitRandom, 0), 1)
        return backoffBound(afterAttempt: attempt) * fraction
    }
}

extension RetryPolicy {
    /// Reads `Retry-After` in either of its forms we meet in practice: whole or decimal seconds.
    /// (HTTP dates are allowed by RFC 9110 but Genesys sends seconds.)
    public static func parseRetryAfter(_ value: String?) -> Duration? {
        guard let text = value?.trimmingCharacters(in: .whitespaces), let seconds = Double(text),
            seconds.isFinite, seconds >= 0
        else { return nil }
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }
}
