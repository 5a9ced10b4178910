import CatalogCore
import CatalogIngest
import CatalogTestSupport
import Foundation
import Testing

import CatalogReports
@testable import ModelCatalog

/// The catalog built from every committed snapshot.
@Suite("The full catalog")
struct CatalogTests {
    @Test("one version per snapshot date")
    func versions() throws {
        let catalog = try FullCatalog.open()
        // The history up to the pinned date is fixed; later dates only add versions.
        let dates = try SnapshotStore(root: Repository.snapshots).dates()
        #expect(catalog.versions.map(\.date) == dates)
        #expect(catalog.versions.filter { $0.date <= FullCatalog.pinnedDate }.count == 77)
        #expect(try #require(catalog.latestVersion) >= FullCatalog.pinnedDate)
        #expect(catalog.versions.first?.date.description == "2025-03-25")
        #expect(catalog.versions.first?.modelCount == 87)
        #expect(try catalog.models(at: FullCatalog.pinnedDate).filter { !$0.isPageOnly }.count == 1114)
        #expect(catalog.versions.last?.modelCount == (try catalog.models().count))
        #expect(catalog.version(at: Repository.date("2025-03-24")) == nil)
        #expect(catalog.version(at: Repository.date("2025-08-04"))?.description == "2025-08-01")
        #expect(try catalog.models(at: Repository.date("2025-01-01")).isEmpty)
    }

    /// Expected counts computed independently (Python, from the captures: the last capture of
    /// each source on or before the date, partial lists merged with the earlier ones).
    @Test(
        "models per provider at a date, carried forward from each source's last capture",
        arguments: [
            (
                "2026-07-28",
                [
                    "anthropic": 10, "bedrock": 135, "cerebras": 2, "cohere": 30, "deepseek": 2, "google": 54, "groq": 16,
                    "mistral": 64, "openai": 164, "openrouter": 350, "together": 260, "vertex": 10, "xai": 17,
                ]
            ),
            (
                "2025-06-10",
                ["anthropic": 11, "bedrock": 97, "google": 51, "mistral": 56, "openai": 92, "openrouter": 323, "xai": 6]
            ),
            ("2025-03-25", ["bedrock": 87]),
        ])
    func countsPerProvider(_ date: String, _ expected: [String: Int]) throws {
        // Page-only models (named by pricing or deprecation pages alone) are not in the lists.
        let models = try FullCatalog.open().models(at: Repository.date(date)).filter { !$0.isPageOnly }
        #expect(Dictionary(grouping: models, by: \.provider).mapValues(\.count) == expected)
    }

    @Test("source health of a version: stale sources with their age, partial lists")
    func sources() throws {
        let catalog = try FullCatalog.open()
        let latest = Dictionary(
            uniqueKeysWithValues: try catalog.sources(at: FullCatalog.pinnedDate).map { ($0.capturePath, $0) })
        #expect(latest["xai/language-models.json"]?.state == .stale)
        #expect(latest["xai/language-models.json"]?.captureDate?.description == "2025-08-23")
        #expect(latest["xai/language-models.json"]?.staleDays == 339)
        #expect(latest["together/models.html"]?.state == .parsed)
        #expect(latest["together/models.html"]?.staleDays == nil)
        let june = Dictionary(
            uniqueKeysWithValues: try catalog.sources(at: Repository.date("2025-06-10")).map { ($0.capturePath, $0) })
        #expect(june["google/models.json"]?.state == .partial)
        // The one model of the earlier pages that the 2025-06-10 page lacks comes from 2025-05-30.
        #expect(june["google/models.json"]?.contributingDates.map(\.description) == ["2025-06-10", "2025-05-30"])
        #expect(june["google/models.json"]?.modelCount == 51)
        #expect(try catalog.diagnostics(at: FullCatalog.pinnedDate).allSatisfy { $0.severity != .error })
        // The challenge page of 2026-05-08 is a failed capture in its own version only.
        #expect(
            try catalog.diagnostics(at: Repository.date("2026-05-08")).filter { $0.severity == .error }.map(\.file) == [
                "snapshots/2026-05-08/openai/pricing.html"
            ])
        #expect(
            try catalog.sources(at: Repository.date("2026-05-08")).first { $0.capturePath == "openai/pricing.html" }?.state
                == .stale)
    }

    @Test("a model's facts at a date, with their sources")
    func model() throws {
        let catalog = try FullCatalog.open()
        let codestral = try #require(try catalog.model(id: "mistral/codestral-2501", at: Repository.date("2025-12-20")))
        #expect(codestral.status == .deprecated)
        #expect(codestral.deprecation?.shutdown == .date(Repository.date("2026-01-31")))
        #expect(codestral.deprecation?.replacement == "codestral-latest")
        #expect(codestral.facts(.shutdown).first?.source.file == "2025-12-15/mistral/models.json")
        #expect(codestral.facts(.shutdown).first?.source.locator == "$.data[?@.id=='codestral-2501'].deprecation")
        #expect(try catalog.model(id: "mistral/codestral-2501", at: FullCatalog.pinnedDate) == nil)
        // A model whose source states nothing but its id is still a model.
        let vertex = try #require(try catalog.model(id: "vertex/gemini-2.5-flash", at: Repository.date("2026-02-01")))
        #expect(vertex.facts.map(\.field) == [.listed])
        #expect(vertex.listedBy == ["model-list"])
        #expect(vertex.status == .active)

        let sonnet = try #require(try catalog.model(id: "openrouter/anthropic/claude-sonnet-4.5", at: FullCatalog.pinnedDate))
        #expect(sonnet.price(PriceKey(.input)) == 3)
        #expect(sonnet.price(PriceKey(.cacheWrite)) == Decimal(string: "3.75"))
        #expect(sonnet.contextWindow == 1_000_000)

        // Two entries of one id in one capture disagree: both are kept and flagged.
        let voxtral = try #require(try catalog.model(id: "mistral/voxtral-mini-latest", at: FullCatalog.pinnedDate))
        #expect(voxtral.disagreements.map(\.field).contains(.contextWindow))
        #expect(voxtral.facts(.contextWindow).map(\.value) == [.integer(32_768), .integer(16_384)])
    }

    /// Together cut DeepSeek-V4-Pro between its API capture of 2026-05-31 (input 2.10, output
    /// 4.40) and its pages of 2026-07-27/28 (1.74, 3.48). The API answer takes precedence over
    /// pages, but it is carried forward 58 days old: the fresh pages win, and say why.
    @Test("a price freshly read beats one carried forward, whatever the sources' precedence")
    func freshestWins() throws {
        let catalog = try FullCatalog.open()
        let version = Repository.date("2026-07-28")
        let model = try #require(try catalog.model(id: "together/deepseek-ai/DeepSeek-V4-Pro", at: version))
        #expect(model.price(PriceKey(.input)) == Decimal(string: "1.74"))
        #expect(model.price(PriceKey(.output)) == Decimal(string: "3.48"))
        #expect(
            model.facts(.price(PriceKey(.input))).map(\.source.file) == [
                "2026-07-28/together/models.html", "2026-07-27/together/pricing.html", "2026-05-31/together/models.json",
            ])
        let input = try #require(model.disagreements.first { $0.field == .price(PriceKey(.input)) })
        #expect(input.reason == .fresher)
        #expect(input.losers.map(\.value) == [.decimal(Decimal(string: "2.10")!)])
        #expect(
            input.explanation
                == "1.74 from 2026-07-28/together/models.html wins: the freshest capture; 2.10 from 2026-05-31/together/models.json carried forward from an earlier date"
        )
        // On 2026-05-31 the API answer was the freshest statement, and it stood.
        let may = try #require(try catalog.model(id: "together/deepseek-ai/DeepSeek-V4-Pro", at: Repository.date("2026-05-31")))
        #expect(may.price(PriceKey(.input)) == Decimal(string: "2.10"))
        // Captures of one date: precedence decides (the model-list API before the pricing page).
        let voxtral = try #require(try catalog.model(id: "mistral/voxtral-mini-latest", at: version))
        #expect(voxtral.disagreements.first { $0.field == .contextWindow }?.reason == .precedence)
    }

    /// Mistral's pricing page prices the endpoint `magistral-small-latest` at Magistral Small's
    /// $0.50, while Mistral's API says that name is an alias of `mistral-small-2603` (Mistral
    /// Small 4, $0.15 at OpenRouter): a price attributed to the wrong model is flagged.
    @Test("a maker's price that OpenRouter contradicts twofold is a warning on the maker's capture")
    func crossSource() throws {
        let warnings = try FullCatalog.open().diagnostics(at: FullCatalog.pinnedDate).filter {
            $0.message.contains("at OpenRouter")
        }
        #expect(
            warnings.contains {
                $0.file == "snapshots/2026-05-08/mistral/pricing.html"
                    && $0.message
                        == "mistral/mistral-small-2603: input 0.50 USD/1M here, 0.15 at OpenRouter (openrouter/mistralai/mistral-small-2603): one of them may be attributed to the wrong model"
            })
        // Where maker and router agree, nothing is said.
        #expect(!warnings.contains { $0.message.hasPrefix("openai/gpt-4o-2024-08-06:") })
    }

    @Test("history: listed, price, limit and deprecation changes in order")
    func history() throws {
        let catalog = try FullCatalog.open()
        let codestral = try #require(try catalog.history(of: "mistral/codestral-2501"))
        #expect(codestral.listedIn.first?.description == "2025-06-10")
        #expect(codestral.listedIn.last?.description == "2026-01-29")
        let text = CatalogText.history(codestral)
        #expect(
            text == """
                mistral/codestral-2501: listed in 43 version(s), 2025-06-10 … 2026-01-29
                2025-06-10  listed
                2025-12-14  status: active → deprecated
                2025-12-14  context_window: 262144 → 256000 (-2.3%)
                2025-12-14  deprecation.shutdown: none → 2025-12-30
                2025-12-14  deprecation.replacement: none → codestral-latest
                2025-12-15  deprecation.shutdown: 2025-12-30 → 2026-01-31
                2026-02-03  no longer listed

                """)
        #expect(try catalog.history(of: "nobody/nothing") == nil)
    }

    @Test("the JSON contract for one model, byte for byte")
    func jsonContract() throws {
        let catalog = try FullCatalog.open()
        let grok = try #require(try catalog.model(id: "xai/grok-4-0709", at: Repository.date("2025-08-23")))
        let golden = try String(
            contentsOf: Repository.root.appendingPathComponent("Tests/ModelCatalogTests/Golden/xai-grok-4-0709.json"),
            encoding: .utf8)
        #expect(ModelJSON.model(grok).rendered(pretty: true) + "\n" == golden)
    }

    @Test("the committed export is the newest version of a fresh build (run `swift run catalog build` when this fails)")
    func committedExportIsCurrent() throws {
        let catalog = try FullCatalog.open()
        let latest = try #require(catalog.latestVersion)
        let fresh = CatalogText.export(models: try catalog.models(), sources: try catalog.sources(), version: latest)
        let committed = try String(contentsOf: Repository.root.appendingPathComponent("catalog/models.txt"), encoding: .utf8)
        #expect(committed == fresh)
    }

    @Test("the schema is recorded as named migrations; other files are refused with a clear message")
    func schema() throws {
        let catalog = try FullCatalog.open()
        #expect(
            try catalog.tableDump().contains("## schema_migrations\n2026-11-27-canonical-names\n2026-11-27-catalog-versions\n"))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulkllm-schema-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing.sqlite").path
        #expect { try CatalogArchive(path: missing) } throws: {
            ($0 as? CatalogStoreError)?.message.contains("run `catalog build`") == true
        }
        let newer = folder.appendingPathComponent("newer.sqlite").path
        let writer = try CatalogWriter(path: newer)
        try writer.database.execute("INSERT INTO schema_migrations VALUES ('2099-01-01-from-the-future')")
        try writer.finish()
        #expect { try CatalogArchive(path: newer) } throws: {
            ($0 as? CatalogStoreError)?.message.contains("newer bulkllm") == true
        }
        let text = folder.appendingPathComponent("text.sqlite")
        try Data("not a database at all, just some text that is long enough".utf8).write(to: text)
        #expect(throws: (any Error).self) { try CatalogArchive(path: text.path) }
    }
}
