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
    package static func noAnswer(_ timeout: Double) -> String { "no answer within \(String(format: "%g", timeout)) s" }
}

/// One HTTP request: method, address, headers and body.
package struct HTTPRequest: Sendable {
    package var method: String
    package var url: URL
    package var headers: [(name: String, value: String)]
    package var body: [UInt8]
    /// Seconds for the whole answer.
    package var timeout: Double

    package init(
        method: String = "GET", url: URL, headers: [(name: String, value: String)] = [], body: [UInt8] = [], timeout: Double
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

/// The seam between the network and its users (refresh, dispatch): the live one is
/// ``CurlTransport``; tests and library users may bring their own.
package protocol HTTPTransport: Sendable {
    /// Sends `request`; throws ``TransportError`` when no complete answer arrives within its timeout.
    func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPReply
}

extension HTTPTransport {
    /// GETs `url`; throws ``TransportError`` when no complete answer arrives within `timeout` seconds.
    package func get(_ url: URL, headers: [(name: String, value: String)], timeout: Double) async throws(TransportError)
        -> HTTPReply
    {
        try await send(HTTPRequest(url: url, headers: headers, timeout: timeout))
    }
}

/// HTTP over libcurl, opened the first time a request is sent (see ``SharedLibrary``): redirects
/// followed, compressed bodies decoded, no cache and no cookies. Each request runs on a thread of
/// its own (libcurl's easy interface blocks), bounded by one deadline for the whole answer. Easy
/// handles are kept between requests, so their connections are reused (keep-alive).
package struct CurlTransport: HTTPTransport {
    package init() {}

    package func send(_ request: HTTPRequest) async throws(TransportError) -> HTTPReply {
        let curl: LibCurl
        switch LibCurl.shared {
        case .success(let loaded): curl = loaded
        case .failure(let error): throw TransportError("no HTTP client: \(error)")
        }
        let result: Result<HTTPReply, TransportError> = await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: CurlTransport.perform(curl, request)) }
            thread.stackSize = 256 * 1024
            thread.start()
        }
        return try result.get()
    }

    /// Easy handles between requests: each keeps its open connections.
    private final class HandlePool: @unchecked Sendable {
        private let lock = NSLock()
        private var handles: [OpaquePointer] = []
        static let shared = HandlePool()

        func take(_ curl: LibCurl) -> OpaquePointer? {
            lock.lock()
            let kept = handles.popLast()
            lock.unlock()
            if let kept {
                curl.easyReset(kept)
                return kept
            }
            return curl.easyInit()
        }

        func give(_ handle: OpaquePointer, _ curl: LibCurl) {
            lock.lock()
            if handles.count < 256 {
                handles.append(handle)
                lock.unlock()
            } else {
                lock.unlock()
                curl.easyCleanup(handle)
            }
        }
    }

    /// What libcurl's callbacks collect.
    private final class Received {
        var body: [UInt8] = []
        var headers: [String: String] = [:]
    }

    private static func perform(_ curl: LibCurl, _ request: HTTPRequest) -> Result<HTTPReply, TransportError> {
        guard let handle = HandlePool.shared.take(curl) else {
            return .failure(TransportError("libcurl could not start a request"))
        }
        defer { HandlePool.shared.give(handle, curl) }
        let timeout = request.timeout
        var list: OpaquePointer?
        for (name, value) in request.headers { list = curl.listAppend(list, "\(name): \(value)") }
        // No `Expect: 100-continue` round trip before a body.
        if !request.body.isEmpty { list = curl.listAppend(list, "Expect:") }
        defer { curl.listFree(list) }
        let received = Received()
        let context = Unmanaged.passRetained(received)
        defer { context.release() }
        var errorBuffer = [CChar](repeating: 0, count: LibCurl.errorSize)
        let code = errorBuffer.withUnsafeMutableBytes { errorBytes in
            request.url.absoluteString.withCString { address in
                // "" asks for every encoding libcurl can decode.
                "".withCString { encodings in
                    request.method.withCString { method in
                        request.body.withUnsafeBytes { body in
                            curl.set(handle, .url, address)
                            if !request.body.isEmpty || request.method == "POST" {
                                curl.set(handle, .postFieldSize, request.body.count)
                                curl.set(handle, .postFields, UnsafeRawPointer(body.baseAddress ?? UnsafeRawPointer(address)))
                            }
                            if request.method != "GET" && request.method != "POST" { curl.set(handle, .customRequest, method) }
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
