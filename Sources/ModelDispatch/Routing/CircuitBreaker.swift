/// A host's circuit breaker, as a pure value: it opens after `consecutiveFailures` host faults in a
/// row (5xx, 529, no answer) or when `failureRatio` of the last `window` calls failed so, stays
/// open for `cooldown` seconds, then lets one call through (half open): a success closes it, a
/// failure opens it again.
public struct CircuitBreaker: Sendable, Hashable {
    public enum State: String, Sendable, Hashable {
        case closed, open
        case halfOpen = "half_open"
    }

    public var consecutiveFailures: Int
    public var failureRatio: Double
    public var window: Int
    public var cooldown: Double

    private var recent: [Bool] = []
    private var streak = 0
    private var openedAt: Double?
    private var probing = false

    public init(consecutiveFailures: Int = 5, failureRatio: Double = 0.5, window: Int = 20, cooldown: Double = 30) {
        self.consecutiveFailures = consecutiveFailures
        self.failureRatio = failureRatio
        self.window = window
        self.cooldown = cooldown
    }

    /// The state at `now`.
    public func state(now: Double) -> State {
        guard let openedAt else { return .closed }
        return now - openedAt >= cooldown ? .halfOpen : .open
    }

    /// Whether a call may go to the host now; in the half-open state, only the first.
    public mutating func allows(now: Double) -> Bool {
        switch state(now: now) {
        case .closed: return true
        case .open: return false
        case .halfOpen:
            guard !probing else { return false }
            probing = true
            return true
        }
    }

    /// Records a call's outcome: `fault` when the host was at fault.
    public mutating func record(fault: Bool, now: Double) {
        if openedAt != nil, probing {
            probing = false
            if fault {
                openedAt = now
            } else {
                openedAt = nil
                recent.removeAll()
                streak = 0
            }
            return
        }
        recent.append(fault)
        if recent.count > window { recent.removeFirst(recent.count - window) }
        streak = fault ? streak + 1 : 0
        let failures = recent.count { $0 }
        if streak >= consecutiveFailures
            || (recent.count >= window / 2 && Double(failures) >= failureRatio * Double(recent.count) && fault)
        {
            openedAt = now
            streak = 0
            recent.removeAll()
        }
    }
}
