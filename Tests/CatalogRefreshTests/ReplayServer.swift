import CatalogCore
import FlyingFox
import FlyingSocks
import Foundation

/// A real HTTP server on 127.0.0.1 that answers `catalog refresh` with recorded captures
/// (and the faults a test scripts), and remembers every request it got.
final class ReplayServer: @unchecked Sendable {
    struct Request: Sendable {
        var path: String
        var query: [String: String]
        var headers: [String: String]
    }

    /// Records requests across the server's tasks.
    actor Log {
        var requests: [Request] = []
        func append(_ request: Request) { requests.append(request) }
    }

    let server: HTTPServer
    let log = Log()
    private var task: Task<Void, any Error>?
    private(set) var port: UInt16 = 0

    init() throws {
        // Quiet: stopping the server at the end of a test is not an error worth printing.
        server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 15, logger: .disabled)
    }

    /// Answers `GET path` (the query is ignored for routing) with `handler`.
    func route(_ path: String, _ handler: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) async {
        let log = self.log
        await server.appendRoute(HTTPRoute("GET " + path)) { request in
            var headers: [String: String] = [:]
            for (name, value) in request.headers { headers[name.rawValue.lowercased()] = value }
            var query: [String: String] = [:]
            for item in request.query { query[item.name] = item.value }
            await log.append(Request(path: request.path, query: query, headers: headers))
            return try await handler(request)
        }
    }

    /// Serves a recorded capture's bytes as they are.
    func serve(_ path: String, _ bytes: Data, contentType: String = "application/json") async {
        await route(path) { _ in
            HTTPResponse(statusCode: .ok, headers: HTTPHeaders([HTTPHeader("Content-Type"): contentType]), body: bytes)
        }
    }

    func start() async throws {
        let server = self.server
        task = Task { try await server.run() }
        try await server.waitUntilListening()
        let address = await server.listeningAddress
        guard case .ip4(_, port: let port)? = address else { throw URLError(.cannotConnectToHost) }
        self.port = port
    }

    func stop() async {
        await server.stop(timeout: 1)
        task?.cancel()
    }

    /// `http://127.0.0.1:PORT/prefix`, for `--base-url host=…`.
    func base(_ prefix: String) -> String { "http://127.0.0.1:\(port)/\(prefix)" }

    var requests: [Request] { get async { await log.requests } }
}
