package import CatalogCore
import Foundation
package import ModelCatalog

/// The catalog in the shape of LiteLLM's `model_prices_and_context_window.json`, so that
/// LiteLLM (`LITELLM_MODEL_COST_MAP_URL`) prices with our data.
///
/// One entry per provider record, keyed as LiteLLM spells that provider's models (OpenAI's,
/// Anthropic's, Bedrock's and Cohere's chat ids bare, the others behind LiteLLM's provider
/// prefix: `gemini/`, `vertex_ai/`, `openrouter/`, `xai/`, …), and one more per alias the
/// provider declares for it (`xai/grok-4` beside `xai/grok-4-0709`), as LiteLLM's own map does.
/// Prices are USD per token (or per the unit LiteLLM's field names), converted exactly from the
/// catalog's per-1M prices; a price LiteLLM has no field for, or a variable one, is left out,
/// never approximated. Retired records stay (with their `deprecation_date`), so that old usage
/// can still be priced, as LiteLLM's own map keeps them. A promotion in force on the version's date is what LiteLLM bills, as
/// `catalog cost` does. Documented in `docs/exports.md`.
package enum LiteLLMExport {
    /// The export and what it could not carry.
    package struct Result {
        package var json: JSONOutput
        /// Entries written (records and aliases).
        package var entries: Int
        /// Keys two records would both have had, with the record that kept it (the first in
        /// provider order) and the one left out.
        package var collisions: [(key: String, kept: String, dropped: String)]
    }

    /// How LiteLLM names one provider: the key prefix and its `litellm_provider`.
    struct ProviderStyle {
        var prefix: String
        var provider: String
    }

    /// LiteLLM's spelling of each provider the catalog reads; a provider not listed here is
    /// written as `<provider>/<id>` with `litellm_provider` `<provider>`.
    static func style(of record: ModelRecord, kind: ModelKind) -> ProviderStyle {
        let id = record.providerModelID.lowercased()
        switch record.provider {
        case "openai": return ProviderStyle(prefix: "", provider: "openai")
        case "anthropic": return ProviderStyle(prefix: "", provider: "anthropic")
        case "google": return ProviderStyle(prefix: "gemini/", provider: "gemini")
        case "vertex":
            let provider =
                id.hasPrefix("claude")
                ? "vertex_ai-anthropic_models" : id.hasPrefix("gemini") ? "vertex_ai-language-models" : "vertex_ai"
            return ProviderStyle(prefix: "vertex_ai/", provider: provider)
        case "bedrock": return ProviderStyle(prefix: "", provider: "bedrock")
        case "cohere":
            return kind == .text
                ? ProviderStyle(prefix: "", provider: "cohere_chat") : ProviderStyle(prefix: "cohere/", provider: "cohere")
        case "together": return ProviderStyle(prefix: "together_ai/", provider: "together_ai")
        default: return ProviderStyle(prefix: record.provider + "/", provider: record.provider)
        }
    }

    /// LiteLLM's `mode` for a kind of model; `nil` for kinds LiteLLM has no mode for.
    static func mode(_ kind: ModelKind) -> String? {
        switch kind {
        case .text, .audio: "chat"
        case .embedding: "embedding"
        case .moderation: "moderation"
        case .speech: "audio_speech"
        case .transcription: "audio_transcription"
        case .image: "image_generation"
        case .video: "video_generation"
        case .ocr: "ocr"
        case .music: nil
        }
    }

    /// LiteLLM's field for a price, and the power of ten that turns our unit into its own
    /// (`-6`: per 1M tokens to per token); `nil` when LiteLLM has no field for it.
    static func field(_ key: PriceKey) -> (name: String, shift: Int)? {
        let base: (String, Int)
        switch key.component {
        case .input: base = ("input_cost_per_token", -6)
        case .output: base = ("output_cost_per_token", -6)
        case .cachedInput: base = ("cache_read_input_token_cost", -6)
        case .cacheWrite: base = ("cache_creation_input_token_cost", -6)
        case .cacheWrite1h:
            guard key.tier == .standard, key.aboveInputTokens == nil else { return nil }
            return ("cache_creation_input_token_cost_above_1hr", -6)
        case .reasoning: base = ("output_cost_per_reasoning_token", -6)
        case .inputAudio: base = ("input_cost_per_audio_token", -6)
        case .outputAudio: base = ("output_cost_per_audio_token", -6)
        case .cachedInputAudio: base = ("cache_read_input_audio_token_cost", -6)
        case .inputImageTokens: base = ("input_cost_per_image_token", -6)
        case .outputImageTokens: base = ("output_cost_per_image_token", -6)
        case .cachedInputImageTokens: base = ("cache_read_input_image_token_cost", -6)
        case .perInputImage: base = ("input_cost_per_image", 0)
        case .perOutputImage: base = ("output_cost_per_image", 0)
        case .perMillionInputCharacters: base = ("input_cost_per_character", -6)
        case .perInputAudioSecond: base = ("input_cost_per_second", 0)
        case .perMapsQuery: base = ("google_maps_grounding_cost_per_query", 0)
        case .perVideoSecond(): base = ("output_cost_per_second", 0)
        case let component where component.rawValue.hasPrefix(PriceComponent.perVideoSecond().rawValue + "_"):
            let resolution = component.rawValue.dropFirst(PriceComponent.perVideoSecond().rawValue.count + 1)
            base = ("output_cost_per_second_" + resolution, 0)
        default: return nil
        }
        var name = base.0
        if let above = key.aboveInputTokens {
            guard above % 1000 == 0 else { return nil }
            name += "_above_\(above / 1000)k_tokens"
        }
        switch key.tier {
        case .standard: break
        case .batch: name += "_batches"
        case .priority: name += "_priority"
        case .flex: name += "_flex"
        case .fast, .promotion: return nil
        }
        return (name, base.1)
    }

    /// LiteLLM's `supports_*` flag for a capability, where it has one.
    static func flag(_ capability: Capability) -> String? {
        switch capability {
        case .tools: "supports_function_calling"
        case .vision: "supports_vision"
        case .pdfInput: "supports_pdf_input"
        case .reasoning: "supports_reasoning"
        case .structuredOutput: "supports_response_schema"
        case .caching: "supports_prompt_caching"
        default: nil
        }
    }

    /// The entry of one record: LiteLLM's fields in its order, each only when the catalog states it.
    static func entry(_ record: ModelRecord, kind: ModelKind, style: ProviderStyle, prices: [PriceKey: FactValue]) -> JSONOutput {
        var members: [(String, JSONOutput)] = [("litellm_provider", .string(style.provider))]
        if let mode = mode(kind) { members.append(("mode", .string(mode))) }
        if let input = record.maxInputTokens ?? record.contextWindow { members.append(("max_input_tokens", .int(input))) }
        if let output = record.maxOutputTokens {
            members.append(("max_output_tokens", .int(output)))
            members.append(("max_tokens", .int(output)))
        }
        var priced: [(String, JSONOutput)] = []
        for (key, value) in prices.sorted(by: { $0.key < $1.key }) {
            guard let amount = value.decimal, let field = field(key) else { continue }
            priced.append((field.name, JSONOutput.decimal(Money.shift(amount, by: field.shift))))
        }
        members += priced.sorted { $0.0 < $1.0 }
        for (capability, supported) in record.capabilities {
            if let flag = flag(capability) { members.append((flag, .bool(supported))) }
        }
        let inputs = Set(record.inputModalities)
        if inputs.contains("audio") { members.append(("supports_audio_input", .bool(true))) }
        if Set(record.outputModalities).contains("audio") { members.append(("supports_audio_output", .bool(true))) }
        if case .date(let shutdown)? = record.deprecation?.shutdown {
            members.append(("deprecation_date", .string(shutdown.description)))
        }
        return .object(members)
    }

    /// The map for the records of `catalog`'s version (`Catalog.records()`), sorted by key.
    /// - Throws: ``CatalogStoreError`` when a record's facts cannot be read.
    package static func export(catalog: Catalog, records: [ModelRecord]) throws -> Result {
        var byKey: [String: (record: String, entry: JSONOutput, isAlias: Bool)] = [:]
        var collisions: [(key: String, kept: String, dropped: String)] = []
        // Records first, then aliases: an alias never takes a key a record has.
        var aliases: [(key: String, record: String, entry: JSONOutput)] = []
        for record in records {
            let kind = ModelKind.of(record, canonical: try catalog.resolve(record.id).model)
            let style = style(of: record, kind: kind)
            let entry = entry(record, kind: kind, style: style, prices: catalog.billedPrices(of: record))
            let key = style.prefix + record.providerModelID
            if let kept = byKey[key] {
                collisions.append((key, kept.record, record.id))
            } else {
                byKey[key] = (record.id, entry, false)
            }
            for alias in record.aliases where alias != record.providerModelID {
                aliases.append((style.prefix + alias, record.id, entry))
            }
        }
        for alias in aliases {
            if let kept = byKey[alias.key] {
                if kept.record != alias.record, kept.isAlias { collisions.append((alias.key, kept.record, alias.record)) }
            } else {
                byKey[alias.key] = (alias.record, alias.entry, true)
            }
        }
        let keys = byKey.keys.sorted()
        return Result(json: .object(keys.map { ($0, byKey[$0]!.entry) }), entries: keys.count, collisions: collisions)
    }
}
