import CatalogCore
import CatalogHTTP
import CatalogTestSupport
import DispatchTestServer
import Foundation
import ModelCatalog
import Testing

@testable import ModelDispatch

/// The system's monotonic clock with the wall-clock date of the pinned catalog version, so that
/// shutdown dates are judged as of that version whatever today is.
struct PinnedDateClock: DispatchClock {
    let system = SystemClock()
    let start = Date(timeIntervalSince1970: Double(FullCatalog.pinnedDate.daysSinceEpoch) * 86_400 + 43_200)
    var now: Double { system.now }
    var date: Date { start.addingTimeInterval(system.now) }
    func sleep(until deadline: Double) async throws { try await system.sleep(until: deadline) }
}

/// Dispatch against a real HTTP server on loopback that speaks the three APIs and enforces its
/// own limits (no test touches the internet).
@Suite(.serialized)
struct DispatchLoopbackTests {
    static let keys = [
        "OPENAI_API_KEY": "sk-test-openai-0123456789", "ANTHROPIC_API_KEY": "sk-ant-test-0123456789",
        "GEMINI_API_KEY": "AIza-test-0123456789", "OPENROUTER_API_KEY": "sk-or-test-0123456789",
    ]

    func dispatcher(_ server: ChatServer, _ configure: (inout Dispatcher.Configuration) -> Void = { _ in }) throws -> Dispatcher {
        var configuration = Dispatcher.Configuration(environment: Self.keys, baseURLs: server.baseURLs)
        configure(&configuration)
        return Dispatcher(
            catalog: try FullCatalog.pinned(), configuration: configuration, transport: CurlTransport(), clock: PinnedDateClock(),
            jitter: { 0.5 })
    }

    func withServer(_ body: (ChatServer) async throws -> Void) async throws {
        let server = try ChatServer()
        try await server.start()
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("each API answers, and usage and cost count every token once")
    func threeAPIs() async throws {
        try await withServer { server in
            let dispatcher = try dispatcher(server)
            let catalog = try FullCatalog.pinned()

            let openai = try await dispatcher.send(ChatRequest(model: "gpt-4o", messages: [.user("Say hello.")], maxTokens: 400))
            #expect(openai.text == "Hello from openai.")
            #expect(openai.servedBy == "openai/gpt-4o-2024-08-06")
            #expect(openai.servedModel == "openai/gpt-4o-2024-08-06")
            #expect(openai.requestedModel == "gpt-4o")
            // prompt 1200 with 1000 cached; completion 300 with 200 reasoning.
            #expect(openai.usage == Usage(inputTokens: 200, cachedInputTokens: 1000, outputTokens: 100, reasoningTokens: 200))
            // 200 × $2.50 + 1000 × $1.25 + (100 + 200) × $10.00, per million.
            #expect(openai.cost?.total == Decimal(string: "0.00475"))

            let anthropic = try await dispatcher.send(
                ChatRequest(model: "claude-sonnet-4-5", messages: [.system("Be brief."), .user("Say hello.")], maxTokens: 400))
            #expect(anthropic.text == "Hello from anthropic.")
            #expect(anthropic.servedBy == "anthropic/claude-sonnet-4-5-20250929")
            // input_tokens exclude the 1000 cache reads: not added to them again.
            #expect(anthropic.usage == Usage(inputTokens: 200, cachedInputTokens: 1000, outputTokens: 300))
            // 200 × $3 + 1000 × $0.30 + 300 × $15, per million.
            #expect(anthropic.cost?.total == Decimal(string: "0.0054"))

            let gemini = try await dispatcher.send(
                ChatRequest(model: "gemini-2.5-flash", messages: [.user("Say hello.")], maxTokens: 400))
            #expect(gemini.text == "Hello from gemini.")
            #expect(gemini.servedBy == "google/gemini-2.5-flash")
            #expect(gemini.usage == Usage(inputTokens: 200, cachedInputTokens: 1000, outputTokens: 100, reasoningTokens: 200))
            let record = try #require(try catalog.record(id: "google/gemini-2.5-flash"))
            #expect(gemini.cost?.total == (try catalog.cost(of: record, usage: gemini.usage)).total)
            #expect(gemini.cost?.total == Decimal(string: "0.00084"))

            // OpenRouter, named by its own id: its cost is kept beside ours, and they agree.
            let routed = try await dispatcher.send(
                ChatRequest(model: "openrouter/anthropic/claude-sonnet-4.5", messages: [.user("Say hello.")], maxTokens: 400))
            #expect(routed.servedBy == "openrouter/anthropic/claude-sonnet-4.5")
            #expect(routed.providerCost == Decimal(string: "0.0051"))
            #expect(routed.cost?.total == Decimal(string: "0.0051"))
            #expect(routed.warnings.isEmpty)

            // Keys never appear in results.
            for reply in [openai, anthropic, gemini, routed] {
                let line = DispatchRecord(.success(reply)).jsonLine
                for key in Self.keys.values { #expect(!line.contains(key)) }
            }
            let statistics = await dispatcher.statistics()
            #expect(
                statistics.entries.map(\.host).sorted() == [
                    "api.anthropic.com", "api.openai.com", "generativelanguage.googleapis.com", "openrouter.ai",
                ])
            #expect(statistics.entries.allSatisfy { $0.requests == 1 && $0.answered == 1 && $0.latencyP50 > 0 })
            #expect(statistics.totalCost == Decimal(string: "0.01609"))
        }
    }

    @Test("nothing is sent for an unknown, ambiguous or retired name, or one no configured host serves; the error says why")
    func unroutable() async throws {
        try await withServer { server in
            let dispatcher = try dispatcher(server)
            func error(_ model: String, _ dispatcher: Dispatcher) async -> DispatchError? {
                if case .failure(let error) = await dispatcher.dispatch(ChatRequest(model: model, messages: [.user("hi")])).result
                {
                    return error
                }
                return nil
            }
            let unknown = await error("claude-sonet-4-5", dispatcher)
            #expect(unknown?.failure == .unroutable)
            #expect(unknown?.message.hasPrefix("unknown model; did you mean") == true)
            let retired = await error("claude-3-5-haiku-20241022", dispatcher)
            #expect(
                retired?.message
                    == "anthropic/claude-3-5-haiku-20241022 is retired (shut down 2026-02-19); its successor is anthropic/claude-haiku-4-5-20251001"
            )
            let noKeys = Dispatcher(
                catalog: try FullCatalog.pinned(), configuration: .init(environment: [:], baseURLs: server.baseURLs),
                transport: CurlTransport(), clock: PinnedDateClock())
            let unserved = await error("claude-sonnet-4-5", noKeys)
            #expect(
                unserved?.message
                    == "no configured host can serve anthropic/claude-sonnet-4-5-20250929; set ANTHROPIC_API_KEY (anthropic/claude-sonnet-4-5-20250929) or OPENROUTER_API_KEY (openrouter/anthropic/claude-sonnet-4.5) to enable one; no adapter for bedrock/anthropic.claude-sonnet-4-5-20250929-v1:0, vertex/Claude Sonnet 4.5"
            )
            for api in ChatServer.API.allCases { #expect(await server.counts(api).hits == 0) }
        }
    }

    @Test("another model only when opted in, and then no dearer than asked")
    func fallbackOnlyWhenOptedIn() async throws {
        try await withServer { server in
            let request = ChatRequest(model: "claude-3-5-haiku-20241022", messages: [.user("hi")], maxTokens: 200)
            let off = try dispatcher(server)
            #expect(await off.dispatch(request).result.isFailure)
            // The successor (Claude Haiku 4.5) costs more than the retired model: not without a ceiling.
            let cheapOnly = try dispatcher(server) { $0.fallback = .successor }
            #expect(await cheapOnly.dispatch(request).result.isFailure)
            #expect(await server.counts(.anthropic).hits == 0)
            var allowed = request
            allowed.maxCost = Decimal(string: "0.01")
            let reply = try await cheapOnly.send(allowed)
            #expect(reply.requestedModel == "claude-3-5-haiku-20241022")
            #expect(reply.servedModel == "anthropic/claude-haiku-4-5-20251001")
            #expect(reply.servedBy == "anthropic/claude-haiku-4-5-20251001")
            #expect(await server.counts(.anthropic).models == ["claude-haiku-4-5-20251001"])
        }
    }

    @Test("a host failing with 5xx opens its breaker and traffic moves to the next offering")
    func breakerMovesTraffic() async throws {
        try await withServer { server in
            await server.fail(.anthropic, with: 503)
            let dispatcher = try dispatcher(server) {
                $0.retry = RetrySchedule(maximumAttempts: 2, baseDelay: 0.01, maximumDelay: 0.02)
                $0.breaker = CircuitBreaker(consecutiveFailures: 3, cooldown: 600)
            }
            for _ in 0..<10 {
                let reply = try await dispatcher.send(
                    ChatRequest(model: "claude-sonnet-4-5", messages: [.user("hi")], maxTokens: 100))
                #expect(reply.servedBy == "openrouter/anthropic/claude-sonnet-4.5")
            }
            // Two attempts on the first request, one on the second, then the breaker is open.
            #expect(await server.counts(.anthropic).hits == 3)
            #expect(await server.counts(.openrouter).hits == 10)
            let statistics = await dispatcher.statistics()
            let failing = try #require(statistics.entries.first { $0.host == "api.anthropic.com" })
            #expect(failing.failures[.server] == 3)
        }
    }

    @Test("a tenant over its quota waits alone: other tenants on the same model are sent")
    func tenantQuota() async throws {
        try await withServer { server in
            let dispatcher = try dispatcher(server) { $0.tenants = ["team-a": RateLimits.Figures(requestsPerMinute: 2)] }
            func request(_ text: String, _ tenant: String?) -> ChatRequest {
                ChatRequest(model: "gpt-4o", messages: [.user(text)], maxTokens: 50, tenant: tenant)
            }
            _ = try await dispatcher.send(request("a1", "team-a"))
            _ = try await dispatcher.send(request("a2", "team-a"))
            let third = Task { await dispatcher.dispatch(request("a3", "team-a")) }
            var waited = 0
            while await dispatcher.limiter.counts.waiting == 0, waited < 500 {
                try await Task.sleep(for: .milliseconds(10))
                waited += 1
            }
            #expect(await dispatcher.limiter.counts.waiting == 1)
            // Team B and a request without a tenant share the host, model and key, and go.
            let other = try await dispatcher.send(request("b1", "team-b"))
            let untenanted = try await dispatcher.send(request("n1", nil))
            #expect(other.servedBy == "openai/gpt-4o-2024-08-06")
            #expect(untenanted.servedBy == "openai/gpt-4o-2024-08-06")
            #expect(await dispatcher.limiter.counts.waiting == 1)
            #expect(await server.counts(.openai).hits == 4)
            // Given up while waiting: never sent, and its place is freed.
            third.cancel()
            guard case .failure(let error) = await third.value.result else {
                Issue.record("a request over its tenant's quota was answered within the minute")
                return
            }
            #expect(error.failure == .cancelled)
            #expect(await dispatcher.limiter.counts == (0, 0))
            #expect(await server.counts(.openai).hits == 4)
        }
    }

    @Test("a host whose API cannot carry the request is passed over, unsent; with none, the error says why")
    func unsendableRequest() async throws {
        try await withServer { server in
            let request = ChatRequest(
                model: "claude-sonnet-4-5", messages: [.user("JSON, please")], maxTokens: 50,
                responseFormat: #"{"type": "json_object"}"#)
            // Anthropic's API has no response_format: OpenRouter's offering answers.
            let reply = try await dispatcher(server).send(request)
            #expect(reply.servedBy == "openrouter/anthropic/claude-sonnet-4.5")
            #expect(await server.counts(.anthropic).hits == 0)
            // Without an OpenRouter key nothing can carry it, and nothing is sent.
            var keys = Self.keys
            keys["OPENROUTER_API_KEY"] = nil
            let alone = try dispatcher(server) { $0.environment = keys }
            guard case .failure(let error) = await alone.dispatch(request).result else {
                Issue.record("sent to an API that takes no response_format")
                return
            }
            #expect(error.failure == .badRequest)
            #expect(error.message.contains("\"response_format\" is not something Anthropic's messages API takes"))
            #expect(await server.counts(.anthropic).hits == 0)
        }
    }

    @Test("a budget of a few cents is never exceeded by 50 concurrent requests")
    func budgetHoldsUnderConcurrency() async throws {
        try await withServer { server in
            await server.delay(0.02)
            let cap = Decimal(string: "0.05")!
            let dispatcher = try dispatcher(server) { $0.maxCost = cap }
            let records = await withTaskGroup(of: DispatchRecord.self) { group in
                for index in 0..<50 {
                    group.addTask {
                        await dispatcher.dispatch(
                            ChatRequest(model: "claude-sonnet-4-5", messages: [.user("Request \(index)")], maxTokens: 1000))
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let answered = records.compactMap { try? $0.result.get() }
            let spent = answered.reduce(Decimal(0)) { $0 + ($1.cost?.total ?? 0) }
            #expect(spent <= cap)
            #expect(!answered.isEmpty)
            // Each answer costs $0.0054; each reserves up to 1000 output tokens at $15/M first.
            #expect(answered.allSatisfy { $0.cost?.total == Decimal(string: "0.0054") })
            let refused = records.compactMap { record -> DispatchError? in
                if case .failure(let error) = record.result { return error }
                return nil
            }
            #expect(refused.count + answered.count == 50)
            #expect(refused.allSatisfy { $0.failure == .budget })
            #expect(await server.counts(.anthropic).hits == answered.count)
            let budget = await dispatcher.limiter.budget
            #expect(budget.committed == spent)
        }
    }

    @Test("a storm configured for 10× the server's limit learns it: under 2% rejected, none retried early")
    func stormLearnsTheLimit() async throws {
        try await withServer { server in
            // 40 requests a second, refilled continuously; the client believes 24,000 a minute.
            await server.limit(.openai, .init(requests: 40, window: 1))
            let dispatcher = try dispatcher(server) {
                $0.limits = RateLimits(defaults: .init(requestsPerMinute: 24_000, tokensPerMinute: 100_000_000, concurrent: 64))
            }
            let total = 200
            let answered = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<total {
                    group.addTask {
                        (try? await dispatcher.send(
                            ChatRequest(model: "gpt-4o", messages: [.user("Storm \(index)")], maxTokens: 50))) != nil
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            let counts = await server.counts(.openai)
            #expect(answered == total)
            #expect(Double(counts.rejected) < Double(counts.hits) * 0.02, "\(counts.rejected) of \(counts.hits) rejected")
            #expect(counts.early == 0)
        }
    }
}

extension Result {
    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}
