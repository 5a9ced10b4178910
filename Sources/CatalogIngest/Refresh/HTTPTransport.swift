package import Foundation

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

/// The seam between refresh and the network: the live one is ``CurlTransport``.
package protocol HTTPTransport: Sendable {
    /// GETs `url`; throws ``TransportError`` when no complete answer arrives within `timeout` seconds.
    func get(_ url: URL, headers: [(name: String, value: String)], timeout: Double) async throws(TransportError) -> HTTPReply
}

/// GETs over libcurl, opened the first time a request is sent (see ``SharedLibrary``): redirects
/// followed, compressed bodies decoded, no cache and no cookies. Each request runs on a thread of
/// its own (libcurl's easy interface blocks), bounded by one deadline for the whole answer.
package struct CurlTransport: HTTPTransport {
    package init() {}

    package func get(_ url: URL, headers: [(name: String, value: String)], timeout: Double) async throws(TransportError)
        -> HTTPReply
    {
        let curl: LibCurl
        switch LibCurl.shared {
        case .success(let loaded): curl = loaded
        case .failure(let error): throw TransportError("no HTTP client: \(error)")
        }
        let result: Result<HTTPReply, TransportError> = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: CurlTransport.perform(curl, url, headers, timeout)) }.start()
        }
        return try result.get()
    }

    /// What libcurl's callbacks collect.
    private final class Received {
        var body: [UInt8] = []
        var headers: [String: String] = [:]
    }

    private static func perform(
        _ curl: LibCurl, _ url: URL, _ headers: [(name: String, value: String)], _ timeout: Double
    ) -> Result<HTTPReply, TransportError> {
        guard let handle = curl.easyInit() else { return .failure(TransportError("libcurl could not start a request")) }
        defer { curl.easyCleanup(handle) }
        var list: OpaquePointer?
        for (name, value) in headers { list = curl.listAppend(list, "\(name): \(value)") }
        defer { curl.listFree(list) }
        let received = Received()
        let context = Unmanaged.passRetained(received)
        defer { context.release() }
        var errorBuffer = [CChar](repeating: 0, count: LibCurl.errorSize)
        let code = errorBuffer.withUnsafeMutableBytes { errorBytes in
            url.absoluteString.withCString { address in
                // "" asks for every encoding libcurl can decode.
                "".withCString { encodings in
                    curl.set(handle, .url, address)
                    curl.set(handle, .httpHeader, UnsafeRawPointer(list))
                    curl.set(handle, .acceptEncoding, encodings)
                    curl.set(handle, .followLocation, 1)
                    curl.set(handle, .maximumRedirects, 10)
                    curl.set(handle, .noSignal, 1)
                    curl.set(handle, .timeoutMilliseconds, max(1, Int((timeout * 1000).rounded(.up))))
                    curl.set(handle, .errorBuffer, UnsafeRawPointer(errorBytes.baseAddress))
                    curl.set(handle, .writeFunction, callback: CurlTransport.appendBody)
                    curl.set(handle, .writeData, UnsafeRawPointer(context.toOpaque()))
                    curl.set(handle, .headerFunction, callback: CurlTransport.appendHeader)
                    curl.set(handle, .headerData, UnsafeRawPointer(context.toOpaque()))
                    return curl.easyPerform(handle)
                }
            }
        }
        switch code {
        case LibCurl.ok:
            return .success(HTTPReply(status: curl.long(handle, .responseCode), headers: received.headers, body: received.body))
        case LibCurl.timedOut:
            return .failure(TransportError(TransportError.noAnswer(timeout), timedOut: true))
        case LibCurl.partialFile:
            let length = curl.offset(handle, .contentLength)
            return .failure(
                TransportError(
                    length >= 0
                        ? "the body was cut short: \(received.body.count) of \(length) bytes"
                        : "the body was cut short after \(received.body.count) bytes"))
        default:
            let detail = errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            let words = detail.isEmpty ? curl.easyError(code).map { String(cString: $0) } ?? "" : detail
            return .failure(TransportError("\(words) (curl error \(code))"))
        }
    }

    private static let appendBody: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int =
        { data, size, count, context in
            let received = Unmanaged<Received>.fromOpaque(context!).takeUnretainedValue()
            if let data { received.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count)) }
            return size * count
        }

    /// One header line at a time; a status line starts the headers of a new answer (after a
    /// redirect), so only the last answer's are kept. Repeated fields are joined with ", ".
    private static let appendHeader: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int =
        { data, size, count, context in
            let received = Unmanaged<Received>.fromOpaque(context!).takeUnretainedValue()
            guard let data else { return size * count }
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
            if line.hasPrefix("HTTP/") {
                received.headers = [:]
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
                received.headers[name] = received.headers[name].map { "\($0), \(value)" } ?? value
            }
            return size * count
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
