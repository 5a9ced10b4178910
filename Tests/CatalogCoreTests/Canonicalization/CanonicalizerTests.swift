import CatalogCore
import Foundation
import Testing

/// The canonicalizer's rules, one at a time, on hand-built records.
@Suite("Canonicalizer rules")
struct CanonicalizerTests {
    func canonicalize(_ records: [ModelRecord]) -> [String: CanonicalModel] {
        let catalog = Canonicalizer(rules: Synthetic.rules).canonicalize(records, on: Synthetic.date)
        return Dictionary(uniqueKeysWithValues: catalog.models.map { ($0.id, $0) })
    }

    @Test("a dated id is canonical; its undated stem is an alias of the newest snapshot, in one family")
    func snapshotsAndStem() {
        let models = canonicalize([
            Synthetic.record("openai", "gpt-4o-2024-05-13", [(.created, .date(CalendarDate(iso: "2024-05-13")!))]),
            Synthetic.record("openai", "gpt-4o-2024-08-06", [(.created, .date(CalendarDate(iso: "2024-08-06")!))]),
            Synthetic.record("openai", "gpt-4o"),
        ])
        #expect(models.keys.sorted() == ["openai/gpt-4o-2024-05-13", "openai/gpt-4o-2024-08-06"])
        let newest = models["openai/gpt-4o-2024-08-06"]
        #expect(newest?.aliases == [Alias(name: "gpt-4o", rule: .derivedNewestSnapshot)])
        #expect(newest?.family == "openai/gpt-4o")
        #expect(models["openai/gpt-4o-2024-05-13"]?.family == "openai/gpt-4o")
        #expect(newest?.offerings == [Offering(provider: "openai", providerModelID: "gpt-4o-2024-08-06", rule: .firstParty)])
    }

    @Test("an alias the provider lists is declared, and wins over the derived rule")
    func declaredAlias() {
        let models = canonicalize([
            Synthetic.record("anthropic", "claude-sonnet-4-5-20250929", [(.alias, .text("claude-sonnet-4-5"))])
        ])
        #expect(
            models["anthropic/claude-sonnet-4-5-20250929"]?.aliases == [Alias(name: "claude-sonnet-4-5", rule: .declaredAliases)])
    }

    @Test("hosts' spellings join the creator's model: router namespace, Bedrock region and API version, Vertex's @date")
    func hostsByName() {
        let models = canonicalize([
            Synthetic.record("anthropic", "claude-3-5-sonnet-20241022"),
            Synthetic.record("openrouter", "anthropic/claude-3.5-sonnet-20241022"),
            Synthetic.record("bedrock", "us.anthropic.claude-3-5-sonnet-20241022-v2:0"),
            Synthetic.record("vertex", "claude-3-5-sonnet-v2@20241022"),
        ])
        #expect(models.count == 1)
        let offerings = models["anthropic/claude-3-5-sonnet-20241022"]?.offerings ?? []
        #expect(offerings.map(\.provider) == ["anthropic", "bedrock", "openrouter", "vertex"])
        #expect(offerings.dropFirst().allSatisfy { $0.rule == .name })
    }

    @Test("a correction states the model by hand, with its reason")
    func correction() {
        let models = canonicalize([Synthetic.record("openai", "gpt-4o-2024-08-06"), Synthetic.record("together", "odd-name")])
        let offering = models["openai/gpt-4o-2024-08-06"]?.offerings.first { $0.provider == "together" }
        #expect(offering?.rule == .correction(reason: "Together's alias for GPT-4o"))
        #expect(offering?.rule.description == "correction: Together's alias for GPT-4o")
    }

    @Test("an open-weight model without a first party takes the host's name, lowercased, under its maker")
    func openWeights() {
        let models = canonicalize([Synthetic.record("together", "meta-llama/Llama-3.3-70B-Instruct-Turbo")])
        let model = models["meta-llama/llama-3.3-70b-instruct-turbo"]
        #expect(model?.creator == "meta-llama")
        #expect(model?.offerings.first?.rule == .ownOpenWeights)
    }

    @Test("a host id of no known maker stays the host's own")
    func unknownCreator() {
        let models = canonicalize([Synthetic.record("cerebras", "mystery-7b")])
        #expect(models["cerebras/mystery-7b"]?.offerings.first?.rule == .ownCreatorUnknown)
    }

    @Test(
        "every match rule prints as stored and reads back",
        arguments: [
            MatchRule.firstParty, .hostIDStatedByCreator, .openRouterCanonicalSlug, .name, .openRouterSlug,
            .nameViaOpenRouterSlug,
            .ownCreatorUnknown, .ownOpenWeights, .ownNotListedByCreator, .correction(reason: "why"), .declaredCurrentSnapshot,
            .declaredAliases, .derivedNewestSnapshot, .sameName,
        ])
    func ruleRoundTrip(_ rule: MatchRule) {
        #expect(MatchRule(rule.description) == rule)
    }

    @Test("text that names no rule is not a rule")
    func unknownRule() {
        #expect(MatchRule("first-party") == nil)
        #expect(MatchRule("correction: ") == nil)
        #expect(MatchRule("") == nil)
    }
}
