import CatalogCore
import CatalogIngest
import CatalogTestSupport
import Foundation
import Testing

/// Real values read from each committed page, checked against the page by hand.
@Suite("Page parsers")
struct PageParserTests {
    @Test("DeepSeek pricing: one transposed table; a promotion is its own price, with its footnoted end, not the standard one")
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
        #expect(flash.value(.promotionEnds) == nil)
        // "$0.435 (75% off (3)) <del>$1.74</del>": the list price is the standard price.
        let pro = try parsed.model("deepseek-v4-pro")
        #expect(pro.price("input") == .usd("1.74"))
        #expect(pro.price("cached_input") == .usd("0.0145"))
        #expect(pro.price("output") == .usd("3.48"))
        #expect(pro.price("promotion_input") == .usd("0.435"))
        #expect(pro.price("promotion_cached_input") == .usd("0.003625"))
        #expect(pro.price("promotion_output") == .usd("0.87"))
        // Footnote (3): "offered at a 75% discount, extended until 2026/05/31 15:59 UTC".
        #expect(pro.value(.promotionEnds) == .day("2026-05-31"))
        #expect(pro.facts.first { $0.field == .price(PriceKey(.input)) }?.locator == "table 1, row 13, column 4")
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
        #expect(
            parsed.observations.map(\.providerModelID) == ["claude-opus-4-6", "claude-sonnet-4-6", "claude-haiku-4-5-20251001"])
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

/// Real values from the OpenAI, Google, xAI, Mistral, Cerebras, Together, Groq, Bedrock and
/// Vertex pages, checked against the pages by hand.
@Suite("Page parsers, continued")
struct MorePageParserTests {
    @Test("OpenAI pricing: every tier from the Astro islands, long-context prices with the stated threshold")
    func openAIPricing() throws {
        let parsed = try Repository.parse("2026-04-27", "openai/pricing.html")
        let gpt55 = try parsed.model("gpt-5.5")
        #expect(gpt55.price("input") == .usd("5"))
        #expect(gpt55.price("cached_input") == .usd("0.50"))
        #expect(gpt55.price("output") == .usd("30"))
        #expect(gpt55.price("input_above_272k") == .usd("10"))
        #expect(gpt55.price("batch_input") == .usd("2.50"))
        #expect(gpt55.price("priority_output") == .usd("75"))
        #expect(gpt55.price("flex_output_above_272k") == .usd("22.50"))
        let realtime = try parsed.model("gpt-realtime-1.5")
        #expect(realtime.price("input_audio") == .usd("32"))
        #expect(realtime.price("output_audio") == .usd("64"))
        #expect(realtime.price("input") == .usd("4"))
        #expect(realtime.price("input_image_tokens") == .usd("5"))
        #expect(try parsed.model("tts-1").price("per_1m_input_characters") == .usd("15"))
        #expect(try parsed.model("o4-mini").price("flex_cached_input") == .usd("0.138"))
        #expect(try parsed.model("gpt-4o-2024-05-13").price("batch_input") == .usd("2.5"))
        #expect(try parsed.model("omni-moderation-latest").price("input") == .usd("0"))
        // Fine-tuning rows are not base-model prices.
        #expect(parsed.observations.allSatisfy { !$0.providerModelID.contains("with data sharing") })
    }

    @Test("OpenAI pricing answered by a bot challenge fails with a clear error, never an empty price list")
    func openAIChallenge() throws {
        do {
            _ = try Repository.parse("2026-05-08", "openai/pricing.html")
            Issue.record("expected the challenge page to fail")
        } catch let error as CaptureError {
            #expect(error.code == .notContent)
            #expect(error.file == "snapshots/2026-05-08/openai/pricing.html")
            #expect(
                error.message
                    == "a bot-challenge page was served instead of content (\"Enable JavaScript and cookies to continue\")")
        }
    }

    @Test("OpenAI deprecations: shutdown dates, replacements, announcements; systems skipped")
    func openAIDeprecations() throws {
        let parsed = try Repository.parse("2025-11-13", "openai/deprecations.html")
        let gpt4 = try parsed.model("gpt-4-0314")
        #expect(gpt4.value(.shutdown) == .day("2026-03-26"))
        #expect(gpt4.value(.replacement) == .text("gpt-5 or gpt-4.1"))
        #expect(gpt4.value(.deprecationAnnounced) == .day("2025-09-26"))
        #expect(try parsed.model("gpt-4-0125-preview").value(.shutdown) == .day("2026-03-26"))
        let mini = try parsed.model("o1-mini")
        #expect(mini.value(.shutdown) == .day("2025-10-27"))
        #expect(mini.value(.replacement) == .text("o4-mini"))
        #expect(try parsed.model("gpt-4-32k").value(.shutdown) == .day("2025-06-06"))
        #expect(!parsed.observations.contains { $0.providerModelID.contains(" ") || $0.providerModelID.hasPrefix("OpenAI-Beta") })
    }

    @Test(
        "OpenAI model pages: limits, prices, the long-prompt rule, alias, rate limits",
        arguments: [
            ("gpt-5.6-sol", "gpt-5.6", "5", "30", "10", "45"), ("gpt-5.6-terra", nil, "2.50", "15", "5", "22.50"),
        ])
    func openAIModelPage(
        _ id: String, _ alias: String?, _ input: String, _ output: String, _ longInput: String, _ longOutput: String
    ) throws {
        let parsed = try Repository.parse("2026-07-28", "openai/models/\(id).html")
        let model = try parsed.model(id)
        #expect(model.value(.contextWindow) == .integer(1_050_000))
        #expect(model.value(.maxOutputTokens) == .integer(128_000))
        #expect(model.value(.knowledgeCutoff) == .day("2026-02-16"))
        #expect(model.price("input") == .usd(input))
        #expect(model.price("output") == .usd(output))
        #expect(model.price("input_above_272k") == .usd(longInput))
        #expect(model.price("output_above_272k") == .usd(longOutput))
        if let alias { #expect(model.value(.alias) == .text(alias)) }
        #expect(model.value(.rateLimit(tier: "tier_1", metric: "rpm")) == .integer(500))
        #expect(model.values(.inputModality) == [.text("text"), .text("image")])
        #expect(model.value(.capability(.tools)) == .flag(true))
    }

    @Test("Gemini API pricing: tiers, prices above 200k tokens, audio and per-image prices")
    func googlePricing() throws {
        let parsed = try Repository.parse("2026-04-27", "google/pricing.html")
        for id in ["gemini-3.1-pro-preview", "gemini-3.1-pro-preview-customtools"] {
            let pro = try parsed.model(id)
            #expect(pro.price("input") == .usd("2"))
            #expect(pro.price("input_above_200k") == .usd("4"))
            #expect(pro.price("output_above_200k") == .usd("18"))
            #expect(pro.price("batch_output") == .usd("6"))
            #expect(pro.price("priority_cached_input") == .usd("0.36"))
        }
        let flash2 = try parsed.model("gemini-2.0-flash")
        #expect(flash2.price("input") == .usd("0.10"))
        #expect(flash2.price("input_audio") == .usd("0.70"))
        #expect(flash2.price("cached_input_audio") == .usd("0.175"))
        #expect(try parsed.model("gemini-2.5-flash-image").price("per_output_image") == .usd("0.039"))
    }

    @Test("Gemini deprecations: release and shutdown dates, explicit unknowns", arguments: ["2026-04-30", "2026-05-18"])
    func googleDeprecations(_ date: String) throws {
        let parsed = try Repository.parse(date, "google/deprecations.html")
        let flash = try parsed.model("gemini-2.5-flash")
        #expect(flash.value(.created) == .day("2025-06-17"))
        #expect(flash.value(.replacement) == .text("gemini-3-flash-preview"))
        #expect(try parsed.model("gemini-2.0-flash").value(.shutdown) == .day("2026-06-01"))
        #expect(try parsed.model("text-embedding-004").value(.shutdown) == .day("2026-01-14"))
        #expect(try parsed.model("gemini-3.1-flash-lite-preview").value(.created) == .day("2026-03-03"))
        #expect(!parsed.observations.contains { $0.providerModelID.lowercased().contains("preview models") })
        if date == "2026-05-18" {
            #expect(flash.value(.shutdown) == .day("2026-10-16"))
            #expect(try parsed.model("gemini-3.1-pro-preview").value(.shutdown) == .unknown("No shutdown date announced"))
            #expect(try parsed.model("veo-3.0-generate-001").value(.shutdown) == .unknown("Coming soon"))
        } else {
            #expect(flash.value(.shutdown) == .day("2026-06-17"))
        }
    }

    @Test("Gemini models overview: names and status badges")
    func googleModels() throws {
        let parsed = try Repository.parse("2026-02-27", "google/models.html")
        #expect(try parsed.model("gemini-2.0-flash").value(.displayName) == .text("Gemini 2.0 Flash"))
        #expect(try parsed.model("gemini-2.0-flash").value(.status) == .text("deprecated"))
        #expect(try parsed.model("gemini-2.5-pro").value(.displayName) == .text("Gemini 2.5 Pro"))
        #expect(try parsed.model("gemini-2.5-pro").value(.status) == nil)
        #expect(try parsed.model("gemini-robotics-er-1.5-preview").value(.displayName) == .text("Gemini Robotics"))
        #expect(!parsed.observations.contains { $0.providerModelID == "imagen" })
    }

    @Test("xAI models page: context, rate limits, prices per token and per image")
    func xaiModels() throws {
        let parsed = try Repository.parse("2025-11-13", "xai/models.html")
        let grok4 = try parsed.model("grok-4-0709")
        #expect(grok4.value(.contextWindow) == .integer(256_000))
        #expect(grok4.price("input") == .usd("3"))
        #expect(grok4.price("output") == .usd("15"))
        #expect(grok4.value(.rateLimit(tier: "default", metric: "rpm")) == .integer(480))
        #expect(grok4.value(.rateLimit(tier: "default", metric: "tpm")) == .integer(2_000_000))
        #expect(try parsed.model("grok-4-fast-reasoning").value(.contextWindow) == .integer(2_000_000))
        #expect(try parsed.model("grok-code-fast-1").price("output") == .usd("1.50"))
        #expect(try parsed.model("grok-2-image-1212").price("per_output_image") == .usd("0.07"))
    }

    @Test("Mistral and Cerebras pricing from Next.js flight payloads")
    func flightPayloadPages() throws {
        let mistral = try Repository.parse("2026-05-08", "mistral/pricing.html")
        #expect(try mistral.model("mistral-medium-latest").price("input") == .usd("1.5"))
        #expect(try mistral.model("mistral-medium-latest").price("output") == .usd("7.5"))
        #expect(try mistral.model("mistral-medium-latest").value(.displayName) == .text("Mistral Medium 3.5"))
        #expect(try mistral.model("devstral-medium-latest").price("output") == .usd("2"))
        #expect(try mistral.model("mistral-ocr-latest").price("per_1k_pages") == .usd("2"))
        let cerebras = try Repository.parse("2026-05-08", "cerebras/pricing.html")
        #expect(cerebras.observations.allSatisfy { $0.identifiedByDisplayName })
        #expect(try cerebras.model("ZAI GLM 4.7").price("input") == .usd("2.25"))
        #expect(try cerebras.model("ZAI GLM 4.7").price("output") == .usd("2.75"))
        #expect(try cerebras.model("GPT OSS 120B").price("input") == .usd("0.35"))
        #expect(try cerebras.model("Llama 3.1 8B").price("output") == .usd("0.10"))
    }

    @Test("Together docs models table and pricing page")
    func together() throws {
        let docs = try Repository.parse("2026-07-28", "together/models.html")
        let minimax = try docs.model("MiniMaxAI/MiniMax-M3")
        #expect(minimax.value(.contextWindow) == .integer(524_288))
        #expect(minimax.price("input") == .usd("0.30"))
        #expect(minimax.price("cached_input") == .usd("0.06"))
        #expect(minimax.price("output") == .usd("1.20"))
        #expect(minimax.value(.capability(.tools)) == .flag(true))
        #expect(try docs.model("canopylabs/orpheus-3b-0.1-ft").price("per_1m_input_characters") == .usd("15"))
        #expect(try docs.model("intfloat/multilingual-e5-large-instruct").price("input") == .usd("0.02"))
        let pricing = try Repository.parse("2026-07-27", "together/pricing.html")
        let deepseek = try pricing.model("DeepSeek V4 Pro")
        #expect(deepseek.price("input") == .usd("1.74"))
        #expect(deepseek.price("cached_input") == .usd("0.20"))
        #expect(deepseek.price("output") == .usd("3.48"))
        #expect(try pricing.model("Llama 3.3 70B").price("input") == .usd("1.04"))
    }

    @Test("Groq's Markdown export: prices, limits, rate limits, other units")
    func groq() throws {
        let parsed = try Repository.parse("2025-12-15", "groq/models.md")
        let llama = try parsed.model("llama-3.3-70b-versatile")
        #expect(llama.price("input") == .usd("0.59"))
        #expect(llama.price("output") == .usd("0.79"))
        #expect(llama.value(.contextWindow) == .integer(131_072))
        #expect(llama.value(.maxOutputTokens) == .integer(32_768))
        #expect(llama.value(.rateLimit(tier: "developer", metric: "tpm")) == .integer(300_000))
        #expect(llama.value(.rateLimit(tier: "developer", metric: "rpm")) == .integer(1000))
        #expect(llama.value(.displayName) == .text("Llama 3.3 70B"))
        #expect(try parsed.model("playai-tts").price("per_1m_input_characters") == .usd("50"))
        #expect(try parsed.model("whisper-large-v3").price("per_audio_hour") == .usd("0.111"))
        #expect(try parsed.model("qwen/qwen3-32b").value(.status) == .text("preview"))
    }

    @Test("Bedrock lifecycle: active dates, legacy and end-of-life tables by name")
    func bedrockLifecycle() throws {
        let parsed = try Repository.parse("2025-11-13", "bedrock/lifecycle.html")
        let jamba = try parsed.model("ai21.jamba-1-5-large-v1:0")
        #expect(jamba.value(.created) == .day("2024-09-23"))
        #expect(jamba.value(.shutdown) == .unknown("no sooner than 2025-09-23"))
        #expect(jamba.value(.displayName) == .text("Jamba 1.5 Large"))
        let opus = try parsed.model("Claude 3 Opus")
        #expect(opus.identifiedByDisplayName)
        #expect(opus.value(.deprecationAnnounced) == .day("2025-07-15"))
        #expect(opus.value(.shutdown) == .day("2026-01-15"))
        #expect(opus.value(.status) == .text("legacy"))
        #expect(try parsed.model("Claude v1.3").value(.shutdown) == .day("2024-02-28"))
    }

    @Test("Vertex pricing: Gemini tiers, Claude labelled prices, partner models")
    func vertex() throws {
        let parsed = try Repository.parse("2026-05-08", "vertex/pricing.html")
        let pro = try parsed.model("Gemini 3.1 Pro Preview")
        #expect(pro.price("input") == .usd("2"))
        #expect(pro.price("input_above_200k") == .usd("4"))
        #expect(pro.price("cached_input") == .usd("0.2"))
        #expect(pro.price("output") == .usd("12"))
        #expect(pro.price("priority_input") == .usd("3.6"))
        let gemini25 = try parsed.model("Gemini 2.5 Pro")
        #expect(gemini25.price("flex_input") == .usd("0.625"))
        #expect(gemini25.price("batch_input") == .usd("0.625"))
        #expect(try parsed.model("Gemini 3.1 Flash-Lite").price("input") == .usd("0.25"))
        let claude = try parsed.model("Claude Opus 4.7")
        #expect(claude.price("input") == .usd("5"))
        #expect(claude.price("cache_write") == .usd("6.25"))
        #expect(claude.price("batch_cache_write") == .usd("3.125"))
        #expect(claude.price("cached_input") == .usd("0.50"))
        let deepseek = try parsed.model("DeepSeek-V3.2")
        #expect(deepseek.price("input") == .usd("0.56"))
        #expect(deepseek.price("cached_input") == .usd("0.056"))
        #expect(deepseek.price("batch_output") == .usd("0.84"))
        #expect(try parsed.model("GLM-5").price("output") == .usd("3.20"))
        #expect(try parsed.model("Claude 3 Haiku").value(.status) == .text("deprecated"))
    }

    @Test("every committed page parses, except the one bot-challenge capture")
    func everyPage() throws {
        let store = SnapshotStore(root: Repository.snapshots, displayRoot: "snapshots")
        var pages = 0
        for date in try store.dates() {
            for path in try store.capturePaths(on: date) {
                let source = try #require(SourceRegistry.source(forCapturePath: path))
                guard source.format != .json else { continue }
                pages += 1
                let parser = try #require(ParserRegistry.parser(for: source.id), "no parser for \(path)")
                let file = store.displayPath(date, path)
                do {
                    let parsed = try parser.parse(try store.read(date, path), file: file)
                    #expect(!parsed.observations.isEmpty, "\(file)")
                    #expect(parsed.diagnostics.allSatisfy { $0.severity != .error })
                } catch {
                    #expect(file == "snapshots/2026-05-08/openai/pricing.html", "\(error)")
                }
            }
        }
        #expect(pages == 22)
    }
}
