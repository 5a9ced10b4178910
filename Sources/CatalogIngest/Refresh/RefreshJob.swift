package import CatalogCore
package import CatalogHTTP
package import Foundation
import ModelCatalog

/// `catalog refresh`: fetches every registered source, checks that each answer is content
/// (not a bot wall, a login page or an empty list), and saves the good ones as a new snapshot
/// with its manifest. A source that fails keeps no file in the new snapshot, so the build
/// carries its last good capture forward.
package enum RefreshJob {
    package struct Options: Sendable {
        package var snapshots: URL
        /// The snapshot date to write.
        package var date: CalendarDate
        /// Only these providers (all when `nil`).
        package var providers: Set<String>?
        /// Only these sources (`openai/models.json`; all when `nil`).
        package var sources: Set<String>?
        package var environment: [String: String]
        package var baseURLs: [String: String]
        package var policy: RetryPolicy
        /// Seconds to wait for one answer.
        package var timeout: Double
        /// Requests in flight at once, over all hosts (one per host at a time, to be polite).
        package var maximumConcurrentRequests: Int
        /// Pages followed at most for one source (a guard against a token that never ends).
        package var maximumPages: Int
        /// Seconds at least between the starts of two requests to one host, so that fetching a
        /// page per model stays polite.
        package var hostInterval: Double

        package init(
            snapshots: URL, date: CalendarDate, providers: Set<String>? = nil, sources: Set<String>? = nil,
            environment: [String: String],
            baseURLs: [String: String] = [:], policy: RetryPolicy = RetryPolicy(), timeout: Double = 30,
            maximumConcurrentRequests: Int = 4, maximumPages: Int = 100, hostInterval: Double = 1
        ) {
            self.hostInterval = hostInterval
            self.snapshots = snapshots
            self.date = date
            self.providers = providers
            self.sources = sources
            self.environment = environment
            self.baseURLs = baseURLs
            self.policy = policy
            self.timeout = timeout
            self.maximumConcurrentRequests = maximumConcurrentRequests
            self.maximumPages = maximumPages
        }
    }

    /// What happened to one source.
    package struct Outcome: Sendable, Equatable {
        package enum State: String, Sendable {
            /// Saved in the new snapshot.
            case fetched
            /// Identical bytes were already saved for this date.
            case unchanged
            /// Not fetched (no credential, no live source).
            case skipped
            /// Fetched, but no usable answer: nothing saved.
            case failed
        }
        package var capturePath: String
        package var state: State
        /// Why it was skipped or failed; pages and size when fetched. Never holds a secret.
        package var detail: String
        package var bytes: Int = 0
        package var pages: Int = 0
        package var attempts: Int = 0
        package var httpStatus: Int?
    }

    /// Every source's outcome, in registry order.
    package struct Report: Sendable {
        package var date: CalendarDate
        package var outcomes: [Outcome]

        package func outcomes(_ state: Outcome.State) -> [Outcome] { outcomes.filter { $0.state == state } }
        /// `true` when a source that was tried failed (the run's exit status is then non-zero).
        package var hasFailures: Bool { outcomes.contains { $0.state == .failed } }
    }

    /// Fetches, checks and saves. Time, randomness and sleeping are injected.
    /// - Throws: ``RefreshError`` when the snapshots folder cannot be read or written; a
    ///   failing source is an outcome, not an error.
    package static func run(
        _ options: Options, transport: any HTTPTransport, now: @escaping @Sendable () -> Date = { Date() },
        jitter: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) },
        sleep: @escaping @Sendable (Double) async throws -> Void = { try await Task.sleep(nanoseconds: UInt64($0 * 1e9)) },
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws -> Report {
        let store = SnapshotStore(root: options.snapshots, displayRoot: options.snapshots.lastPathComponent)
        let planner = RefreshPlanner(environment: options.environment, baseURLs: options.baseURLs)
        // First every source but the per-model pages; then a page for each model the provider's
        // list (fetched just now, or its last good capture) names, and each page tracked before.
        let (targets, skipped) = planner.plan(providers: options.providers, sources: options.sources, modelPages: [:])
        let lists = targets.filter { !$0.source.isPerModel }
        let redactor = SecretRedactor(secrets: targets.flatMap(\.secrets))
        for skip in skipped where !(SourceRegistry.source(forCapturePath: skip.capturePath)?.isPerModel ?? false) {
            progress("skip   \(skip.capturePath): \(skip.reason)")
        }

        // The manifest is rewritten (atomically) after each saved capture, so that a run killed
        // half-way leaves every capture it saved listed.
        let ledger: ManifestLedger
        do {
            ledger = ManifestLedger(
                store: store, manifest: try store.manifest(on: options.date) ?? Manifest(date: options.date, captures: []))
        } catch {
            throw RefreshError("cannot read the manifest of \(options.date): \(error)")
        }
        let gate = HostGate()
        let fetcher = Fetcher(
            options: options, transport: transport, store: store, redactor: redactor, gate: gate, now: now, jitter: jitter,
            sleep: sleep,
            progress: progress)
        var outcomes = skipped.filter { !(SourceRegistry.source(forCapturePath: $0.capturePath)?.isPerModel ?? false) }.map {
            Outcome(capturePath: $0.capturePath, state: .skipped, detail: $0.reason)
        }
        outcomes += await fetchAll(lists, fetcher: fetcher, ledger: ledger, options: options)

        let pages = try modelPages(store, on: options.date, tracked: try trackedModelPages(store, before: options.date))
        let (pageTargets, pageSkips) = planner.plan(providers: options.providers, sources: options.sources, modelPages: pages)
        for skip in pageSkips where SourceRegistry.source(forCapturePath: skip.capturePath)?.isPerModel ?? false {
            progress("skip   \(skip.capturePath): \(skip.reason)")
            outcomes.append(Outcome(capturePath: skip.capturePath, state: .skipped, detail: skip.reason))
        }
        outcomes += await fetchAll(pageTargets.filter(\.source.isPerModel), fetcher: fetcher, ledger: ledger, options: options)

        if let problem = await ledger.problem { throw RefreshError("cannot write the manifest of \(options.date): \(problem)") }
        // In registry order, as `catalog build` lists its sources.
        func rank(_ path: String) -> Int {
            SourceRegistry.source(forCapturePath: path).map { SourceRegistry.precedence(of: $0.id) } ?? Int.max
        }
        outcomes.sort { (rank($0.capturePath), $0.capturePath) < (rank($1.capturePath), $1.capturePath) }
        return Report(date: options.date, outcomes: outcomes)
    }

    /// Fetches `targets`, a few at a time (one per host), recording each saved capture.
    private static func fetchAll(_ targets: [FetchTarget], fetcher: Fetcher, ledger: ManifestLedger, options: Options) async
        -> [Outcome]
    {
        var fetched: [Outcome?] = Array(repeating: nil, count: targets.count)
        await withTaskGroup(of: (Int, Outcome).self) { group in
            var next = 0
            func startNext() {
                guard next < targets.count else { return }
                let index = next
                let target = targets[index]
                next += 1
                group.addTask {
                    let (outcome, entry) = await fetcher.fetch(target)
                    if let entry { await ledger.record(entry) }
                    return (index, outcome)
                }
            }
            for _ in 0..<max(1, options.maximumConcurrentRequests) { startNext() }
            while let (index, outcome) = await group.next() {
                fetched[index] = outcome
                startNext()
            }
        }

        return fetched.compactMap { $0 }
    }

    /// The ids whose per-model pages to fetch on `date`, per per-model source: every id the
    /// provider's model list names in its capture in force on `date` (today's, or the last good
    /// one), and every page tracked before. A dated snapshot whose undated name is listed too
    /// (`gpt-4o-2024-08-06` beside `gpt-4o`) has no page of its own: its name's page covers it.
    static func modelPages(_ store: SnapshotStore, on date: CalendarDate, tracked: [String: [String]]) throws -> [String:
        [String]]
    {
        var pages = tracked.mapValues(Set.init)
        for source in SourceRegistry.all where source.isPerModel {
            let listPath = source.id.provider + "/models.json"
            guard let list = SourceRegistry.source(forCapturePath: listPath), list.kind == .modelList,
                let parser = ParserRegistry.parser(for: list.id),
                FileManager.default.fileExists(atPath: store.root.path)
            else { continue }
            for day in try store.dates().reversed() where day <= date {
                guard let bytes = try? store.read(day, listPath),
                    let parsed = try? parser.parse(bytes, file: store.displayPath(day, listPath))
                else { continue }
                let ids = Set(parsed.observations.map(\.providerModelID))
                for id in ids where source.capturePath(forModel: id) != nil && !id.contains("/") {
                    if let stem = ModelName(id).snapshot(isKnownStem: ids.contains)?.stem, ids.contains(stem) { continue }
                    pages[source.id.path, default: []].insert(id)
                }
                break
            }
        }
        return pages.mapValues { $0.sorted() }
    }

    /// The per-model pages saved in the newest snapshot on or before `date` that has any.
    static func trackedModelPages(_ store: SnapshotStore, before date: CalendarDate) throws -> [String: [String]] {
        guard FileManager.default.fileExists(atPath: store.root.path) else { return [:] }
        for day in try store.dates().reversed() where day <= date {
            var pages: [String: [String]] = [:]
            for path in try store.capturePaths(on: day) {
                guard let source = SourceRegistry.source(forCapturePath: path), let model = source.modelID(inCapturePath: path)
                else {
                    continue
                }
                pages[source.id.path, default: []].append(model)
            }
            if !pages.isEmpty { return pages.mapValues { $0.sorted() } }
        }
        return [:]
    }

    /// The final table: one line per source.
    package static func summary(_ report: Report) -> String {
        var table = TextTable(header: ["SOURCE", "RESULT", "PAGES", "BYTES", "DETAIL"], rightAligned: [2, 3])
        for outcome in report.outcomes {
            table.append([
                outcome.capturePath, outcome.state.rawValue, outcome.pages > 0 ? String(outcome.pages) : "",
                outcome.bytes > 0 ? String(outcome.bytes) : "", outcome.detail,
            ])
        }
        var text = table.rendered()
        let counts = [Outcome.State.fetched, .unchanged, .skipped, .failed].map { "\(report.outcomes($0).count) \($0.rawValue)" }
        text += "\nsnapshot \(report.date): " + counts.joined(separator: ", ") + "\n"
        return text
    }
}

/// Fetches one target: its pages, with retries, one request per host at a time.
struct Fetcher: Sendable {
    let options: RefreshJob.Options
    let transport: any HTTPTransport
    let store: SnapshotStore
    let redactor: SecretRedactor
    let gate: HostGate
    let now: @Sendable () -> Date
    let jitter: @Sendable () -> Double
    let sleep: @Sendable (Double) async throws -> Void
    let progress: @Sendable (String) -> Void

    func fetch(_ target: FetchTarget) async -> (RefreshJob.Outcome, Manifest.Entry?) {
        var outcome = RefreshJob.Outcome(capturePath: target.capturePath, state: .failed, detail: "")
        func fail(_ words: String) -> (RefreshJob.Outcome, Manifest.Entry?) {
            outcome.detail = redactor.redact(words)
            progress("FAIL   \(target.capturePath): \(outcome.detail)")
            return (outcome, nil)
        }
        progress("fetch  \(target.capturePath)")
        var pages: [[UInt8]] = []
        var url = target.url
        while true {
            let reply: HTTPReply
            switch await attempt(url, target, &outcome.attempts) {
            case .success(let answer): reply = answer
            case .failure(let words): return fail(words)
            }
            outcome.httpStatus = reply.status
            if reply.status == 404, target.source.isPerModel {
                outcome.state = .skipped
                outcome.detail = "no page for this model (HTTP 404)"
                progress("skip   \(target.capturePath): \(outcome.detail)")
                return (outcome, nil)
            }
            guard (200..<300).contains(reply.status) else {
                let hint =
                    reply.status == 401 || reply.status == 403
                    ? ": the credential was refused (check \(target.source.credential ?? "access"))" : ""
                return fail("HTTP \(reply.status)\(hint)" + (outcome.attempts > 1 ? " after \(outcome.attempts) attempts" : ""))
            }
            pages.append(reply.body)
            guard target.pagination != .none else { break }
            let token: String?
            do {
                token = try PageMerger.continuation(of: reply.body, target.pagination)
            } catch {
                return fail("page \(pages.count) is not valid JSON: \(error)")
            }
            guard let token else { break }
            guard pages.count < options.maximumPages else {
                return fail("more than \(options.maximumPages) pages: stopped rather than save a partial list")
            }
            url = FetchURL.setting(target.pagination == .pageToken ? "pageToken" : "after_id", to: token, in: url)
        }
        outcome.pages = pages.count
        let bytes: [UInt8]
        do {
            bytes =
                target.pagination == .afterID
                ? try PageMerger.merge(pages, key: "data", trailer: [("has_more", "false")])
                : try PageMerger.merge(pages, key: "models")
        } catch {
            return fail("cannot join the pages: \(error)")
        }
        let display = store.displayPath(options.date, target.capturePath)
        if let parser = ParserRegistry.parser(for: target.source.id) {
            do {
                let parsed = try parser.parse(bytes, file: display)
                guard !parsed.observations.isEmpty else {
                    return fail(
                        "HTTP \(outcome.httpStatus ?? 200) but no model in the answer: not saved as the source's new truth")
                }
            } catch {
                return fail("not content: \(error.message)" + (error.locator.map { " (\($0))" } ?? ""))
            }
        }
        do {
            let written = try store.writeCapture(bytes, date: options.date, path: target.capturePath)
            outcome.state = written ? .fetched : .unchanged
        } catch {
            return fail("\(error)")
        }
        outcome.bytes = bytes.count
        outcome.detail = pages.count > 1 ? "\(pages.count) pages joined" : ""
        progress("saved  \(target.capturePath): \(bytes.count) bytes" + (pages.count > 1 ? " from \(pages.count) pages" : ""))
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let entry = Manifest.Entry(
            path: target.capturePath, source: target.source.id.path, url: redactor.redact(target.recordedURL),
            sha256: SHA256.hex(of: bytes), bytes: bytes.count, httpStatus: outcome.httpStatus,
            fetchedAt: formatter.string(from: now()))
        return (outcome, entry)
    }

    enum Attempt {
        case success(HTTPReply)
        case failure(String)
    }

    /// One request, retried as the policy says; the last answer or why there was none.
    func attempt(_ url: URL, _ target: FetchTarget, _ attempts: inout Int) async -> Attempt {
        let host = url.host ?? ""
        while true {
            attempts += 1
            let failure: RetryPolicy.Failure
            await gate.acquire(host)
            if let wait = await gate.waitBeforeStarting(host, interval: options.hostInterval, now: now()), wait > 0 {
                try? await sleep(wait)
            }
            await gate.started(host, at: now())
            let result: Result<HTTPReply, TransportError>
            do {
                let headers = target.headers + (target.signing?.headers(for: url, at: now()) ?? [])
                result = .success(try await transport.get(url, headers: headers, timeout: options.timeout))
            } catch {
                result = .failure(error)
            }
            await gate.release(host)
            switch result {
            case .success(let reply):
                guard !(200..<300).contains(reply.status) else { return .success(reply) }
                failure = .status(reply.status, retryAfter: reply.headers["retry-after"])
            case .failure(let error):
                failure = .transport(error)
            }
            guard let delay = options.policy.delay(after: attempts, failure, jitter: jitter(), now: now()) else {
                switch (result, failure) {
                case (.success(let reply), _): return .success(reply)
                case (.failure(let error), _):
                    return .failure(error.description + (attempts > 1 ? " (\(attempts) attempts)" : ""))
                }
            }
            let why =
                switch failure {
                case .status(let status, let retryAfter): "HTTP \(status)" + (retryAfter.map { ", Retry-After \($0)" } ?? "")
                case .transport(let error): error.description
                }
            progress("retry  \(target.capturePath): \(redactor.redact(why)); again in \(String(format: "%.1f", delay)) s")
            do { try await sleep(delay) } catch { return .failure("cancelled") }
        }
    }
}

enum FetchURL {
    /// `url` with the query item `name` set to `value`.
    static func setting(_ name: String, to value: String, in url: URL) -> URL {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url }
        var items = (components.queryItems ?? []).filter { $0.name != name }
        items.append(URLQueryItem(name: name, value: value))
        components.queryItems = items
        return components.url ?? url
    }
}

/// The manifest of the date being refreshed, written after each saved capture.
actor ManifestLedger {
    private let store: SnapshotStore
    private var manifest: Manifest
    /// The first write that failed, if any.
    private(set) var problem: String?

    init(store: SnapshotStore, manifest: Manifest) {
        self.store = store
        self.manifest = manifest
    }

    func record(_ entry: Manifest.Entry) {
        manifest.captures = (manifest.captures.filter { $0.path != entry.path } + [entry]).sorted { $0.path < $1.path }
        do {
            try store.writeManifest(manifest)
        } catch {
            if problem == nil { problem = "\(error)" }
        }
    }
}

/// One request at a time per host, and a pause between two: refresh is a polite client.
actor HostGate {
    private var busy: Set<String> = []
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]
    private var lastStart: [String: Date] = [:]

    /// Seconds to wait before the next request to `host` starts, `interval` after the last one.
    func waitBeforeStarting(_ host: String, interval: Double, now: Date) -> Double? {
        guard interval > 0, let last = lastStart[host] else { return nil }
        return interval - now.timeIntervalSince(last)
    }

    func started(_ host: String, at date: Date) { lastStart[host] = date }

    func acquire(_ host: String) async {
        if !busy.contains(host) {
            busy.insert(host)
            return
        }
        await withCheckedContinuation { waiting[host, default: []].append($0) }
    }

    func release(_ host: String) {
        if var queue = waiting[host], !queue.isEmpty {
            let next = queue.removeFirst()
            waiting[host] = queue
            next.resume()
        } else {
            busy.remove(host)
        }
    }
}
