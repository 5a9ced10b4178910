import CatalogCore
import CatalogTestSupport
import Foundation
import Testing

@testable import ModelCatalog

/// `catalog coverage` on the pinned version: what share of each provider's listed text models
/// can be priced, and the reason for each one that cannot, checked against the captures.
@Suite("Price coverage")
struct CoverageTests {
    static let coverage = Result {
        let archive = try FullCatalog.open()
        return try CatalogCoverage(catalog: try FullCatalog.pinned(), records: try archive.models(at: FullCatalog.pinnedDate))
    }

    @Test("first-party text models priced, per provider, on 2026-07-28")
    func perProvider() throws {
        let coverage = try CoverageTests.coverage.get()
        #expect(coverage.version == FullCatalog.pinnedDate)
        let openai = try #require(coverage.provider("openai"))
        // openai/models.json of 2026-05-28 lists 124 models.
        #expect(openai.listed == 124)
        #expect(openai.textModels.count == 83)
        #expect(openai.pricedText == 82)
        #expect(openai.textCoverage == Decimal(string: "98.8"))
        #expect(openai.textModels.filter { !$0.isPriced }.map(\.id) == ["openai/chat-latest"])
        #expect(openai.textModels.first { $0.id == "openai/chat-latest" }?.reason == .noPriceStated)
        // Every DeepSeek and Cerebras model is priced.
        #expect(coverage.provider("deepseek")?.textCoverage == 100)
        #expect(coverage.provider("cerebras")?.textCoverage == 100)
        // claude-opus-4-8 came after the newest Anthropic pricing page (2026-04-26).
        let anthropic = try #require(coverage.provider("anthropic"))
        #expect(anthropic.textModels.filter { !$0.isPriced }.map(\.id) == ["anthropic/claude-opus-4-8"])
    }

    @Test("models of other kinds count as priced in their own units; the unit is named")
    func otherKinds() throws {
        let coverage = try CoverageTests.coverage.get()
        let openai = try #require(coverage.provider("openai"))
        let whisper = try #require(openai.entries.first { $0.id == "openai/whisper-1" })
        #expect(whisper.kind == .transcription)
        #expect(whisper.isPriced)
        #expect(whisper.detail == "USD/audio minute")
        #expect(openai.entries.first { $0.id == "openai/sora-2-pro" }?.kind == .video)
        #expect(openai.entries.first { $0.id == "openai/tts-1" }?.detail == "USD/1M characters")
        let google = try #require(coverage.provider("google"))
        #expect(google.entries.first { $0.id == "google/veo-3.1-generate-preview" }?.isPriced == true)
        #expect(google.entries.first { $0.id == "google/lyria-3-pro-preview" }?.detail == "USD/clip")
    }

    @Test("a text model priced only per request is priced in another unit; a price not read says so")
    func reasons() throws {
        func record(_ id: String, _ facts: [(FactField, FactValue)]) -> ModelRecord {
            let source = FactSource(file: "2026-07-28/example/models.json", locator: "$")
            return ModelRecord(
                id: "example/" + id, provider: "example", providerModelID: id, status: .active,
                facts: [SourcedFact(field: .listed, value: .text("model-list"), source: source)]
                    + facts.map { SourcedFact(field: $0.0, value: $0.1, source: source) })
        }
        let records = [
            record("per-request", [(.price(PriceKey(.perRequest)), .decimal(Decimal(string: "0.01")!))]),
            record("unread", [(.unreadPrice, .text("$2 per 1,000 pages + 50% off"))]),
            record("nothing", []),
            record("priced", [(.price(PriceKey(.input)), .decimal(1))]),
        ]
        let version = CatalogVersion(
            date: FullCatalog.pinnedDate, fingerprint: "", models: records, sources: [], diagnostics: [],
            canonical: Canonicalizer(rules: CanonicalizationRules(creators: [])).canonicalize(records, on: FullCatalog.pinnedDate)
        )
        let folder = try Repository.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("catalog.sqlite").path
        let writer = try CatalogWriter(path: path)
        try writer.write(version)
        try writer.finish()
        let coverage = try CatalogCoverage(catalog: try Catalog(path: path), records: records)
        let entries = Dictionary(uniqueKeysWithValues: (coverage.provider("example")?.entries ?? []).map { ($0.id, $0) })
        #expect(entries["example/per-request"]?.reason == .otherUnit)
        #expect(entries["example/per-request"]?.detail == "USD/request")
        #expect(entries["example/unread"]?.reason == .notRead)
        #expect(entries["example/unread"]?.detail?.hasPrefix("$2 per 1,000 pages + 50% off") == true)
        #expect(entries["example/nothing"]?.reason == .noPriceStated)
        #expect(entries["example/priced"]?.isPriced == true)
        #expect(coverage.provider("example")?.textCoverage == 25)
    }
}
