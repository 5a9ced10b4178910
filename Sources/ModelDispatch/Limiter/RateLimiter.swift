public import Foundation

/// The rate limiter: a ``LimiterPolicy`` owned by an actor that makes requests wait.
///
/// ``acquire(_:)`` returns at once when the request fits, else suspends until the policy admits
/// it: woken by a settlement, a cancellation or a learned limit, or by one timer set for the
/// earliest moment anything waiting could fit. Nothing polls.
public actor RateLimiter {
    private var policy: LimiterPolicy
    private let clock: any DispatchClock
    private var waiters: [Int: CheckedContinuation<Int, any Error>] = [:]
    private var timer: Task<Void, Never>?
    private var timerDeadline = Double.infinity

    /// - Parameters:
    ///   - clock: the time the limiter runs on.
    ///   - budget: a cap in USD on what admitted requests may cost, or `nil` for none.
    public init(clock: any DispatchClock = SystemClock(), budget: Decimal? = nil) {
        self.clock = clock
        self.policy = LimiterPolicy(budget: budget)
    }

    /// The index of the bucket `key`, created with `capacity` when new (see
    /// ``LimiterPolicy/bucket(_:capacity:confirmed:)``).
    public func bucket(_ key: BucketKey, capacity: Double, confirmed: Bool = true) -> Int {
        policy.bucket(key, capacity: capacity, confirmed: confirmed)
    }

    /// Indices of several buckets at once (one hop onto the actor).
    public func buckets(_ keys: [(key: BucketKey, capacity: Double, confirmed: Bool)]) -> [Int] {
        keys.map { policy.bucket($0.key, capacity: $0.capacity, confirmed: $0.confirmed) }
    }

    /// Waits until `demand` is admitted and returns its ticket.
    /// - Throws: ``LimiterPolicy/Refusal`` when it can never be admitted; `CancellationError`
    ///   when the task is cancelled while waiting (its place is given up).
    public func acquire(_ demand: LimiterPolicy.Demand) async throws -> Int {
        try Task.checkCancellation()
        switch policy.submit(demand, now: clock.now) {
        case .admitted(let ticket):
            return ticket
        case .refused(let refusal):
            throw refusal
        case .waiting(let ticket):
            scheduleTimer()
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    waiters[ticket] = continuation
                }
            } onCancel: {
                Task { await self.withdraw(ticket) }
            }
        }
    }

    /// Settles an admitted request to its actual use (`nil` keeps the reservation) and cost.
    public func settle(_ ticket: Int, inputTokens: Double?, outputTokens: Double?, cost: Decimal?) {
        policy.settle(ticket, inputTokens: inputTokens, outputTokens: outputTokens, cost: cost, now: clock.now)
        serve()
    }

    /// Gives back everything an admitted request reserved (it was never sent).
    public func cancel(_ ticket: Int) {
        policy.cancel(ticket, now: clock.now)
        serve()
    }

    /// What a reply said of a bucket's limit.
    public func observe(_ bucket: Int, limit: Double?, remaining: Double?, resetAfter: Double?) {
        policy.observe(bucket, limit: limit, remaining: remaining, resetAfter: resetAfter, now: clock.now)
        serve()
    }

    /// Confirms buckets whose provider states no limits, and sets capacities (concurrency once
    /// a provider has answered).
    public func confirm(_ buckets: [Int], capacities: [(bucket: Int, capacity: Double)] = []) {
        for bucket in buckets { policy.confirm(bucket) }
        for (bucket, capacity) in capacities { policy.setCapacity(bucket, capacity) }
        serve()
    }

    /// Pauses every bucket of `host` for `seconds` (a 429's `Retry-After`).
    public func pause(host: String, for seconds: Double) {
        policy.pause(host: host, until: clock.now + seconds)
        scheduleTimer()
    }

    /// Until when (in the clock's seconds) `host` is paused, if it is.
    public func pausedUntil(host: String) -> Double? { policy.pausedUntil(host: host, now: clock.now) }

    /// A bucket's state now.
    public func state(of bucket: Int) -> (key: BucketKey, capacity: Double, window: Double, used: Double, confirmed: Bool) {
        policy.state(of: bucket, now: clock.now)
    }

    /// The limit nearest its capacity now, and how full it is (0 to 1, or more with debt).
    public func busiest() -> (key: BucketKey, utilisation: Double)? { policy.busiest(now: clock.now) }

    /// Requests waiting, and admitted but not settled.
    public var counts: (waiting: Int, inFlight: Int) { (policy.waiting, policy.inFlight) }

    /// What the budget has committed (spent plus reserved), and its cap.
    public var budget: (committed: Decimal, limit: Decimal?) { (policy.committed, policy.budgetLimit) }

    private func withdraw(_ ticket: Int) {
        guard let continuation = waiters.removeValue(forKey: ticket) else { return }
        policy.cancel(ticket, now: clock.now)
        continuation.resume(throwing: CancellationError())
        serve()
    }

    /// Admits what fits now, wakes those admitted and refused, and sets the timer.
    private func serve() {
        guard policy.waiting > 0 else { return }
        let now = clock.now
        var admitted: [Int] = []
        var refused: [(ticket: Int, refusal: LimiterPolicy.Refusal)] = []
        policy.admitWaiting(now: now, admitted: { admitted.append($0) }, refused: { refused.append(($0, $1)) })
        for ticket in admitted { waiters.removeValue(forKey: ticket)?.resume(returning: ticket) }
        for (ticket, refusal) in refused { waiters.removeValue(forKey: ticket)?.resume(throwing: refusal) }
        scheduleTimer()
    }

    private func scheduleTimer() {
        let now = clock.now
        guard var next = policy.nextAdmission(now: now) else { return }
        // Whatever fits now was admitted by serve(): never spin.
        next = max(next, now + 0.000_5)
        if timer != nil, timerDeadline <= next { return }
        timer?.cancel()
        timerDeadline = next
        let clock = self.clock
        timer = Task { [weak self] in
            do { try await clock.sleep(until: next) } catch { return }
            await self?.timerFired()
        }
    }

    private func timerFired() {
        timer = nil
        timerDeadline = .infinity
        serve()
    }
}
