import CatalogTestSupport
import Foundation
import ModelDispatch
import Testing

/// The limiter's pure policy on a clock that is only a number: nothing sleeps.
struct LimiterPolicyTests {
    let minute = 60.0

    func requests(_ policy: inout LimiterPolicy, _ capacity: Double, scope: String = "api.example.com|k|m") -> Int {
        policy.bucket(BucketKey(scope: scope, kind: .requests, window: minute), capacity: capacity)
    }

    @Test("no sliding window of the limit's length ever admits more than the limit")
    func slidingWindowNeverExceeded() {
        var policy = LimiterPolicy()
        let bucket = requests(&policy, 10)
        // Deterministic arrivals: bursts and gaps over ten minutes.
        var generator = SplitMix64(state: 7)
        var arrivals: [Double] = []
        var time = 0.0
        while time < 600 {
            time += Double(generator.next() % 9_000) / 1000
            for _ in 0..<Int(generator.next() % 6) { arrivals.append(time) }
        }
        var admissions: [Double] = []
        var pending = arrivals[...]
        var now = 0.0
        while !pending.isEmpty || policy.waiting > 0 {
            let nextArrival = pending.first ?? .infinity
            let nextWake = policy.nextAdmission(now: now) ?? .infinity
            now = min(nextArrival, nextWake)
            #expect(now.isFinite)
            guard now.isFinite else { break }
            while let arrival = pending.first, arrival <= now {
                pending.removeFirst()
                if case .admitted = policy.submit(.init(needs: [(bucket, 1)]), now: now) { admissions.append(now) }
            }
            admissions += policy.admitWaiting(now: now).admitted.map { _ in now }
        }
        #expect(admissions.count == arrivals.count)
        for (index, start) in admissions.enumerated() {
            let inWindow = admissions[index...].prefix { $0 < start + minute }.count
            #expect(inWindow <= 10, "window from \(start) admitted \(inWindow)")
        }
        // And the limiter is not idle when it could send: the 11th request waits exactly one window.
        var fresh = LimiterPolicy()
        let only = requests(&fresh, 10)
        for _ in 0..<10 { _ = fresh.submit(.init(needs: [(only, 1)]), now: 5) }
        #expect(fresh.submit(.init(needs: [(only, 1)]), now: 6) == .waiting(10))
        #expect(fresh.nextAdmission(now: 6) == 65)
        #expect(fresh.admitWaiting(now: 64.999).admitted.isEmpty)
        #expect(fresh.admitWaiting(now: 65).admitted == [10])
    }

    @Test("waiting requests are admitted first in, first out, high lane before normal before low")
    func fifoAndPriority() {
        var policy = LimiterPolicy()
        let slots = policy.bucket(BucketKey(scope: "h|k|m", kind: .concurrent, window: 0), capacity: 1)
        guard case .admitted(let running) = policy.submit(.init(needs: [(slots, 1)]), now: 0) else {
            Issue.record("the first request should be admitted")
            return
        }
        var order: [String: Int] = [:]
        for (name, lane) in [
            ("low-1", Lane.low), ("normal-1", .normal), ("low-2", .low), ("high-1", .high), ("normal-2", .normal),
        ] {
            guard case .waiting(let ticket) = policy.submit(.init(needs: [(slots, 1)], lane: lane), now: 1) else {
                Issue.record("\(name) should wait")
                return
            }
            order[name] = ticket
        }
        var admitted: [Int] = []
        var current = running
        for _ in 0..<5 {
            policy.settle(current, inputTokens: nil, outputTokens: nil, cost: nil, now: 2)
            let next = policy.admitWaiting(now: 2).admitted
            #expect(next.count == 1)
            admitted += next
            current = next[0]
        }
        let names = admitted.map { ticket in order.first { $0.value == ticket }!.key }
        #expect(names == ["high-1", "normal-1", "normal-2", "low-1", "low-2"])
    }

    @Test("a request waits only behind requests that share one of its buckets")
    func noHeadOfLineBlockingAcrossBuckets() {
        var policy = LimiterPolicy()
        let busy = requests(&policy, 1, scope: "a.example|k|m")
        let free = requests(&policy, 5, scope: "b.example|k|m")
        _ = policy.submit(.init(needs: [(busy, 1)]), now: 0)
        #expect(policy.submit(.init(needs: [(busy, 1)]), now: 0) == .waiting(1))
        #expect(policy.submit(.init(needs: [(free, 1)]), now: 0) == .admitted(2))
    }

    @Test("a tenant over its quota holds back its own requests, not another tenant's on the same host")
    func tenantQuotaIsolates() {
        var policy = LimiterPolicy()
        let host = requests(&policy, 100, scope: "api.example.com|k|m")
        let teamA = requests(&policy, 2, scope: "tenant team-a")
        let teamB = requests(&policy, 2, scope: "tenant team-b")
        let a = LimiterPolicy.Demand(needs: [(host, 1), (teamA, 1)])
        let b = LimiterPolicy.Demand(needs: [(host, 1), (teamB, 1)])
        #expect(policy.submit(a, now: 0) == .admitted(0))
        #expect(policy.submit(a, now: 1) == .admitted(1))
        // Team A's quota is spent: its third waits for its own bucket...
        #expect(policy.submit(a, now: 2) == .waiting(2))
        // ...and holds back neither team B nor a request with no tenant, though all share the host.
        #expect(policy.submit(b, now: 3) == .admitted(3))
        #expect(policy.submit(.init(needs: [(host, 1)]), now: 3) == .admitted(4))
        #expect(policy.admitWaiting(now: 4).admitted.isEmpty)
        // Team A's first request leaves its window at 60 s: the waiting one goes then, no sooner.
        #expect(policy.nextAdmission(now: 5) == 60)
        #expect(policy.admitWaiting(now: 60).admitted == [2])
        #expect(policy.state(of: host, now: 60).used == 4)
    }

    @Test("a request waiting for room is not overtaken by smaller ones that need the same bucket")
    func noStarvation() {
        var policy = LimiterPolicy()
        let tokens = policy.bucket(BucketKey(scope: "h|k|m", kind: .totalTokens, window: minute), capacity: 1000)
        let requestsOfOther = requests(&policy, 100, scope: "h|k|other")
        #expect(policy.submit(.init(needs: [(tokens, 600)]), now: 0) == .admitted(0))
        // 800 does not fit beside 600: it waits, and 300 (which would fit) waits behind it.
        #expect(policy.submit(.init(needs: [(tokens, 800)]), now: 1) == .waiting(1))
        #expect(policy.submit(.init(needs: [(tokens, 300)]), now: 2) == .waiting(2))
        // A request that needs none of the tokens goes.
        #expect(policy.submit(.init(needs: [(requestsOfOther, 1)]), now: 2) == .admitted(3))
        // The 600 leave at 60 s: the 800 goes first, then the 300 must wait for room again.
        #expect(policy.admitWaiting(now: 60).admitted == [1])
        #expect(policy.waiting == 1)
    }

    @Test("settling refunds or charges the difference; cancelling gives everything back")
    func settleAndCancelArithmetic() {
        var policy = LimiterPolicy()
        let tokens = policy.bucket(BucketKey(scope: "h|k|m", kind: .totalTokens, window: minute), capacity: 1000)
        let input = policy.bucket(BucketKey(scope: "h|k|m", kind: .inputTokens, window: minute), capacity: 600)
        let demand = LimiterPolicy.Demand(needs: [(tokens, 800), (input, 300)])
        #expect(policy.submit(demand, now: 0) == .admitted(0))
        #expect(policy.state(of: tokens, now: 0).used == 800)
        // Used 120 in, 180 out: 300 in all; the input bucket keeps 120.
        policy.settle(0, inputTokens: 120, outputTokens: 180, cost: nil, now: 1)
        #expect(policy.state(of: tokens, now: 1).used == 300)
        #expect(policy.state(of: input, now: 1).used == 120)
        // An overrun is charged: 700 reserved, 900 used.
        #expect(policy.submit(.init(needs: [(tokens, 700)]), now: 2) == .admitted(0))
        policy.settle(0, inputTokens: 500, outputTokens: 400, cost: nil, now: 3)
        #expect(policy.state(of: tokens, now: 3).used == 1200)
        #expect(policy.submit(.init(needs: [(tokens, 1)]), now: 3) == .waiting(0))
        // The first request's 300 leave at 60 s: 900 + 1 fit then.
        #expect(policy.nextAdmission(now: 3) == 60)
        // Cancelling the waiting request leaves nobody waiting.
        policy.cancel(0, now: 4)
        #expect(policy.waiting == 0)
        // An admitted request that is cancelled gives its reservation back.
        #expect(policy.state(of: tokens, now: 62).used == 0)
        guard case .admitted(let ticket) = policy.submit(.init(needs: [(tokens, 400)]), now: 62) else {
            Issue.record("should be admitted")
            return
        }
        policy.cancel(ticket, now: 63)
        #expect(policy.state(of: tokens, now: 63).used == 0)
        #expect(policy.inFlight == 0)
    }

    @Test("a request larger than a bucket's whole capacity is refused at once, naming the limit")
    func tooLargeIsRefused() {
        var policy = LimiterPolicy()
        let tokens = policy.bucket(
            BucketKey(scope: "api.openai.com|k|gpt-4o", kind: .totalTokens, window: minute), capacity: 30000)
        let decision = policy.submit(.init(needs: [(tokens, 40000)]), now: 0)
        guard case .refused(let refusal) = decision else {
            Issue.record("expected a refusal, got \(decision)")
            return
        }
        #expect(
            refusal.description
                == "the request needs 40000 total_tokens but the limit is 30000 (total_tokens per minute for api.openai.com|k|gpt-4o): it can never be sent"
        )
        #expect(policy.waiting == 0 && policy.inFlight == 0)
    }

    @Test("the budget reserves each worst case, settles to the actual, and stops admission at the cap")
    func budgetArithmetic() {
        var policy = LimiterPolicy(budget: Decimal(string: "1.00")!)
        let slots = policy.bucket(BucketKey(scope: "h|k|m", kind: .concurrent, window: 0), capacity: 100)
        let worst = Decimal(string: "0.40")!
        #expect(policy.submit(.init(needs: [(slots, 1)], worstCost: worst), now: 0) == .admitted(0))
        #expect(policy.submit(.init(needs: [(slots, 1)], worstCost: worst), now: 0) == .admitted(1))
        #expect(policy.submit(.init(needs: [(slots, 1)], worstCost: worst), now: 0) == .waiting(2))
        #expect(policy.committed == Decimal(string: "0.80")!)
        policy.settle(0, inputTokens: nil, outputTokens: nil, cost: Decimal(string: "0.1234")!, now: 1)
        #expect(policy.admitWaiting(now: 1).admitted == [2])
        #expect(policy.committed == Decimal(string: "0.9234")!)
        // Nothing fits the $0.0766 left; once nothing is in flight to give money back, refused.
        #expect(policy.submit(.init(needs: [(slots, 1)], worstCost: worst), now: 1) == .waiting(0))
        policy.settle(1, inputTokens: nil, outputTokens: nil, cost: Decimal(string: "0.40")!, now: 2)
        policy.settle(2, inputTokens: nil, outputTokens: nil, cost: Decimal(string: "0.40")!, now: 2)
        let result = policy.admitWaiting(now: 2)
        #expect(result.admitted.isEmpty)
        #expect(
            result.refused.map(\.refusal) == [.budgetExhausted(needed: worst, left: Decimal(string: "0.0766")!, limit: 1)])
        #expect(policy.committed == Decimal(string: "0.9234")!)
        #expect(
            result.refused[0].refusal.description
                == "the budget of $1 has $0.0766 left, and this request could cost up to $0.4")
        // An unpriced request cannot be bounded under a budget.
        #expect(policy.submit(.init(needs: [(slots, 1)], worstCost: nil), now: 3) == .refused(.unpricedUnderBudget))
    }

    @Test("a 429 pauses every bucket of its host for every waiting request")
    func pauseHoldsTheHost() {
        var policy = LimiterPolicy()
        let first = requests(&policy, 100, scope: "api.anthropic.com|k|claude-a")
        let second = requests(&policy, 100, scope: "api.anthropic.com|k|claude-b")
        let other = requests(&policy, 100, scope: "api.openai.com|k|gpt")
        policy.pause(host: "api.anthropic.com", until: 30)
        #expect(policy.submit(.init(needs: [(first, 1)]), now: 1) == .waiting(0))
        #expect(policy.submit(.init(needs: [(second, 1)]), now: 1) == .waiting(1))
        #expect(policy.submit(.init(needs: [(other, 1)]), now: 1) == .admitted(2))
        #expect(policy.nextAdmission(now: 1) == 30)
        #expect(policy.admitWaiting(now: 29.9).admitted.isEmpty)
        #expect(policy.admitWaiting(now: 30).admitted == [0, 1])
    }

    @Test("a reply's limit replaces the guess, and a shorter window is learned from its reset")
    func learnsFromReplies() {
        var policy = LimiterPolicy()
        let bucket = policy.bucket(BucketKey(scope: "h|k|m", kind: .requests, window: minute), capacity: 500, confirmed: false)
        #expect(!policy.isConfirmed(bucket))
        _ = policy.submit(.init(needs: [(bucket, 1)]), now: 0)
        // 20 per 2 s, refilled continuously: one used, whole again in 0.1 s.
        policy.observe(bucket, limit: 20, remaining: 19, resetAfter: 0.1, now: 0.01)
        let state = policy.state(of: bucket, now: 0.01)
        #expect(state.capacity == 20 && state.confirmed)
        #expect(state.window == 2.1)
        // Refilled continuously: paced, at most half the capacity in any half window, so that
        // late arrivals find the provider's bucket with room. One is in; nine more go now.
        var admittedNow = 0
        for _ in 0..<15 {
            if case .admitted = policy.submit(.init(needs: [(bucket, 1)]), now: 0.02) { admittedNow += 1 }
        }
        #expect(admittedNow == 9)
        #expect(policy.nextAdmission(now: 0.02) == 1.05)
        // OpenAI's own figures give back its minute: 500 RPM, 499 left, whole in 120 ms.
        policy.observe(bucket, limit: 500, remaining: 499, resetAfter: 0.12, now: 0.02)
        #expect(policy.state(of: bucket, now: 0.02).window == 60)
        // Another client's use, reported, is held until the reset.
        var shared = LimiterPolicy()
        let tokens = shared.bucket(BucketKey(scope: "h|k|m", kind: .totalTokens, window: minute), capacity: 1000)
        _ = shared.submit(.init(needs: [(tokens, 100)]), now: 0)
        shared.observe(tokens, limit: 1000, remaining: 300, resetAfter: 10, now: 1)
        #expect(shared.state(of: tokens, now: 1).used == 700)
        #expect(shared.submit(.init(needs: [(tokens, 400)]), now: 1) == .waiting(1))
        #expect(shared.nextAdmission(now: 1) == 11)
    }
}
