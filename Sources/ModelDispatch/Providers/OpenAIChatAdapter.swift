import CatalogCore
import CatalogHTTP
import Foundation
import ModelCatalog

/// OpenAI's chat completions, and the hosts that speak it (OpenRouter, xAI, Mistral, DeepSeek,
/// Together, Groq, Cerebras).
///
/// Usage: `prompt_tokens` include `prompt_tokens_details.cached_tokens` (and OpenRouter's
/// `cache_write_tokens`); `completion_tokens` include `completion_tokens_details.reasoning_tokens`,
/// except where a host reports reasoning beside them (xAI), which `total_tokens` shows:
/// prompt + completion + reasoning. DeepSeek reports its cache as `prompt_cache_hit_tokens`.
struct OpenAIChatAdapter: ChatAdapter {
    var provider: String

    func encode(_ request: ChatRequest, model: String, maxTokens: Int, root: String, key: String, timeout: Double)
        throws(ProviderFailure) -> HTTPRequest
    {
        guard let url = URL(string: root + "/chat/completions") else { throw .unsendable("no valid address at \(root)") }
        var body: [(String, JSONOutput)] = [
            ("model", .string(model)),
            (
                "messages",
                .array(request.messages.map { .object([("role", .string($0.role.rawValue)), ("content", .string($0.content))]) })
            ),
            // OpenAI's reasoning models take only max_completion_tokens; every OpenAI model takes it.
            (provider == "openai" ? "max_completion_tokens" : "max_tokens", .int(maxTokens)),
        ]
        if let temperature = request.temperature { body.append(("temperature", .number(String(temperature)))) }
        if let effort = request.reasoningEffort { body.append(("reasoning_effort", .string(effort))) }
        if let format = try request.responseFormatObject() { body.append(("response_format", JSONOutput(format))) }
        if provider == "openrouter" { body.append(("usage", .object([("include", .bool(true))]))) }
        return HTTPRequest(
            method: "POST", url: url,
            headers: [("Authorization", "Bearer " + key), ("Content-Type", "application/json")],
            body: JSONOutput.object(body).bytes, timeout: timeout)
    }

    func decode(_ body: [UInt8]) throws(ProviderFailure) -> ProviderOutcome {
        let root = try ProviderFailure.root(of: body)
        guard let choice = root["choices"]?[0] else { throw .invalid("the reply has no choices") }
        let text = choice["message"]?["content"]?.string ?? ""
        let usage = root["usage"]
        return ProviderOutcome(
            text: text, finishReason: choice["finish_reason"]?.string,
            usage: OpenAIChatAdapter.usage(usage, serviceTier: root["service_tier"]?.string),
            hasUsage: usage.map { !$0.isNull } ?? false,
            providerCost: usage?["cost"]?.decimal)
    }

    /// The catalog's ``Usage`` of an OpenAI-shaped `usage` object.
    static func usage(_ usage: JSONValue?, serviceTier: String?) -> Usage {
        guard let usage, !usage.isNull else { return Usage() }
        let prompt = count(usage["prompt_tokens"])
        let completion = count(usage["completion_tokens"])
        let promptDetails = usage["prompt_tokens_details"]
        var cached = count(promptDetails?["cached_tokens"])
        if cached == 0 { cached = count(usage["prompt_cache_hit_tokens"]) }
        let cacheWrite = count(promptDetails?["cache_write_tokens"])
        let reasoning = count(usage["completion_tokens_details"]?["reasoning_tokens"])
        // Reasoning beside the completion (xAI) shows in the total; inside it, it does not.
        let beside = reasoning > 0 && usage["total_tokens"]?.int == prompt + completion + reasoning
        return Usage(
            inputTokens: max(0, prompt - cached - cacheWrite), cachedInputTokens: cached, cacheWriteTokens: cacheWrite,
            outputTokens: beside ? completion : max(0, completion - reasoning), reasoningTokens: reasoning,
            tier: tier(serviceTier))
    }

    /// The price tier a reply's `service_tier` names (`default` and `auto` are standard).
    static func tier(_ text: String?) -> PriceTier {
        switch text?.lowercased() {
        case "flex": .flex
        case "priority": .priority
        case "batch": .batch
        default: .standard
        }
    }
}
