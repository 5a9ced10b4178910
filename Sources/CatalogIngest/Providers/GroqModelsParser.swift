package import CatalogCore

/// `groq/models.json`: `GET https://api.groq.com/openai/v1/models` — OpenAI-compatible with
/// `context_window`, `max_completion_tokens` and `active`.
package struct GroqModelsParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        try OpenAICompatibleList.parse(bytes, file: file) { reader in
            reader.addCount(.contextWindow, from: "context_window")
            reader.addCount(.maxOutputTokens, from: "max_completion_tokens")
            if reader.bool("active") == false {
                reader.add(.status, .text("inactive"), at: "active")
            }
        }
    }
}
