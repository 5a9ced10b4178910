import CatalogCore
import Foundation
import Testing

@Suite("Assembling a version and its history")
struct AssemblyTests {
    static let july = CalendarDate(iso: "2025-07-30")!
    static let may = CalendarDate(iso: "2025-05-21")!

    func observation(_ id: String, _ facts: [(FactField, FactValue)]) -> Observation {
        var observation = Observation(providerModelID: id, locator: "$.data[?@.id=='\(id)']")
        for (index, fact) in facts.enumerated() { observation.add(fact.0, fact.1, at: "f\(index)") }
        return observation
    }

    @Test("an API's own answer takes precedence over derived docs data, and both are kept")
    func precedence() {
        var assembler = VersionAssembler()
        let docs = VersionAssembler.Input(
            capturePath: "openai/docs-models.json", captureDate: AssemblyTests.may,
            observations: [observation("gpt-4o", [(.contextWindow, .integer(128_000)), (.displayName, .text("GPT-4o"))])],
            partID: 1)
        let api = VersionAssembler.Input(
            capturePath: "openai/models.json", captureDate: AssemblyTests.july,
            observations: [observation("gpt-4o", [(.contextWindow, .integer(100_000)), (.ownedBy, .text("system"))])], partID: 2)
        let models = assembler.assemble([docs, api], on: AssemblyTests.july)
        #expect(models.count == 1)
        let model = models[0]
        #expect(model.id == "openai/gpt-4o")
        #expect(model.contextWindow == 100_000)
        #expect(
            model.facts(.contextWindow).map(\.source.file) == [
                "2025-07-30/openai/models.json", "2025-05-21/openai/docs-models.json",
            ])
        #expect(model.disagreements.map(\.field) == [.contextWindow])
        #expect(model.displayName == "GPT-4o")
        #expect(model.sourceFiles == ["2025-05-21/openai/docs-models.json", "2025-07-30/openai/models.json"])
    }

    @Test("a fresh pricing page beats a model page carried forward; on one date, the model page wins")
    func freshestWins() {
        let cut = CalendarDate(iso: "2026-07-01")!
        // A part id names one capture's observations, date included: each call gets its own.
        var nextPart = 0
        func inputs(modelPage: CalendarDate, pricing: CalendarDate) -> [VersionAssembler.Input] {
            nextPart += 2
            return [
                VersionAssembler.Input(
                    capturePath: "openai/models/gpt-5.html", captureDate: modelPage,
                    observations: [observation("gpt-5", [(.price(PriceKey(.input)), .decimal(Decimal(string: "1.25")!))])],
                    partID: nextPart),
                VersionAssembler.Input(
                    capturePath: "openai/pricing.html", captureDate: pricing,
                    observations: [observation("gpt-5", [(.price(PriceKey(.input)), .decimal(1))])], partID: nextPart + 1),
            ]
        }
        var assembler = VersionAssembler()
        let stale = assembler.assemble(inputs(modelPage: cut.adding(days: -25), pricing: cut), on: cut)[0]
        #expect(stale.price(PriceKey(.input)) == 1)
        #expect(stale.disagreements.first?.reason == .fresher)
        let sameDay = assembler.assemble(inputs(modelPage: cut, pricing: cut), on: cut)[0]
        #expect(sameDay.price(PriceKey(.input)) == Decimal(string: "1.25"))
        #expect(sameDay.disagreements.first?.reason == .precedence)
        // Both carried forward: the newer capture still wins.
        let later = assembler.assemble(inputs(modelPage: cut.adding(days: -25), pricing: cut), on: cut.adding(days: 3))[0]
        #expect(later.price(PriceKey(.input)) == 1)
    }

    @Test("status follows deprecation facts and the version's date")
    func status() {
        var assembler = VersionAssembler()
        let shutdown = CalendarDate(iso: "2025-12-30")!
        let input = VersionAssembler.Input(
            capturePath: "mistral/models.json", captureDate: AssemblyTests.may,
            observations: [
                observation("codestral-2501", [(.shutdown, .date(shutdown)), (.replacement, .text("codestral-latest"))]),
                observation("legacy", [(.status, .text("legacy"))]), observation("plain", []),
            ], partID: 1)
        let before = assembler.assemble([input], on: shutdown.adding(days: -1))
        #expect(before.map(\.status) == [.deprecated, .legacy, .active])
        let after = assembler.assemble([input], on: shutdown)
        #expect(after.map(\.status) == [.retired, .legacy, .active])
        #expect(after[0].deprecation?.replacement == "codestral-latest")
        #expect(after[0].deprecation?.shutdown == .date(shutdown))
    }

    @Test("a model's history lists appearances, absences and changes in order")
    func history() {
        func record(_ price: String, _ context: Int, status: ModelStatus = .active) -> ModelRecord {
            let source = FactSource(file: "x", locator: "y")
            return ModelRecord(
                id: "p/m", provider: "p", providerModelID: "m", status: status,
                facts: [
                    SourcedFact(field: .contextWindow, value: .integer(context), source: source),
                    SourcedFact(field: .price(PriceKey(.input)), value: .decimal(Decimal(string: price)!), source: source),
                    SourcedFact(field: .ownedBy, value: .text("ignored \(price)"), source: source),
                ])
        }
        let dates = (0..<5).map { AssemblyTests.may.adding(days: $0) }
        let history = ModelHistory(
            id: "p/m",
            versions: [
                (dates[0], record("2.50", 128_000)), (dates[1], record("2.00", 128_000)), (dates[2], nil),
                (dates[3], record("2.00", 200_000, status: .deprecated)),
                (dates[4], record("2.00", 200_000, status: .deprecated)),
            ])
        #expect(history.listedIn == [dates[0], dates[1], dates[3], dates[4]])
        #expect(
            history.events == [
                .init(date: dates[0], kind: .listed),
                .init(
                    date: dates[1],
                    kind: .changed(field: .price(PriceKey(.input)), old: .decimal(Decimal(string: "2.50")!), new: .decimal(2))),
                .init(date: dates[2], kind: .unlisted),
                .init(date: dates[3], kind: .listed),
                .init(date: dates[3], kind: .status(old: .active, new: .deprecated)),
                .init(date: dates[3], kind: .changed(field: .contextWindow, old: .integer(128_000), new: .integer(200_000))),
            ])
    }
}
