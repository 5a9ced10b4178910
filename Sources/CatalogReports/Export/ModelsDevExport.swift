package import CatalogCore
import Foundation
package import ModelCatalog

/// The catalog in the shape of models.dev's `api.json`: provider id → `{id, env, npm, api?,
/// name, doc, models: {model id → model}}`, each model with `cost` (USD per 1M tokens),
/// `limit`, `modalities`, capability flags and dates. Documented in `docs/exports.md`.
///
/// models.dev requires some fields the catalog does not always know (a context window, an
/// output limit, a release date); a model without them is left out and named in
/// ``Result/omitted`` with what it lacked, never written with a made-up number. Limits and
/// prices are the host's own; what describes the model itself (release date, knowledge
/// cutoff, modalities, capabilities) falls back to its maker's statement when the host states
/// none.
package enum ModelsDevExport {
    /// The export and the models it could not carry.
    package struct Result {
        package var json: JSONOutput
        package var models: Int
        /// Record id → the required fields it has no value for.
        package var omitted: [(id: String, missing: [String])]
    }

    /// How models.dev (and the AI SDK it names) knows a provider.
    struct ProviderInfo {
        var id: String
        var name: String
        var env: [String]
        var npm: String
        var doc: String
        var api: String? = nil
    }

    static let providers: [String: ProviderInfo] = [
        "openai": ProviderInfo(
            id: "openai", name: "OpenAI", env: ["OPENAI_API_KEY"], npm: "@ai-sdk/openai",
            doc: "https://platform.openai.com/docs/models"),
        "anthropic": ProviderInfo(
            id: "anthropic", name: "Anthropic", env: ["ANTHROPIC_API_KEY"], npm: "@ai-sdk/anthropic",
            doc: "https://docs.anthropic.com/en/docs/about-claude/models"),
        "google": ProviderInfo(
            id: "google", name: "Google", env: ["GOOGLE_GENERATIVE_AI_API_KEY", "GEMINI_API_KEY"], npm: "@ai-sdk/google",
            doc: "https://ai.google.dev/gemini-api/docs/models"),
        "vertex": ProviderInfo(
            id: "google-vertex", name: "Vertex",
            env: ["GOOGLE_VERTEX_PROJECT", "GOOGLE_VERTEX_LOCATION", "GOOGLE_APPLICATION_CREDENTIALS"],
            npm: "@ai-sdk/google-vertex", doc: "https://cloud.google.com/vertex-ai/generative-ai/docs/models"),
        "bedrock": ProviderInfo(
            id: "amazon-bedrock", name: "Amazon Bedrock", env: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION"],
            npm: "@ai-sdk/amazon-bedrock", doc: "https://docs.aws.amazon.com/bedrock/latest/userguide/models-supported.html"),
        "mistral": ProviderInfo(
            id: "mistral", name: "Mistral", env: ["MISTRAL_API_KEY"], npm: "@ai-sdk/mistral",
            doc: "https://docs.mistral.ai/getting-started/models/"),
        "xai": ProviderInfo(
            id: "xai", name: "xAI", env: ["XAI_API_KEY"], npm: "@ai-sdk/xai", doc: "https://docs.x.ai/docs/models"),
        "deepseek": ProviderInfo(
            id: "deepseek", name: "DeepSeek", env: ["DEEPSEEK_API_KEY"], npm: "@ai-sdk/deepseek",
            doc: "https://api-docs.deepseek.com/quick_start/pricing"),
        "groq": ProviderInfo(
            id: "groq", name: "Groq", env: ["GROQ_API_KEY"], npm: "@ai-sdk/groq", doc: "https://console.groq.com/docs/models"),
        "together": ProviderInfo(
            id: "togetherai", name: "Together AI", env: ["TOGETHER_AI_API_KEY", "TOGETHER_API_KEY"], npm: "@ai-sdk/togetherai",
            doc: "https://docs.together.ai/docs/serverless-models"),
        "cerebras": ProviderInfo(
            id: "cerebras", name: "Cerebras", env: ["CEREBRAS_API_KEY"], npm: "@ai-sdk/cerebras",
            doc: "https://inference-docs.cerebras.ai/models/overview"),
        "cohere": ProviderInfo(
            id: "cohere", name: "Cohere", env: ["COHERE_API_KEY"], npm: "@ai-sdk/cohere",
            doc: "https://docs.cohere.com/docs/models"),
        "openrouter": ProviderInfo(
            id: "openrouter", name: "OpenRouter", env: ["OPENROUTER_API_KEY"], npm: "@openrouter/ai-sdk-provider",
            doc: "https://openrouter.ai/models", api: "https://openrouter.ai/api/v1"),
    ]

    /// The modalities models.dev's schema allows.
    static let modalities: Set<String> = ["text", "audio", "image", "video", "pdf"]

    static func info(_ provider: String) -> ProviderInfo {
        providers[provider]
            ?? ProviderInfo(
                id: provider, name: provider, env: [provider.uppercased() + "_API_KEY"], npm: "@ai-sdk/openai-compatible", doc: ""
            )
    }

    /// The models.dev modalities of a list of ours: `file` is the PDF input models.dev calls
    /// `pdf`; others it has no word for (`embeddings`) are left out.
    static func mapped(_ values: [String]) -> [String] {
        var seen: Set<String> = []
        return values.compactMap { value in
            let name = value == "file" ? "pdf" : value
            return modalities.contains(name) && seen.insert(name).inserted ? name : nil
        }
    }

    /// The model object, or the required fields it lacks.
    static func model(_ record: ModelRecord, maker: ModelRecord?, kind: ModelKind, prices: [PriceKey: FactValue])
        -> Swift.Result<
            JSONOutput, MissingFields
        >
    {
        // What describes the model itself: the host's statement, else its maker's.
        func described<T>(_ read: (ModelRecord) -> T?) -> T? { read(record) ?? maker.flatMap(read) }
        func capability(_ capability: Capability) -> Bool? {
            described { record in record.capabilities.first { $0.capability == capability }?.supported }
        }
        var inputs = mapped(described { $0.inputModalities.isEmpty ? nil : $0.inputModalities } ?? [])
        var outputs = mapped(described { $0.outputModalities.isEmpty ? nil : $0.outputModalities } ?? [])
        if inputs.isEmpty, outputs.isEmpty, kind == .text { (inputs, outputs) = (["text"], ["text"]) }
        let released = described(\.created)
        let context = record.contextWindow ?? record.maxInputTokens
        var missing: [String] = []
        if released == nil { missing.append("release_date") }
        if context == nil { missing.append("limit.context") }
        if record.maxOutputTokens == nil { missing.append("limit.output") }
        if inputs.isEmpty || outputs.isEmpty { missing.append("modalities") }
        guard missing.isEmpty, let released, let context, let output = record.maxOutputTokens else {
            return .failure(MissingFields(names: missing))
        }
        var members: [(String, JSONOutput)] = [
            ("id", .string(record.providerModelID)),
            ("name", .string(described(\.displayName) ?? record.providerModelID)),
            (
                "attachment",
                .bool(capability(.vision) == true || capability(.pdfInput) == true || inputs.contains { $0 != "text" })
            ),
            ("reasoning", .bool(capability(.reasoning) == true)),
            ("tool_call", .bool(capability(.tools) == true)),
        ]
        if let structured = capability(.structuredOutput) { members.append(("structured_output", .bool(structured))) }
        if let knowledge = described(\.knowledgeCutoff) { members.append(("knowledge", .string(knowledge.description))) }
        members += [
            ("release_date", .string(released.description)),
            ("last_updated", .string(released.description)),
            (
                "modalities",
                .object([("input", .array(inputs.map(JSONOutput.string))), ("output", .array(outputs.map(JSONOutput.string)))])
            ),
            ("open_weights", .bool(false)),
        ]
        if let cost = cost(prices) { members.append(("cost", cost)) }
        var limit: [(String, JSONOutput)] = [("context", .int(context))]
        if let input = record.maxInputTokens { limit.append(("input", .int(input))) }
        limit.append(("output", .int(output)))
        members.append(("limit", .object(limit)))
        switch record.status {
        case .preview: members.append(("status", .string("beta")))
        case .deprecated, .legacy, .retired: members.append(("status", .string("deprecated")))
        case .active: break
        }
        return .success(.object(members))
    }

    struct MissingFields: Error { var names: [String] }

    /// `cost` in USD per 1M tokens: `input` and `output` (both, or no cost at all), then what
    /// else is stated; `context_over_200k` for prices above 200K prompt tokens.
    static func cost(_ prices: [PriceKey: FactValue]) -> JSONOutput? {
        func price(_ component: PriceComponent, above: Int? = nil) -> Decimal? {
            prices[PriceKey(component, aboveInputTokens: above)]?.decimal
        }
        guard let input = price(.input), let output = price(.output) else { return nil }
        var members: [(String, JSONOutput)] = [("input", JSONOutput.decimal(input)), ("output", JSONOutput.decimal(output))]
        let extras: [(String, PriceComponent)] = [
            ("reasoning", .reasoning), ("cache_read", .cachedInput), ("cache_write", .cacheWrite), ("input_audio", .inputAudio),
            ("output_audio", .outputAudio),
        ]
        for (name, component) in extras {
            if let amount = price(component) { members.append((name, JSONOutput.decimal(amount))) }
        }
        if let longInput = price(.input, above: 200_000), let longOutput = price(.output, above: 200_000) {
            var long: [(String, JSONOutput)] = [
                ("input", JSONOutput.decimal(longInput)), ("output", JSONOutput.decimal(longOutput)),
            ]
            if let amount = price(.cachedInput, above: 200_000) { long.append(("cache_read", JSONOutput.decimal(amount))) }
            if let amount = price(.cacheWrite, above: 200_000) { long.append(("cache_write", JSONOutput.decimal(amount))) }
            members.append(("context_over_200k", .object(long)))
        }
        return .object(members)
    }

    /// The `api.json` of the records of `catalog`'s version (`Catalog.records()`).
    /// - Throws: ``CatalogStoreError`` when a record's facts cannot be read.
    package static func export(catalog: Catalog, records: [ModelRecord]) throws -> Result {
        var byProvider: [String: [(String, JSONOutput)]] = [:]
        var omitted: [(id: String, missing: [String])] = []
        var count = 0
        for record in records {
            let canonical = try catalog.resolve(record.id).model
            let maker = canonical.flatMap { $0.facts.isEmpty ? nil : $0.record }
            switch model(
                record, maker: maker, kind: ModelKind.of(record, canonical: canonical), prices: catalog.billedPrices(of: record))
            {
            case .success(let json):
                byProvider[record.provider, default: []].append((record.providerModelID, json))
                count += 1
            case .failure(let missing): omitted.append((record.id, missing.names))
            }
        }
        let providers = byProvider.keys.sorted { info($0).id < info($1).id }.map { provider -> (String, JSONOutput) in
            let info = info(provider)
            var members: [(String, JSONOutput)] = [
                ("id", .string(info.id)), ("env", .array(info.env.map(JSONOutput.string))), ("npm", .string(info.npm)),
            ]
            if let api = info.api { members.append(("api", .string(api))) }
            members += [("name", .string(info.name)), ("doc", .string(info.doc)), ("models", .object(byProvider[provider]!))]
            return (info.id, .object(members))
        }
        return Result(json: .object(providers), models: count, omitted: omitted)
    }
}
