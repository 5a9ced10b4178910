import Foundation
import Testing

@testable import CatalogCore

@Suite("RenameMatcher: the same model under a new id")
struct RenameMatcherTests {
    @Test(
        "respellings of one id",
        arguments: [
            ("kimi-k2-07-25", "kimi-k2-2507"), ("GPT-4o", "gpt-4o"), ("claude-3.5-sonnet", "claude-3-5-sonnet"),
            ("llama-3.1-8b-instant", "llama-3.1-8b-instnt"),
        ])
    func respellings(_ pair: (String, String)) {
        #expect(RenameMatcher.isRespelling(pair.0, pair.1))
    }

    @Test(
        "a successor snapshot or another model is not a respelling",
        arguments: [
            ("mistral-small-2402", "mistral-small-2506"), ("gpt-4o", "gpt-4o-mini-tts"), ("claude-3-haiku", "claude-3-opus"),
        ])
    func notRespellings(_ pair: (String, String)) {
        #expect(!RenameMatcher.isRespelling(pair.0, pair.1))
    }

    @Test("OpenRouter's canonical_slug pairs a renamed id first, variant with variant")
    func canonicalSlug() throws {
        let old = Synthetic.record("openrouter", "moonshotai/kimi-k2:free", [(.canonicalSlug, .text("moonshotai/kimi-k2-0711"))])
        let arrivals = [
            Synthetic.record("openrouter", "moonshotai/kimi-k2-0711", [(.canonicalSlug, .text("moonshotai/kimi-k2-0711"))]),
            Synthetic.record("openrouter", "moonshotai/kimi-k2-0711:free", [(.canonicalSlug, .text("moonshotai/kimi-k2-0711"))]),
        ]
        var matcher = RenameMatcher(arrivals: arrivals, newCanonical: [:], newAliases: [:])
        let found = matcher.partner(of: old)
        let partner = try #require(found)
        #expect(partner.0.providerModelID == "moonshotai/kimi-k2-0711:free")
        #expect(partner.1.contains("canonical_slug"))
    }

    @Test("an arrival that lists the old id as its alias is its new name; each arrival pairs once")
    func aliasEvidence() {
        let arrival = Synthetic.record("mistral", "mistral-medium-2508", [(.alias, .text("mistral-medium-latest"))])
        var matcher = RenameMatcher(arrivals: [arrival], newCanonical: [:], newAliases: [:])
        let first = matcher.partner(of: Synthetic.record("mistral", "mistral-medium-latest"))
        let second = matcher.partner(of: Synthetic.record("mistral", "mistral-medium-latest"))
        #expect(first?.0.providerModelID == "mistral-medium-2508")
        #expect(second == nil)
    }

    @Test("same name, same offer, a respelled id: renamed; another price: not")
    func sameOffer() {
        let facts: [(FactField, FactValue)] = [
            (.displayName, .text("Kimi K2")), (.contextWindow, .integer(131_072)),
            (.price(PriceKey(.input)), .decimal(Decimal(string: "0.6")!)),
        ]
        var matcher = RenameMatcher(
            arrivals: [Synthetic.record("groq", "kimi-k2-2507", facts)], newCanonical: [:], newAliases: [:])
        let renamed = matcher.partner(of: Synthetic.record("groq", "kimi-k2-07-25", facts))
        #expect(renamed?.1.contains("Kimi K2") == true)
        var dearer = facts
        dearer[2] = (.price(PriceKey(.input)), .decimal(1))
        var other = RenameMatcher(
            arrivals: [Synthetic.record("groq", "kimi-k2-2507", dearer)], newCanonical: [:], newAliases: [:])
        let notRenamed = other.partner(of: Synthetic.record("groq", "kimi-k2-07-25", facts))
        #expect(notRenamed == nil)
    }
}
