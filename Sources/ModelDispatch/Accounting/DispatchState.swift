import CatalogCore
import Foundation
import ModelCatalog

/// The buckets one host, key and model reserve on, by kind.
struct BucketSet: Sendable {
    var buckets: [(bucket: Int, kind: LimitKind)]
    /// The per-model buckets the host's headers describe, by kind.
    var learned: [LimitKind: [Int]]
    var concurrent: Int
    /// The concurrency once the host has answered (until then, one request at a time).
    var concurrency: Double

    func needs(estimatedInput: Double, maxTokens: Double) -> [(bucket: Int, amount: Double)] {
        buckets.map { bucket, kind in
            switch kind {
            case .requests, .concurrent: (bucket, 1)
            case .inputTokens: (bucket, estimatedInput)
            case .outputTokens: (bucket, maxTokens)
            case .totalTokens: (bucket, estimatedInput + maxTokens)
            }
        }
    }
}

/// Dispatch's shared state besides the limiter: each host's circuit breaker, the bucket sets,
/// which hosts have answered once, and the statistics.
actor DispatchState {
    private let template: CircuitBreaker
    private var breakers: [String: CircuitBreaker] = [:]
    private var ledger = StatisticsLedger()
    private var sets: [SetKey: BucketSet] = [:]

    /// What a bucket set is found by: no text is built for a request whose set exists.
    struct SetKey: Hashable {
        var provider: String
        var providerModelID: String
        var key: String
        var tenant: String?
    }
    /// The concurrency buckets whose host has answered once.
    private var warm: Set<Int> = []

    init(breaker: CircuitBreaker) { self.template = breaker }

    var statistics: DispatchStatistics { ledger.snapshot }

    /// The buckets of `candidate` (created at first use): per host, key and model; per shared
    /// group of the limits file; per tenant.
    func buckets(
        for candidate: Candidate, request: ChatRequest, configuration: Dispatcher.Configuration, limiter: RateLimiter
    ) async -> BucketSet {
        let cacheKey = SetKey(
            provider: candidate.host.provider, providerModelID: candidate.record.providerModelID, key: candidate.key,
            tenant: request.tenant)
        if let known = sets[cacheKey] { return known }
        let host = candidate.host.host
        let scope = "\(host)|key \(DispatchState.keyID(candidate.key))|\(candidate.record.providerModelID)"
        let limits = configuration.limits
        let rule = limits.rule(provider: candidate.host.provider, id: candidate.model.id, family: candidate.model.family)
        let fromCatalog = configuration.tier.flatMap { RateLimits.catalogFigures(candidate.record, tier: $0) }
        var figures = (fromCatalog ?? (rule?.group == nil ? rule?.figures : nil) ?? RateLimits.Figures())
        figures = figures.filling(from: limits.defaults)
        let concurrency = figures.concurrent ?? 64
        var keys: [(key: BucketKey, capacity: Double, confirmed: Bool)] = []
        func add(_ scope: String, _ figures: RateLimits.Figures, tokenDefaults: Bool) {
            let rows: [(LimitKind, Double, Double?)] = [
                (.requests, 60, figures.requestsPerMinute), (.requests, 86_400, figures.requestsPerDay),
                (.totalTokens, 60, figures.tokensPerMinute), (.totalTokens, 86_400, figures.tokensPerDay),
                (.inputTokens, 60, figures.inputTokensPerMinute), (.outputTokens, 60, figures.outputTokensPerMinute),
            ]
            for (kind, window, capacity) in rows {
                // Per-minute buckets of every kind exist for the host's headers to fill in.
                guard capacity != nil || (tokenDefaults && window == 60) else { continue }
                keys.append((BucketKey(scope: scope, kind: kind, window: window), capacity ?? .infinity, false))
            }
        }
        add(scope, figures, tokenDefaults: true)
        keys.append((BucketKey(scope: scope, kind: .concurrent, window: 0), 1, false))
        if let rule, let group = rule.group {
            add("\(host)|key \(DispatchState.keyID(candidate.key))|group \(group)", rule.figures, tokenDefaults: false)
            if let groupConcurrency = rule.figures.concurrent {
                keys.append(
                    (
                        BucketKey(
                            scope: "\(host)|key \(DispatchState.keyID(candidate.key))|group \(group)", kind: .concurrent,
                            window: 0), groupConcurrency, true
                    ))
            }
        }
        if let tenant = request.tenant, let quota = configuration.tenants[tenant] {
            add("tenant \(tenant)", quota, tokenDefaults: false)
            if let tenantConcurrency = quota.concurrent {
                keys.append((BucketKey(scope: "tenant \(tenant)", kind: .concurrent, window: 0), tenantConcurrency, true))
            }
        }
        let indices = await limiter.buckets(keys)
        var learned: [LimitKind: [Int]] = [:]
        var concurrent = 0
        for (position, entry) in keys.enumerated() where entry.key.scope == scope {
            if entry.key.kind == .concurrent {
                concurrent = indices[position]
            } else if entry.key.window == 60 {
                learned[entry.key.kind, default: []].append(indices[position])
            }
        }
        let set = BucketSet(
            buckets: zip(indices, keys).map { ($0, $1.key.kind) }, learned: learned, concurrent: concurrent,
            concurrency: concurrency)
        if let known = sets[cacheKey] { return known }
        sets[cacheKey] = set
        return set
    }

    /// Applies what a reply's headers say; the first reply of a host and model lifts its
    /// one-at-a-time start.
    func learn(_ report: RateLimitReport, buckets: BucketSet, limiter: RateLimiter) async {
        for (kind, figure) in report.figures {
            for bucket in buckets.learned[kind] ?? [] {
                await limiter.observe(bucket, limit: figure.limit, remaining: figure.remaining, resetAfter: figure.resetAfter)
            }
        }
        if warm.insert(buckets.concurrent).inserted {
            await limiter.confirm(buckets.buckets.map(\.bucket), capacities: [(buckets.concurrent, buckets.concurrency)])
        }
    }

    func allows(host: String, now: Double) -> Bool {
        breakers[host, default: template].allows(now: now)
    }

    func failed(model: String, host: String, failure: FailureClass, status: Int?, now: Double) {
        ledger.attemptFailed(model: model, host: host, failure: failure, status: status)
        if failure.isHostFault {
            breakers[host, default: template].record(fault: true, now: now)
        }
    }

    func finished(model: String, host: String, attempts: Int, answer: (latency: Double, usage: Usage, cost: Decimal?)?) {
        ledger.finished(model: model, host: host, attempts: attempts, answer: answer)
    }

    func succeeded(host: String, now: Double) {
        breakers[host, default: template].record(fault: false, now: now)
    }

    /// A short, stable name for a key that does not reveal it (FNV-1a, 32 bits).
    static func keyID(_ key: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in key.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}
