import CatalogCore
import Foundation

/// Small hand-built records for the pure stages' tests.
enum Synthetic {
    static let date = CalendarDate(iso: "2026-03-01")!

    /// A record listed by `provider`'s model list, with `facts` (field, value).
    static func record(_ provider: String, _ id: String, _ facts: [(FactField, FactValue)] = [], listed: Bool = true)
        -> ModelRecord
    {
        var all: [SourcedFact] = []
        if listed {
            all.append(
                SourcedFact(
                    field: .listed, value: .text("model-list"),
                    source: FactSource(file: "\(date)/\(provider)/models.json", locator: "$.data")))
        }
        for (index, fact) in facts.enumerated() {
            all.append(
                SourcedFact(
                    field: fact.0, value: fact.1,
                    source: FactSource(file: "\(date)/\(provider)/models.json", locator: "$.data[\(index)]")))
        }
        return ModelRecord(id: provider + "/" + id, provider: provider, providerModelID: id, status: .active, facts: all)
    }

    static let rules = CanonicalizationRules(
        creators: [
            .init(id: "openai", firstParty: "openai", namespaces: ["openai"], namePrefixes: ["gpt-", "o1", "o3"]),
            .init(id: "anthropic", firstParty: "anthropic", namespaces: ["anthropic"], namePrefixes: ["claude"]),
            .init(id: "meta-llama", namespaces: ["meta-llama", "meta"], namePrefixes: ["llama"]),
        ],
        corrections: [
            .init(
                provider: "together", providerModelID: "odd-name", canonical: "openai/gpt-4o-2024-08-06",
                reason: "Together's alias for GPT-4o")
        ])
}
