public import Foundation

/// What a bucket counts.
public enum LimitKind: String, Hashable, Sendable, CaseIterable {
    /// Requests sent.
    case requests
    /// Prompt tokens (estimated when reserved, actual when settled).
    case inputTokens = "input_tokens"
    /// Completion tokens, reasoning included (`max_tokens` when reserved).
    case outputTokens = "output_tokens"
    /// Prompt and completion tokens together.
    case totalTokens = "total_tokens"
    /// Requests in flight at once: held from admission to settlement, no window.
    case concurrent
}

/// The priority lane of a request: a waiting high request is admitted before a waiting normal
/// one that needs the same bucket, and normal before low.
public enum Lane: Int, Hashable, Sendable, Comparable, CaseIterable {
    case high = 0
    case normal = 1
    case low = 2

    public static func < (lhs: Lane, rhs: Lane) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A bucket: what it counts, for whom (`scope`, such as `api.openai.com|key 3f2a…|gpt-4o`), and over
/// which window.
public struct BucketKey: Hashable, Sendable, CustomStringConvertible {
    public var scope: String
    public var kind: LimitKind
    /// Seconds of the sliding window; 0 for ``LimitKind/concurrent``.
    public var window: Double

    public init(scope: String, kind: LimitKind, window: Double) {
        self.scope = scope
        self.kind = kind
        self.window = kind == .concurrent ? 0 : window
    }

    public var description: String {
        let per =
            switch window {
            case 0: "at once"
            case 60: "per minute"
            case 86_400: "per day"
            default: "per \(String(format: "%g", window)) s"
            }
        return "\(kind.rawValue) \(per) for \(scope)"
    }
}

/// The rate limiter's decisions, as a pure value: every method takes `now` (seconds on any
/// monotonic clock) and nothing sleeps. ``RateLimiter`` owns one and does the waiting.
///
/// Each bucket admits no more than its capacity in any sliding window (a log of reservations,
/// not a refilling bucket, so that no window of the provider's ever sees more than its limit).
/// A request reserves its estimate on every bucket it needs at once, or on none. It waits in
/// line behind every earlier request of a higher or equal lane that is waiting for one of the
/// same buckets (first in, first out per bucket), and never behind requests that wait for none of
/// its buckets: a tenant over its own quota, or a model out of tokens, holds back only the
/// requests that need what it waits for. When it finishes it settles to what it actually used;
/// a cancelled request gives everything back.
public struct LimiterPolicy: Sendable {
    /// One reservation in a bucket's log.
    struct Entry: Sendable {
        var time: Double
        var amount: Double
    }

    struct Bucket: Sendable {
        var key: BucketKey
        var capacity: Double
        /// Seconds a reservation counts: the key's window, or the provider's own as learned
        /// (plus a margin for the time a request takes to reach it).
        var window: Double
        /// The longest window inferred from the provider's replies so far.
        var inferredWindow: Double = 0
        /// Paced: besides the window, no more than half the capacity in any half window, so
        /// that a provider refilling continuously keeps half its capacity in hand for requests
        /// that arrive late (a busy network or machine). Set once the provider's replies show
        /// continuous refill.
        var paced = false
        /// `log[halfHead...]`: the reservations inside the last half window, and their sum.
        var halfHead = 0
        var halfUsed: Double = 0
        /// Reservations inside the window, oldest first (`log[head...]`); for `concurrent`, empty.
        var log: [Entry] = []
        var head = 0
        /// The sequence number of `log[head]`.
        var firstSequence = 0
        /// Everything reserved and still inside the window (or in flight, for `concurrent`).
        var used: Double = 0
        /// Usage the provider reported beyond ours (another client, another process), held
        /// until the provider's stated reset.
        var debt: Double = 0
        var debtUntil: Double = 0
        /// The admission pass that last found a waiting request short of this bucket (or behind
        /// one that is), and the best lane among those requests: a new request of that lane or
        /// a lower one waits behind them.
        var blockedInPass = 0
        var blockedLane = Lane.low
        /// The planning pass (``LimiterPolicy/nextAdmission(now:)``) that last found it taken.
        var plannedInPass = 0

        /// Index into `pauses`: the host whose 429 pauses this bucket.
        var pauseSlot: Int
        /// `true` until the provider's own limit is known (from a reply's headers or the catalog).
        var unconfirmed: Bool

        /// `key.kind == .concurrent`, stored: read on every decision.
        let isConcurrency: Bool
        let kind: LimitKind

        init(key: BucketKey, capacity: Double, window: Double, pauseSlot: Int, unconfirmed: Bool) {
            self.key = key
            self.capacity = capacity
            self.window = window
            self.pauseSlot = pauseSlot
            self.unconfirmed = unconfirmed
            self.isConcurrency = key.kind == .concurrent
            self.kind = key.kind
        }

        mutating func expire(_ now: Double) {
            guard !isConcurrency else { return }
            // The same sums as earliestFit's, so that a wake-up at that time finds the entry gone.
            let half = window / 2
            while halfHead < log.count, log[halfHead].time + half <= now {
                halfUsed -= log[halfHead].amount
                halfHead += 1
            }
            while head < log.count, log[head].time + window <= now {
                used -= log[head].amount
                head += 1
                firstSequence += 1
            }
            if head == log.count {
                log.removeAll(keepingCapacity: true)
                head = 0
                used = 0
                halfHead = 0
                halfUsed = 0
            } else if head > 1024, head * 2 > log.count {
                log.removeFirst(head)
                halfHead -= head
                head = 0
            }
            if debtUntil <= now { debt = 0 }
        }

        /// Reserves `amount`; returns the entry's sequence number.
        mutating func reserve(_ amount: Double, _ now: Double) -> Int {
            used += amount
            guard !isConcurrency else { return 0 }
            halfUsed += amount
            log.append(Entry(time: now, amount: amount))
            return firstSequence + (log.count - 1 - head)
        }

        /// Changes a reservation to `amount` (settlement) or removes it (`amount` 0, cancellation).
        mutating func adjust(sequence: Int, from reserved: Double, to amount: Double, _ now: Double) {
            if isConcurrency {
                used = max(0, used - reserved + amount)
                return
            }
            expire(now)
            if sequence >= firstSequence {
                let index = head + (sequence - firstSequence)
                used += amount - log[index].amount
                if index >= halfHead { halfUsed += amount - log[index].amount }
                log[index].amount = amount
            } else if amount > reserved {
                // The reservation has left the window; the overrun has not.
                used += amount - reserved
                halfUsed += amount - reserved
                log.append(Entry(time: now, amount: amount - reserved))
            }
        }

        /// Whether `amount` keeps a paced bucket within half its capacity in the half window (a
        /// request larger than that goes when the half window is empty).
        func withinPace(_ amount: Double) -> Bool {
            !paced || halfUsed <= 0 || halfUsed + amount <= capacity / 2
        }

        /// The earliest time at which `amount` fits, or `nil` when only a settlement can make room.
        func earliestFit(_ amount: Double, _ now: Double) -> Double? {
            guard let windowFit = earliestWindowFit(amount, now) else { return nil }
            guard !withinPace(amount) else { return windowFit }
            var halfLeft = halfUsed
            for index in halfHead..<log.count {
                halfLeft -= log[index].amount
                if halfLeft <= 0 || halfLeft + amount <= capacity / 2 { return max(windowFit, log[index].time + window / 2) }
            }
            return windowFit
        }

        /// Debt still owed at `now`.
        func debt(at now: Double) -> Double { debtUntil > now ? debt : 0 }

        /// What the bucket holds at `now`: reservations in the window and debt still owed.
        func load(at now: Double) -> Double { used + debt(at: now) }

        func earliestWindowFit(_ amount: Double, _ now: Double) -> Double? {
            var debtLeft = debt(at: now)
            if used + debtLeft + amount <= capacity { return now }
            if isConcurrency { return nil }
            var usedLeft = used
            var index = head
            while true {
                let entryLeaves = index < log.count ? log[index].time + window : Double.infinity
                let debtLeaves = debtLeft > 0 ? debtUntil : Double.infinity
                if entryLeaves == .infinity, debtLeaves == .infinity { return nil }
                let time: Double
                if debtLeaves <= entryLeaves {
                    debtLeft = 0
                    time = debtLeaves
                } else {
                    usedLeft -= log[index].amount
                    index += 1
                    time = entryLeaves
                }
                if usedLeft + debtLeft + amount <= capacity { return time }
            }
        }
    }

    /// A request's claim: how much of each bucket.
    public struct Demand: Sendable {
        /// Bucket indices (from ``LimiterPolicy/bucket(_:capacity:)``) and amounts.
        public var needs: [(bucket: Int, amount: Double)]
        public var lane: Lane
        /// The worst case this request can cost, for the budget; `nil` when it has no price.
        public var worstCost: Decimal?

        public init(needs: [(bucket: Int, amount: Double)], lane: Lane = .normal, worstCost: Decimal? = nil) {
            self.needs = needs
            self.lane = lane
            self.worstCost = worstCost
        }
    }

    /// Why a request can never be admitted.
    public enum Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        /// It needs more of a bucket than the bucket holds in a whole window.
        case exceedsCapacity(BucketKey, needed: Double, capacity: Double)
        /// Its worst case does not fit in what is left of the budget, and nothing in flight
        /// can give any back.
        case budgetExhausted(needed: Decimal, left: Decimal, limit: Decimal)
        /// A budget is set and the request cannot be priced, so its cost has no bound.
        case unpricedUnderBudget

        public var description: String {
            switch self {
            case .exceedsCapacity(let key, let needed, let capacity):
                "the request needs \(Self.count(needed)) \(key.kind.rawValue) but the limit is \(Self.count(capacity)) (\(key)): it can never be sent"
            case .budgetExhausted(let needed, let left, let limit):
                "the budget of $\(limit) has $\(left) left, and this request could cost up to $\(needed)"
            case .unpricedUnderBudget:
                "a budget is set and this request's cost cannot be bounded (the catalog has no price for it)"
            }
        }

        static func count(_ value: Double) -> String { value == value.rounded() ? String(Int(value)) : String(value) }
    }

    /// What happened to a submitted request.
    public enum Decision: Sendable, Equatable {
        case admitted(Int)
        case waiting(Int)
        case refused(Refusal)
    }

    /// A request's slot. Slots are reused: a free one keeps its sequence array's storage for
    /// the next request, so that a decision allocates nothing.
    struct Ticket: Sendable {
        var needs: [(bucket: Int, amount: Double)] = []
        var sequences: [Int] = []
        var lane = Lane.normal
        var order = 0
        var worstCost: Decimal?
        var admitted = false
        var group = -1
        /// `false` for a free slot.
        var live = false
    }

    private var buckets: [Bucket] = []
    private var bucketIndex: [BucketKey: Int] = [:]
    /// The pause of each host (seconds until which nothing is sent), by slot.
    private var pauses: [Double] = []
    private var pauseSlots: [String: Int] = [:]
    private var tickets: [Ticket] = []
    private var freeTickets: [Int] = []
    /// Sequence arrays of settled requests, for admissions into slots that have none (a slot
    /// that waited was never admitted before): at most one per request ever in flight at once.
    private var spareSequences: [[Int]] = []
    private var nextOrder = 0
    /// Waiting tickets grouped by the buckets they need and their lane: in a group, first in,
    /// first out. Only each group's first ticket is ever considered.
    private var groups: [WaitingGroup] = []
    private var groupIndex: [GroupKey: Int] = [:]
    /// The order of a pass (see `orderGroups`), and its sort keys.
    private var groupOrder: [Int] = []
    private var groupHeads: [(lane: Int, order: Int, group: Int)] = []
    private var waitingCount = 0
    /// The current admission pass (see `Bucket.blockedInPass`), and planning pass.
    private var pass = 0
    private var planPass = 0
    /// Budget: the cap, and what is spent plus reserved.
    public private(set) var budgetLimit: Decimal?
    public private(set) var committed: Decimal = 0
    private var admittedCount = 0

    struct GroupKey: Hashable {
        var buckets: [Int]
        var lane: Lane
    }

    struct WaitingGroup {
        var queue: [Int] = []
        var head = 0
        var isEmpty: Bool { head == queue.count }
        var first: Int? { isEmpty ? nil : queue[head] }

        mutating func removeFirst() {
            head += 1
            if head == queue.count {
                queue.removeAll(keepingCapacity: true)
                head = 0
            } else if head > 1024, head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
        }
    }

    public init(budget: Decimal? = nil) { self.budgetLimit = budget }

    // MARK: Buckets

    /// The index of the bucket `key`, created with `capacity` when new. A bucket's `host` (the
    /// text of its scope before the first `|`) is what a 429 pauses.
    /// - Parameter confirmed: `false` when the capacity is a guess (a default) to be replaced by the
    ///   provider's own figure at its first reply.
    public mutating func bucket(_ key: BucketKey, capacity: Double, confirmed: Bool = true) -> Int {
        if let index = bucketIndex[key] { return index }
        let host = String(key.scope.prefix { $0 != "|" })
        let slot: Int
        if let known = pauseSlots[host] {
            slot = known
        } else {
            slot = pauses.count
            pauses.append(-.infinity)
            pauseSlots[host] = slot
        }
        buckets.append(Bucket(key: key, capacity: capacity, window: key.window, pauseSlot: slot, unconfirmed: !confirmed))
        bucketIndex[key] = buckets.count - 1
        return buckets.count - 1
    }

    /// The index of an existing bucket.
    public func index(of key: BucketKey) -> Int? { bucketIndex[key] }

    /// A bucket's key, capacity and use now.
    public mutating func state(of bucket: Int, now: Double) -> (
        key: BucketKey, capacity: Double, window: Double, used: Double, confirmed: Bool
    ) {
        buckets[bucket].expire(now)
        let value = buckets[bucket]
        return (
            value.key, value.capacity, value.window, value.load(at: now), !value.unconfirmed
        )
    }

    /// The bucket nearest its limit now (used, debt included, over capacity), if any has a
    /// finite capacity.
    public mutating func busiest(now: Double) -> (key: BucketKey, utilisation: Double)? {
        var best: (key: BucketKey, utilisation: Double)?
        for index in buckets.indices where buckets[index].capacity.isFinite && buckets[index].capacity > 0 {
            buckets[index].expire(now)
            let utilisation = buckets[index].load(at: now) / buckets[index].capacity
            if utilisation > (best?.utilisation ?? -1) { best = (buckets[index].key, utilisation) }
        }
        return best
    }

    /// Every bucket's index and key.
    public var bucketKeys: [BucketKey] { buckets.map(\.key) }

    /// Requests waiting for admission.
    public var waiting: Int { waitingCount }

    /// Requests admitted and not yet settled.
    public var inFlight: Int { admittedCount }

    // MARK: Requests

    /// Asks for admission now. A request that fits and has no one ahead of it in any of its
    /// buckets is admitted (its estimate reserved on all of them); one that can never fit is
    /// refused; any other waits (see ``admitWaiting(now:)``).
    public mutating func submit(_ demand: Demand, now: Double) -> Decision {
        if budgetLimit != nil, demand.worstCost == nil { return .refused(.unpricedUnderBudget) }
        if let refusal = impossible(demand.needs, demand.worstCost) { return .refused(refusal) }
        let ticket = newTicket(demand)
        // First in, first out: nobody of this lane or a higher one waits for these buckets.
        var clear = true
        if waitingCount > 0 {
            for (bucket, _) in demand.needs
            where buckets[bucket].blockedInPass == pass && buckets[bucket].blockedLane <= demand.lane {
                clear = false
                break
            }
        }
        if clear, fits(demand.needs, demand.worstCost, now) {
            admit(ticket, now)
            return .admitted(ticket)
        }
        enqueue(ticket)
        // Those behind it wait for what it is short of.
        markShort(ticket, now)
        return .waiting(ticket)
    }

    /// Admits every waiting request that now fits, in order (lane, then arrival) per bucket.
    /// - Returns: the tickets admitted, and those refused (a learned capacity or the budget
    ///   left them no way in).
    public mutating func admitWaiting(now: Double) -> (admitted: [Int], refused: [(ticket: Int, refusal: Refusal)]) {
        var admitted: [Int] = []
        var refused: [(ticket: Int, refusal: Refusal)] = []
        admitWaiting(now: now, admitted: { admitted.append($0) }, refused: { refused.append(($0, $1)) })
        return (admitted, refused)
    }

    /// ``admitWaiting(now:)`` handing each ticket admitted or refused to a closure, in order,
    /// with nothing allocated.
    public mutating func admitWaiting(now: Double, admitted: (Int) -> Void, refused: (Int, Refusal) -> Void) {
        guard waitingCount > 0 else { return }
        var progress = true
        while progress {
            progress = false
            pass += 1
            orderGroups()
            // A group alone takes its turns one after another in one pass; among several, one
            // per group and pass, as a group's next may come after another group's first.
            let alone = groupOrder.count == 1
            for position in groupOrder.indices {
                let group = groupOrder[position]
                while let ticket = groups[group].first {
                    let needs = tickets[ticket].needs
                    let worstCost = tickets[ticket].worstCost
                    if let refusal = impossible(needs, worstCost) {
                        groups[group].removeFirst()
                        waitingCount -= 1
                        release(ticket)
                        refused(ticket, refusal)
                        if alone { continue }
                        progress = true
                        break
                    }
                    if needs.contains(where: { buckets[$0.bucket].blockedInPass == pass }) {
                        markShort(ticket, now)
                        break
                    }
                    guard fits(needs, worstCost, now) else {
                        markShort(ticket, now)
                        break
                    }
                    groups[group].removeFirst()
                    waitingCount -= 1
                    admit(ticket, now)
                    admitted(ticket)
                    if alone { continue }
                    progress = true
                    break
                }
            }
        }
    }

    /// The earliest time a waiting request could be admitted without a settlement, or `nil`
    /// when none is waiting or only settlements (in-flight requests, the budget) can make room.
    public mutating func nextAdmission(now: Double) -> Double? {
        guard waitingCount > 0 else { return nil }
        var earliest: Double?
        planPass += 1
        orderGroups()
        for position in groupOrder.indices {
            let group = groupOrder[position]
            guard let ticket = groups[group].first else { continue }
            let record = tickets[ticket]
            let behind = record.needs.contains { buckets[$0.bucket].plannedInPass == planPass }
            // What it is short of is taken for those after it, as admission will find it.
            let poor = isShortOfBudget(record.worstCost)
            for (bucket, amount) in record.needs where poor || isShort(bucket, amount, now) {
                buckets[bucket].plannedInPass = planPass
            }
            // Short of the budget, only a settlement can make room.
            if behind || poor { continue }
            var time: Double? = now
            for (bucket, amount) in record.needs {
                buckets[bucket].expire(now)
                let pause = pauses[buckets[bucket].pauseSlot]
                guard let fit = buckets[bucket].earliestFit(amount, now) else {
                    time = nil
                    break
                }
                time = max(time!, fit, pause)
            }
            if let time { earliest = min(earliest ?? time, time) }
        }
        return earliest
    }

    /// Settles an admitted request to what it used (`nil` for a kind it did not report keeps the
    /// reservation), and its cost to what it actually cost; frees its concurrency.
    public mutating func settle(
        _ ticket: Int, inputTokens: Double?, outputTokens: Double?, cost: Decimal?, now: Double
    ) {
        guard ticket < tickets.count, tickets[ticket].live, tickets[ticket].admitted else { return }
        let needs = tickets[ticket].needs
        for position in needs.indices {
            let need = needs[position]
            let actual: Double? =
                switch buckets[need.bucket].kind {
                case .requests: need.amount
                case .inputTokens: inputTokens
                case .outputTokens: outputTokens
                case .totalTokens: inputTokens.flatMap { input in outputTokens.map { input + $0 } }
                case .concurrent: 0
                }
            if let actual, actual != need.amount {
                buckets[need.bucket].adjust(sequence: tickets[ticket].sequences[position], from: need.amount, to: actual, now)
            }
        }
        if budgetLimit != nil, let worst = tickets[ticket].worstCost {
            // An unknown actual cost stays at its worst case.
            committed += (cost ?? worst) - worst
        }
        admittedCount -= 1
        release(ticket)
    }

    /// Withdraws a request: a waiting one leaves the line; an admitted one that was never sent
    /// gives back everything it reserved.
    public mutating func cancel(_ ticket: Int, now: Double) {
        guard ticket < tickets.count, tickets[ticket].live else { return }
        let record = tickets[ticket]
        if record.admitted {
            for (position, need) in record.needs.enumerated() {
                buckets[need.bucket].adjust(sequence: record.sequences[position], from: need.amount, to: 0, now)
            }
            if budgetLimit != nil, let worst = record.worstCost { committed -= worst }
            admittedCount -= 1
        } else {
            let group = record.group
            if let position = groups[group].queue[groups[group].head...].firstIndex(of: ticket) {
                groups[group].queue.remove(at: position)
            }
            waitingCount -= 1
        }
        release(ticket)
    }

    // MARK: Learning

    /// What a provider's reply said of one limit: its size, what is left, and when it is whole
    /// again (seconds from now).
    public mutating func observe(_ bucket: Int, limit: Double?, remaining: Double?, resetAfter: Double?, now: Double) {
        buckets[bucket].expire(now)
        if let limit, limit > 0 {
            buckets[bucket].capacity = limit
            buckets[bucket].unconfirmed = false
            // A limit refilled continuously (as OpenAI's and Anthropic's are) is whole again
            // `reset` after its use: the window in which it admits `limit` is reset × limit ÷ used.
            // Only a window shorter than the assumed one is adopted, and only the longest
            // inferred so far (a provider that resets on the minute gives shorter guesses
            // near the minute's end), with a margin for the time a request takes to arrive.
            if let remaining, let resetAfter, resetAfter > 0, remaining < limit, !buckets[bucket].isConcurrency {
                let inferred = resetAfter * limit / (limit - remaining)
                if inferred.isFinite, inferred >= 0.5 {
                    buckets[bucket].inferredWindow = max(buckets[bucket].inferredWindow, inferred)
                    buckets[bucket].paced = true
                    let learned = buckets[bucket].inferredWindow
                    buckets[bucket].window = min(buckets[bucket].key.window, learned + min(1, learned * 0.05))
                }
            }
        }
        if let remaining, let resetAfter {
            let reported = buckets[bucket].capacity - remaining
            let ours = buckets[bucket].used
            if reported > ours {
                buckets[bucket].debt = reported - ours
                buckets[bucket].debtUntil = now + max(0, resetAfter)
            }
        }
    }

    /// Sets a bucket's capacity (a configured concurrency once the provider's limits are known).
    public mutating func setCapacity(_ bucket: Int, _ capacity: Double) { buckets[bucket].capacity = capacity }

    /// Marks a bucket's capacity as confirmed without a figure (a provider that sends no limit headers).
    public mutating func confirm(_ bucket: Int) { buckets[bucket].unconfirmed = false }

    /// Whether a bucket's capacity is still a guess.
    public func isConfirmed(_ bucket: Int) -> Bool { !buckets[bucket].unconfirmed }

    /// Pauses every bucket of `host` until `until` (a 429's `Retry-After`): waiting requests
    /// of that host are admitted only after it.
    public mutating func pause(host: String, until: Double) {
        guard let slot = pauseSlots[host] else { return }
        pauses[slot] = max(pauses[slot], until)
    }

    /// Until when `host` is paused, if it is.
    public func pausedUntil(host: String, now: Double) -> Double? {
        guard let slot = pauseSlots[host], pauses[slot] > now else { return nil }
        return pauses[slot]
    }

    // MARK: Private

    private mutating func newTicket(_ demand: Demand) -> Int {
        let slot: Int
        if let free = freeTickets.popLast() {
            slot = free
        } else {
            tickets.append(Ticket())
            slot = tickets.count - 1
        }
        tickets[slot].needs = demand.needs
        tickets[slot].lane = demand.lane
        tickets[slot].order = nextOrder
        tickets[slot].worstCost = demand.worstCost
        tickets[slot].admitted = false
        tickets[slot].group = -1
        tickets[slot].live = true
        nextOrder += 1
        return slot
    }

    private mutating func release(_ ticket: Int) {
        tickets[ticket].live = false
        tickets[ticket].needs = []
        // Its sequence array's storage stays for the slot's next request, or for another
        // slot's admission when the free slots hold enough.
        tickets[ticket].sequences.removeAll(keepingCapacity: true)
        if spareSequences.count < freeTickets.count, tickets[ticket].sequences.capacity > 0 {
            spareSequences.append(tickets[ticket].sequences)
            tickets[ticket].sequences = []
        }
        freeTickets.append(ticket)
    }

    private mutating func fits(_ needs: [(bucket: Int, amount: Double)], _ worstCost: Decimal?, _ now: Double) -> Bool {
        for (bucket, amount) in needs where isShort(bucket, amount, now) { return false }
        return !isShortOfBudget(worstCost)
    }

    private mutating func admit(_ ticket: Int, _ now: Double) {
        let needs = tickets[ticket].needs
        if tickets[ticket].sequences.capacity == 0, let spare = spareSequences.popLast() { tickets[ticket].sequences = spare }
        for (bucket, amount) in needs { tickets[ticket].sequences.append(buckets[bucket].reserve(amount, now)) }
        tickets[ticket].admitted = true
        if budgetLimit != nil, let worst = tickets[ticket].worstCost { committed += worst }
        admittedCount += 1
    }

    /// Why a request can never be admitted: more than a bucket's whole capacity, or a worst
    /// case beyond the budget with nothing in flight to give money back.
    private func impossible(_ needs: [(bucket: Int, amount: Double)], _ worstCost: Decimal?) -> Refusal? {
        for (bucket, amount) in needs where !buckets[bucket].isConcurrency && amount > buckets[bucket].capacity {
            return .exceedsCapacity(buckets[bucket].key, needed: amount, capacity: buckets[bucket].capacity)
        }
        if let limit = budgetLimit, let worst = worstCost, committed + worst > limit, admittedCount == 0 {
            return .budgetExhausted(needed: worst, left: limit - committed, limit: limit)
        }
        return nil
    }

    private mutating func enqueue(_ ticket: Int) {
        let record = tickets[ticket]
        let key = GroupKey(buckets: record.needs.map(\.bucket).sorted(), lane: record.lane)
        let group: Int
        if let known = groupIndex[key] {
            group = known
        } else {
            group = groups.count
            groups.append(WaitingGroup())
            groupIndex[key] = group
        }
        groups[group].queue.append(ticket)
        tickets[ticket].group = group
        waitingCount += 1
    }

    /// Marks, for the current pass, the buckets a waiting request is short of as taken by it:
    /// later requests of its lane or a lower one that need them wait behind it.
    private mutating func markShort(_ ticket: Int, _ now: Double) {
        let lane = tickets[ticket].lane
        let poor = isShortOfBudget(tickets[ticket].worstCost)
        for (bucket, amount) in tickets[ticket].needs where poor || isShort(bucket, amount, now) {
            if buckets[bucket].blockedInPass != pass {
                buckets[bucket].blockedInPass = pass
                buckets[bucket].blockedLane = lane
            } else {
                buckets[bucket].blockedLane = min(buckets[bucket].blockedLane, lane)
            }
        }
    }

    /// Whether a request's worst case does not fit in what is left of the budget: then it is
    /// short of all its buckets (the budget is everyone's).
    private func isShortOfBudget(_ worstCost: Decimal?) -> Bool {
        guard let limit = budgetLimit, let worst = worstCost else { return false }
        return committed + worst > limit
    }

    /// Whether `amount` of `bucket` cannot be had now: paused, full or past its pace.
    private mutating func isShort(_ bucket: Int, _ amount: Double, _ now: Double) -> Bool {
        buckets[bucket].expire(now)
        if pauses[buckets[bucket].pauseSlot] > now { return true }
        return buckets[bucket].load(at: now) + amount > buckets[bucket].capacity || !buckets[bucket].withinPace(amount)
    }

    /// Puts the groups with someone waiting in `groupOrder`, by their first ticket's lane, then
    /// arrival (in storage kept from pass to pass).
    private mutating func orderGroups() {
        groupOrder.removeAll(keepingCapacity: true)
        if groups.count == 1 {
            if !groups[0].isEmpty { groupOrder.append(0) }
            return
        }
        groupHeads.removeAll(keepingCapacity: true)
        for group in groups.indices {
            guard let ticket = groups[group].first else { continue }
            groupHeads.append((tickets[ticket].lane.rawValue, tickets[ticket].order, group))
        }
        groupHeads.sort { ($0.lane, $0.order) < ($1.lane, $1.order) }
        for head in groupHeads { groupOrder.append(head.group) }
    }
}
