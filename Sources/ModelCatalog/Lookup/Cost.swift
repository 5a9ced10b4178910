public import CatalogCore
public import Foundation

/// Tokens (and requests) used by one or more calls, for ``Catalog/cost(of:usage:)``.
///
/// The counts do not overlap: `inputTokens` are prompt tokens neither read from nor written to
/// the prompt cache; `outputTokens` are the visible completion, without `reasoningTokens`.
/// (OpenAI reports reasoning inside `completion_tokens`: subtract it.)
public struct Usage: Hashable, Sendable {
    public var inputTokens: Int
    public var cachedInputTokens: Int
    /// Prompt tokens written to a 5-minute cache.
    public var cacheWriteTokens: Int
    /// Prompt tokens written to a one-hour cache.
    public var cacheWrite1hTokens: Int
    public var outputTokens: Int
    /// Reasoning tokens: billed at the reasoning price where one is listed, else at the output
    /// price, as providers bill them.
    public var reasoningTokens: Int
    public var inputAudioTokens: Int
    public var outputAudioTokens: Int
    public var requests: Int
    public var tier: PriceTier

    public init(
        inputTokens: Int = 0, cachedInputTokens: Int = 0, cacheWriteTokens: Int = 0, cacheWrite1hTokens: Int = 0,
        outputTokens: Int = 0,
        reasoningTokens: Int = 0, inputAudioTokens: Int = 0, outputAudioTokens: Int = 0, requests: Int = 0,
        tier: PriceTier = .standard
    ) {
        self.inputTokens = inputTokens
        self.cachedInputTokens = cachedInputTokens
        self.cacheWriteTokens = cacheWriteTokens
        self.cacheWrite1hTokens = cacheWrite1hTokens
        self.outputTokens = outputTokens
        self.reasoningTokens = reasoningTokens
        self.inputAudioTokens = inputAudioTokens
        self.outputAudioTokens = outputAudioTokens
        self.requests = requests
        self.tier = tier
    }

    /// The prompt size that selects long-context prices: every prompt token, cached or not.
    public var promptTokens: Int { inputTokens + cachedInputTokens + cacheWriteTokens + cacheWrite1hTokens + inputAudioTokens }
}

/// What a usage costs, line by line, in USD.
public struct Cost: Hashable, Sendable {
    public struct Line: Hashable, Sendable {
        /// What was billed (`input`, `reasoning`).
        public var billed: PriceComponent
        /// The price used (`batch_input_above_272k`; `output` for reasoning tokens where no
        /// reasoning price is listed; `promotion_input` while a promotion is in force on the
        /// catalog version's date).
        public var price: PriceKey
        /// Tokens (or units) billed.
        public var quantity: Int
        /// USD per 1M tokens, or per unit.
        public var rate: Decimal
        public var amount: Decimal
    }
    /// The model or offering priced (`openai/gpt-4o-2024-08-06`, `openrouter/openai/gpt-4o`).
    public var pricedAs: String
    public var lines: [Line]
    public var total: Decimal
    /// The prompt-size threshold whose long-context prices were used, if any.
    public var longContextAbove: Int?
}

/// A usage that cannot be priced: the name names no one model, or a price the usage needs is
/// not in the catalog. Never a cost of $0.
public struct CostError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why, for callers that act on it.
    public enum Code: String, Hashable, Sendable {
        /// The name is no model of the catalog (``CostError/suggestions`` has the closest names).
        case unknownModel
        /// The name could mean several models (``CostError/candidates`` lists them).
        case ambiguous
        /// The model is in other versions of the catalog, not this one.
        case notInVersion
        /// A price the usage needs is not in the catalog (``CostError/missing``).
        case missingPrice
        /// A price the usage needs varies (by request, by route): no fixed cost.
        case variablePrice
        /// The maker sells the model under no price of its own; its offerings have prices.
        case noOwnPrice
    }

    public var code: Code
    /// The name or id asked about.
    public var model: String
    /// The prices that are missing (``Code/missingPrice``) or variable (``Code/variablePrice``).
    public var missing: [PriceKey]
    /// For ``Code/ambiguous``: every model the name could mean.
    public var candidates: [String] = []
    /// For ``Code/unknownModel``: the closest known names.
    public var suggestions: [String] = []
    public var message: String
    public var description: String { "\(model): \(message)" }
}

extension Catalog {
    /// The cost of `usage` on the canonical model at its creator's prices.
    /// - Throws: ``CostError`` when a price the usage needs is unknown or variable (never
    ///   silently $0); ``CatalogStoreError`` when the catalog cannot be read.
    public func cost(of model: CanonicalModel, usage: Usage) throws -> Cost {
        if model.facts.isEmpty, model.offerings.count == 1, let only = try record(id: model.offerings[0].recordID) {
            return try cost(of: only, usage: usage)
        }
        guard !model.facts.isEmpty else {
            let hosts = model.offerings.map(\.recordID).joined(separator: ", ")
            throw CostError(
                code: .noOwnPrice, model: model.id, missing: [],
                message: "its maker sells it under no price of its own; price one of its offerings instead: \(hosts)")
        }
        return try Catalog.price(data.prices(model.id, isRecord: false) { model.facts }, as: model.id, usage: usage)
    }

    /// The cost of `usage` on a provider's record (an offering) at that provider's prices.
    /// - Throws: ``CostError`` when a price the usage needs is unknown or variable.
    public func cost(of record: ModelRecord, usage: Usage) throws -> Cost {
        try Catalog.price(data.prices(record.id, isRecord: true) { record.facts }, as: record.id, usage: usage)
    }

    /// The cost of `usage` on whatever `name` names: a host's id is priced at that host's
    /// prices (`openrouter/openai/gpt-4o` at OpenRouter's), any other name at the creator's.
    /// - Throws: ``CostError`` for an unknown or ambiguous name or a missing price;
    ///   ``CatalogStoreError`` when the catalog cannot be read.
    public func cost(of name: String, usage: Usage) throws -> Cost {
        let resolution = try resolve(name)
        guard let model = resolution.model else {
            let detail =
                resolution.isAmbiguous
                ? "ambiguous: could be \(resolution.candidates.joined(separator: ", "))"
                : "unknown model"
                    + (resolution.suggestions.isEmpty ? "" : "; did you mean \(resolution.suggestions.joined(separator: ", "))?")
            // A model since retired (or not yet listed) is in other versions: say which.
            if !resolution.isAmbiguous, let span = try archive?.listingSpan(of: name) {
                throw CostError(
                    code: .notInVersion, model: name, missing: [],
                    message:
                        "not in the catalog version of \(version); listed from \(span.first) to \(span.last): price it with --at one of those dates"
                )
            }
            throw CostError(
                code: resolution.isAmbiguous ? .ambiguous : .unknownModel, model: name, missing: [],
                candidates: resolution.candidates,
                suggestions: resolution.suggestions, message: detail)
        }
        if let offering = resolution.offering, offering.rule != .firstParty, let record = try record(id: offering.recordID) {
            return try cost(of: record, usage: usage)
        }
        return try cost(of: model, usage: usage)
    }

    static func price(_ prices: [PriceKey: PriceEntry], as name: String, usage: Usage) throws(CostError) -> Cost {
        // The long-context threshold: the highest one the prompt exceeds, for this tier.
        var threshold: Int?
        for key in prices.keys where key.tier == usage.tier {
            if let above = key.aboveInputTokens, usage.promptTokens > above, above > (threshold ?? -1) { threshold = above }
        }

        var lines: [Cost.Line] = []
        lines.reserveCapacity(4)
        var missing: [PriceKey] = []
        var variable: [PriceKey] = []
        func find(_ component: PriceComponent) -> (PriceKey, PriceEntry)? {
            if let threshold {
                let key = PriceKey(component, tier: usage.tier, aboveInputTokens: threshold)
                if let value = prices[key] { return (key, value) }
            }
            let key = PriceKey(component, tier: usage.tier)
            return prices[key].map { (key, $0) }
        }
        func bill(_ quantity: Int, _ component: PriceComponent, fallback: PriceComponent? = nil) {
            guard quantity > 0 else { return }
            guard let (key, entry) = find(component) ?? fallback.flatMap(find) else {
                missing.append(PriceKey(component, tier: usage.tier))
                return
            }
            guard let rate = entry.value.decimal else {
                variable.append(key)
                return
            }
            let shift = component.isPerMillionTokens ? -6 : 0
            let amount: Decimal
            if let significand = entry.significand,
                case (let product, false) = significand.multipliedReportingOverflow(by: UInt64(quantity))
            {
                amount = Decimal(sign: .plus, exponent: entry.exponent + shift, significand: Decimal(product))
            } else {
                amount = Catalog.multiply(rate, quantity, shift: shift)
            }
            lines.append(
                Cost.Line(billed: component, price: entry.billedAs ?? key, quantity: quantity, rate: rate, amount: amount))
        }
        bill(usage.inputTokens, .input)
        bill(usage.cachedInputTokens, .cachedInput)
        bill(usage.cacheWriteTokens, .cacheWrite)
        bill(usage.cacheWrite1hTokens, .cacheWrite1h)
        bill(usage.outputTokens, .output)
        bill(usage.reasoningTokens, .reasoning, fallback: .output)
        bill(usage.inputAudioTokens, .inputAudio)
        bill(usage.outputAudioTokens, .outputAudio)
        bill(usage.requests, .perRequest)
        if !variable.isEmpty {
            throw CostError(
                code: .variablePrice, model: name, missing: variable,
                message: "the price varies (\(variable.map(\.name).joined(separator: ", "))): no fixed cost")
        }
        if !missing.isEmpty {
            throw CostError(
                code: .missingPrice, model: name, missing: missing,
                message: "no \(missing.map(\.name).joined(separator: ", ")) price in the catalog; the cost is unknown, not $0")
        }
        var total = lines.first?.amount ?? Decimal(0)
        for line in lines.dropFirst() { total += line.amount }
        return Cost(pricedAs: name, lines: lines, total: total, longContextAbove: threshold)
    }
}

extension Catalog {
    /// `rate × quantity × 10^shift`, exactly. Prices have few significant digits, so the product
    /// is formed on the integer significand (no `Decimal` multiplication), with `Decimal`
    /// arithmetic only when the product would not fit 64 bits.
    static func multiply(_ rate: Decimal, _ quantity: Int, shift: Int) -> Decimal {
        let significand = rate.significand
        let exponent = rate.exponent + shift
        if quantity >= 0, significand >= 0, significand <= Decimal(UInt64(UInt32.max)), exponent >= -120, exponent <= 120 {
            let mantissa = NSDecimalNumber(decimal: significand).uint64Value
            let (product, overflow) = mantissa.multipliedReportingOverflow(by: UInt64(quantity))
            if !overflow {
                return Decimal(sign: rate.sign, exponent: exponent, significand: Decimal(product))
            }
        }
        return Money.shift(rate * Decimal(quantity), by: shift)
    }
}
