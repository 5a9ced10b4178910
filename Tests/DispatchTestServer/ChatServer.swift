import FlyingFox
import FlyingSocks
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A real HTTP server on 127.0.0.1 that speaks the three chat APIs dispatch uses (OpenAI's chat
/// completions, also as OpenRouter; Anthropic's messages; Gemini's generateContent), enforces
/// its own rate limits with the providers' real headers, and counts what it gets. For tests and
/// benchmarks; nothing here touches the internet.
public final class ChatServer: @unchecked Sendable {
    /// The APIs, each under its own path prefix (give `base(prefix)` to `--base-url`).
    public enum API: String, Sendable, CaseIterable {
        case openai, openrouter, anthropic, gemini

        /// The path prefix standing in for the host.
        public var prefix: String { rawValue }

        var route: String {
            switch self {
            case .openai: "POST /openai/v1/chat/completions"
            case .openrouter: "POST /openrouter/api/v1/chat/completions"
            case .anthropic: "POST /anthropic/v1/messages"
            case .gemini: "POST /gemini/v1beta/models/*"
            }
        }
    }

    /// A server-side limit: `requests` per `window` seconds, refilled continuously (as OpenAI and
    /// Anthropic describe theirs).
    public struct Limit: Sendable {
        public var requests: Double
        public var window: Double
        public init(requests: Double, window: Double) {
            self.requests = requests
            self.window = window
        }
    }

    /// What one API has seen.
    public struct Counts: Sendable {
        /// Requests received.
        public var hits = 0
        /// Answered with 200.
        public var answered = 0
        /// Answered with 429.
        public var rejected = 0
        /// Requests that arrived after a 429 had been sent and before its Retry-After ended
        /// (more than `grace` seconds after it, so that requests already on their way do not count).
        public var early = 0
        /// Answered with a scripted failure.
        public var failed = 0
        /// The `model` of each request received.
        public var models: [String] = []
        /// The text of each request's last message, as received.
        public var prompts: [String] = []
        /// The largest number of requests being handled at once.
        public var peakConcurrency = 0
    }

    actor State {
        var limits: [API: Limit] = [:]
        var levels: [API: (level: Double, time: Double)] = [:]
        var failures: [API: Int] = [:]
        var counts: [API: Counts] = [:]
        var lastRejection: [API: (time: Double, retryAfter: Double)] = [:]
        var active: [API: Int] = [:]
        var delay: Double = 0
        let start = Date()
        let grace = 0.05

        var now: Double { Date().timeIntervalSince(start) }

        /// Admits or rejects a request: `nil` when admitted, else the seconds to wait.
        func arrive(_ api: API, model: String, prompt: String) -> (
            status: Int?, wait: Double?, limit: Limit?, remaining: Double, reset: Double
        ) {
            let time = now
            counts[api, default: Counts()].hits += 1
            counts[api, default: Counts()].models.append(model)
            counts[api, default: Counts()].prompts.append(prompt)
            active[api, default: 0] += 1
            counts[api, default: Counts()].peakConcurrency = max(counts[api]!.peakConcurrency, active[api]!)
            if let rejection = lastRejection[api], time > rejection.time + grace,
                time < rejection.time + rejection.retryAfter - 0.001
            {
                counts[api, default: Counts()].early += 1
            }
            if let status = failures[api] {
                counts[api, default: Counts()].failed += 1
                return (status, nil, nil, 0, 0)
            }
            guard let limit = limits[api] else { return (nil, nil, nil, 0, 0) }
            let rate = limit.requests / limit.window
            var (level, last) = levels[api] ?? (limit.requests, time)
            level = min(limit.requests, level + (time - last) * rate)
            if level >= 1 {
                level -= 1
                levels[api] = (level, time)
                return (nil, nil, limit, level.rounded(.down), (limit.requests - level) / rate)
            }
            levels[api] = (level, time)
            let wait = (1 - level) / rate
            counts[api, default: Counts()].rejected += 1
            lastRejection[api] = (time, wait)
            return (429, wait, limit, 0, (limit.requests - level) / rate)
        }

        func leave(_ api: API, answered: Bool) {
            active[api, default: 1] -= 1
            if answered { counts[api, default: Counts()].answered += 1 }
        }
    }

    let server: HTTPServer
    let state = State()
    private var task: Task<Void, any Error>?
    public private(set) var port: UInt16 = 0

    public init() throws {
        server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 30, logger: .disabled)
    }

    /// Starts listening on a free port, serving every API.
    public func start() async throws {
        for api in API.allCases {
            let state = self.state
            await server.appendRoute(HTTPRoute(api.route)) { request in
                try await ChatServer.handle(api, request, state)
            }
        }
        let server = self.server
        task = Task { try await server.run() }
        try await server.waitUntilListening()
        guard case .ip4(_, port: let port)? = await server.listeningAddress else { throw URLError(.cannotConnectToHost) }
        self.port = port
        ChatServer.disableNagle(listeningOn: port)
    }

    /// FlyingFox writes a response's head and body in two writes; with Nagle's algorithm on, the
    /// body waits for the client's delayed acknowledgement of the head (40 ms on Linux), which
    /// would make every loopback request take 40 ms. FlyingFox offers no hook for its sockets,
    /// so the listening socket is found among the process's descriptors and given TCP_NODELAY,
    /// which the sockets it accepts inherit (Linux).
    static func disableNagle(listeningOn port: UInt16) {
        #if canImport(Glibc)
            for descriptor in Int32(3)..<Int32(4096) {
                var address = sockaddr_in()
                var length = socklen_t(MemoryLayout<sockaddr_in>.size)
                let found = withUnsafeMutablePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
                }
                guard found == 0, address.sin_family == sa_family_t(AF_INET), UInt16(bigEndian: address.sin_port) == port else {
                    continue
                }
                var listening: Int32 = 0
                var size = socklen_t(MemoryLayout<Int32>.size)
                guard getsockopt(descriptor, SOL_SOCKET, SO_ACCEPTCONN, &listening, &size) == 0, listening == 1 else { continue }
                var on: Int32 = 1
                _ = setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
            }
        #endif
    }

    public func stop() async {
        await server.stop(timeout: 1)
        task?.cancel()
    }

    /// `http://127.0.0.1:PORT/prefix`.
    public func base(_ api: API) -> String { "http://127.0.0.1:\(port)/\(api.prefix)" }

    /// `--base-url` overrides sending every host to this server.
    public var baseURLs: [String: String] {
        [
            "api.openai.com": base(.openai), "openrouter.ai": base(.openrouter), "api.anthropic.com": base(.anthropic),
            "generativelanguage.googleapis.com": base(.gemini),
        ]
    }

    /// Sets an API's server-side limit (`nil`: none).
    public func limit(_ api: API, _ limit: Limit?) async { await state.setLimit(api, limit) }

    /// Makes an API answer every request with `status` (`nil`: answer normally).
    public func fail(_ api: API, with status: Int?) async { await state.setFailure(api, status) }

    /// Seconds each answer takes.
    public func delay(_ seconds: Double) async { await state.setDelay(seconds) }

    /// What an API has seen.
    public func counts(_ api: API) async -> Counts { await state.counts[api] ?? Counts() }

    static func handle(_ api: API, _ request: FlyingFox.HTTPRequest, _ state: State) async throws -> HTTPResponse {
        let body = try await request.bodyData
        let json = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        var model = json["model"] as? String ?? ""
        if api == .gemini {
            model = request.path.split(separator: "/").last.map { String($0.split(separator: ":")[0]) } ?? ""
        }
        // The last message's text: OpenAI's and Anthropic's `messages`, Gemini's `contents`.
        let messages = (json["messages"] ?? json["contents"]) as? [[String: Any]] ?? []
        let last = messages.last ?? [:]
        let prompt =
            last["content"] as? String ?? ((last["parts"] as? [[String: Any]])?.first?["text"] as? String) ?? ""
        let arrival = await state.arrive(api, model: model, prompt: prompt)
        let delay = await state.delay
        if delay > 0 { try await Task.sleep(for: .milliseconds(Int(delay * 1000))) }
        var headers: [HTTPHeader: String] = [HTTPHeader("Content-Type"): "application/json"]
        if let limit = arrival.limit { headers.merge(limitHeaders(api, limit, arrival.remaining, arrival.reset)) { $1 } }
        if let status = arrival.status {
            await state.leave(api, answered: false)
            var bodyText = #"{"error": {"message": "scripted failure", "type": "server_error", "code": null}}"#
            if status == 429, let wait = arrival.wait {
                headers[HTTPHeader("retry-after")] = String(Int(wait.rounded(.up)))
                if api == .openai || api == .openrouter {
                    headers[HTTPHeader("retry-after-ms")] = String(Int((wait * 1000).rounded(.up)))
                }
                bodyText =
                    api == .gemini
                    ? #"{"error": {"code": 429, "message": "Resource has been exhausted (e.g. check quota).", "status": "RESOURCE_EXHAUSTED", "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "\#(Int(wait.rounded(.up)))s"}]}}"#
                    : #"{"error": {"message": "Rate limit reached for requests", "type": "requests", "code": "rate_limit_exceeded"}}"#
            } else if status == 529 {
                bodyText = #"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"#
            }
            return HTTPResponse(
                statusCode: HTTPStatusCode(status, phrase: "Scripted"), headers: headers, body: Data(bodyText.utf8))
        }
        await state.leave(api, answered: true)
        return HTTPResponse(statusCode: .ok, headers: headers, body: Data(reply(api, model: model).utf8))
    }

    static func limitHeaders(_ api: API, _ limit: Limit, _ remaining: Double, _ reset: Double) -> [HTTPHeader: String] {
        switch api {
        case .openai, .openrouter:
            return [
                HTTPHeader("x-ratelimit-limit-requests"): String(Int(limit.requests)),
                HTTPHeader("x-ratelimit-remaining-requests"): String(Int(remaining)),
                HTTPHeader("x-ratelimit-reset-requests"): "\(Int((reset * 1000).rounded(.up)))ms",
            ]
        case .anthropic:
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            return [
                HTTPHeader("anthropic-ratelimit-requests-limit"): String(Int(limit.requests)),
                HTTPHeader("anthropic-ratelimit-requests-remaining"): String(Int(remaining)),
                HTTPHeader("anthropic-ratelimit-requests-reset"): formatter.string(from: Date().addingTimeInterval(reset)),
            ]
        case .gemini:
            return [:]
        }
    }

    /// Replies in each API's documented shape, with cached and reasoning tokens.
    static func reply(_ api: API, model: String) -> String {
        switch api {
        case .openai:
            #"{"id": "chatcmpl-test", "object": "chat.completion", "created": 1764547200, "model": "\#(model)", "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello from openai.", "refusal": null, "annotations": []}, "logprobs": null, "finish_reason": "stop"}], "usage": {"prompt_tokens": 1200, "completion_tokens": 300, "total_tokens": 1500, "prompt_tokens_details": {"cached_tokens": 1000, "audio_tokens": 0}, "completion_tokens_details": {"reasoning_tokens": 200, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}}, "service_tier": "default", "system_fingerprint": null}"#
        case .openrouter:
            #"{"id": "gen-test", "provider": "Anthropic", "model": "\#(model)", "object": "chat.completion", "created": 1764547200, "choices": [{"logprobs": null, "finish_reason": "stop", "native_finish_reason": "end_turn", "index": 0, "message": {"role": "assistant", "content": "Hello from openrouter.", "refusal": null, "reasoning": null}}], "usage": {"prompt_tokens": 1200, "completion_tokens": 100, "total_tokens": 1300, "cost": 0.0051, "is_byok": false, "prompt_tokens_details": {"cached_tokens": 0}, "completion_tokens_details": {"reasoning_tokens": 0}}}"#
        case .anthropic:
            #"{"id": "msg_test", "type": "message", "role": "assistant", "model": "\#(model)", "content": [{"type": "thinking", "thinking": "Let me think.", "signature": "sig"}, {"type": "text", "text": "Hello from anthropic."}], "stop_reason": "end_turn", "stop_sequence": null, "usage": {"input_tokens": 200, "cache_creation_input_tokens": 0, "cache_read_input_tokens": 1000, "cache_creation": {"ephemeral_5m_input_tokens": 0, "ephemeral_1h_input_tokens": 0}, "output_tokens": 300, "service_tier": "standard"}}"#
        case .gemini:
            #"{"candidates": [{"content": {"parts": [{"text": "Hello from gemini."}], "role": "model"}, "finishReason": "STOP", "index": 0}], "usageMetadata": {"promptTokenCount": 1200, "candidatesTokenCount": 100, "totalTokenCount": 1500, "cachedContentTokenCount": 1000, "thoughtsTokenCount": 200, "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 1200}]}, "modelVersion": "\#(model)", "responseId": "test"}"#
        }
    }
}

extension ChatServer.State {
    func setLimit(_ api: ChatServer.API, _ limit: ChatServer.Limit?) {
        limits[api] = limit
        levels[api] = nil
    }
    func setFailure(_ api: ChatServer.API, _ status: Int?) { failures[api] = status }
    func setDelay(_ seconds: Double) { delay = seconds }
}
