import CatalogCore
import CatalogTestSupport
import Foundation
import ModelCatalog
import Testing

@testable import ModelDispatch

/// Each provider's usage in the catalog's terms, on reply shapes from the providers' API
/// references (their example replies; where one example lacks cached or reasoning tokens,
/// the documented fields of another example are combined into one reply).
struct UsageMappingTests {
    func decode(_ api: ProviderAPI, provider: String, _ json: String) throws -> ProviderOutcome {
        try api.adapter(provider: provider).decode(Array(json.utf8))
    }

    @Test("OpenAI: cached tokens are inside prompt_tokens and reasoning inside completion_tokens")
    func openAI() throws {
        let plain = try decode(
            .openAIChat, provider: "openai",
            """
            {"id": "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", "object": "chat.completion", "created": 1741570283, "model": "gpt-4o-2024-08-06",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "The image shows a wooden boardwalk path running through a lush green field or meadow.", "refusal": null, "annotations": []}, "logprobs": null, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 1117, "completion_tokens": 46, "total_tokens": 1163, "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                       "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}},
             "service_tier": "default", "system_fingerprint": "fp_fc9f1d7035"}
            """)
        #expect(plain.text.hasPrefix("The image shows a wooden boardwalk"))
        #expect(plain.finishReason == "stop")
        #expect(plain.usage == Usage(inputTokens: 1117, outputTokens: 46))
        let reasoning = try decode(
            .openAIChat, provider: "openai",
            """
            {"id": "chatcmpl-x", "object": "chat.completion", "created": 1741570283, "model": "o4-mini-2025-04-16",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "42", "refusal": null}, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 2006, "completion_tokens": 1186, "total_tokens": 3192, "prompt_tokens_details": {"cached_tokens": 1920, "audio_tokens": 0},
                       "completion_tokens_details": {"reasoning_tokens": 1024, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}},
             "service_tier": "flex"}
            """)
        #expect(
            reasoning.usage
                == Usage(inputTokens: 86, cachedInputTokens: 1920, outputTokens: 162, reasoningTokens: 1024, tier: .flex))
        // Every token once: the parts add up to the provider's total.
        let usage = reasoning.usage
        #expect(usage.promptTokens + usage.outputTokens + usage.reasoningTokens == 3192)
    }

    @Test("xAI: reasoning tokens beside the completion, as total_tokens shows")
    func xAI() throws {
        let outcome = try decode(
            .openAIChat, provider: "xai",
            """
            {"id": "a3d1008e-4544-40d4-d075-11527e794e4a", "object": "chat.completion", "created": 1752854522, "model": "grok-3-mini",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "101 multiplied by 3 equals 303.", "reasoning_content": "First, the user asked..."}, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 32, "completion_tokens": 9, "total_tokens": 135,
                       "prompt_tokens_details": {"text_tokens": 32, "audio_tokens": 0, "image_tokens": 0, "cached_tokens": 6},
                       "completion_tokens_details": {"reasoning_tokens": 94, "audio_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0},
                       "num_sources_used": 0},
             "system_fingerprint": "fp_3a7881249c"}
            """)
        #expect(outcome.usage == Usage(inputTokens: 26, cachedInputTokens: 6, outputTokens: 9, reasoningTokens: 94))
    }

    @Test("DeepSeek: the cache as prompt_cache_hit_tokens")
    func deepSeek() throws {
        let outcome = try decode(
            .openAIChat, provider: "deepseek",
            """
            {"id": "930c60df-bf64-41c9-a88e-3ec75f81e00e", "object": "chat.completion", "created": 1705651092, "model": "deepseek-chat",
             "choices": [{"index": 0, "message": {"role": "assistant", "content": "Hello! How can I help you today?"}, "logprobs": null, "finish_reason": "stop"}],
             "usage": {"prompt_tokens": 80, "completion_tokens": 10, "total_tokens": 90, "prompt_cache_hit_tokens": 64, "prompt_cache_miss_tokens": 16},
             "system_fingerprint": "fp_7e0991cad4"}
            """)
        #expect(outcome.usage == Usage(inputTokens: 16, cachedInputTokens: 64, outputTokens: 10))
    }

    @Test("OpenRouter: cache writes inside prompt_tokens, and its own cost kept")
    func openRouter() throws {
        let outcome = try decode(
            .openAIChat, provider: "openrouter",
            """
            {"id": "gen-xxxxxxxxxxxxxx", "provider": "Anthropic", "model": "anthropic/claude-sonnet-4.5", "object": "chat.completion", "created": 1746000000,
             "choices": [{"finish_reason": "stop", "native_finish_reason": "end_turn", "index": 0, "message": {"role": "assistant", "content": "Hi", "refusal": null, "reasoning": null}}],
             "usage": {"prompt_tokens": 194, "completion_tokens": 2, "total_tokens": 196, "cost": 0.000957, "is_byok": false,
                       "prompt_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 100}, "completion_tokens_details": {"reasoning_tokens": 0}}}
            """)
        #expect(outcome.usage == Usage(inputTokens: 94, cacheWriteTokens: 100, outputTokens: 2))
        #expect(outcome.providerCost == Decimal(string: "0.000957"))
    }

    @Test("Anthropic: input_tokens exclude cache reads and writes; the writes split by duration; thinking is output")
    func anthropic() throws {
        let outcome = try decode(
            .anthropicMessages, provider: "anthropic",
            """
            {"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant", "model": "claude-sonnet-4-5-20250929",
             "content": [{"type": "thinking", "thinking": "Let me analyze this step by step...", "signature": "WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL...."},
                         {"type": "text", "text": "Based on my analysis..."}],
             "stop_reason": "end_turn", "stop_sequence": null,
             "usage": {"input_tokens": 2048, "cache_read_input_tokens": 1800, "cache_creation_input_tokens": 248, "output_tokens": 503,
                       "cache_creation": {"ephemeral_1h_input_tokens": 100, "ephemeral_5m_input_tokens": 148}, "service_tier": "standard"}}
            """)
        #expect(outcome.text == "Based on my analysis...")
        #expect(outcome.finishReason == "end_turn")
        #expect(
            outcome.usage
                == Usage(
                    inputTokens: 2048, cachedInputTokens: 1800, cacheWriteTokens: 148, cacheWrite1hTokens: 100, outputTokens: 503)
        )
        // At Claude Sonnet 4.5's prices: 2048 × $3 + 1800 × $0.30 + 148 × $3.75 + 100 × $6 + 503 × $15, per
        // million. Adding the cache reads to the input again would bill 3848 input tokens.
        let catalog = try FullCatalog.pinned()
        let cost = try catalog.cost(of: "anthropic/claude-sonnet-4-5-20250929", usage: outcome.usage)
        #expect(cost.total == Decimal(string: "0.015384"))
    }

    @Test("Gemini: cached content inside the prompt count, thoughts beside the candidates; thought parts are not the answer")
    func gemini() throws {
        let outcome = try decode(
            .geminiGenerateContent, provider: "google",
            """
            {"candidates": [{"content": {"parts": [{"text": "**Thinking about the problem**", "thought": true}, {"text": "The answer is 12."}], "role": "model"},
                             "finishReason": "STOP", "index": 0}],
             "usageMetadata": {"promptTokenCount": 2056, "candidatesTokenCount": 120, "totalTokenCount": 3380, "cachedContentTokenCount": 2048,
                               "promptTokensDetails": [{"modality": "TEXT", "tokenCount": 2056}], "cacheTokensDetails": [{"modality": "TEXT", "tokenCount": 2048}],
                               "thoughtsTokenCount": 1204},
             "modelVersion": "gemini-2.5-flash", "responseId": "mB1faMnkJ4WNgLUP0uyPyAg"}
            """)
        #expect(outcome.text == "The answer is 12.")
        #expect(outcome.finishReason == "STOP")
        #expect(outcome.usage == Usage(inputTokens: 8, cachedInputTokens: 2048, outputTokens: 120, reasoningTokens: 1204))
        #expect(outcome.usage.promptTokens + outcome.usage.outputTokens + outcome.usage.reasoningTokens == 3380)
    }

    @Test("unknown and null fields are tolerated; a reply without the answer is an invalid reply")
    func tolerance() throws {
        let outcome = try decode(
            .openAIChat, provider: "together",
            """
            {"id": "x", "choices": [{"message": {"role": "assistant", "content": null, "tool_calls": []}, "finish_reason": "length", "extra": {"a": [1, null]}}],
             "usage": null, "new_field": true}
            """)
        #expect(outcome.text == "")
        #expect(!outcome.hasUsage)
        #expect(throws: ProviderFailure.self) { try decode(.anthropicMessages, provider: "anthropic", #"{"type": "message"}"#) }
        #expect(throws: ProviderFailure.self) { try decode(.geminiGenerateContent, provider: "google", "<html>") }
    }
}

/// Which failures are retried, and how long the wait is.
struct FailureClassTests {
    @Test(
        "the failure-class table",
        arguments: [
            (400, nil, "Invalid value for 'temperature'", FailureClass.badRequest, false),
            (400, "context_length_exceeded", "This model's maximum context length is 128000 tokens.", .contextLength, false),
            (400, "invalid_request_error", "prompt is too long: 215000 tokens > 200000 maximum", .contextLength, false),
            (401, "invalid_api_key", "Incorrect API key provided", .authentication, false),
            (403, "permission_error", "forbidden", .permission, false),
            (404, "not_found_error", "model: claude-x", .notFound, false),
            (408, nil, "", .timeout, true),
            (409, nil, "", .conflict, true),
            (429, "rate_limit_exceeded", "Rate limit reached for requests", .rateLimited, true),
            (
                429, "insufficient_quota", "You exceeded your current quota, please check your plan and billing details.",
                .quotaExhausted, false
            ),
            (429, "RESOURCE_EXHAUSTED", "Resource has been exhausted (e.g. check quota).", .rateLimited, true),
            (500, nil, "", .server, true), (502, nil, "", .server, true), (503, nil, "", .server, true),
            (504, nil, "", .server, true),
            (529, "overloaded_error", "Overloaded", .overloaded, true),
        ] as [(Int, String?, String, FailureClass, Bool)])
    func table(status: Int, code: String?, message: String, expected: FailureClass, retried: Bool) {
        let failure = FailureClass.classify(status: status, code: code, message: message)
        #expect(failure == expected)
        #expect(failure.isRetryable == retried)
    }

    @Test("provider error bodies are read for the class and Gemini's retry delay")
    func errorBodies() {
        let quota = ProviderFailure.from(
            status: 429,
            body: Array(
                #"{"error": {"message": "You exceeded your current quota", "type": "insufficient_quota", "param": null, "code": "insufficient_quota"}}"#
                    .utf8))
        #expect(quota.failure == .quotaExhausted)
        let gemini = ProviderFailure.from(
            status: 429,
            body: Array(
                #"{"error": {"code": 429, "message": "Resource has been exhausted", "status": "RESOURCE_EXHAUSTED", "details": [{"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": "7s"}]}}"#
                    .utf8))
        #expect(gemini.failure == .rateLimited)
        #expect(gemini.retryAfter == 7)
        let anthropic = ProviderFailure.from(
            status: 529, body: Array(#"{"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}"#.utf8))
        #expect(anthropic.failure == .overloaded)
        #expect(anthropic.message == "Overloaded (overloaded_error)")
    }

    @Test("backoff with full jitter, Retry-After honoured up to its cap, attempts bounded, x-should-retry obeyed")
    func schedule() {
        let schedule = RetrySchedule(maximumAttempts: 4, baseDelay: 0.5, maximumDelay: 3, maximumRetryAfter: 60)
        #expect(schedule.delay(after: 1, .server, retryAfter: nil, jitter: 1) == 0.5)
        #expect(schedule.delay(after: 2, .server, retryAfter: nil, jitter: 0.5) == 0.5)
        #expect(schedule.delay(after: 3, .server, retryAfter: nil, jitter: 1) == 2)
        #expect(schedule.delay(after: 3, .server, retryAfter: nil, jitter: 0) == 0)
        #expect(schedule.delay(after: 4, .server, retryAfter: nil, jitter: 1) == nil)
        #expect(schedule.delay(after: 1, .rateLimited, retryAfter: 12, jitter: 0) == 12)
        #expect(schedule.delay(after: 1, .rateLimited, retryAfter: 61, jitter: 0) == nil)
        #expect(schedule.delay(after: 1, .badRequest, retryAfter: nil, jitter: 0) == nil)
        #expect(schedule.delay(after: 1, .overloaded, retryAfter: nil, shouldRetry: false, jitter: 0) == nil)
        let capped = RetrySchedule(maximumAttempts: 10, baseDelay: 0.5, maximumDelay: 3)
        #expect(capped.delay(after: 9, .connection, retryAfter: nil, jitter: 1) == 3)
    }

    @Test("the breaker opens on consecutive faults or a failure ratio, and half-opens for one probe")
    func breaker() {
        var breaker = CircuitBreaker(consecutiveFailures: 3, failureRatio: 0.5, window: 10, cooldown: 30)
        breaker.record(fault: true, now: 0)
        breaker.record(fault: true, now: 1)
        #expect(breaker.state(now: 1) == .closed)
        breaker.record(fault: true, now: 2)
        #expect(breaker.state(now: 2) == .open)
        let early = breaker.allows(now: 31)
        let probe = breaker.allows(now: 32)
        let second = breaker.allows(now: 32)
        #expect(!early && probe && !second)
        breaker.record(fault: false, now: 33)
        #expect(breaker.state(now: 33) == .closed)
        // Half the last ten failing, never three in a row.
        for index in 0..<10 { breaker.record(fault: index % 2 == 1, now: 40 + Double(index)) }
        #expect(breaker.state(now: 50) == .open)
    }
}

/// The limiter's actor on a manual clock: it sleeps until the next admission, never polls.
struct RateLimiterActorTests {
    @Test("a waiting request is admitted when the clock reaches its window, and a cancelled one refunds")
    func waitsOnTheClock() async throws {
        let clock = ManualClock()
        let limiter = RateLimiter(clock: clock)
        let bucket = await limiter.bucket(BucketKey(scope: "h|k|m", kind: .requests, window: 60), capacity: 2)
        _ = try await limiter.acquire(.init(needs: [(bucket, 1)]))
        _ = try await limiter.acquire(.init(needs: [(bucket, 1)]))
        let third = Task { try await limiter.acquire(.init(needs: [(bucket, 1)])) }
        while await limiter.counts.waiting == 0 { await Task.yield() }
        // One timer, set for the moment the first reservation leaves the window.
        while clock.nextDeadline == nil { await Task.yield() }
        #expect(clock.nextDeadline == 60)
        clock.advance(by: 59)
        #expect(await limiter.counts.waiting == 1)
        clock.advance(by: 1)
        _ = try await third.value
        #expect(await limiter.counts == (0, 3))
        // The first two have left the window; the third has not: two more do not fit.
        let fourth = Task { try await limiter.acquire(.init(needs: [(bucket, 2)])) }
        while await limiter.counts.waiting == 0 { await Task.yield() }
        fourth.cancel()
        await #expect(throws: CancellationError.self) { try await fourth.value }
        #expect(await limiter.counts == (0, 3))
    }
}

@Suite("Bulk run progress")
struct RunProgressTests {
    @Test("a bar for a terminal, a plain line for a log, with rate, time left, money and the busiest limit")
    func lines() {
        let progress = RunProgress(
            total: 1000, done: 250, answered: 240, failed: 10, rateLimited: 3, spent: Decimal(string: "1.25")!,
            budget: Decimal(5), elapsed: 50, busiest: ("requests per minute for api.openai.com|key 0|gpt-4o", 0.875))
        #expect(progress.rate == 5)
        #expect(progress.remaining == 150)
        #expect(
            progress.line(terminal: false)
                == "250/1000, 5.0 req/s, ETA 2m30s, $1.25 of $5.00, 10 failed, 3 × 429, busiest limit 88% (requests per minute for api.openai.com|key 0|gpt-4o)"
        )
        let bar = progress.line(terminal: true, width: 8)
        #expect(bar.hasPrefix("██░░░░░░ 250/1000 · 5.0 req/s · ETA 2m30s · $1.25 of $5.00"))
        var start = progress
        start.done = 0
        start.elapsed = 0
        start.busiest = nil
        #expect(start.line(terminal: false) == "0/1000, 0.0 req/s, ETA ?, $1.25 of $5.00, 10 failed, 3 × 429")
    }
}
