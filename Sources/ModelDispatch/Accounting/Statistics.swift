import CatalogCore
public import Foundation
import Histogram
public import ModelCatalog

/// What dispatch did, per served model and host.
public struct DispatchStatistics: Sendable {
    /// One served model on one host.
    public struct Entry: Sendable {
        /// The canonical id (`anthropic/claude-sonnet-4-5-20250929`).
        public var model: String
        /// The host name (`api.anthropic.com`).
        public var host: String
        /// Requests finished (answered or failed), each counted once whatever its attempts.
        public var requests: Int
        public var answered: Int
        /// Failed attempts by class (an attempt retried and then answered counts here too).
        public var failures: [FailureClass: Int]
        /// Attempts beyond each request's first.
        public var retries: Int
        /// Replies with status 429.
        public var rateLimited: Int
        /// Latency of answered requests, in milliseconds.
        public var latencyP50: Double
        public var latencyP95: Double
        public var latencyP99: Double
        /// Tokens of answered requests, in the catalog's terms.
        public var usage: Usage
        /// What the priced answers cost, in USD.
        public var cost: Decimal
        /// Answers that could not be priced.
        public var unpriced: Int
        /// Output and reasoning tokens per second of answered requests' time.
        public var tokensPerSecond: Double
    }

    public var entries: [Entry]

    /// Every entry's cost together.
    public var totalCost: Decimal { entries.reduce(0) { $0 + $1.cost } }

    /// As JSON: `{"entries": [{"model", "host", "requests", "answered", "failures": {class: n},
    /// "retries", "rate_limited", "latency_ms": {"p50", "p95", "p99"}, "usage", "cost_usd",
    /// "unpriced", "tokens_per_second"}], "total_cost_usd"}`.
    public var jsonText: String {
        func number(_ value: Double) -> JSONOutput { .number(String(format: "%.3f", value)) }
        let list = entries.map { entry -> JSONOutput in
            .object([
                ("model", .string(entry.model)), ("host", .string(entry.host)), ("requests", .int(entry.requests)),
                ("answered", .int(entry.answered)),
                (
                    "failures",
                    .object(entry.failures.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key.rawValue, .int($0.value)) })
                ),
                ("retries", .int(entry.retries)), ("rate_limited", .int(entry.rateLimited)),
                (
                    "latency_ms",
                    .object([
                        ("p50", number(entry.latencyP50)), ("p95", number(entry.latencyP95)), ("p99", number(entry.latencyP99)),
                    ])
                ),
                ("usage", DispatchRecord.usage(entry.usage)),
                ("cost_usd", .string(Money.format(entry.cost))), ("unpriced", .int(entry.unpriced)),
                ("tokens_per_second", number(entry.tokensPerSecond)),
            ])
        }
        return JSONOutput.object([
            ("entries", .array(list)), ("total_cost_usd", .string(Money.format(totalCost))),
        ])
        .rendered(pretty: true) + "\n"
    }
}

/// Finished requests counted with their usage, cost and latency: what dispatch statistics and
/// usage reports keep for each group. Latencies go in an HdrHistogram (microseconds, three
/// significant digits), so percentiles take constant memory whatever the number of requests.
struct UsageTally: Sendable {
    var requests = 0
    var answered = 0
    /// Attempts beyond each request's first.
    var retries = 0
    var latency = Histogram<UInt64>(highestTrackableValue: 3_600_000_000, numberOfSignificantValueDigits: .three)
    var usage = Usage()
    var cost: Decimal = 0
    /// Answers without a price.
    var unpriced = 0
    /// Output and reasoning tokens of the answers, and the seconds they took.
    var generated = 0
    var answeringSeconds = 0.0

    /// Counts a finished request: its attempts and, when answered, its latency in seconds, its
    /// usage and its cost (`nil` when it could not be priced).
    mutating func finished(attempts: Int, answer: (latency: Double, usage: Usage, cost: Decimal?)?) {
        requests += 1
        retries += max(0, attempts - 1)
        guard let answer else { return }
        answered += 1
        _ = latency.record(UInt64(max(0, (answer.latency * 1_000_000).rounded())))
        let add = answer.usage
        usage.inputTokens += add.inputTokens
        usage.cachedInputTokens += add.cachedInputTokens
        usage.cacheWriteTokens += add.cacheWriteTokens
        usage.cacheWrite1hTokens += add.cacheWrite1hTokens
        usage.outputTokens += add.outputTokens
        usage.reasoningTokens += add.reasoningTokens
        usage.requests += add.requests
        if let price = answer.cost { cost += price } else { unpriced += 1 }
        generated += add.outputTokens + add.reasoningTokens
        answeringSeconds += answer.latency
    }

    /// The latency at `percentile` in milliseconds; 0 before the first answer.
    func latencyMilliseconds(_ percentile: Double) -> Double {
        latency.totalCount == 0 ? 0 : Double(latency.valueAtPercentile(percentile)) / 1000
    }

    /// Output and reasoning tokens per second of answering time.
    var tokensPerSecond: Double { answeringSeconds > 0 ? Double(generated) / answeringSeconds : 0 }
}

/// Accumulates ``DispatchStatistics``.
struct StatisticsLedger: Sendable {
    struct Key: Hashable {
        var model: String
        var host: String
    }

    struct Totals {
        var tally = UsageTally()
        /// Failed attempts by class, and replies with status 429.
        var failures: [FailureClass: Int] = [:]
        var rateLimited = 0
    }

    private var totals: [Key: Totals] = [:]

    mutating func attemptFailed(model: String, host: String, failure: FailureClass, status: Int?) {
        modify(Key(model: model, host: host)) { entry in
            entry.failures[failure, default: 0] += 1
            if status == 429 { entry.rateLimited += 1 }
        }
    }

    mutating func finished(model: String, host: String, attempts: Int, answer: (latency: Double, usage: Usage, cost: Decimal?)?) {
        // Changed in place: a copy would share the histogram's counts, and recording into it
        // would copy them all (a quarter megabyte) on every request.
        modify(Key(model: model, host: host)) { $0.tally.finished(attempts: attempts, answer: answer) }
    }

    private mutating func modify(_ key: Key, _ change: (inout Totals) -> Void) {
        change(&totals[key, default: Totals()])
    }

    var snapshot: DispatchStatistics {
        let entries = totals.keys.sorted { ($0.model, $0.host) < ($1.model, $1.host) }.map { key -> DispatchStatistics.Entry in
            let value = totals[key]!
            let tally = value.tally
            return DispatchStatistics.Entry(
                model: key.model, host: key.host, requests: tally.requests, answered: tally.answered, failures: value.failures,
                retries: tally.retries, rateLimited: value.rateLimited, latencyP50: tally.latencyMilliseconds(50),
                latencyP95: tally.latencyMilliseconds(95), latencyP99: tally.latencyMilliseconds(99), usage: tally.usage,
                cost: tally.cost, unpriced: tally.unpriced, tokensPerSecond: tally.tokensPerSecond)
        }
        return DispatchStatistics(entries: entries)
    }
}
