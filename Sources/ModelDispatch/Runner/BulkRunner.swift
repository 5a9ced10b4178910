import CatalogCore
package import CatalogHTTP
public import Foundation
public import ModelCatalog

/// What a bulk run reads, writes and how hard it pushes.
public struct RunOptions: Sendable {
    /// The input JSONL file: one request per line (docs/run-jsonl.md).
    public var input: String
    /// The output JSONL file: one result per finished request, appended to.
    public var output: String
    /// The model of lines that name neither a model nor a preset.
    public var model: String?
    /// The preset of lines that name neither a model nor a preset.
    public var preset: String?
    /// Requests in flight (or waiting for a limit) at once.
    public var concurrency: Int
    /// The presets lines and ``preset`` may name.
    public var presets: Presets?

    public init(
        input: String, output: String, model: String? = nil, preset: String? = nil, concurrency: Int = 16,
        presets: Presets? = nil
    ) {
        self.input = input
        self.output = output
        self.model = model
        self.preset = preset
        self.concurrency = concurrency
        self.presets = presets
    }
}

/// A whole input file checked before anything is sent: its problems, and what it would cost.
public struct RunCheck: Sendable {
    /// One served model's share.
    public struct Estimate: Sendable {
        /// The canonical model.
        public var model: String
        /// The offering that would serve it first (`anthropic/claude-sonnet-4-5-20250929`).
        public var servedBy: String
        public var requests: Int
        /// Prompt tokens, estimated from the prompts' sizes.
        public var inputTokens: Int
        /// Output tokens if every request used all of its `max_tokens`.
        public var maxOutputTokens: Int
        /// The cost of that usage, or `nil` when the offering cannot be priced.
        public var cost: Decimal?
    }

    /// Lines read (blank lines aside).
    public var requests = 0
    /// Requests the output already has a result for: checked for their form, not routed or priced.
    public var alreadyDone = 0
    /// The problems found, in line order (the first 100); ``problemCount`` counts them all.
    public var problems: [RunInputError] = []
    public var problemCount = 0
    public var estimates: [Estimate] = []

    /// Every estimate's cost together; `nil` when any is unpriced.
    public var total: Decimal? {
        estimates.reduce(Decimal(0) as Decimal?) { sum, estimate in sum.flatMap { sum in estimate.cost.map { sum + $0 } } }
    }

    /// For people: the problems, or the estimate per model and in all.
    public var text: String {
        var lines: [String] = []
        if problemCount > 0 {
            lines += problems.map(\.description)
            if problemCount > problems.count { lines.append("… and \(problemCount - problems.count) more problems") }
            lines.append("\(problemCount) problem\(problemCount == 1 ? "" : "s") in \(requests) lines: nothing was sent")
            return lines.joined(separator: "\n") + "\n"
        }
        let done = alreadyDone > 0 ? " (\(alreadyDone) already done: \(requests - alreadyDone) to send)" : ""
        lines.append("\(requests) requests\(done); at most, if every answer used all of its max_tokens:")
        for estimate in estimates {
            let cost = estimate.cost.map { Money.dollars($0) } ?? "unpriced"
            lines.append(
                "  \(estimate.model) via \(estimate.servedBy): \(estimate.requests) requests, ~\(estimate.inputTokens) input + \(estimate.maxOutputTokens) output tokens, \(cost)"
            )
        }
        lines.append(
            "  total: " + (total.map { Money.dollars($0) } ?? "unknown (a model is unpriced)"))
        return lines.joined(separator: "\n") + "\n"
    }
}

/// How a run ended.
public struct RunSummary: Sendable {
    public enum Stop: String, Sendable {
        /// Every request has a result.
        case finished
        /// The budget could not take the next request.
        case budget
        /// Asked to stop (Ctrl-C, SIGTERM): in-flight requests finished, none was started after.
        case signal
    }

    public var stop: Stop
    /// Requests in the input.
    public var requests: Int
    /// Requests that had a result before this run.
    public var alreadyDone: Int
    public var answered: Int
    public var failed: Int
    /// Requests not sent (the budget or a stop); a later run sends them.
    public var notSent: Int
    /// Requests the last run had started when it was killed, sent again by this one.
    public var resent: Int
    /// Bytes of a torn last result line dropped (a crash mid-write).
    public var tornBytes: Int
    /// What this run's results cost, and what the output recorded before it.
    public var spent: Decimal
    public var spentBefore: Decimal
    public var budget: Decimal?
    /// What the run's dispatcher did, per served model and host.
    public var statistics = DispatchStatistics(entries: [])

    /// 0 every request answered, 1 some failed, 3 stopped by the budget, 130 stopped by a signal.
    public var exitStatus: Int32 {
        switch stop {
        case .budget: 3
        case .signal: 130
        case .finished: failed > 0 ? 1 : 0
        }
    }

    public var text: String {
        var parts = ["\(answered) answered", "\(failed) failed"]
        if alreadyDone > 0 { parts.append("\(alreadyDone) already done") }
        if notSent > 0 { parts.append("\(notSent) not sent") }
        var lines = [
            "\(requests) requests: " + parts.joined(separator: ", ") + "; spent \(Money.dollars(spent))"
                + (spentBefore > 0 ? " (and \(Money.dollars(spentBefore)) before)" : "")
                + (budget.map { " of a \(Money.dollars($0)) budget" } ?? "")
        ]
        if resent > 0 {
            lines.append(
                "\(resent) request\(resent == 1 ? " was" : "s were") in flight when the last run was killed and \(resent == 1 ? "was" : "were") sent again (the provider may have charged for \(resent == 1 ? "it" : "them") twice)"
            )
        }
        if tornBytes > 0 {
            lines.append("a torn last result line (\(tornBytes) bytes, from a crash) was dropped and its request sent again")
        }
        switch stop {
        case .finished: break
        case .budget: lines.append("stopped: the budget cannot take the next request; raise --max-cost and run again to go on")
        case .signal: lines.append("stopped when asked: in-flight requests finished; run the same command again to go on")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Asks a run to stop: no request is started after, and those in flight finish.
public final class RunControl: @unchecked Sendable {
    private let lock = NSLock()
    private var stopping = false
    private var sources: [any DispatchSourceSignal] = []

    public init() {}

    public func requestStop() { lock.withLock { stopping = true } }

    public var isStopping: Bool { lock.withLock { stopping } }

    /// Makes SIGINT and SIGTERM ask for a stop; a second one ends the process at once (then at
    /// most the requests in flight are sent again by the next run).
    public func stopOnSignals() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in
                if isStopping { exit(128 + signalNumber) }
                requestStop()
                FileHandle.standardError.write(Data("stopping: waiting for the requests in flight (again to quit now)\n".utf8))
            }
            source.resume()
            lock.withLock { sources.append(source) }
        }
    }
}

/// Runs a JSONL file of requests through a ``Dispatcher``: checks every line first, then sends
/// the requests that have no result yet, `concurrency` at a time, appending one result line per
/// finished request. Run again after a crash or a stop, it goes on where it was.
public final class BulkRunner: Sendable {
    public let catalog: Catalog
    /// How requests are sent; its `maxCost` caps what the output records in all (spend already
    /// recorded counts).
    public let configuration: Dispatcher.Configuration
    public let options: RunOptions
    let makeDispatcher: @Sendable (Dispatcher.Configuration) -> Dispatcher
    let clock: any DispatchClock
    /// The output's results as ``check()`` read them, for ``run(control:progressEvery:progress:)``.
    let resultsCache = ResultsCache()

    public convenience init(catalog: Catalog, configuration: Dispatcher.Configuration, options: RunOptions) {
        self.init(
            catalog: catalog, configuration: configuration, options: options, transport: CurlTransport(), clock: SystemClock())
    }

    /// A runner with its transport and clock injected (tests, benchmarks).
    package init(
        catalog: Catalog, configuration: Dispatcher.Configuration, options: RunOptions, transport: any HTTPTransport,
        clock: any DispatchClock
    ) {
        self.catalog = catalog
        self.configuration = configuration
        self.options = options
        self.clock = clock
        self.makeDispatcher = { configuration in
            Dispatcher(catalog: catalog, configuration: configuration, transport: transport, clock: clock)
        }
    }

    /// The request a line makes: its own model, else its preset, else the run's model or preset.
    func request(for item: RunItem) throws(RunInputError) -> ChatRequest {
        let presetName = item.model == nil ? (item.preset ?? (options.model == nil ? options.preset : nil)) : nil
        var request: ChatRequest
        if let presetName {
            guard let presets = options.presets else {
                throw RunInputError(
                    file: options.input, line: item.line, message: "preset `\(presetName)`, but no presets file was read")
            }
            do { request = try presets.resolved(presetName).request(messages: item.messages) } catch {
                throw RunInputError(file: options.input, line: item.line, message: error.message + " (preset `\(presetName)`)")
            }
        } else if let model = item.model ?? options.model {
            request = ChatRequest(model: model, messages: item.messages)
        } else {
            throw RunInputError(
                file: options.input, line: item.line,
                message: "no model: give \"model\" or \"preset\" on the line, or --model or --preset")
        }
        if let maxTokens = item.maxTokens { request.maxTokens = maxTokens }
        if let temperature = item.temperature { request.temperature = temperature }
        if let effort = item.reasoningEffort { request.reasoningEffort = effort }
        request.responseFormat = item.responseFormat
        return request
    }

    /// Reads the whole input and checks every line: JSON and members, unique ids, a model that
    /// resolves to one the configured hosts can serve, a price when a budget is set. Prices the
    /// requests the output has no result for yet. Nothing is sent, and no file is changed.
    /// - Throws: ``RunFileError`` when the input (or an existing output) cannot be read.
    public func check() throws(RunFileError) -> RunCheck {
        var check = RunCheck()
        let done = options.output.isEmpty ? [] : try resultsCache.read(path: options.output, dropTorn: false).ids
        var reader = try LineReader.reading(options.input)
        defer { reader.close() }
        let router = Router(
            catalog: catalog, environment: configuration.environment, baseURLs: configuration.baseURLs,
            order: configuration.route, fallback: configuration.fallback)
        let today = CalendarDate(unixSeconds: Int64(clock.date.timeIntervalSince1970.rounded(.down)))
        var seen: [String: Int] = [:]
        var estimates: [String: RunCheck.Estimate] = [:]
        var order: [String] = []
        func problem(_ error: RunInputError) {
            check.problemCount += 1
            if check.problems.count < 100 { check.problems.append(error) }
        }
        while let (bytes, _) = reader.next() {
            if LineReader.isBlank(bytes) { continue }
            check.requests += 1
            let line = reader.lineNumber
            let item: RunItem
            let request: ChatRequest
            do {
                item = try RunItem.parse(bytes, line: line, file: options.input)
                if let first = seen[item.id] {
                    problem(RunInputError(file: options.input, line: line, message: "id \"\(item.id)\" is also on line \(first)"))
                    continue
                }
                seen[item.id] = line
                request = try self.request(for: item)
                if done.contains(item.id) {
                    check.alreadyDone += 1
                    continue
                }
            } catch {
                problem(error)
                continue
            }
            let plan: RoutePlan
            do { plan = try router.plan(request, today: today) } catch {
                problem(RunInputError(file: options.input, line: line, message: "\(request.model): \(error.message)"))
                continue
            }
            // A host whose API cannot carry the request is passed over when it is sent, as here.
            var unsendable: ProviderFailure?
            let carriers = plan.candidates.filter { candidate in
                guard request.responseFormat != nil else { return true }
                do throws(ProviderFailure) {
                    _ = try candidate.host.api.adapter(provider: candidate.host.provider).encode(
                        request, model: candidate.record.providerModelID, maxTokens: candidate.maxTokens, root: candidate.root,
                        key: candidate.key, timeout: configuration.timeout)
                    return true
                } catch {
                    unsendable = unsendable ?? error
                    return false
                }
            }
            guard let first = carriers.first else {
                problem(RunInputError(file: options.input, line: line, message: "\(request.model): \(unsendable?.message ?? "")"))
                continue
            }
            if configuration.maxCost != nil, first.worstCost == nil {
                problem(
                    RunInputError(
                        file: options.input, line: line,
                        message: "\(request.model): the catalog has no price for \(first.servedBy), and --max-cost is set"))
                continue
            }
            let key = first.servedBy
            if estimates[key] == nil {
                order.append(key)
                estimates[key] = RunCheck.Estimate(
                    model: plan.model.id, servedBy: key, requests: 0, inputTokens: 0, maxOutputTokens: 0, cost: 0)
            }
            estimates[key]!.requests += 1
            estimates[key]!.inputTokens += request.estimatedInputTokens
            estimates[key]!.maxOutputTokens += first.maxTokens
            let expected = first.expectedCost ?? router.expectedCost(first.record, request: request, maxTokens: first.maxTokens)
            estimates[key]!.cost = estimates[key]!.cost.flatMap { sum in expected.map { sum + $0 } }
        }
        check.estimates = order.map { estimates[$0]! }
        return check
    }

    /// Sends every request of the input that has no result in the output yet.
    /// - Parameters:
    ///   - control: asked to stop, the run starts nothing more and lets in-flight requests finish.
    ///   - progressEvery: seconds between calls of `progress`.
    ///   - progress: called with the run's state every `progressEvery` seconds and at the end.
    /// - Returns: how it ended.
    /// - Throws: ``RunFileError`` when a file cannot be read or written or another run holds
    ///   the output; ``RunInputError`` for the first bad line (run ``check()`` first to see all).
    public func run(
        control: RunControl = RunControl(), progressEvery: Double = 1,
        progress: @escaping @Sendable (RunProgress) -> Void = { _ in }
    ) async throws -> RunSummary {
        let journal = try RunJournal(output: options.output)
        do {
            let summary = try await run(journal: journal, control: control, progressEvery: progressEvery, progress: progress)
            journal.finish()
            return summary
        } catch {
            journal.release()
            throw error
        }
    }

    private func run(
        journal: RunJournal, control: RunControl, progressEvery: Double, progress: @escaping @Sendable (RunProgress) -> Void
    ) async throws -> RunSummary {
        let existing = try resultsCache.read(path: options.output, dropTorn: true)
        let resent = Set(journal.startedBefore).subtracting(existing.ids).count
        var dispatcherConfiguration = configuration
        // The budget caps what the output records in all: spend already recorded counts.
        if let maxCost = configuration.maxCost { dispatcherConfiguration.maxCost = max(0, maxCost - existing.spent) }
        let dispatcher = makeDispatcher(dispatcherConfiguration)
        let appender = try LineAppender(path: options.output)
        var reader = try LineReader.reading(options.input)
        defer { reader.close() }

        var summary = RunSummary(
            stop: .finished, requests: 0, alreadyDone: 0, answered: 0, failed: 0, notSent: 0, resent: resent,
            tornBytes: existing.tornBytes, spent: 0, spentBefore: existing.spent, budget: configuration.maxCost)
        let state = RunProgress.Tracker(
            RunProgress(
                total: 0, done: 0, answered: 0, failed: 0, rateLimited: 0, spent: existing.spent, budget: configuration.maxCost,
                elapsed: 0, busiest: nil))
        let start = clock.now
        let clock = self.clock
        let ticker = Task {
            while !Task.isCancelled {
                try? await clock.sleep(until: clock.now + progressEvery)
                if Task.isCancelled { break }
                progress(await RunProgress.current(state, dispatcher: dispatcher, elapsed: clock.now - start))
            }
        }
        defer { ticker.cancel() }

        // Counting first makes the total known for the progress bar; it costs one read of the input.
        var total = 0
        if var counter = LineReader(path: options.input) {
            while let (bytes, _) = counter.next() { if !LineReader.isBlank(bytes) { total += 1 } }
            counter.close()
        }
        await state.set { $0.total = max(0, total - existing.ids.count) }

        var stopped: RunSummary.Stop = .finished
        var fileError: (any Error)?
        func record(_ item: RunItem, _ outcome: DispatchRecord) async {
            if case .failure(let error) = outcome.result, error.attempts == 0,
                error.failure == .budget || error.failure == .cancelled
            {
                // Not sent: no result, so that a later run sends it.
                summary.notSent += 1
                if error.failure == .budget, stopped == .finished { stopped = .budget }
                return
            }
            var members: [(String, JSONOutput)] = [("id", .string(item.id))]
            members += outcome.members
            if let tags = item.tags { members.append(("tags", tags)) }
            members.append(("finished_at", .string(RFC3339.format(clock.date))))
            do { try appender.append(JSONOutput.object(members).utf8()) } catch {
                fileError = fileError ?? error
                stopped = .signal
            }
            switch outcome.result {
            case .success(let reply):
                summary.answered += 1
                summary.spent += reply.cost?.total ?? 0
                await state.set {
                    $0.done += 1
                    $0.answered += 1
                    $0.spent += reply.cost?.total ?? 0
                }
            case .failure:
                summary.failed += 1
                await state.set {
                    $0.done += 1
                    $0.failed += 1
                }
            }
        }

        try await withThrowingTaskGroup(of: (RunItem, DispatchRecord).self) { group in
            var inFlight = 0
            while let (bytes, _) = reader.next() {
                if LineReader.isBlank(bytes) { continue }
                summary.requests += 1
                let root = try RunItem.document(bytes, line: reader.lineNumber, file: options.input)
                // A request with a result is only counted: its id is all that is read.
                if let id = root["id"]?.string, existing.ids.contains(id) {
                    summary.alreadyDone += 1
                    continue
                }
                let item = try RunItem.parse(root, line: reader.lineNumber, file: options.input)
                let request = try self.request(for: item)
                while inFlight >= max(1, options.concurrency) {
                    guard let (done, outcome) = try await group.next() else { break }
                    inFlight -= 1
                    await record(done, outcome)
                }
                // Stopped (asked to, or by the budget) while waiting for a place or before: not sent.
                if stopped == .finished, control.isStopping { stopped = .signal }
                if stopped != .finished {
                    summary.notSent += 1
                    continue
                }
                journal.started(item.id)
                group.addTask { (item, await dispatcher.dispatch(request)) }
                inFlight += 1
            }
            while let (done, outcome) = try await group.next() { await record(done, outcome) }
        }
        if let fileError { throw fileError }
        summary.stop = stopped
        summary.statistics = await dispatcher.statistics()
        progress(await RunProgress.current(state, dispatcher: dispatcher, elapsed: clock.now - start))
        return summary
    }
}
