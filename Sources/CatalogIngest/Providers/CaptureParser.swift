package import CatalogCore

/// Reads one capture of one source into observations.
///
/// Parsers are pure: they take the bytes and the capture's display path (for messages) and
/// return observations and warnings. A capture that cannot be read at all throws
/// ``CaptureError``, which fails that source only.
package protocol CaptureParser: Sendable {
    /// Reads `bytes`, the capture stored at `file`.
    func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture
}

/// The parser of each registered source, or `nil` for pages that are not parsed yet.
package enum ParserRegistry {
    /// The parser for `source`, when one exists.
    package static func parser(for source: SourceID) -> (any CaptureParser)? {
        switch source.path {
        case "openai/models.json": OpenAIModelsParser()
        case "openai/docs-models.json": OpenAIDocsModelsParser()
        case "anthropic/models.json": AnthropicModelsParser()
        case "google/models.json": GoogleModelsParser()
        case "mistral/models.json": MistralModelsParser()
        case "xai/language-models.json": XAILanguageModelsParser()
        case "xai/models.json": XAIModelsParser()
        case "deepseek/models.json": DeepSeekModelsParser()
        case "openrouter/models.json": OpenRouterModelsParser()
        case "together/models.json": TogetherModelsParser()
        case "groq/models.json": GroqModelsParser()
        case "cohere/models.json": CohereModelsParser()
        case "cerebras/models.json": CerebrasModelsParser()
        case "bedrock/models.json": BedrockModelsParser()
        case "vertex/models.json": VertexModelsParser()
        case "deepseek/pricing.html": DeepSeekPricingParser()
        case "anthropic/deprecations.html": AnthropicDeprecationsParser()
        case "anthropic/models.html": AnthropicModelsPageParser()
        case "anthropic/pricing.html": AnthropicPricingParser()
        case "openai/pricing.html": OpenAIPricingParser()
        case "openai/deprecations.html": OpenAIDeprecationsParser()
        case "google/deprecations.html": GoogleDeprecationsParser()
        case "google/models.html": GoogleModelsPageParser()
        case "mistral/pricing.html": MistralPricingParser()
        case "cerebras/pricing.html": CerebrasPricingParser()
        case "bedrock/lifecycle.html": BedrockLifecycleParser()
        case "xai/models.html": XAIModelsPageParser()
        case "groq/models.md": GroqModelsPageParser()
        case "together/models.html": TogetherModelsPageParser()
        case "together/pricing.html": TogetherPricingParser()
        case "openai/models/*.html": OpenAIModelPageParser()
        case "google/pricing.html": GooglePricingParser()
        case "vertex/pricing.html": VertexPricingParser()
        default: nil
        }
    }
}
