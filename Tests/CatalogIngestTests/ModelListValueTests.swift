import CatalogCore
import CatalogIngest
import CatalogTestSupport
import Foundation
import Testing

/// Real values read from the committed captures, checked against the files by hand.
@Suite("Model-list values")
struct ModelListValueTests {
    @Test("xAI: prices in 1e-10 USD per token become USD per 1M tokens")
    func xai() throws {
        let parsed = try Repository.parse("2025-08-23", "xai/language-models.json")
        let grok4 = try parsed.model("grok-4-0709")
        #expect(grok4.price("input") == .usd("3"))  // prompt_text_token_price 30000
        #expect(grok4.price("cached_input") == .usd("0.75"))  // 7500
        #expect(grok4.price("output") == .usd("15"))  // 150000
        #expect(grok4.price("input_image_tokens") == .usd("3"))
        #expect(grok4.price("per_web_search") == .usd("0.025"))  // 250000000 per source
        #expect(grok4.values(.alias) == [.text("grok-4"), .text("grok-4-latest")])
        #expect(grok4.value(.created) == .day("2025-07-09"))
        #expect(grok4.values(.inputModality) == [.text("text"), .text("image")])
        let mini = try parsed.model("grok-3-mini")
        #expect(mini.price("input") == .usd("0.30"))
        #expect(mini.price("output") == .usd("0.50"))
        // grok-2 reports 0 for the cached prompts it does not offer: not read as free.
        let grok2 = try parsed.model("grok-2-1212")
        #expect(grok2.price("cached_input") == nil)
        #expect(grok2.price("input") == .usd("2"))
        #expect(grok2.price("output") == .usd("10"))
    }

    @Test("OpenRouter: USD-per-token strings, -1 as variable, canonical slugs")
    func openRouter() throws {
        let parsed = try Repository.parse("2026-05-31", "openrouter/models.json")
        let step = try parsed.model("stepfun/step-3.7-flash")
        #expect(step.price("input") == .usd("0.20"))  // "0.0000002"
        #expect(step.price("output") == .usd("1.15"))  // "0.00000115"
        #expect(step.price("cached_input") == .usd("0.04"))  // "0.00000004"
        #expect(step.value(.contextWindow) == .integer(256_000))
        #expect(step.value(.canonicalSlug) == .text("stepfun/step-3.7-flash-20260528"))
        #expect(step.values(.inputModality) == [.text("text"), .text("image"), .text("video")])
        let sonnet = try parsed.model("anthropic/claude-sonnet-4.5")
        #expect(sonnet.price("input") == .usd("3"))
        #expect(sonnet.price("output") == .usd("15"))
        #expect(sonnet.price("cached_input") == .usd("0.30"))
        #expect(sonnet.price("cache_write") == .usd("3.75"))
        #expect(sonnet.price("per_web_search") == .usd("0.01"))
        #expect(sonnet.value(.maxOutputTokens) == .integer(64_000))
        #expect(sonnet.value(.knowledgeCutoff) == .day("2025-01-31"))
        #expect(sonnet.value(.canonicalSlug) == .text("anthropic/claude-4.5-sonnet-20250929"))
        let auto = try parsed.model("openrouter/auto")
        #expect(auto.price("input") == .variable)
        #expect(auto.price("output") == .variable)
        let free = try parsed.model("meta-llama/llama-3.3-70b-instruct:free")
        #expect(free.price("input") == .usd("0"))
        #expect(free.price("output") == .usd("0"))
        let gpt4o = try parsed.model("openai/gpt-4o")
        #expect(gpt4o.price("input") == .usd("2.50"))
        #expect(gpt4o.price("output") == .usd("10"))
        #expect(gpt4o.value(.capability(.tools)) == .flag(true))
        let renamed = try Repository.parse("2025-07-30", "openrouter/models.json").model("qwen/qwen3-235b-a22b-2507")
        #expect(renamed.value(.canonicalSlug) == .text("qwen/qwen3-235b-a22b-07-25"))
    }

    @Test("Mistral: shutdown dates and replacements, moved between captures")
    func mistral() throws {
        let december14 = try Repository.parse("2025-12-14", "mistral/models.json").model("codestral-2501")
        #expect(december14.value(.shutdown) == .day("2025-12-30"))
        #expect(december14.value(.replacement) == .text("codestral-latest"))
        let december15 = try Repository.parse("2025-12-15", "mistral/models.json").model("codestral-2501")
        #expect(december15.value(.shutdown) == .day("2026-01-31"))
        let may = try Repository.parse("2026-05-31", "mistral/models.json")
        let medium = try may.model("mistral-medium-2508")
        #expect(
            medium.values(.alias) == [
                .text("mistral-medium-latest"), .text("mistral-medium"), .text("mistral-vibe-cli-with-tools"),
            ])
        #expect(medium.value(.contextWindow) == .integer(131_072))
        #expect(medium.value(.capability(.tools)) == .flag(true))
        #expect(medium.value(.capability(.vision)) == .flag(true))
        // Mistral's `created` is the time of the request, so it is not a fact.
        #expect(medium.value(.created) == nil)
        let moderation = try may.model("mistral-moderation-2411")
        #expect(moderation.value(.shutdown) == .day("2026-06-30"))
        #expect(moderation.value(.replacement) == .text("mistral-moderation-2603"))
    }

    @Test("OpenAI docs data: prices per tier, current snapshots, rate limits; placeholders ignored")
    func openAIDocs() throws {
        let parsed = try Repository.parse("2025-08-23", "openai/docs-models.json")
        let gpt5 = try parsed.model("gpt-5")
        #expect(gpt5.value(.currentSnapshot) == .text("gpt-5-2025-08-07"))
        #expect(gpt5.price("input") == .usd("1.25"))
        #expect(gpt5.price("cached_input") == .usd("0.125"))
        #expect(gpt5.price("output") == .usd("10"))
        #expect(gpt5.price("batch_input") == .usd("0.625"))
        #expect(gpt5.price("flex_cached_input") == .usd("0.0625"))
        #expect(gpt5.price("priority_output") == .usd("20"))
        let old4o = try parsed.model("gpt-4o-2024-05-13")
        #expect(old4o.price("input") == .usd("5"))
        #expect(old4o.price("output") == .usd("15"))
        #expect(old4o.price("batch_output") == .usd("7.50"))
        let gpt4o = try parsed.model("gpt-4o")
        #expect(gpt4o.value(.displayName) == .text("GPT-4o"))
        #expect(gpt4o.value(.rateLimit(tier: "tier_1", metric: "rpm")) == .integer(500))
        #expect(gpt4o.value(.rateLimit(tier: "tier_5", metric: "tpm")) == .integer(30_000_000))
        let dalle = try parsed.model("dall-e-3")
        #expect(dalle.value(.rateLimit(tier: "tier_1", metric: "images_per_minute")) == .integer(500))
        // `price_data` holds placeholders (10 / 30): babbage-002 has no price facts at all.
        let babbage = parsed.observations.filter { $0.providerModelID == "babbage-002" }
        #expect(babbage.flatMap(\.facts).filter { if case .price = $0.field { true } else { false } }.isEmpty)
        #expect(babbage.compactMap { $0.value(.maxOutputTokens) } == [.integer(16_384)])
        let snapshot = try parsed.model("gpt-4o-2024-08-06")
        #expect(snapshot.value(.contextWindow) == .integer(128_000))
        #expect(snapshot.value(.knowledgeCutoff) == .day("2023-10-01"))
    }

    @Test("Anthropic: limits and capabilities from 2026-03")
    func anthropic() throws {
        let parsed = try Repository.parse("2026-05-29", "anthropic/models.json")
        let opus = try parsed.model("claude-opus-4-8")
        #expect(opus.value(.displayName) == .text("Claude Opus 4.8"))
        #expect(opus.value(.created) == .day("2026-05-28"))
        #expect(opus.value(.contextWindow) == .integer(1_000_000))
        #expect(opus.value(.maxOutputTokens) == .integer(128_000))
        #expect(opus.value(.capability(.batch)) == .flag(true))
        #expect(opus.value(.capability(.reasoning)) == .flag(true))
        let haiku = try parsed.model("claude-haiku-4-5-20251001")
        #expect(haiku.value(.contextWindow) == .integer(200_000))
        #expect(haiku.value(.maxOutputTokens) == .integer(64_000))
        #expect(parsed.completeness == .complete)
        let early = try Repository.parse("2025-05-21", "anthropic/models.json")
        #expect(early.observations.allSatisfy { $0.value(.contextWindow) == nil })
    }

    @Test("Google: the earlier tool's first-page captures are partial")
    func google() throws {
        let first = try Repository.parse("2025-05-21", "google/models.json")
        guard case .partial(let reason) = first.completeness else {
            Issue.record("expected a partial list")
            return
        }
        #expect(reason.contains("nextPageToken"))
        let latest = try Repository.parse("2026-05-29", "google/models.json")
        #expect(latest.completeness == .complete)
        let flash = try latest.model("gemini-2.5-flash")
        #expect(flash.value(.displayName) == .text("Gemini 2.5 Flash"))
        #expect(flash.value(.contextWindow) == .integer(1_048_576))
        #expect(flash.value(.maxOutputTokens) == .integer(65_536))
        #expect(flash.value(.capability(.reasoning)) == .flag(true))
        #expect(flash.value(.capability(.batch)) == .flag(true))
        #expect(try latest.model("gemini-embedding-001").value(.capability(.embeddings)) == .flag(true))
    }

    @Test("Together: binary-float noise removed, zero pairs are not prices")
    func together() throws {
        let parsed = try Repository.parse("2026-05-31", "together/models.json")
        let minimax = try parsed.model("MiniMaxAI/MiniMax-M2.7")
        #expect(minimax.price("cached_input") == .usd("0.06"))  // 0.060000000000000005
        #expect(minimax.price("input") == .usd("0.30"))
        let deepseek = try parsed.model("deepseek-ai/DeepSeek-V4-Pro")
        #expect(deepseek.price("input") == .usd("2.10"))
        #expect(deepseek.price("output") == .usd("4.40"))
        #expect(deepseek.value(.contextWindow) == .integer(512_000))
        #expect(deepseek.value(.displayName) == .text("Deepseek V4 Pro"))
        let flux = try parsed.model("black-forest-labs/FLUX.1-schnell")
        #expect(flux.price("input") == nil)
        #expect(flux.value(.capability(.imageGeneration)) == .flag(true))
    }

    @Test("Bedrock, Groq, Cohere, Vertex, DeepSeek, Cerebras")
    func others() throws {
        let bedrock = try Repository.parse("2026-02-10", "bedrock/models.json")
        let nemotron = try bedrock.model("nvidia.nemotron-nano-12b-v2")
        #expect(nemotron.value(.displayName) == .text("NVIDIA Nemotron Nano 12B v2 VL BF16"))
        #expect(nemotron.value(.family) == .text("Nemotron Nano V2 VL"))
        #expect(nemotron.value(.maxOutputTokens) == .integer(131_072))
        #expect(nemotron.values(.inputModality) == [.text("text"), .text("image")])
        #expect(try bedrock.model("anthropic.claude-3-5-sonnet-20241022-v2:0").value(.status) == .text("legacy"))
        #expect(try bedrock.model("anthropic.claude-3-5-sonnet-20241022-v2:0").value(.ownedBy) == .text("Anthropic"))

        let groq = try Repository.parse("2026-05-31", "groq/models.json").model("llama-3.3-70b-versatile")
        #expect(groq.value(.contextWindow) == .integer(131_072))
        #expect(groq.value(.maxOutputTokens) == .integer(32_768))
        #expect(groq.value(.ownedBy) == .text("Meta"))

        let cohere = try Repository.parse("2025-08-30", "cohere/models.json")
        #expect(try cohere.model("command-r").value(.status) == .text("deprecated"))
        let vision = try Repository.parse("2026-05-31", "cohere/models.json").model("c4ai-aya-vision-32b")
        #expect(vision.value(.contextWindow) == .integer(16_384))
        #expect(vision.value(.capability(.vision)) == .flag(true))

        let vertex = try Repository.parse("2026-01-13", "vertex/models.json")
        #expect(
            vertex.observations.map(\.providerModelID).prefix(3) == [
                "gemini-1.5-flash-002", "gemini-1.5-pro-002", "gemini-2.0-flash-001",
            ])

        #expect(
            try Repository.parse("2026-05-26", "deepseek/models.json").observations.map(\.providerModelID) == [
                "deepseek-v4-flash", "deepseek-v4-pro",
            ])
        #expect(
            try Repository.parse("2026-05-31", "cerebras/models.json").observations.map(\.providerModelID) == [
                "zai-glm-4.7", "gpt-oss-120b",
            ])
        let openai = try Repository.parse("2026-05-28", "openai/models.json").model("gpt-3.5-turbo")
        #expect(openai.value(.created) == .day("2023-02-28"))  // 1677610602
        #expect(openai.value(.ownedBy) == .text("openai"))
    }
}
