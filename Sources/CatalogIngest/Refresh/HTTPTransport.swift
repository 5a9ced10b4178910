package import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP answer: status, headers (names lower-cased) and body.
package struct HTTPReply: Sendable {
    package var status: Int
    package var headers: [String: String]
    package var body: [UInt8]

    package init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// A transport failure (no answer): a timeout, a refused connection, a body cut short.
package struct TransportError: Error, Sendable, CustomStringConvertible {
    package var description: String
    /// `true` for a timeout.
    package var timedOut: Bool

    package init(_ description: String, timedOut: Bool = false) {
        self.description = description
        self.timedOut = timedOut
    }
}

extension TransportError {
    static func noAnswer(_ timeout: Double) -> String { "no answer within \(String(format: "%g", timeout)) s" }
}

/// Resumes a continuation once, whichever of the answer and the deadline comes first.
final class ResumeOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Result<HTTPReply, TransportError>, Never>?

    init(_ continuation: CheckedContinuation<Result<HTTPReply, TransportError>, Never>) { self.continuation = continuation }

    /// `true` when this call resumed it.
    @discardableResult
    func resume(_ result: Result<HTTPReply, TransportError>) -> Bool {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume(returning: result)
        return pending != nil
    }
}

/// The seam between refresh and the network: the live one is ``URLSessionTransport``.
package protocol HTTPTransport: Sendable {
    /// GETs `url`; throws ``TransportError`` when no complete answer arrives within `timeout` seconds.
    func get(_ url: URL, headers: [(name: String, value: String)], timeout: Double) async throws(TransportError) -> HTTPReply
}

/// GETs over `URLSession` (FoundationNetworking on Linux), with no cache and no cookies.
package final class URLSessionTransport: HTTPTransport, @unchecked Sendable {
    private let session: URLSession

    package init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalAndRemoteCacheData
        configuration.httpCookieStorage = nil
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    package func get(_ url: URL, headers: [(name: String, value: String)], timeout: Double) async throws(TransportError)
        -> HTTPReply
    {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalAndRemoteCacheData, timeoutInterval: timeout)
        request.httpMethod = "GET"
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let result: Result<HTTPReply, TransportError> = await withCheckedContinuation { continuation in
            // URLSession's own timeout is an idle timeout, and FoundationNetworking rounds it to whole
            // seconds: a deadline of our own bounds the whole answer. The first of the two resumes.
            let once = ResumeOnce(continuation)
            let task = session.dataTask(with: request) { data, response, error in
                if let error {
                    let nsError = error as NSError
                    let timedOut = nsError.domain == NSURLErrorDomain && nsError.code == NSURLErrorTimedOut
                    let words =
                        timedOut ? TransportError.noAnswer(timeout) : "\(nsError.localizedDescription) (code \(nsError.code))"
                    once.resume(.failure(TransportError(words, timedOut: timedOut)))
                    return
                }
                guard let http = response as? HTTPURLResponse else {
                    once.resume(.failure(TransportError("not an HTTP answer")))
                    return
                }
                var fields: [String: String] = [:]
                for (name, value) in http.allHeaderFields {
                    if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
                }
                let body = [UInt8](data ?? Data())
                // A body shorter than its Content-Length was cut short on the way.
                if let length = fields["content-length"].flatMap(Int.init), length > body.count {
                    once.resume(.failure(TransportError("the body was cut short: \(body.count) of \(length) bytes")))
                    return
                }
                once.resume(.success(HTTPReply(status: http.statusCode, headers: fields, body: body)))
            }
            task.resume()
            DispatchQueue.global().asyncAfter(deadline: .now() + timeout) {
                if once.resume(.failure(TransportError(TransportError.noAnswer(timeout), timedOut: true))) { task.cancel() }
            }
        }
        return try result.get()
    }
}

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
