package import CatalogCore

/// `cohere/models.json`: `GET https://api.cohere.com/v1/models`.
///
/// `{"models": [{"name", "endpoints", "context_length", "features", "supports_vision"?,
/// "is_deprecated"?}]}`.
package struct CohereModelsParser: CaptureParser {
    package init() {}

    static let endpoints: [String: Capability] = [
        "chat": .chat, "generate": .chat, "embed": .embeddings, "rerank": .rerank, "classify": .moderation,
        "transcriptions": .transcription,
    ]
    static let features: [String: Capability] = [
        "tools": .tools, "json_schema": .structuredOutput, "vision": .vision, "reasoning": .reasoning, "logprobs": .logprobs,
    ]

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var list = try JSONModelList(bytes, file: file)
        var readers = list.records(try list.array(at: "models"), arrayPath: "models", idKey: "name")
        for index in readers.indices {
            var reader = readers[index]
            reader.addCount(.contextWindow, from: "context_length")
            for (position, endpoint) in reader.strings("endpoints").enumerated() {
                if let capability = CohereModelsParser.endpoints[endpoint] {
                    reader.addCapability(capability, true, at: "endpoints[\(position)]")
                }
            }
            for (position, feature) in reader.strings("features").enumerated() {
                if let capability = CohereModelsParser.features[feature] {
                    reader.addCapability(capability, true, at: "features[\(position)]")
                }
            }
            if let vision = reader.bool("supports_vision") { reader.addCapability(.vision, vision, at: "supports_vision") }
            if reader.bool("is_deprecated") == true { reader.add(.status, .text("deprecated"), at: "is_deprecated") }
            readers[index] = reader
        }
        return list.finish(readers)
    }
}
