import CatalogHTTP
import DispatchTestServer
import Foundation
import ModelCatalog
import ModelDispatch

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Dispatch's benchmarks: the limiter's decisions (pure, through the actor, with a long queue),
/// dispatch's overhead per request and its throughput against the loopback server.
enum DispatchBenchmarks {
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// A memory figure of this process in MB: `VmRSS:` (now) or `VmHWM:` (the peak).
    static func residentMegabytes(_ field: String = "VmRSS:") -> Double {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field) {
            return Double(line.split(separator: " ").dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
        }
        return 0
    }

    static func run(runs: Int) async throws {
        print("== dispatch")
        policy(runs: runs)
        try await actor(runs: runs)
        try await queued()
        try await loopback(runs: runs)
    }

    /// A policy with the buckets a request to one host and model touches.
    static func makePolicy(capacity: Double = 1e12) -> (LimiterPolicy, LimiterPolicy.Demand) {
        var policy = LimiterPolicy()
        let scope = "api.openai.com|key 0|gpt-4o"
        let needs: [(bucket: Int, amount: Double)] = [
            (policy.bucket(BucketKey(scope: scope, kind: .requests, window: 60), capacity: capacity), 1),
            (policy.bucket(BucketKey(scope: scope, kind: .inputTokens, window: 60), capacity: capacity), 500),
            (policy.bucket(BucketKey(scope: scope, kind: .outputTokens, window: 60), capacity: capacity), 800),
            (policy.bucket(BucketKey(scope: scope, kind: .totalTokens, window: 60), capacity: capacity), 1300),
            (policy.bucket(BucketKey(scope: scope, kind: .concurrent, window: 0), capacity: capacity), 1),
        ]
        return (policy, LimiterPolicy.Demand(needs: needs))
    }

    /// Decisions (admit, then settle to the actual) per second on the pure policy, time moving
    /// 1 ms per request so that reservations keep leaving the one-minute windows (60,000 in each).
    static func policy(runs: Int) {
        var rates: [Double] = []
        for _ in 0..<max(3, runs) {
            var (policy, demand) = makePolicy()
            demand.lane = .normal
            let count = 1_000_000
            var now = 0.0
            let elapsed = ContinuousClock().measure {
                for _ in 0..<count {
                    now += 0.001
                    if case .admitted(let ticket) = policy.submit(demand, now: now) {
                        policy.settle(ticket, inputTokens: 480, outputTokens: 300, cost: nil, now: now)
                    }
                }
            }
            rates.append(Double(count) / seconds(elapsed))
        }
        rates.sort()
        print(
            String(
                format:
                    "limiter, pure policy (5 buckets, admit + settle): median %.0f decisions/s, best %.0f (target >= 1,000,000)",
                rates[rates.count / 2], rates.last!))
    }

    /// Through the actor, 8 tasks at once.
    static func actor(runs: Int) async throws {
        var rates: [Double] = []
        for _ in 0..<max(3, runs) {
            let limiter = RateLimiter()
            let scope = "api.openai.com|key 0|gpt-4o"
            let buckets = await limiter.buckets([
                (BucketKey(scope: scope, kind: .requests, window: 60), 1e12, true),
                (BucketKey(scope: scope, kind: .totalTokens, window: 60), 1e12, true),
                (BucketKey(scope: scope, kind: .concurrent, window: 0), 1e12, true),
            ])
            let demand = LimiterPolicy.Demand(needs: [(buckets[0], 1), (buckets[1], 1300), (buckets[2], 1)])
            let perTask = 50_000
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        for _ in 0..<perTask {
                            let ticket = try await limiter.acquire(demand)
                            await limiter.settle(ticket, inputTokens: 480, outputTokens: 300, cost: nil)
                        }
                    }
                }
                try await group.waitForAll()
            }
            rates.append(Double(perTask * 8) / seconds(ContinuousClock.now - start))
        }
        rates.sort()
        print(
            String(
                format:
                    "limiter, through the actor, 8 tasks (acquire + settle): median %.0f decisions/s, best %.0f (target >= 200,000)",
                rates[rates.count / 2], rates.last!))
    }

    /// Decisions with 100,000 requests waiting, against the same with none: each settlement admits
    /// the next in line.
    static func queued() async throws {
        // Empty: the same buckets, one in flight at a time, no queue. Queued: capacity one;
        // 100,000 wait behind the one admitted, then drain one by one. Five rounds of each, so
        // that a noisy moment does not decide the ratio.
        let rounds = 100_000
        var emptyTimes: [Double] = []
        var queuedTimes: [Double] = []
        var queuedMemory = 0.0
        for _ in 0..<5 {
            var emptyPolicy = LimiterPolicy()
            let one = emptyPolicy.bucket(BucketKey(scope: "h|k|m", kind: .concurrent, window: 0), capacity: 1)
            let emptyTokens = emptyPolicy.bucket(BucketKey(scope: "h|k|m", kind: .totalTokens, window: 60), capacity: 1e12)
            emptyTimes.append(
                seconds(
                    ContinuousClock().measure {
                        var now = 0.0
                        for _ in 0..<rounds {
                            now += 0.000_01
                            if case .admitted(let ticket) = emptyPolicy.submit(
                                .init(needs: [(one, 1), (emptyTokens, 1300)]), now: now)
                            {
                                emptyPolicy.settle(ticket, inputTokens: nil, outputTokens: nil, cost: nil, now: now)
                            }
                        }
                    }))
            var full = LimiterPolicy()
            let slot = full.bucket(BucketKey(scope: "h|k|m", kind: .concurrent, window: 0), capacity: 1)
            let tokens = full.bucket(BucketKey(scope: "h|k|m", kind: .totalTokens, window: 60), capacity: 1e12)
            let before = residentMegabytes()
            guard case .admitted(var running) = full.submit(.init(needs: [(slot, 1), (tokens, 1300)]), now: 0) else { return }
            for _ in 0..<rounds { _ = full.submit(.init(needs: [(slot, 1), (tokens, 1300)]), now: 0) }
            queuedMemory = max(queuedMemory, residentMegabytes() - before)
            queuedTimes.append(
                seconds(
                    ContinuousClock().measure {
                        var now = 0.0
                        for _ in 0..<rounds {
                            now += 0.000_01
                            full.settle(running, inputTokens: nil, outputTokens: nil, cost: nil, now: now)
                            full.admitWaiting(now: now, admitted: { running = $0 }, refused: { _, _ in })
                        }
                    }))
        }
        let emptyTime = emptyTimes.sorted()[2]
        let queuedTime = queuedTimes.sorted()[2]
        print(
            String(
                format:
                    "limiter, 100,000 requests queued: median %.0f decisions/s draining vs %.0f/s with an empty queue (%.2fx the time; target <= 2x); the queue took %.1f MB (target <= 50 MB)",
                Double(rounds) / queuedTime, Double(rounds) / emptyTime, queuedTime / emptyTime, queuedMemory))
        // Through the actor: 100,000 waiting tasks.
        let limiter = RateLimiter()
        let actorSlot = await limiter.bucket(BucketKey(scope: "h|k|m", kind: .concurrent, window: 0), capacity: 1)
        let first = try await limiter.acquire(.init(needs: [(actorSlot, 1)]))
        let beforeTasks = residentMegabytes()
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<rounds {
                group.addTask {
                    let ticket = try await limiter.acquire(.init(needs: [(actorSlot, 1)]))
                    await limiter.settle(ticket, inputTokens: nil, outputTokens: nil, cost: nil)
                }
            }
            while await limiter.counts.waiting < rounds { try await Task.sleep(for: .milliseconds(10)) }
            let waitingMemory = residentMegabytes() - beforeTasks
            let drainStart = ContinuousClock.now
            await limiter.settle(first, inputTokens: nil, outputTokens: nil, cost: nil)
            try await group.waitForAll()
            print(
                String(
                    format:
                        "limiter actor, 100,000 tasks waiting on one slot: queued in %.2f s (%.1f MB with the tasks), drained at %.0f decisions/s",
                    seconds(drainStart - start), waitingMemory, Double(rounds) / seconds(ContinuousClock.now - drainStart)))
        }
    }

    /// Dispatch against the loopback server: the overhead per request over a raw request of the
    /// same bytes, and throughput at concurrency 64 beside raw URLSession.
    static func loopback(runs: Int) async throws {
        let server = try ChatServer()
        try await server.start()
        defer { Task { await server.stop() } }
        let environment = ["OPENAI_API_KEY": "sk-bench"]
        let configuration = Dispatcher.Configuration(
            limits: RateLimits(defaults: .init(requestsPerMinute: 1e9, tokensPerMinute: 1e12, concurrent: 256)),
            environment: environment, baseURLs: server.baseURLs)
        let dispatcher = Dispatcher(catalog: try Catalog.embedded(), configuration: configuration)
        let request = ChatRequest(model: "gpt-4o", messages: [.user("Say hello.")], maxTokens: 100)
        _ = try await dispatcher.send(request)
        // The same request as bytes, sent by the transport alone.
        let url = URL(string: server.base(.openai) + "/v1/chat/completions")!
        let body = Array(
            #"{"model":"gpt-4o-2024-08-06","messages":[{"role":"user","content":"Say hello."}],"max_completion_tokens":100}"#.utf8
        )
        let raw = CatalogHTTP.HTTPRequest(
            method: "POST", url: url, headers: [("Authorization", "Bearer sk-bench"), ("Content-Type", "application/json")],
            body: body,
            timeout: 30)
        let transport = CurlTransport()
        var rawTimes: [Double] = []
        var dispatchTimes: [Double] = []
        for round in 0..<4000 {
            // Interleaved, so that the machine's noise falls on both alike.
            if round % 2 == 0 {
                let start = ContinuousClock.now
                _ = try await transport.send(raw)
                rawTimes.append(seconds(ContinuousClock.now - start))
            } else {
                let start = ContinuousClock.now
                _ = try await dispatcher.send(request)
                dispatchTimes.append(seconds(ContinuousClock.now - start))
            }
        }
        rawTimes.sort()
        dispatchTimes.sort()
        let rawMedian = rawTimes[rawTimes.count / 2]
        let dispatchMedian = dispatchTimes[dispatchTimes.count / 2]
        print(
            String(
                format:
                    "dispatch overhead per request, loopback: median %.0f µs (dispatch %.0f µs − the same bytes sent raw %.0f µs; target <= 150 µs)",
                (dispatchMedian - rawMedian) * 1e6, dispatchMedian * 1e6, rawMedian * 1e6))

        // Throughput at concurrency 64.
        let total = 6400
        func throughput(_ send: @escaping @Sendable () async throws -> Void) async throws -> Double {
            let start = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<64 {
                    group.addTask { for _ in 0..<(total / 64) { try await send() } }
                }
                try await group.waitForAll()
            }
            return Double(total) / seconds(ContinuousClock.now - start)
        }
        let session = URLSession(configuration: .ephemeral)
        var urlRequest = URLRequest(url: url)
        urlRequest.httpMethod = "POST"
        urlRequest.httpBody = Data(body)
        urlRequest.setValue("Bearer sk-bench", forHTTPHeaderField: "Authorization")
        urlRequest.setValue("application/json", forHTTPHeaderField: "Content-Type")
        let sessionRequest = urlRequest
        var dispatchRates: [Double] = []
        var sessionRates: [Double] = []
        var curlRates: [Double] = []
        for _ in 0..<max(2, runs / 2) {
            dispatchRates.append(try await throughput { _ = try await dispatcher.send(request) })
            sessionRates.append(try await throughput { _ = try await session.data(for: sessionRequest) })
            curlRates.append(try await throughput { _ = try await transport.send(raw) })
        }
        let median = { (values: [Double]) in values.sorted()[values.count / 2] }
        print(
            String(
                format:
                    "loopback throughput at concurrency 64 (%d requests): dispatch %.0f requests/s, raw URLSession %.0f/s, raw libcurl %.0f/s (dispatch = %.0f%% of URLSession; target >= 1,000/s and within 10%%)",
                total, median(dispatchRates), median(sessionRates), median(curlRates),
                median(dispatchRates) / median(sessionRates) * 100))
        let statistics = await dispatcher.statistics()
        if let entry = statistics.entries.first {
            print(
                String(
                    format: "dispatch statistics after the loopback runs: %d requests, p50 %.2f ms, p99 %.2f ms, $%@ in all",
                    entry.requests, entry.latencyP50, entry.latencyP99, "\(statistics.totalCost)"))
        }
    }
}
