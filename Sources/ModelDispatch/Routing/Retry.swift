public import Foundation

/// Why a request failed, in classes that decide what happens next.
public enum FailureClass: String, Hashable, Sendable, CaseIterable {
    /// No answer: refused, reset, unreachable.
    case connection
    /// No answer in time, or HTTP 408.
    case timeout
    /// HTTP 409.
    case conflict
    /// HTTP 429: a rate limit.
    case rateLimited = "rate_limited"
    /// HTTP 5xx other than 529.
    case server
    /// HTTP 529: the provider is overloaded.
    case overloaded
    /// HTTP 400 and other 4xx not listed.
    case badRequest = "bad_request"
    /// The prompt and output do not fit the model's context.
    case contextLength = "context_length"
    /// HTTP 401: the key is wrong.
    case authentication
    /// HTTP 403.
    case permission
    /// HTTP 404: the host does not know the model.
    case notFound = "not_found"
    /// The account's quota or credit is used up (a 429 that waiting does not cure).
    case quotaExhausted = "quota_exhausted"
    /// The provider blocked the prompt or the answer.
    case contentFiltered = "content_filtered"
    /// A 200 whose body is not the API's answer.
    case invalidReply = "invalid_reply"
    /// Refused before sending: the budget would be exceeded.
    case budget
    /// Refused before sending: larger than a limit's whole capacity.
    case exceedsLimit = "exceeds_limit"
    /// Refused before sending: the name is no model, is ambiguous, is retired, or no configured
    /// host serves it.
    case unroutable
    /// The caller cancelled.
    case cancelled

    /// Whether another attempt can succeed: connection errors, 408, 409, 429, 5xx and 529.
    public var isRetryable: Bool {
        switch self {
        case .connection, .timeout, .conflict, .rateLimited, .server, .overloaded: true
        default: false
        }
    }

    /// Whether the host is at fault (counts toward its circuit breaker).
    var isHostFault: Bool {
        switch self {
        case .connection, .timeout, .server, .overloaded: true
        default: false
        }
    }

    /// The class of an HTTP failure, from its status and the provider's error code and message.
    public static func classify(status: Int, code: String?, message: String) -> FailureClass {
        let code = code?.lowercased() ?? ""
        let words = message.lowercased()
        switch status {
        case 400, 413, 422:
            if code.contains("context_length") || words.contains("context length") || words.contains("context window")
                || words.contains("prompt is too long") || words.contains("maximum context")
            {
                return .contextLength
            }
            return .badRequest
        case 401: return .authentication
        case 402: return .quotaExhausted
        case 403: return .permission
        case 404: return .notFound
        case 408: return .timeout
        case 409: return .conflict
        case 429:
            if code == "insufficient_quota" || words.contains("exceeded your current quota") || words.contains("credit balance") {
                return .quotaExhausted
            }
            return .rateLimited
        case 529: return .overloaded
        case 500...599: return .server
        default: return .badRequest
        }
    }
}

/// When to try again: bounded attempts, exponential backoff with full jitter, and the server's
/// `Retry-After` honoured up to a cap. A pure policy: the dispatcher sleeps.
public struct RetrySchedule: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maximumAttempts: Int
    /// The backoff ceiling of the second attempt; doubled each time after.
    public var baseDelay: Double
    /// No backoff ceiling is longer than this.
    public var maximumDelay: Double
    /// A `Retry-After` longer than this is not waited for on that host.
    public var maximumRetryAfter: Double

    public init(maximumAttempts: Int = 4, baseDelay: Double = 0.5, maximumDelay: Double = 30, maximumRetryAfter: Double = 60) {
        self.maximumAttempts = maximumAttempts
        self.baseDelay = baseDelay
        self.maximumDelay = maximumDelay
        self.maximumRetryAfter = maximumRetryAfter
    }

    /// Seconds to wait before the next attempt, or `nil` to stop.
    /// - Parameters:
    ///   - attempt: the attempt that failed, from 1.
    ///   - failure: its class.
    ///   - retryAfter: what the server asked for, if anything.
    ///   - shouldRetry: the server's own verdict (`x-should-retry`), if sent.
    ///   - jitter: a random number in 0..<1 (injected, so that tests are exact).
    public func delay(after attempt: Int, _ failure: FailureClass, retryAfter: Double?, shouldRetry: Bool? = nil, jitter: Double)
        -> Double?
    {
        guard attempt < maximumAttempts, shouldRetry ?? failure.isRetryable else { return nil }
        if let retryAfter {
            return retryAfter <= maximumRetryAfter ? max(0, retryAfter) : nil
        }
        let ceiling = min(maximumDelay, baseDelay * pow(2, Double(attempt - 1)))
        return ceiling * jitter
    }
}
