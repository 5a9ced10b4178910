package import CatalogCore
public import Foundation
public import ModelCatalog

/// An answered request.
public struct ChatReply: Sendable {
    /// The name asked for.
    public var requestedModel: String
    /// The canonical model that answered (another than asked only with fallback on).
    public var servedModel: String
    /// The offering that answered: `provider/provider_model_id` (`anthropic/claude-sonnet-4-5-20250929`).
    public var servedBy: String
    /// The host name (`api.anthropic.com`).
    public var host: String
    public var text: String
    public var finishReason: String?
    /// In the catalog's terms: no token counted twice.
    public var usage: Usage
    /// The cost at the serving offering's prices, or `nil` when it cannot be priced
    /// (``unpricedReason`` says why). Never $0 for want of a price.
    public var cost: Cost?
    public var unpricedReason: String?
    /// What the host says it charged (OpenRouter), kept beside ours.
    public var providerCost: Decimal?
    /// Attempts made, the first included.
    public var attempts: Int
    /// Seconds from the call to the answer, waiting for limits included.
    public var latency: Double
    /// Things to know (the host's cost differs from ours by more than 1%).
    public var warnings: [String]
}

/// A request that was not answered: refused before sending (unknown model, budget, limits) or
/// failed at every host it was tried on.
public struct DispatchError: Error, Sendable, CustomStringConvertible {
    public var failure: FailureClass
    /// The last HTTP status, when a host answered.
    public var status: Int?
    public var message: String
    public var requestedModel: String
    /// The canonical model, when the name resolved.
    public var servedModel: String?
    /// The last offering tried.
    public var servedBy: String?
    public var attempts: Int
    public var latency: Double

    public var description: String { "\(requestedModel): \(message)" }
}

/// The outcome of one request, as `catalog send --format json` prints it and a bulk run writes
/// it (one object per line): see docs/dispatch-json.md.
public struct DispatchRecord: Sendable {
    public var result: Result<ChatReply, DispatchError>

    public init(_ result: Result<ChatReply, DispatchError>) { self.result = result }

    /// The members, in a fixed order.
    package var members: [(String, JSONOutput)] {
        switch result {
        case .success(let reply):
            var members: [(String, JSONOutput)] = [
                ("status", .string("ok")), ("requested_model", .string(reply.requestedModel)),
                ("served_model", .string(reply.servedModel)), ("served_by", .string(reply.servedBy)),
                ("attempts", .int(reply.attempts)), ("latency_ms", .number(DispatchRecord.milliseconds(reply.latency))),
                ("usage", DispatchRecord.usage(reply.usage)),
                ("cost_usd", reply.cost.map { .string(Money.format($0.total)) } ?? .null),
            ]
            if let reason = reply.unpricedReason { members.append(("unpriced_reason", .string(reason))) }
            if let providerCost = reply.providerCost { members.append(("provider_cost_usd", .string("\(providerCost)"))) }
            members += [("text", .string(reply.text)), ("finish_reason", .string(reply.finishReason))]
            if !reply.warnings.isEmpty { members.append(("warnings", .array(reply.warnings.map(JSONOutput.string)))) }
            return members
        case .failure(let error):
            return [
                ("status", .string("error")), ("requested_model", .string(error.requestedModel)),
                ("served_model", .string(error.servedModel)), ("served_by", .string(error.servedBy)),
                ("attempts", .int(error.attempts)), ("latency_ms", .number(DispatchRecord.milliseconds(error.latency))),
                ("usage", .null), ("cost_usd", .null), ("text", .null), ("finish_reason", .null),
                (
                    "error",
                    .object([
                        ("class", .string(error.failure.rawValue)), ("status", .int(error.status)),
                        ("message", .string(error.message)),
                    ])
                ),
            ]
        }
    }

    /// One line of JSON, without a newline.
    public var jsonLine: String { JSONOutput.object(members).rendered() }

    /// For people: the answer, then usage, cost and who served it; or the error.
    public var text: String {
        switch result {
        case .success(let reply):
            let usage = reply.usage
            var parts = ["\(usage.inputTokens) input"]
            if usage.cachedInputTokens > 0 { parts.append("\(usage.cachedInputTokens) cached input") }
            if usage.cacheWriteTokens + usage.cacheWrite1hTokens > 0 {
                parts.append("\(usage.cacheWriteTokens + usage.cacheWrite1hTokens) cache write")
            }
            parts.append("\(usage.outputTokens) output")
            if usage.reasoningTokens > 0 { parts.append("\(usage.reasoningTokens) reasoning") }
            let cost =
                reply.cost.map { Money.dollars($0.total) }
                ?? "unpriced (\(reply.unpricedReason ?? "no price"))"
            var lines = [
                reply.text, "",
                "usage: " + parts.joined(separator: ", ") + (usage.tier == .standard ? "" : " (\(usage.tier.rawValue))"),
                "cost: " + cost + (reply.providerCost.map { " (the host says $\($0))" } ?? ""),
                "served by: \(reply.servedBy) at \(reply.host)"
                    + (reply.servedModel == reply.requestedModel ? "" : " for \(reply.requestedModel)")
                    + ", \(DispatchRecord.milliseconds(reply.latency)) ms, \(reply.attempts) attempt\(reply.attempts == 1 ? "" : "s")",
            ]
            lines += reply.warnings.map { "warning: " + $0 }
            return lines.joined(separator: "\n") + "\n"
        case .failure(let error):
            let status = error.status.map { "HTTP \($0), " } ?? ""
            let tried =
                error.servedBy.map { " (last tried: \($0), \(error.attempts) attempt\(error.attempts == 1 ? "" : "s"))" } ?? ""
            return "error: \(error.requestedModel): \(status)\(error.failure.rawValue): \(error.message)\(tried)\n"
        }
    }

    static func milliseconds(_ seconds: Double) -> String { String(format: "%.3f", seconds * 1000) }

    /// A result line's `usage` read back (the members ``usage(_:)`` writes); all 0 for `null`.
    static func usage(from value: JSONValue?) -> Usage {
        var usage = Usage()
        guard let value, !value.isNull else { return usage }
        usage.inputTokens = value["input"]?.int ?? 0
        usage.cachedInputTokens = value["cached_input"]?.int ?? 0
        usage.cacheWriteTokens = value["cache_write"]?.int ?? 0
        usage.cacheWrite1hTokens = value["cache_write_1h"]?.int ?? 0
        usage.outputTokens = value["output"]?.int ?? 0
        usage.reasoningTokens = value["reasoning"]?.int ?? 0
        usage.tier = value["tier"]?.string.flatMap(PriceTier.init(rawValue:)) ?? .standard
        return usage
    }

    static func usage(_ usage: Usage) -> JSONOutput {
        .object([
            ("input", .int(usage.inputTokens)), ("cached_input", .int(usage.cachedInputTokens)),
            ("cache_write", .int(usage.cacheWriteTokens)), ("cache_write_1h", .int(usage.cacheWrite1hTokens)),
            ("output", .int(usage.outputTokens)), ("reasoning", .int(usage.reasoningTokens)),
            ("tier", .string(usage.tier.rawValue)),
        ])
    }
}
