import CatalogCore
import CatalogIngest
import Foundation
import Testing

/// Real values read from each committed page, checked against the page by hand.
@Suite("Page parsers")
struct PageParserTests {
    @Test("DeepSeek pricing: one transposed table; the promotional price is the one in force")
    func deepSeek() throws {
        let parsed = try Repository.parse("2026-05-08", "deepseek/pricing.html")
        #expect(parsed.observations.map(\.providerModelID) == ["deepseek-v4-flash", "deepseek-v4-pro"])
        let flash = try parsed.model("deepseek-v4-flash")
        #expect(flash.price("cached_input") == .usd("0.0028"))
        #expect(flash.price("input") == .usd("0.14"))
        #expect(flash.price("output") == .usd("0.28"))
        #expect(flash.value(.contextWindow) == .integer(1_000_000))
        #expect(flash.value(.maxOutputTokens) == .integer(384_000))
        #expect(flash.value(.capability(.tools)) == .flag(true))
        let pro = try parsed.model("deepseek-v4-pro")
        #expect(pro.price("input") == .usd("0.435"))
        #expect(pro.price("cached_input") == .usd("0.003625"))
        #expect(pro.price("output") == .usd("0.87"))
        #expect(pro.facts.first { $0.field == .price(PriceKey(.input)) }?.locator == "table 1, row 13, column 4")
        #expect(parsed.diagnostics.map(\.message).contains("deepseek-v4-pro input: promotional price 0.435 read; list price 1.74 struck out"))
    }

    @Test("Anthropic deprecations: states, dates, replacements, explicit unknowns", arguments: ["2026-04-30", "2026-05-18"])
    func anthropicDeprecations(_ date: String) throws {
        let parsed = try Repository.parse(date, "anthropic/deprecations.html")
        let opus4 = try parsed.model("claude-opus-4-20250514")
        #expect(opus4.value(.status) == .text("deprecated"))
        #expect(opus4.values(.deprecationAnnounced) == [.day("2026-04-14"), .day("2026-04-14")])
        #expect(opus4.values(.shutdown) == [.day("2026-06-15"), .day("2026-06-15")])
        #expect(opus4.value(.replacement) == .text("claude-opus-4-7"))
        let opus47 = try parsed.model("claude-opus-4-7")
        #expect(opus47.value(.status) == .text("active"))
        #expect(opus47.value(.shutdown) == .unknown("not sooner than 2027-04-16"))
        #expect(opus47.value(.deprecationAnnounced) == nil)
        let haiku35 = try parsed.model("claude-3-5-haiku-20241022")
        #expect(haiku35.value(.status) == .text("retired"))
        #expect(haiku35.value(.shutdown) == .day("2026-02-19"))
        #expect(haiku35.value(.replacement) == .text("claude-haiku-4-5-20251001"))
        let instant = try parsed.model("claude-instant-1.2")
        #expect(instant.value(.shutdown) == .day("2024-11-06"))
        #expect(instant.value(.deprecationAnnounced) == .day("2024-09-04"))
    }

    @Test("Anthropic models overview: ids, aliases, host ids, prices, limits")
    func anthropicModels() throws {
        let parsed = try Repository.parse("2026-02-27", "anthropic/models.html")
        #expect(parsed.observations.map(\.providerModelID) == ["claude-opus-4-6", "claude-sonnet-4-6", "claude-haiku-4-5-20251001"])
        let haiku = try parsed.model("claude-haiku-4-5-20251001")
        #expect(haiku.value(.displayName) == .text("Claude Haiku 4.5"))
        #expect(haiku.value(.alias) == .text("claude-haiku-4-5"))
        #expect(haiku.value(.hostModelID("bedrock")) == .text("anthropic.claude-haiku-4-5-20251001-v1:0"))
        #expect(haiku.value(.hostModelID("vertex")) == .text("claude-haiku-4-5@20251001"))
        #expect(haiku.price("input") == .usd("1"))
        #expect(haiku.price("output") == .usd("5"))
        #expect(haiku.value(.contextWindow) == .integer(200_000))
        #expect(haiku.value(.maxOutputTokens) == .integer(64_000))
        #expect(haiku.value(.knowledgeCutoff) == .text("2025-02"))
        let opus = try parsed.model("claude-opus-4-6")
        #expect(opus.value(.maxOutputTokens) == .integer(128_000))
        #expect(opus.price("output") == .usd("25"))
        #expect(opus.value(.capability(.reasoning)) == .flag(true))
    }

    @Test("Anthropic pricing: per display name, with cache writes, batch, and status markers")
    func anthropicPricing() throws {
        let parsed = try Repository.parse("2026-04-26", "anthropic/pricing.html")
        #expect(parsed.observations.allSatisfy { $0.identifiedByDisplayName })
        #expect(parsed.observations.count == 13)
        let opus = try parsed.model("Claude Opus 4.7")
        #expect(opus.price("input") == .usd("5"))
        #expect(opus.price("cache_write") == .usd("6.25"))
        #expect(opus.price("cache_write_1h") == .usd("10"))
        #expect(opus.price("cached_input") == .usd("0.50"))
        #expect(opus.price("output") == .usd("25"))
        #expect(opus.price("batch_input") == .usd("2.50"))
        #expect(opus.price("batch_output") == .usd("12.50"))
        let sonnet37 = try parsed.model("Claude Sonnet 3.7")
        #expect(sonnet37.value(.status) == .text("deprecated"))
        #expect(sonnet37.price("input") == .usd("3"))
        let haiku3 = try parsed.model("Claude Haiku 3")
        #expect(haiku3.price("batch_input") == .usd("0.125"))
        #expect(haiku3.price("cached_input") == .usd("0.03"))
    }
}
