import CatalogCore
import Foundation
import Testing

/// The diff engine on two small hand-built versions.
@Suite("DiffEngine on synthetic versions")
struct DiffEngineTests {
    static let march = CalendarDate(iso: "2026-03-01")!
    static let april = CalendarDate(iso: "2026-04-01")!

    func record(_ date: CalendarDate, _ id: String, input: String) -> ModelRecord {
        let file = "\(date)/openai/models.json"
        return ModelRecord(
            id: "openai/" + id, provider: "openai", providerModelID: id, status: .active,
            facts: [
                SourcedFact(field: .listed, value: .text("model-list"), source: FactSource(file: file, locator: "$.data")),
                SourcedFact(
                    field: .price(PriceKey(.input)), value: .decimal(Decimal(string: input)!),
                    source: FactSource(file: file, locator: "$.data[0]")),
            ])
    }

    func version(_ date: CalendarDate, _ records: [ModelRecord], state: SourceState = .parsed) -> CatalogVersion {
        let sources = [
            SourceReport(
                capturePath: "openai/models.json", state: state, captureDate: state == .parsed ? date : DiffEngineTests.march)
        ]
        return CatalogVersion(
            date: date, fingerprint: date.description, models: records, sources: sources, diagnostics: [],
            canonical: Canonicalizer(rules: Synthetic.rules).canonicalize(records, on: date))
    }

    @Test("a price that moved is a price change with both values and the percentage")
    func priceChange() throws {
        let diff = CatalogDiff(
            from: version(DiffEngineTests.march, [record(DiffEngineTests.march, "gpt-4o-2024-08-06", input: "2.5")]),
            to: version(DiffEngineTests.april, [record(DiffEngineTests.april, "gpt-4o-2024-08-06", input: "2")]))
        let change = try #require(diff.changes(.priceChanged).first)
        #expect(change.providerModelID == "gpt-4o-2024-08-06")
        #expect(change.field == "input")
        #expect(change.old == .decimal(Decimal(string: "2.5")!))
        #expect(change.new == .decimal(2))
        #expect(change.percentChange == -20)
        #expect(diff.changes.count == 1)
    }

    @Test("a model a fresh, whole list no longer has is removed")
    func removed() {
        let diff = CatalogDiff(
            from: version(
                DiffEngineTests.march,
                [
                    record(DiffEngineTests.march, "gpt-4o-2024-08-06", input: "2.5"),
                    record(DiffEngineTests.march, "o1-2024-12-17", input: "15"),
                ]),
            to: version(DiffEngineTests.april, [record(DiffEngineTests.april, "gpt-4o-2024-08-06", input: "2.5")]))
        #expect(diff.changes(.removed).map(\.providerModelID) == ["o1-2024-12-17"])
    }

    @Test("a source that failed removes nothing: it is reported not compared")
    func failedSourceRemovesNothing() {
        let diff = CatalogDiff(
            from: version(DiffEngineTests.march, [record(DiffEngineTests.march, "gpt-4o-2024-08-06", input: "2.5")]),
            to: version(DiffEngineTests.april, [], state: .failed))
        #expect(diff.changes(.removed).isEmpty)
        #expect(diff.changes(.notCompared).map(\.provider) == ["openai"])
    }

    @Test("a new model is an addition")
    func added() {
        let diff = CatalogDiff(
            from: version(DiffEngineTests.march, [record(DiffEngineTests.march, "gpt-4o-2024-08-06", input: "2.5")]),
            to: version(
                DiffEngineTests.april,
                [
                    record(DiffEngineTests.april, "gpt-4o-2024-08-06", input: "2.5"),
                    record(DiffEngineTests.april, "gpt-5-2025-08-07", input: "1.25"),
                ]))
        #expect(diff.changes(.added).map(\.providerModelID) == ["gpt-5-2025-08-07"])
        #expect(diff.changes(.removed).isEmpty)
    }
}
