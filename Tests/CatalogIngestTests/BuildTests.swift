import CatalogCore
import CatalogTestSupport
import Foundation
import Testing

@testable import CatalogIngest
@testable import ModelCatalog

/// `catalog build` on small snapshot folders made of real captures, with faults added.
@Suite("Building the catalog")
struct BuildTests {
    /// A temporary snapshots folder and catalog file.
    struct Workspace {
        let folder: URL
        var store: SnapshotStore { SnapshotStore(root: folder.appendingPathComponent("snapshots"), displayRoot: "snapshots") }
        var catalogPath: String { folder.appendingPathComponent("catalog.sqlite").path }

        init(_ name: String = #function) throws { folder = try Repository.temporaryFolder(name) }

        /// Writes a capture and records it in the date's manifest (unless `listed` is false).
        func add(_ date: String, _ path: String, _ bytes: [UInt8], listed: Bool = true, recordedSHA: String? = nil) throws {
            let day = Repository.date(date)
            try store.writeCapture(bytes, date: day, path: path)
            var manifest = try store.manifest(on: day) ?? Manifest(date: day, captures: [])
            if listed {
                manifest.captures.append(
                    Manifest.Entry(
                        path: path, source: SourceRegistry.source(forCapturePath: path)?.id.path ?? path,
                        url: "https://example.invalid/",
                        sha256: recordedSHA ?? SHA256.hex(of: bytes), bytes: bytes.count))
            }
            try store.writeManifest(manifest)
        }

        /// Copies committed captures of the repository.
        func copy(_ date: String, _ path: String, as newDate: String? = nil) throws {
            try add(newDate ?? date, path, try Repository.capture(date, path))
        }

        @discardableResult
        func build(rebuild: Bool = false) throws -> CatalogBuilder.Report {
            let writer = try CatalogWriter(path: catalogPath)
            let rules = Repository.root.appendingPathComponent("catalog")
            let builder = CatalogBuilder(store: store, rules: try RulesLoader.load(from: rules), rulesFingerprint: RulesLoader.fingerprint(of: rules))
            let report = try builder.build(into: writer, rebuild: rebuild)
            try writer.finish()
            return report
        }

        func catalog() throws -> CatalogArchive { try CatalogArchive(path: catalogPath) }
        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    @Test("a broken capture fails its source only; its last good capture carries forward, marked stale")
    func brokenCapture() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.copy("2026-05-28", "openai/models.json", as: "2026-06-01")
        try workspace.copy("2025-08-23", "xai/language-models.json", as: "2026-06-01")
        let openai = try Repository.capture("2026-05-28", "openai/models.json")
        try workspace.add("2026-06-02", "openai/models.json", Array(openai.prefix(5000)))
        try workspace.copy("2025-08-23", "xai/language-models.json", as: "2026-06-02")
        try workspace.add("2026-06-02", "mistral/models.json", Array("{\"data\": ".utf8))

        let report = try workspace.build()
        #expect(report.built.map(\.description) == ["2026-06-01", "2026-06-02"])
        #expect(
            report.failedInLatest.map(\.file).sorted() == [
                "snapshots/2026-06-02/mistral/models.json", "snapshots/2026-06-02/openai/models.json",
            ])
        #expect(report.failedInLatest.allSatisfy { $0.locator?.hasPrefix("line ") == true })

        let catalog = try workspace.catalog()
        let sources = Dictionary(uniqueKeysWithValues: try catalog.sources().map { ($0.capturePath, $0) })
        let openaiSource = try #require(sources["openai/models.json"])
        #expect(openaiSource.state == .stale)
        #expect(openaiSource.captureDate?.description == "2026-06-01")
        #expect(openaiSource.staleDays == 1)
        #expect(openaiSource.modelCount == 124)
        #expect(openaiSource.message?.contains("the capture of 2026-06-02 failed") == true)
        #expect(sources["mistral/models.json"]?.state == .failed)
        #expect(sources["mistral/models.json"]?.modelCount == 0)
        #expect(sources["xai/language-models.json"]?.state == .parsed)

        // Nothing was removed: both versions list the 124 OpenAI and 8 xAI models.
        let models = try catalog.models()
        #expect(models.filter { $0.provider == "openai" }.count == 124)
        #expect(models.filter { $0.provider == "xai" }.count == 8)
        #expect(try catalog.ids(at: Repository.date("2026-06-01")) == (try catalog.ids()))
        #expect(try catalog.model(id: "openai/gpt-4o")?.facts(.created).first?.source.file == "2026-06-01/openai/models.json")
    }

    @Test("a source missing on a date carries forward, marked stale with its age")
    func missingSource() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.copy("2026-05-28", "openai/models.json", as: "2026-06-01")
        try workspace.copy("2025-08-23", "xai/language-models.json", as: "2026-06-01")
        try workspace.copy("2025-08-23", "xai/language-models.json", as: "2026-06-10")
        try workspace.copy("2026-04-27", "openai/pricing.html", as: "2026-06-10")
        let report = try workspace.build()
        #expect(report.failedInLatest.isEmpty)
        let sources = Dictionary(uniqueKeysWithValues: try workspace.catalog().sources().map { ($0.capturePath, $0) })
        #expect(sources["openai/models.json"]?.state == .stale)
        #expect(sources["openai/models.json"]?.staleDays == 9)
        #expect(sources["openai/pricing.html"]?.state == .parsed)
        let openai = try workspace.catalog().models().filter { $0.provider == "openai" }
        #expect(openai.filter { !$0.isPageOnly }.count == 124)
        // The pricing page adds the prices of listed models and keeps the ones it alone names.
        #expect(openai.first { $0.id == "openai/gpt-4o" }?.price(PriceKey(.input)) == Decimal(string: "2.5"))
        #expect(openai.contains { $0.isPageOnly })
    }

    @Test("a partial list keeps the models it does not list from earlier captures")
    func partialList() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.copy("2026-05-29", "google/models.json", as: "2026-06-01")
        try workspace.copy("2025-05-21", "google/models.json", as: "2026-06-02")
        try workspace.build()
        let complete = Set(try Repository.parse("2026-05-29", "google/models.json").observations.map(\.providerModelID))
        let firstPage = Set(try Repository.parse("2025-05-21", "google/models.json").observations.map(\.providerModelID))
        let catalog = try workspace.catalog()
        let source = try #require(try catalog.sources().first)
        #expect(source.state == .partial)
        #expect(source.contributingDates.map(\.description) == ["2026-06-02", "2026-06-01"])
        #expect(source.modelCount == complete.union(firstPage).count)
        #expect(Set(try catalog.ids().map { String($0.dropFirst("google/".count)) }) == complete.union(firstPage))
        // A model only the older, complete list has keeps its facts from that capture.
        let carried = try #require(complete.subtracting(firstPage).sorted().first)
        #expect(try catalog.model(id: "google/" + carried)?.sourceFiles == ["2026-06-01/google/models.json"])
        let fresh = try #require(firstPage.sorted().first)
        #expect(try catalog.model(id: "google/" + fresh)?.sourceFiles == ["2026-06-02/google/models.json"])
    }

    @Test("a capture whose bytes differ from its manifest is refused; unlisted and unregistered files are reported")
    func checksums() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let bytes = try Repository.capture("2026-05-26", "deepseek/models.json")
        try workspace.add("2026-06-01", "deepseek/models.json", bytes, recordedSHA: String(repeating: "a", count: 64))
        try workspace.add(
            "2026-06-01", "cerebras/models.json", try Repository.capture("2026-05-31", "cerebras/models.json"), listed: false)
        try workspace.add("2026-06-01", "unknown/thing.json", Array("{}".utf8))
        let report = try workspace.build()
        let messages = report.diagnostics.map(\.diagnostic.description)
        #expect(
            messages.contains {
                $0.hasPrefix("snapshots/2026-06-01/deepseek/models.json: error: the file has \(bytes.count) bytes")
                    && $0.contains("the capture was altered")
            })
        #expect(
            messages.contains(
                "snapshots/2026-06-01/cerebras/models.json: warning: not listed in the manifest: its bytes cannot be checked"))
        #expect(messages.contains("snapshots/2026-06-01/unknown/thing.json: warning: not a registered source; ignored"))
        #expect(try workspace.catalog().ids() == ["cerebras/gpt-oss-120b", "cerebras/zai-glm-4.7"])
    }

    @Test("building twice gives identical rows; a second build only builds new dates; a changed date rebuilds from there")
    func incremental() throws {
        let dates = ["2025-05-21", "2025-05-22", "2025-05-30", "2025-05-31", "2025-06-10", "2025-06-19"]
        let full = try Workspace("incremental-full")
        let partial = try Workspace("incremental-partial")
        defer {
            full.remove()
            partial.remove()
        }
        for date in dates {
            let paths = try SnapshotStore(root: Repository.snapshots).capturePaths(on: Repository.date(date))
            for path in paths {
                try full.copy(date, path)
                if date < "2025-06-10" { try partial.copy(date, path) }
            }
        }
        let first = try full.build()
        #expect(first.built.count == 6)
        let dump = try full.catalog().tableDump()
        #expect(try full.build().built.isEmpty)
        #expect(try full.build(rebuild: true).built.count == 6)
        #expect(try full.catalog().tableDump() == dump)

        #expect(try partial.build().built.count == 4)
        for date in dates where date >= "2025-06-10" {
            for path in try SnapshotStore(root: Repository.snapshots).capturePaths(on: Repository.date(date)) {
                try partial.copy(date, path)
            }
        }
        let second = try partial.build()
        #expect(second.built.map(\.description) == ["2025-06-10", "2025-06-19"])
        #expect(second.unchanged.count == 4)
        #expect(try partial.catalog().tableDump() == dump)

        // Removing a capture from an old date rebuilds that date and every later one.
        let removed = partial.store.folder(of: Repository.date("2025-05-30")).appendingPathComponent("openai/models.json")
        try FileManager.default.removeItem(at: removed)
        let third = try partial.build()
        #expect(third.built.map(\.description) == ["2025-05-30", "2025-05-31", "2025-06-10", "2025-06-19"])
        #expect(try partial.catalog().tableDump() != dump)
    }

    @Test("a version is written in one transaction: a failure leaves no part of it")
    func atomicVersions() throws {
        let workspace = try Workspace()
        defer { workspace.remove() }
        try workspace.copy("2026-05-26", "deepseek/models.json", as: "2026-06-01")
        try workspace.build()
        let before = try workspace.catalog().tableDump()
        let writer = try CatalogWriter(path: workspace.catalogPath)
        let model = ModelRecord(id: "x/y", provider: "x", providerModelID: "y", status: .active, facts: [])
        let broken = CatalogVersion(
            date: Repository.date("2026-06-02"), fingerprint: "f", models: [model, model],
            sources: [SourceReport(capturePath: "x/models.json", state: .parsed, captureDate: Repository.date("2026-06-02"))],
            diagnostics: [])
        #expect(throws: SQLiteError.self) { try writer.write(broken) }
        try writer.finish()
        #expect(try workspace.catalog().tableDump() == before)
    }
}
