import CatalogCore
import CatalogTestSupport
import FlyingFox
import Foundation
import Testing

@testable import CatalogIngest
import CatalogReports
@testable import ModelCatalog

/// What the nightly job does, on a copy of the repository: refresh a new date from the
/// providers (a replay server answering with each source's newest capture as of the pinned
/// date), build, and check that every invariant the test suite holds the repository to still
/// holds. The nightly pull request must stay green.
@Suite("A simulated nightly refresh", .serialized)
struct NightlyTests {
    @Test("a new date refreshed and built on a copy of the repository keeps every invariant; history is not rewritten")
    func nightly() async throws {
        let folder = try Repository.temporaryFolder("nightly")
        defer { try? FileManager.default.removeItem(at: folder) }
        let snapshots = folder.appendingPathComponent("snapshots")
        let rules = folder.appendingPathComponent("catalog")
        try FileManager.default.copyItem(at: Repository.snapshots, to: snapshots)
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        for name in ["creators.yaml", "corrections.yaml", "successors.yaml"] {
            try FileManager.default.copyItem(
                at: Repository.root.appendingPathComponent("catalog/" + name), to: rules.appendingPathComponent(name))
        }
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: FullCatalog.path), to: rules.appendingPathComponent("catalog.sqlite"))
        let store = SnapshotStore(root: snapshots, displayRoot: "snapshots")
        let before = try store.dates()
        let night = try #require(before.last).adding(days: 1)

        // Each source's newest capture as of the pinned date, as the providers answer tonight.
        var newest: [String: CalendarDate] = [:]
        var pages: [String: Data] = [:]
        for date in before where date <= FullCatalog.pinnedDate {
            for path in try store.capturePaths(on: date) {
                guard let source = SourceRegistry.source(forCapturePath: path), source.kind != .derived else { continue }
                if let model = source.modelID(inCapturePath: path) {
                    pages[model] = try Repository.captureData(date.description, path)
                } else {
                    newest[path] = date
                }
            }
        }
        let server = try ReplayServer()
        for (path, date) in newest.sorted(by: { $0.key < $1.key }) {
            let format = SourceRegistry.source(forCapturePath: path)!.format
            await server.serve(
                RefreshTests.routePath(path), try Repository.captureData(date.description, path),
                contentType: format == .json ? "application/json" : format == .html ? "text/html" : "text/markdown")
        }
        let knownPages = pages
        await server.route("/developers.openai.com/api/docs/models/*") { request in
            let id = String(request.path.split(separator: "/").last ?? "")
            guard let page = knownPages[id] else { return HTTPResponse(statusCode: .notFound) }
            return HTTPResponse(statusCode: .ok, headers: [HTTPHeader("Content-Type"): "text/html"], body: page)
        }
        try await server.start()
        var environment = RefreshTests.keys
        environment["XAI_API_KEY"] = "xai-test-4d8f2b6e0a1c"
        environment["GOOGLE_CLOUD_ACCESS_TOKEN"] = "ya29.test-vertex-7c3e1a9f5b2d"
        environment["AWS_ACCESS_KEY_ID"] = "AKIATESTNIGHTLY00001"
        environment["AWS_SECRET_ACCESS_KEY"] = "test-secret-nightly-0f1e2d3c4b5a"
        let run = try await RefreshTests.refresh(
            server, into: folder, date: night.description, sources: nil, environment: environment, hostInterval: 1)
        let requests = await server.requests
        await server.stop()

        // Every source answered; the one whose newest capture is a bot challenge is refused.
        let outcomes = Dictionary(grouping: run.report.outcomes, by: \.state)
        #expect(outcomes[.failed]?.map(\.capturePath) == ["openai/pricing.html"])
        #expect(
            Set(outcomes[.fetched, default: []].map(\.capturePath))
                == Set(newest.keys).subtracting(["openai/pricing.html"])
                .union(pages.keys.map { "openai/models/\($0).html" }))
        // A page for every model OpenAI lists (a dated snapshot's page is its name's), politely.
        let asked = Set(
            requests.compactMap {
                $0.path.hasPrefix("/developers.openai.com/api/docs/models/") ? String($0.path.split(separator: "/").last!) : nil
            })
        #expect(asked.contains("gpt-5.5") && asked.contains("o3") && asked.contains("gpt-5.6-sol"))
        #expect(!asked.contains("gpt-5.5-2026-04-23") && !asked.contains("gpt-4o-2024-08-06"))
        #expect(
            outcomes[.skipped, default: []].filter { $0.detail == "no page for this model (HTTP 404)" }.count == asked.count
                - pages.count)
        // Every provider is the one loopback host here: one request at a time, a second apart.
        #expect(run.sleeps.filter { $0 == 1 }.count == requests.count - 1)

        // Build, as `catalog build` does: only the new date is built.
        var options = BuildJob.Options(
            snapshots: snapshots, snapshotsDisplay: "snapshots", catalog: rules.appendingPathComponent("catalog.sqlite"),
            export: rules.appendingPathComponent("models.txt"), rules: rules)
        options.embedded = folder.appendingPathComponent("catalog.tsv")
        let (report, _) = try BuildJob.run(options)
        #expect(report.built == [night])
        #expect(report.failedInLatest.isEmpty)

        // The invariants the suite holds the committed repository to.
        let dates = try store.dates()
        #expect(dates == before + [night])
        let (problems, _) = try RepositoryInvariants.snapshotProblems(store)
        #expect(problems.isEmpty, "\(problems.prefix(20))")
        let archive = try CatalogArchive(path: options.catalog.path)
        let history = try RepositoryInvariants.historyProblems(archive, dates: dates)
        #expect(history.isEmpty, "\(history.prefix(20))")
        let names = try RepositoryInvariants.nameProblems(try Catalog(path: options.catalog.path))
        #expect(names.problems.isEmpty, "\(names.problems.prefix(20))")
        // History is not rewritten: the pinned version is the committed one, model for model.
        #expect(try archive.models(at: FullCatalog.pinnedDate) == (try FullCatalog.open().models(at: FullCatalog.pinnedDate)))
        // Tonight's captures are the pinned date's newest ones: the same models, nothing removed.
        #expect(try archive.ids(at: night) == (try FullCatalog.open().ids(at: FullCatalog.pinnedDate)))
        let diff = try CatalogDiff.load(old: .date(FullCatalog.pinnedDate), new: .date(night), catalogPath: options.catalog.path)
        #expect(diff.changes.filter { [.removed, .retired, .suspiciousDrop].contains($0.kind) }.isEmpty)
        // The files the nightly pull request commits are the new version's.
        let export = try String(contentsOf: rules.appendingPathComponent("models.txt"), encoding: .utf8)
        #expect(export == CatalogText.export(models: try archive.models(), sources: try archive.sources(), version: night))
        let embedded = try String(contentsOf: try #require(options.embedded), encoding: .utf8)
        #expect(try Catalog.embedded(contentsOf: try #require(options.embedded)).version == night)
        #expect(embedded == (try archive.embeddedCatalogText()))
        try RefreshTests.expectNoSecrets(in: snapshots.appendingPathComponent(night.description), run.progress)
    }
}
