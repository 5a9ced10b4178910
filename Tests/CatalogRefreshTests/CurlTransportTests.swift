import CatalogHTTP
import CatalogIngest
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A loopback TCP server that answers each connection with bytes written by hand: answers a real
/// HTTP server would not give (a body shorter than its Content-Length).
final class RawServer: @unchecked Sendable {
    let port: UInt16
    private let socket: Int32
    private let lock = NSLock()
    private var heads: [String] = []

    /// The head (request line and headers) of each request received so far.
    var requests: [String] {
        lock.withLock { heads }
    }

    /// Serves `answers` in turn, one per connection, then stops. A server made not `listening`
    /// holds its port bound (so no other test can take it) but refuses every connection.
    init(_ answers: [String], listening: Bool = true) throws {
        let listener = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        socket = listener
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, !listening || listen(listener, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        guard listening else { return }
        Thread { [self] in
            for answer in answers {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { return }
                // Read the request head before answering.
                var request: [UInt8] = []
                var buffer = [UInt8](repeating: 0, count: 4096)
                while !request.suffix(4).elementsEqual([13, 10, 13, 10]) {
                    let count = read(connection, &buffer, buffer.count)
                    guard count > 0 else { break }
                    request += buffer[0..<count]
                }
                lock.withLock { heads.append(String(decoding: request, as: UTF8.self)) }
                _ = Array(answer.utf8).withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
                close(connection)
            }
        }.start()
    }

    deinit { close(socket) }

    var url: URL { URL(string: "http://127.0.0.1:\(port)/models")! }
}

@Suite("HTTP over libcurl")
struct CurlTransportTests {
    @Test("a body shorter than its Content-Length is an error saying how much came, not a short page")
    func cutShort() async throws {
        let server = try RawServer(["HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"data\": ["])
        do {
            let reply = try await CurlTransport().get(server.url, headers: [], timeout: 5)
            Issue.record("got \(reply.body.count) bytes of a cut-short body as an answer")
        } catch {
            #expect(error.description == "the body was cut short: 10 of 100 bytes")
            #expect(!error.timedOut)
        }
    }

    @Test("redirects are followed; the last answer's headers are kept, repeated ones joined; request headers are sent")
    func redirectAndHeaders() async throws {
        let server = try RawServer([
            "HTTP/1.1 302 Found\r\nLocation: /moved\r\nX-First: gone\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            "HTTP/1.1 200 OK\r\nX-Ratelimit-Remaining: 7\r\nVary: a\r\nVary: b\r\nContent-Length: 2\r\nConnection: close\r\n\r\n[]",
        ])
        let reply = try await CurlTransport().get(server.url, headers: [(name: "X-Api-Key", value: "k")], timeout: 5)
        #expect(reply.status == 200)
        #expect(reply.body == Array("[]".utf8))
        #expect(reply.headers["x-ratelimit-remaining"] == "7")
        #expect(reply.headers["vary"] == "a, b")
        #expect(reply.headers["x-first"] == nil)
        let requests = server.requests
        #expect(requests.map { $0.components(separatedBy: "\r\n")[0] } == ["GET /models HTTP/1.1", "GET /moved HTTP/1.1"])
        #expect(requests.first?.contains("\r\nX-Api-Key: k\r\n") == true)
    }

    @Test("nothing listening is a transport error with libcurl's words, not a timeout")
    func refused() async throws {
        // A port held bound but not listening: the kernel refuses each connection, and no other
        // test's server can be given the port meanwhile (a port merely closed could be).
        let server = try RawServer([], listening: false)
        do {
            _ = try await CurlTransport().get(server.url, headers: [], timeout: 5)
            Issue.record("an answer from a closed port")
        } catch {
            #expect(!error.timedOut)
            #expect(error.description.contains("(curl error 7)"), "\(error)")
        }
        withExtendedLifetime(server) {}
    }
}
