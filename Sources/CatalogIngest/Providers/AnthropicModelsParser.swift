package import CatalogCore

/// `anthropic/models.json`: `GET https://api.anthropic.com/v1/models`.
///
/// `{"data": [{"id", "display_name", "created_at", "max_input_tokens"?, "max_tokens"?,
/// "capabilities"?}], "has_more", "first_id", "last_id"}`. From 2026-03 the answer carries
/// limits and capabilities. `max_input_tokens` is what Anthropic calls the context window.
/// `has_more: true` marks a capture that holds only the first page.
package struct AnthropicModelsParser: CaptureParser {
    package init() {}

    static let capabilities: [String: Capability] = [
        "batch": .batch, "citations": .citations, "code_execution": .codeExecution, "image_input": .vision,
        "pdf_input": .pdfInput, "structured_outputs": .structuredOutput, "thinking": .reasoning,
    ]

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var list = try JSONModelList(bytes, file: file)
        var readers = list.records(try list.array(at: "data"), arrayPath: "data")
        for index in readers.indices {
            readers[index].addText(.displayName, from: "display_name")
            readers[index].addISODate(.created, from: "created_at")
            readers[index].addCount(.contextWindow, from: "max_input_tokens")
            readers[index].addCount(.maxOutputTokens, from: "max_tokens")
            for (name, state) in readers[index].members("capabilities") {
                guard let capability = AnthropicModelsParser.capabilities[name] else { continue }
                if let supported = readers[index].bool("capabilities." + name + ".supported") {
                    readers[index].addCapability(capability, supported, at: "capabilities." + name + ".supported")
                } else if state.kind != .object {
                    readers[index].warn(
                        "capabilities." + name, "expected {\"supported\": true|false}, found \(state.kind); ignored")
                }
            }
        }
        let partial = list.root["has_more"]?.bool == true
        return list.finish(
            readers, completeness: partial ? .partial("has_more is true: only the first page was captured") : .complete)
    }
}
