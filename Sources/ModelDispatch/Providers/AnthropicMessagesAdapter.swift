import CatalogCore
import CatalogHTTP
import Foundation
import ModelCatalog

/// Anthropic's messages API.
///
/// Usage: `input_tokens` exclude both `cache_creation_input_tokens` and
/// `cache_read_input_tokens` (adding the reads to them again is how a bill comes out 1.7× too
/// high); `cache_creation` splits the writes into 5-minute and one-hour ones; `output_tokens`
/// include thinking, which is not reported apart.
struct AnthropicMessagesAdapter: ChatAdapter {
    func encode(_ request: ChatRequest, model: String, maxTokens: Int, root: String, key: String, timeout: Double)
        throws(ProviderFailure) -> HTTPRequest
    {
        guard request.responseFormat == nil else {
            throw .unsendable("\"response_format\" is not something Anthropic's messages API takes")
        }
        guard let url = URL(string: root + "/messages") else { throw .unsendable("no valid address at \(root)") }
        let system = request.messages.filter { $0.role == .system }.map(\.content)
        var body: [(String, JSONOutput)] = [("model", .string(model)), ("max_tokens", .int(maxTokens))]
        if !system.isEmpty { body.append(("system", .string(system.joined(separator: "\n\n")))) }
        body.append(
            (
                "messages",
                .array(
                    request.messages.filter { $0.role != .system }.map {
                        .object([("role", .string($0.role.rawValue)), ("content", .string($0.content))])
                    })
            ))
        if let temperature = request.temperature { body.append(("temperature", .number(String(temperature)))) }
        if let budget = request.thinkingBudget {
            body.append(("thinking", .object([("type", .string("enabled")), ("budget_tokens", .int(budget))])))
        }
        return HTTPRequest(
            method: "POST", url: url,
            headers: [("x-api-key", key), ("anthropic-version", "2023-06-01"), ("Content-Type", "application/json")],
            body: JSONOutput.object(body).bytes, timeout: timeout)
    }

    func decode(_ body: [UInt8]) throws(ProviderFailure) -> ProviderOutcome {
        let root = try ProviderFailure.root(of: body)
        guard let content = root["content"]?.array else { throw .invalid("the reply has no content") }
        let text = content.filter { $0["type"]?.string == "text" }.compactMap { $0["text"]?.string }.joined()
        let usage = root["usage"]
        return ProviderOutcome(
            text: text, finishReason: root["stop_reason"]?.string, usage: AnthropicMessagesAdapter.usage(usage),
            hasUsage: usage.map { !$0.isNull } ?? false, providerCost: nil)
    }

    /// The catalog's ``Usage`` of Anthropic's `usage` object.
    static func usage(_ usage: JSONValue?) -> Usage {
        guard let usage, !usage.isNull else { return Usage() }
        let written = count(usage["cache_creation_input_tokens"])
        let oneHour = count(usage["cache_creation"]?["ephemeral_1h_input_tokens"])
        return Usage(
            inputTokens: count(usage["input_tokens"]), cachedInputTokens: count(usage["cache_read_input_tokens"]),
            cacheWriteTokens: max(0, written - oneHour), cacheWrite1hTokens: oneHour,
            outputTokens: count(usage["output_tokens"]),
            tier: OpenAIChatAdapter.tier(usage["service_tier"]?.string))
    }
}
