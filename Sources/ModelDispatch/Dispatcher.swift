import CatalogCore
package import CatalogHTTP
public import Foundation
public import ModelCatalog

/// Sends chat requests through the catalog: resolves the model, picks a host, waits for the
/// rate limits and the budget, retries what is worth retrying, and accounts for every token and
/// cent at the catalog's prices.
///
/// ```swift
/// let dispatcher = Dispatcher(catalog: try Catalog.embedded(), configuration: .init(maxCost: 25))
/// let reply = try await dispatcher.send(ChatRequest(model: "claude-sonnet-4-5", messages: [.user("Hello")], maxTokens: 800))
/// print(reply.text, reply.usage, reply.cost?.total ?? "unpriced", reply.servedBy)
/// ```
public final class Dispatcher: Sendable {
    /// How requests are sent.
    public struct Configuration: Sendable {
        /// A cap in USD on what all requests together may cost; `nil` for none. Each request
        /// reserves its worst case before it is sent, so the cap holds under any concurrency.
        public var maxCost: Decimal?
        public var route: RouteOrder
        public var fallback: FallbackPolicy
        /// The account tier whose `rate_limit.<tier>.*` catalog facts start the limits
        /// (`tier_1` … `tier_5` for OpenAI, `developer` or `free` for Groq and Gemini).
        public var tier: String?
        /// Hand-kept limits and defaults (a parsed `catalog/rate-limits.yaml`).
        public var limits: RateLimits
        /// Quotas per tenant (``ChatRequest/tenant``), per minute.
        public var tenants: [String: RateLimits.Figures]
        /// Where keys are read (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `GEMINI_API_KEY`, …).
        public var environment: [String: String]
        /// `--base-url HOST=URL` overrides: host name (`api.openai.com`) → URL.
        public var baseURLs: [String: String]
        public var retry: RetrySchedule
        public var breaker: CircuitBreaker
        /// Seconds for one attempt's whole answer.
        public var timeout: Double

        public init(
            maxCost: Decimal? = nil, route: RouteOrder = .firstParty, fallback: FallbackPolicy = .none, tier: String? = nil,
            limits: RateLimits = RateLimits(), tenants: [String: RateLimits.Figures] = [:],
            environment: [String: String] = ProcessInfo.processInfo.environment, baseURLs: [String: String] = [:],
            retry: RetrySchedule = RetrySchedule(), breaker: CircuitBreaker = CircuitBreaker(), timeout: Double = 600
        ) {
            self.maxCost = maxCost
            self.route = route
            self.fallback = fallback
            self.tier = tier
            self.limits = limits
            self.tenants = tenants
            self.environment = environment
            self.baseURLs = baseURLs
            self.retry = retry
            self.breaker = breaker
            self.timeout = timeout
        }
    }

    public let catalog: Catalog
    public let configuration: Configuration
    /// The limiter every request goes through (budget included).
    public let limiter: RateLimiter
    let transport: any HTTPTransport
    let clock: any DispatchClock
    let jitter: @Sendable () -> Double
    let router: Router
    let state: DispatchState

    /// A dispatcher over the live network (libcurl) and the system clock.
    public convenience init(catalog: Catalog, configuration: Configuration = Configuration()) {
        self.init(catalog: catalog, configuration: configuration, transport: CurlTransport(), clock: SystemClock())
    }

    /// A dispatcher with its transport, clock and jitter injected (tests, benchmarks).
    package init(
        catalog: Catalog, configuration: Configuration, transport: any HTTPTransport, clock: any DispatchClock,
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }
    ) {
        self.catalog = catalog
        self.configuration = configuration
        self.transport = transport
        self.clock = clock
        self.jitter = jitter
        self.limiter = RateLimiter(clock: clock, budget: configuration.maxCost)
        self.router = Router(
            catalog: catalog, environment: configuration.environment, baseURLs: configuration.baseURLs,
            order: configuration.route,
            fallback: configuration.fallback)
        self.state = DispatchState(breaker: configuration.breaker)
    }

    /// Sends `request` and returns its answer.
    /// - Throws: ``DispatchError``: nothing was sent (unknown, ambiguous or retired model, no
    ///   host with a key, the budget, a request larger than a limit), or every host tried failed.
    public func send(_ request: ChatRequest) async throws(DispatchError) -> ChatReply {
        try await dispatch(request).result.get()
    }

    /// Sends `request` and returns its outcome, answered or not (what a bulk run records).
    public func dispatch(_ request: ChatRequest) async -> DispatchRecord {
        let start = clock.now
        let plan: RoutePlan
        let today = CalendarDate(unixSeconds: Int64(clock.date.timeIntervalSince1970.rounded(.down)))
        do { plan = try router.plan(request, today: today) } catch {
            var error = error
            error.latency = clock.now - start
            return DispatchRecord(.failure(error))
        }
        var attempts = 0
        var last: DispatchError?
        for candidate in plan.candidates {
            let outcome = await attemptAll(request, candidate, start: start, attempts: &attempts)
            switch outcome {
            case .answered(let reply): return DispatchRecord(.success(reply))
            case .final(let error): return DispatchRecord(.failure(error))
            case .nextHost(let error): last = error
            }
        }
        var error =
            last
            ?? DispatchError(
                failure: .unroutable, status: nil, message: "no host could take the request", requestedModel: request.model,
                servedModel: plan.model.id, servedBy: nil, attempts: attempts, latency: 0)
        error.attempts = attempts
        error.latency = clock.now - start
        return DispatchRecord(.failure(error))
    }

    /// What dispatch has done so far, per served model and host.
    public func statistics() async -> DispatchStatistics { await state.statistics }

    enum HostOutcome {
        case answered(ChatReply)
        /// Stop: another host would fail the same way (a bad request, the budget).
        case final(DispatchError)
        /// Try the next host.
        case nextHost(DispatchError)
    }

    /// Attempts on one host until answered, a final failure, or the host is given up.
    private func attemptAll(_ request: ChatRequest, _ candidate: Candidate, start: Double, attempts: inout Int) async
        -> HostOutcome
    {
        let hostName = candidate.host.host
        let model = candidate.model.id
        func failure(_ kind: FailureClass, _ status: Int?, _ message: String) -> DispatchError {
            DispatchError(
                failure: kind, status: status, message: message, requestedModel: request.model, servedModel: model,
                servedBy: candidate.servedBy, attempts: attempts, latency: clock.now - start)
        }
        let buckets = await state.buckets(for: candidate, request: request, configuration: configuration, limiter: limiter)
        let adapter = candidate.host.api.adapter(provider: candidate.host.provider)
        let redactor = SecretRedactor(secrets: [candidate.key])
        var hostAttempts = 0
        while true {
            guard await state.allows(host: hostName, now: clock.now) else {
                return .nextHost(failure(.server, nil, "\(hostName)'s circuit breaker is open after repeated failures"))
            }
            let demand = LimiterPolicy.Demand(
                needs: buckets.needs(
                    estimatedInput: Double(request.estimatedInputTokens), maxTokens: Double(candidate.maxTokens)),
                lane: request.lane, worstCost: candidate.worstCost)
            let ticket: Int
            do { ticket = try await limiter.acquire(demand) } catch let refusal as LimiterPolicy.Refusal {
                switch refusal {
                case .exceedsCapacity: return .nextHost(failure(.exceedsLimit, nil, refusal.description))
                case .unpricedUnderBudget: return .nextHost(failure(.budget, nil, refusal.description))
                case .budgetExhausted: return .final(failure(.budget, nil, refusal.description))
                }
            } catch {
                return .final(failure(.cancelled, nil, "cancelled while waiting for a rate limit"))
            }
            attempts += 1
            hostAttempts += 1
            let http: HTTPRequest
            do {
                http = try adapter.encode(
                    request, model: candidate.record.providerModelID, maxTokens: candidate.maxTokens, root: candidate.root,
                    key: candidate.key, timeout: configuration.timeout)
            } catch {
                await limiter.cancel(ticket)
                return .nextHost(failure(error.failure, nil, "\(candidate.servedBy): \(error.message)"))
            }
            let reply: HTTPReply
            do {
                reply = try await transport.send(http)
            } catch {
                // The provider may have done the work: the reservation and the worst case stand.
                await limiter.settle(ticket, inputTokens: nil, outputTokens: nil, cost: nil)
                let kind: FailureClass = error.timedOut ? .timeout : .connection
                let redacted = redactor.redact(error.description)
                await state.failed(model: model, host: hostName, failure: kind, status: nil, now: clock.now)
                if Task.isCancelled { return .final(failure(.cancelled, nil, "cancelled")) }
                guard let delay = configuration.retry.delay(after: hostAttempts, kind, retryAfter: nil, jitter: jitter()) else {
                    await state.finished(model: model, host: hostName, attempts: attempts, answer: nil)
                    return .nextHost(failure(kind, nil, redacted))
                }
                do { try await clock.sleep(until: clock.now + delay) } catch {
                    return .final(failure(.cancelled, nil, "cancelled"))
                }
                continue
            }
            let report = RateLimitReport(headers: reply.headers, now: clock.date)
            await state.learn(report, buckets: buckets, limiter: limiter)
            if (200..<300).contains(reply.status) {
                do {
                    let outcome = try adapter.decode(reply.body)
                    return .answered(
                        await answered(request, candidate, outcome, ticket: ticket, attempts: attempts, start: start))
                } catch {
                    await limiter.settle(ticket, inputTokens: nil, outputTokens: nil, cost: nil)
                    await state.failed(model: model, host: hostName, failure: error.failure, status: reply.status, now: clock.now)
                    await state.finished(model: model, host: hostName, attempts: attempts, answer: nil)
                    return .final(failure(error.failure, reply.status, error.message))
                }
            }
            // Not an answer: nothing billed.
            await limiter.settle(ticket, inputTokens: nil, outputTokens: nil, cost: 0)
            let problem = ProviderFailure.from(status: reply.status, body: reply.body)
            let message = redactor.redact(problem.message)
            await state.failed(model: model, host: hostName, failure: problem.failure, status: reply.status, now: clock.now)
            let retryAfter = report.retryAfter ?? problem.retryAfter
            if problem.failure == .rateLimited {
                // Every waiting request of this host waits too, not only this one.
                let exhausted = report.figures.values.filter { $0.remaining == 0 }.compactMap(\.resetAfter).max()
                let pause =
                    retryAfter ?? exhausted ?? configuration.retry.delay(
                        after: hostAttempts, .rateLimited, retryAfter: nil, jitter: 1) ?? 1
                if pause <= configuration.retry.maximumRetryAfter { await limiter.pause(host: hostName, for: pause) }
            }
            switch problem.failure {
            case .badRequest, .contextLength, .contentFiltered:
                await state.finished(model: model, host: hostName, attempts: attempts, answer: nil)
                return .final(failure(problem.failure, reply.status, message))
            default: break
            }
            guard
                let delay = configuration.retry.delay(
                    after: hostAttempts, problem.failure, retryAfter: retryAfter, shouldRetry: report.shouldRetry,
                    jitter: jitter())
            else {
                await state.finished(model: model, host: hostName, attempts: attempts, answer: nil)
                return .nextHost(failure(problem.failure, reply.status, message))
            }
            // A 429's wait is the host's pause, which the next acquire honours.
            if problem.failure != .rateLimited {
                do { try await clock.sleep(until: clock.now + delay) } catch {
                    return .final(failure(.cancelled, nil, "cancelled"))
                }
            }
        }
    }

    /// Accounts for an answer: settles the limits to its usage and the budget to its cost.
    private func answered(
        _ request: ChatRequest, _ candidate: Candidate, _ outcome: ProviderOutcome, ticket: Int, attempts: Int, start: Double
    ) async -> ChatReply {
        var cost: Cost?
        var unpricedReason: String?
        do { cost = try catalog.cost(of: candidate.record, usage: outcome.usage) } catch let error as CostError {
            unpricedReason = error.message
        } catch {
            unpricedReason = "\(error)"
        }
        var warnings: [String] = []
        if let theirs = outcome.providerCost, let ours = cost?.total {
            let difference = abs(theirs - ours)
            if difference * 100 > max(abs(ours), abs(theirs)) {
                warnings.append(
                    "\(candidate.host.provider) charged $\(theirs) where the catalog's prices give \(Money.dollars(ours)) (more than 1% apart)"
                )
            }
        }
        let usage = outcome.usage
        // Anthropic's input limit does not count cache reads; the others count every prompt token.
        let limitedInput =
            candidate.host.api == .anthropicMessages ? usage.promptTokens - usage.cachedInputTokens : usage.promptTokens
        await limiter.settle(
            ticket, inputTokens: outcome.hasUsage ? Double(limitedInput) : nil,
            outputTokens: outcome.hasUsage ? Double(usage.outputTokens + usage.reasoningTokens) : nil,
            // An unpriced answer keeps its worst case in the budget.
            cost: cost?.total)
        let latency = clock.now - start
        await state.succeeded(host: candidate.host.host, now: clock.now)
        await state.finished(
            model: candidate.model.id, host: candidate.host.host, attempts: attempts, answer: (latency, usage, cost?.total))
        return ChatReply(
            requestedModel: request.model, servedModel: candidate.model.id, servedBy: candidate.servedBy,
            host: candidate.host.host,
            text: outcome.text, finishReason: outcome.finishReason, usage: usage, cost: cost, unpricedReason: unpricedReason,
            providerCost: outcome.providerCost, attempts: attempts, latency: latency, warnings: warnings)
    }
}
