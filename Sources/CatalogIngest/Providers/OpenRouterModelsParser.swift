package import CatalogCore
import Foundation

/// `openrouter/models.json`: `GET https://openrouter.ai/api/v1/models`.
///
/// Prices are strings in USD per token (`"0.0000025"` is $2.50 per 1M tokens); `request`,
/// `image` and `web_search` are USD per request, per input image and per search. `"-1"` means
/// the price varies (OpenRouter's own routers) and is kept as "variable", never as a negative
/// price. `prompt` and `completion` of `"0"` are real (the `:free` variants); the optional
/// components are listed as `"0"` for models that do not use them, so 0 is not read for those.
package struct OpenRouterModelsParser: CaptureParser {
    package init() {}

    static let prices: [(key: String, component: PriceComponent, keepZero: Bool)] = [
        ("prompt", .input, true), ("completion", .output, true), ("input_cache_read", .cachedInput, false),
        ("input_cache_write", .cacheWrite, false), ("internal_reasoning", .reasoning, false),
        ("audio", .inputAudio, false), ("request", .perRequest, false), ("image", .perInputImage, false),
        ("web_search", .perWebSearch, false),
    ]

    static let parameters: [String: Capability] = [
        "tools": .tools, "structured_outputs": .structuredOutput, "reasoning": .reasoning,
        "web_search_options": .webSearch, "logprobs": .logprobs,
    ]

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var list = try JSONModelList(bytes, file: file)
        var readers = list.records(try list.array(at: "data"), arrayPath: "data")
        for index in readers.indices {
            var reader = readers[index]
            reader.addText(.displayName, from: "name")
            reader.addUnixDate(.created, from: "created")
            reader.addText(.canonicalSlug, from: "canonical_slug")
            reader.addText(.huggingFaceID, from: "hugging_face_id")
            reader.addCount(.contextWindow, from: "context_length")
            reader.addCount(.maxOutputTokens, from: "top_provider.max_completion_tokens")
            reader.addModalities(.inputModality, from: "architecture.input_modalities")
            reader.addModalities(.outputModality, from: "architecture.output_modalities")
            if reader.has("knowledge_cutoff") { reader.addISODate(.knowledgeCutoff, from: "knowledge_cutoff") }
            if reader.has("expiration_date") { reader.addISODate(.shutdown, from: "expiration_date") }
            for (position, parameter) in reader.strings("supported_parameters").enumerated() {
                if let capability = OpenRouterModelsParser.parameters[parameter] {
                    reader.addCapability(capability, true, at: "supported_parameters[\(position)]")
                }
            }
            for price in OpenRouterModelsParser.prices {
                reader.addOpenRouterPrice(price.component, from: "pricing." + price.key, keepZero: price.keepZero)
            }
            readers[index] = reader
        }
        return list.finish(readers)
    }
}

extension RecordReader {
    mutating func addOpenRouterPrice(_ component: PriceComponent, from path: String, keepZero: Bool) {
        guard let found = raw(path) else { return }
        let text = found.string ?? found.numberText
        guard let text, let amount = DecimalLiteral.parse(text) else {
            warn(path, "expected a price in USD per token as a decimal string, found \(found.kind); ignored")
            return
        }
        if amount == -1 {
            add(.price(PriceKey(component)), .variable, at: path)
            return
        }
        guard amount >= 0 else {
            warn(path, "negative price \"\(text)\" (only \"-1\", meaning variable, is expected); ignored")
            return
        }
        if amount == 0, !keepZero { return }
        let usd = component.isPerMillionTokens ? Money.shift(amount, by: 6) : amount
        add(.price(PriceKey(component)), .decimal(usd), at: path)
    }
}
