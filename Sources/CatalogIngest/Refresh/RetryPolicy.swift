package import CatalogHTTP
package import Foundation

/// When to try a request again: a bounded number of attempts, exponential backoff with jitter,
/// and the server's `Retry-After` on 429 and 503 honoured. A pure policy: the caller sleeps.
package struct RetryPolicy: Sendable {
    /// Attempts in all, the first included.
    package var maximumAttempts: Int
    /// The delay before the second attempt; doubled each time after.
    package var baseDelay: Double
    /// No computed delay is longer than this.
    package var maximumDelay: Double
    /// A `Retry-After` longer than this gives up rather than wait.
    package var maximumRetryAfter: Double

    package init(maximumAttempts: Int = 4, baseDelay: Double = 1, maximumDelay: Double = 30, maximumRetryAfter: Double = 120) {
        self.maximumAttempts = maximumAttempts
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// What went wrong with an attempt.
    package enum Failure: Sendable {
        case status(Int, retryAfter: String?)
        case transport(TransportError)
    }

    /// Seconds to wait before attempt `attempt + 1`, or `nil` to give up.
    /// - Parameters:
    ///   - attempt: the attempt that failed, from 1.
    ///   - jitter: a random number in 0..<1 (injected, so that tests are exact).
    ///   - now: the time, for an HTTP-date `Retry-After`.
    package func delay(after attempt: Int, _ failure: Failure, jitter: Double, now: Date) -> Double? {
        guard attempt < maximumAttempts else { return nil }
        let backoff = min(maximumDelay, baseDelay * pow(2, Double(attempt - 1))) * (0.5 + jitter / 2)
        switch failure {
        case .transport:
            return backoff
        case .status(let status, let retryAfter):
            guard [408, 425, 429, 500, 502, 503, 504].contains(status) else { return nil }
            guard let retryAfter, let seconds = RetryPolicy.seconds(retryAfter, now: now) else { return backoff }
            return seconds <= maximumRetryAfter ? max(seconds, 0) : nil
        }
    }

    /// `Retry-After` as seconds: a number of seconds or an HTTP date.
    static func seconds(_ value: String, now: Date) -> Double? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if let seconds = Double(trimmed) { return seconds }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        return formatter.date(from: trimmed).map { $0.timeIntervalSince(now) }
    }
}
