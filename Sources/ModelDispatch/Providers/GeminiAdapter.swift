import CatalogCore
import CatalogHTTP
import Foundation
import ModelCatalog

/// Gemini's `generateContent`.
///
/// Usage: `promptTokenCount` includes `cachedContentTokenCount`; `thoughtsTokenCount` is beside
/// `candidatesTokenCount`; `toolUsePromptTokenCount` is beside the prompt and billed as input.
/// The key goes in the `x-goog-api-key` header, never in the address.
struct GeminiAdapter: ChatAdapter {
    func encode(_ request: ChatRequest, model: String, maxTokens: Int, root: String, key: String, timeout: Double)
        throws(ProviderFailure) -> HTTPRequest
    {
        let id = model.hasPrefix("models/") ? String(model.dropFirst(7)) : model
        guard let escaped = id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed),
            let url = URL(string: root + "/models/" + escaped + ":generateContent")
        else { throw .unsendable("no valid address at \(root) for \(model)") }
        let system = request.messages.filter { $0.role == .system }.map(\.content)
        var body: [(String, JSONOutput)] = [
            (
                "contents",
                .array(
                    request.messages.filter { $0.role != .system }.map {
                        .object([
                            ("role", .string($0.role == .assistant ? "model" : "user")),
                            ("parts", .array([.object([("text", .string($0.content))])])),
                        ])
                    })
            )
        ]
        if !system.isEmpty {
            body.append(
                (
                    "systemInstruction",
                    .object([("parts", .array([.object([("text", .string(system.joined(separator: "\n\n")))])]))])
                ))
        }
        var generation: [(String, JSONOutput)] = [("maxOutputTokens", .int(maxTokens))]
        if let temperature = request.temperature { generation.append(("temperature", .number(String(temperature)))) }
        if let budget = request.thinkingBudget {
            generation.append(("thinkingConfig", .object([("thinkingBudget", .int(budget))])))
        }
        if let format = try request.responseFormatObject() {
            switch format["type"]?.string {
            case "json_object":
                generation.append(("responseMimeType", .string("application/json")))
            case "json_schema":
                generation.append(("responseMimeType", .string("application/json")))
                if let schema = format["json_schema"]?["schema"] { generation.append(("responseJsonSchema", JSONOutput(schema))) }
            default:
                break
            }
        }
        body.append(("generationConfig", .object(generation)))
        return HTTPRequest(
            method: "POST", url: url, headers: [("x-goog-api-key", key), ("Content-Type", "application/json")],
            body: JSONOutput.object(body).bytes, timeout: timeout)
    }

    func decode(_ body: [UInt8]) throws(ProviderFailure) -> ProviderOutcome {
        let root = try ProviderFailure.root(of: body)
        guard let candidate = root["candidates"]?[0] else {
            if let blocked = root["promptFeedback"]?["blockReason"]?.string {
                throw ProviderFailure(failure: .contentFiltered, status: 200, message: "the prompt was blocked: \(blocked)")
            }
            throw .invalid("the reply has no candidates")
        }
        let parts = candidate["content"]?["parts"]?.array ?? []
        let text = parts.filter { $0["thought"]?.bool != true }.compactMap { $0["text"]?.string }.joined()
        let usage = root["usageMetadata"]
        return ProviderOutcome(
            text: text, finishReason: candidate["finishReason"]?.string, usage: GeminiAdapter.usage(usage),
            hasUsage: usage.map { !$0.isNull } ?? false, providerCost: nil)
    }

    /// The catalog's ``Usage`` of Gemini's `usageMetadata`.
    static func usage(_ usage: JSONValue?) -> Usage {
        guard let usage, !usage.isNull else { return Usage() }
        let prompt = count(usage["promptTokenCount"])
        let cached = count(usage["cachedContentTokenCount"])
        return Usage(
            inputTokens: max(0, prompt - cached) + count(usage["toolUsePromptTokenCount"]), cachedInputTokens: cached,
            outputTokens: count(usage["candidatesTokenCount"]), reasoningTokens: count(usage["thoughtsTokenCount"]))
    }
}
