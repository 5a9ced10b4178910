import Foundation
import ModelDispatch
import Testing

/// Rate-limit and retry headers as providers send them.
struct RateLimitHeaderTests {
    let now = Date(timeIntervalSince1970: 1_796_083_200)  // 2026-12-01T00:00:00Z

    @Test(
        "durations in Go's notation and plain seconds",
        arguments: [
            ("6m0s", 360.0), ("12ms", 0.012), ("1s", 1), ("1.5s", 1.5), ("1h2m3.5s", 3723.5), ("250us", 0.00025), ("20", 20),
            ("0s", 0),
        ])
    func durations(text: String, seconds: Double) {
        #expect(abs(DurationText.seconds(text)! - seconds) < 1e-9)
    }

    @Test("what is not a duration is not read as one", arguments: ["", "soon", "5 minutes", "-3", "1x", "m"])
    func notDurations(text: String) {
        #expect(DurationText.seconds(text) == nil)
    }

    @Test("RFC 3339 times and HTTP dates")
    func absoluteTimes() {
        #expect(RFC3339.parse("2026-12-01T00:01:02Z") == now.addingTimeInterval(62))
        #expect(RFC3339.parse("2026-12-01T01:01:02.5+01:00") == now.addingTimeInterval(62.5))
        #expect(RFC3339.parse("2026-12-01 00:01:02") == nil)
        #expect(RFC3339.parse("2026-13-01T00:01:02Z") == nil)
        #expect(HTTPDate.parse("Tue, 01 Dec 2026 00:00:30 GMT") == now.addingTimeInterval(30))
        #expect(HTTPDate.parse("Tue, 01 Dec 2026 00:00:30 PST") == nil)
    }

    @Test("OpenAI's headers: limits, remaining and duration resets; retry-after-ms before retry-after")
    func openAIHeaders() {
        let report = RateLimitReport(
            headers: [
                "x-ratelimit-limit-requests": "500", "x-ratelimit-remaining-requests": "499",
                "x-ratelimit-reset-requests": "120ms",
                "x-ratelimit-limit-tokens": "30000", "x-ratelimit-remaining-tokens": "29100", "x-ratelimit-reset-tokens": "1.8s",
                "retry-after": "3", "retry-after-ms": "2500",
            ], now: now)
        #expect(report.figures[.requests] == .init(limit: 500, remaining: 499, resetAfter: 0.12))
        #expect(report.figures[.totalTokens] == .init(limit: 30000, remaining: 29100, resetAfter: 1.8))
        #expect(report.figures[.inputTokens] == nil)
        #expect(report.retryAfter == 2.5)
    }

    @Test("Anthropic's headers: RFC 3339 resets, input and output token limits, x-should-retry, an HTTP-date retry-after")
    func anthropicHeaders() {
        let report = RateLimitReport(
            headers: [
                "anthropic-ratelimit-requests-limit": "50", "anthropic-ratelimit-requests-remaining": "49",
                "anthropic-ratelimit-requests-reset": "2026-12-01T00:00:01Z",
                "anthropic-ratelimit-input-tokens-limit": "30000", "anthropic-ratelimit-input-tokens-remaining": "29000",
                "anthropic-ratelimit-input-tokens-reset": "2026-12-01T00:00:02Z",
                "anthropic-ratelimit-output-tokens-limit": "8000", "anthropic-ratelimit-output-tokens-remaining": "8000",
                "anthropic-ratelimit-output-tokens-reset": "2026-12-01T00:00:00Z",
                "retry-after": "Tue, 01 Dec 2026 00:00:07 GMT", "x-should-retry": "false",
            ], now: now)
        #expect(report.figures[.requests] == .init(limit: 50, remaining: 49, resetAfter: 1))
        #expect(report.figures[.inputTokens] == .init(limit: 30000, remaining: 29000, resetAfter: 2))
        #expect(report.figures[.outputTokens] == .init(limit: 8000, remaining: 8000, resetAfter: 0))
        #expect(report.retryAfter == 7)
        #expect(report.shouldRetry == false)
    }

    @Test("a value that does not parse is left out, not guessed")
    func badValues() {
        let report = RateLimitReport(
            headers: ["x-ratelimit-limit-requests": "lots", "x-ratelimit-reset-requests": "soon", "retry-after": "later"],
            now: now)
        #expect(report.figures.isEmpty)
        #expect(report.retryAfter == nil)
    }
}
