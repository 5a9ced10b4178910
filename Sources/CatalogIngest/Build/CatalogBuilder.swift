package import CatalogCore
import Foundation
package import ModelCatalog

/// `catalog build`: reads every snapshot date, parses each capture, carries forward the last
/// good capture of sources that are missing or fail, assembles one catalog version per date
/// and writes it in one transaction.
///
/// A version is rebuilt only when its inputs changed: each version's fingerprint covers its
/// manifest, its capture files and the fingerprint of the version before it (whose carried
/// captures it inherits). A missing or failed source is never read as its models being
/// removed: its last good capture stays in force, marked stale with its age.
package struct CatalogBuilder: Sendable {
    /// Bump when parsing or assembly changes what a version contains, so stored versions rebuild.
    package static let formatVersion = "bulkllm-build-11"

    package let store: SnapshotStore
    package var assembler: VersionAssembler
    /// Groups each version's records into canonical models.
    package var canonicalizer: Canonicalizer
    /// Identifies the canonicalization rules, so that changed rules rebuild every version.
    package var rulesFingerprint: String

    package init(
        store: SnapshotStore, rules: CanonicalizationRules = CanonicalizationRules(creators: []), rulesFingerprint: String = "",
        identity: any ModelIdentifying = ProviderScopedIdentity()
    ) {
        self.store = store
        self.assembler = VersionAssembler(identity: identity)
        self.canonicalizer = Canonicalizer(rules: rules)
        self.rulesFingerprint = rulesFingerprint
    }

    /// What a build did.
    package struct Report: Sendable {
        /// Versions written by this run, oldest first.
        package var built: [CalendarDate] = []
        /// Versions kept because their inputs did not change.
        package var unchanged: [CalendarDate] = []
        /// Versions deleted because their snapshot folder is gone.
        package var deleted: [CalendarDate] = []
        /// The newest version's date.
        package var latest: CalendarDate?
        /// The newest version's sources.
        package var latestSources: [SourceReport] = []
        /// The newest version's model count.
        package var latestModelCount = 0
        /// Errors and warnings from the captures read in this run, per version date.
        package var diagnostics: [(date: CalendarDate, diagnostic: Diagnostic)] = []
        /// Captures of the newest snapshot date that could not be read.
        package var failedInLatest: [Diagnostic] = []
        /// The newest version's prices that another source contradicts (``ReadingCheck/crossSource(_:records:)``).
        package var latestCrossSource: [Diagnostic] = []
        /// Bytes of captures read in this run.
        package var bytesRead = 0
        /// Captures read in this run.
        package var capturesRead = 0

        /// Errors (failed captures) from every version built in this run.
        package var errors: [(date: CalendarDate, diagnostic: Diagnostic)] {
            diagnostics.filter { $0.diagnostic.severity == .error }
        }
    }

    /// The captures of one source in force: the current one and, for partial lists, the
    /// earlier ones whose models it did not list.
    /// What carries from one version to the next while building.
    struct State {
        var carry = CarryForward()
        var assembler: VersionAssembler
    }

    /// Builds every version whose inputs changed (all of them when `rebuild` is set).
    package func build(into writer: CatalogWriter, rebuild: Bool = false) throws -> Report {
        var report = Report()
        let dates = try store.dates()
        let stored = try writer.fingerprints()
        let gone = stored.keys.filter { !dates.contains($0) }.sorted()
        try writer.deleteVersions(gone)
        report.deleted = gone

        // Fingerprints chain from one version to the next.
        var fingerprints: [CalendarDate: String] = [:]
        // Which sources have parsers is part of every version's inputs: adding one rebuilds all.
        var previous =
            CatalogBuilder.formatVersion + "|" + rulesFingerprint + "|"
            + SourceRegistry.all.filter { ParserRegistry.parser(for: $0.id) != nil }.map(\.id.path).joined(separator: ",")
        var firstDirty: Int?
        for (index, date) in dates.enumerated() {
            let fingerprint = try self.fingerprint(of: date, previous: previous)
            fingerprints[date] = fingerprint
            previous = fingerprint
            if firstDirty == nil, rebuild || stored[date] != fingerprint { firstDirty = index }
        }
        let start = firstDirty ?? dates.count
        report.unchanged = Array(dates[..<start])
        if start < dates.count {
            try writer.deleteVersions(Array(dates[start...]).filter { stored[$0] != nil })
        }

        var state = State(assembler: assembler)
        if start > 0, start < dates.count {
            try restore(&state, from: writer.sources(of: dates[start - 1]))
        }

        for date in dates[start...] {
            let version = try buildVersion(date, fingerprint: fingerprints[date]!, state: &state, report: &report)
            try writer.write(version)
            report.built.append(date)
        }

        if let latest = dates.last {
            report.latest = latest
            if report.built.last != latest {
                report.latestSources = try writer.sources(of: latest)
                report.failedInLatest = try writer.diagnostics(of: latest).filter { $0.severity == .error }
                report.latestModelCount = try writer.modelCount(of: latest)
            }
        }
        return report
    }

    private func fingerprint(of date: CalendarDate, previous: String) throws -> String {
        var hasher = SHA256()
        hasher.update(Array(previous.utf8))
        let manifestURL = store.folder(of: date).appendingPathComponent("manifest.json")
        if let manifest = try? store.readBytes(manifestURL, display: "manifest.json") { hasher.update(manifest) }
        for path in try store.capturePaths(on: date) {
            let attributes = try? FileManager.default.attributesOfItem(
                atPath: store.folder(of: date).appendingPathComponent(path).path)
            let size = (attributes?[.size] as? NSNumber)?.intValue ?? -1
            hasher.update(Array("\n\(path)\t\(size)".utf8))
        }
        return hasher.finalizeHex()
    }

    /// Rebuilds the captures in force after a stored version, by parsing only the captures it
    /// used (never the whole history).
    private func restore(_ state: inout State, from sources: [SourceReport]) throws {
        for source in sources {
            guard let captureDate = source.captureDate else { continue }
            if source.state == .notParsedYet {
                state.carry.restoreUnparsed(
                    path: source.capturePath, date: captureDate, sha256: source.sha256, bytes: source.bytes ?? 0)
                continue
            }
            guard let descriptor = SourceRegistry.source(forCapturePath: source.capturePath),
                let parser = ParserRegistry.parser(for: descriptor.id)
            else { continue }
            let dates = source.contributingDates.isEmpty ? [captureDate] : source.contributingDates
            var parts: [(date: CalendarDate, observations: [Observation])] = []
            var listed: Set<String> = []
            for date in dates {
                let bytes = try store.read(date, source.capturePath)
                let parsed = try parser.parse(bytes, file: store.displayPath(date, source.capturePath))
                let fresh = parsed.observations.filter { !listed.contains($0.providerModelID) }
                listed.formUnion(fresh.map(\.providerModelID))
                parts.append((date, fresh))
            }
            state.carry.restore(
                path: source.capturePath, parts: parts, sha256: source.sha256, bytes: source.bytes,
                partialReason: source.state == .partial ? source.message : nil)
        }
    }

    /// What reading one capture gave.
    struct Loaded: Sendable {
        /// `nil` for a page without a parser.
        var outcome: Result<ParsedCapture, CaptureError>?
        var bytes: Int
        var sha256: String
    }

    /// Results of parallel loads, one slot per job.
    final class Loads: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Loaded?]
        init(count: Int) { slots = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Loaded) {
            lock.lock()
            slots[index] = value
            lock.unlock()
        }
        func get(_ index: Int) -> Loaded {
            lock.lock()
            defer { lock.unlock() }
            return slots[index]!
        }
    }

    /// Reads, checks and parses one capture. Safe to run for several captures at once.
    private func load(
        _ date: CalendarDate, _ path: String, _ descriptor: SourceDescriptor, _ entry: Manifest.Entry?, _ display: String
    )
        -> Loaded
    {
        var count = 0
        var sha = entry?.sha256 ?? ""
        do throws(CaptureError) {
            let bytes = try store.read(date, path)
            count = bytes.count
            if bytes.count > descriptor.maximumBytes {
                throw CaptureError(
                    .tooLarge, file: display,
                    "the capture is \(bytes.count) bytes, more than the \(descriptor.maximumBytes) bytes this source may have")
            }
            let actual = SHA256.hex(of: bytes)
            if let entry {
                guard actual == entry.sha256, bytes.count == entry.bytes else {
                    throw CaptureError(
                        .checksumMismatch, file: display,
                        "the file has \(bytes.count) bytes and SHA-256 \(actual), but the manifest records \(entry.bytes) bytes and \(entry.sha256): the capture was altered"
                    )
                }
            }
            sha = actual
            guard let parser = ParserRegistry.parser(for: descriptor.id) else {
                return Loaded(outcome: nil, bytes: count, sha256: sha)
            }
            return Loaded(outcome: .success(try parser.parse(bytes, file: display)), bytes: count, sha256: sha)
        } catch {
            return Loaded(outcome: .failure(error), bytes: count, sha256: sha)
        }
    }

    private func buildVersion(
        _ date: CalendarDate, fingerprint: String, state: inout State, report: inout Report
    ) throws -> CatalogVersion {
        var diagnostics: [Diagnostic] = []
        var manifest: Manifest?
        do {
            manifest = try store.manifest(on: date)
            if manifest == nil {
                diagnostics.append(
                    Diagnostic(
                        .warning, file: store.displayPath(date, "manifest.json"),
                        "no manifest: the captures of this date cannot be checked"))
            }
        } catch {
            diagnostics.append(error.diagnostic)
        }
        let paths = try store.capturePaths(on: date)
        // Read, check and parse every capture of the date in parallel; fold them in in order.
        struct Job {
            var path: String
            var descriptor: SourceDescriptor
            var entry: Manifest.Entry?
            var display: String
        }
        var jobs: [Job] = []
        for path in paths {
            let display = store.displayPath(date, path)
            guard let descriptor = SourceRegistry.source(forCapturePath: path) else {
                diagnostics.append(Diagnostic(.warning, file: display, "not a registered source; ignored"))
                continue
            }
            let entry = manifest?.entry(for: path)
            if manifest != nil, entry == nil {
                diagnostics.append(Diagnostic(.warning, file: display, "not listed in the manifest: its bytes cannot be checked"))
            }
            jobs.append(Job(path: path, descriptor: descriptor, entry: entry, display: display))
        }
        let loads = Loads(count: jobs.count)
        let work = jobs
        DispatchQueue.concurrentPerform(iterations: work.count) { index in
            let job = work[index]
            loads.set(index, load(date, job.path, job.descriptor, job.entry, job.display))
        }
        var captures: [CarryForward.Capture] = []
        for (index, job) in jobs.enumerated() {
            let loaded = loads.get(index)
            report.bytesRead += loaded.bytes
            if loaded.bytes > 0 || loaded.outcome != nil { report.capturesRead += 1 }
            let result: CarryForward.Result
            switch loaded.outcome {
            case nil: result = .noParser(sha256: loaded.sha256, bytes: loaded.bytes)
            case .success(let parsed): result = .parsed(parsed, sha256: job.entry?.sha256 ?? loaded.sha256, bytes: loaded.bytes)
            case .failure(let error): result = .failed(error, bytes: loaded.bytes)
            }
            captures.append(CarryForward.Capture(path: job.path, display: job.display, result: result))
        }
        let outcome = state.carry.apply(date, captures)
        diagnostics += outcome.diagnostics
        let inputs = outcome.inputs
        let sources = outcome.reports

        let models = state.assembler.assemble(inputs, on: date)
        let canonical = canonicalizer.canonicalize(models, on: date)
        // Checked against another source only once the version is whole; reported for the newest only.
        let crossChecked = ReadingCheck.crossSource(canonical, records: models)
        report.diagnostics += diagnostics.map { (date, $0) }
        report.latestCrossSource = crossChecked
        diagnostics += crossChecked
        report.latestSources = sources
        report.latestModelCount = models.count
        report.failedInLatest = diagnostics.filter { $0.severity == .error }
        return CatalogVersion(
            date: date, fingerprint: fingerprint, models: models, sources: sources, diagnostics: diagnostics, canonical: canonical
        )
    }
}
