public import Foundation

/// Which property of a model a fact is about.
///
/// Its ``key`` is the stable name used in the database, the JSON contract and the text
/// export (`context_window`, `price.batch_input`, `capability.tools`).
public enum FactField: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The model appears in a source; the value is the kind of source (`model-list`,
    /// `pricing-page`, …). Every observation gives one, so a model's sources are always known.
    case listed
    case displayName
    /// The date the provider says the model was created or released.
    case created
    /// The organisation the provider says owns the model (`owned_by`, `providerName`).
    case ownedBy
    /// The provider's own family label (Bedrock `modelFamily`).
    case family
    /// Another id the provider says names this model. Several per model.
    case alias
    /// The id of the model's own snapshot the provider says this id currently points to.
    case currentSnapshot
    /// Prompt plus completion tokens.
    case contextWindow
    /// Most prompt tokens accepted, where the source gives it apart from the context window.
    case maxInputTokens
    case maxOutputTokens
    case knowledgeCutoff
    /// A kind of input (`text`, `image`, `audio`, `video`, `file`). Several per model.
    case inputModality
    /// A kind of output (`text`, `image`, `audio`, `embeddings`). Several per model.
    case outputModality
    case capability(Capability)
    case price(PriceKey)
    /// When the deprecation was announced.
    case deprecationAnnounced
    /// The day the model stops answering (retirement, end of life).
    case shutdown
    /// The model the provider names as the replacement.
    case replacement
    /// A lifecycle status stated by the source (`active`, `legacy`, `deprecated`, `preview`).
    case status
    /// A rate limit for an account tier (`tier_1`) and metric (`rpm`, `tpm`, `rpd`).
    case rateLimit(tier: String, metric: String)
    /// OpenRouter's permanent `canonical_slug` for the model it routes to.
    case canonicalSlug
    /// The Hugging Face repository of the weights.
    case huggingFaceID
    /// The id another host sells the model under, as the creator states it (`bedrock`:
    /// `anthropic.claude-opus-4-6-v1`, `vertex`: `claude-haiku-4-5@20251001`).
    case hostModelID(String)
    /// A price a page states for the model that its parser could not read (an unknown unit, an
    /// ambiguous entry): the words as stated. Never a price; it says why the model has none.
    case unreadPrice
    /// The last day a promotional price (tier `promotion`) is in force, or an explicit unknown.
    case promotionEnds

    /// The stable name of the field.
    public var key: String {
        switch self {
        case .listed: "listed"
        case .displayName: "display_name"
        case .created: "created"
        case .ownedBy: "owned_by"
        case .family: "family"
        case .alias: "alias"
        case .currentSnapshot: "current_snapshot"
        case .contextWindow: "context_window"
        case .maxInputTokens: "max_input_tokens"
        case .maxOutputTokens: "max_output_tokens"
        case .knowledgeCutoff: "knowledge_cutoff"
        case .inputModality: "input_modality"
        case .outputModality: "output_modality"
        case .capability(let capability): "capability." + capability.rawValue
        case .price(let key): "price." + key.name
        case .deprecationAnnounced: "deprecation.announced"
        case .shutdown: "deprecation.shutdown"
        case .replacement: "deprecation.replacement"
        case .status: "status"
        case .rateLimit(let tier, let metric): "rate_limit." + tier + "." + metric
        case .canonicalSlug: "canonical_slug"
        case .huggingFaceID: "hugging_face_id"
        case .hostModelID(let host): "host_id." + host
        case .unreadPrice: "unread_price"
        case .promotionEnds: "promotion.ends"
        }
    }

    /// Parses a ``key`` back into a field.
    public init?(key: String) {
        if let simple = FactField.simpleFields[key] {
            self = simple
        } else if key.hasPrefix("capability.") {
            self = .capability(Capability(rawValue: String(key.dropFirst("capability.".count))))
        } else if key.hasPrefix("price.") {
            guard let priceKey = PriceKey(name: String(key.dropFirst("price.".count))) else { return nil }
            self = .price(priceKey)
        } else if key.hasPrefix("host_id."), key.count > "host_id.".count {
            self = .hostModelID(String(key.dropFirst("host_id.".count)))
        } else if key.hasPrefix("rate_limit.") {
            let parts = key.split(separator: ".", maxSplits: 2)
            guard parts.count == 3 else { return nil }
            self = .rateLimit(tier: String(parts[1]), metric: String(parts[2]))
        } else {
            return nil
        }
    }

    /// `true` for fields a model can have several values of at once from one source.
    public var isMultiValued: Bool {
        switch self {
        case .listed, .alias, .inputModality, .outputModality, .hostModelID, .unreadPrice: true
        default: false
        }
    }

    public var description: String { key }

    private static let simpleFields: [String: FactField] = {
        let all: [FactField] = [
            .listed, .displayName, .created, .ownedBy, .family, .alias, .currentSnapshot, .contextWindow, .maxInputTokens,
            .maxOutputTokens, .knowledgeCutoff, .inputModality, .outputModality, .deprecationAnnounced, .shutdown,
            .replacement, .status, .canonicalSlug, .huggingFaceID, .unreadPrice, .promotionEnds,
        ]
        return Dictionary(uniqueKeysWithValues: all.map { ($0.key, $0) })
    }()

    var rank: Int {
        switch self {
        case .listed: -1
        case .displayName: 0
        case .created: 1
        case .ownedBy: 2
        case .family: 3
        case .alias: 4
        case .currentSnapshot: 5
        case .canonicalSlug: 6
        case .huggingFaceID: 7
        case .hostModelID: 8
        case .contextWindow: 9
        case .maxInputTokens: 10
        case .maxOutputTokens: 11
        case .knowledgeCutoff: 12
        case .inputModality: 13
        case .outputModality: 14
        case .capability: 15
        case .price: 16
        case .promotionEnds: 17
        case .unreadPrice: 18
        case .status: 19
        case .deprecationAnnounced: 20
        case .shutdown: 21
        case .replacement: 22
        case .rateLimit: 23
        }
    }

    public static func < (lhs: FactField, rhs: FactField) -> Bool {
        switch (lhs, rhs) {
        case (.capability(let a), .capability(let b)): return a < b
        case (.price(let a), .price(let b)): return a < b
        case (.rateLimit(let t1, let m1), .rateLimit(let t2, let m2)): return (t1, m1) < (t2, m2)
        case (.hostModelID(let a), .hostModelID(let b)): return a < b
        default: return lhs.rank < rhs.rank
        }
    }
}

/// The value of a fact.
public enum FactValue: Hashable, Sendable, CustomStringConvertible {
    case text(String)
    case integer(Int)
    /// A price or other exact amount.
    case decimal(Decimal)
    case date(CalendarDate)
    case flag(Bool)
    /// The source says the price varies (OpenRouter's `-1` for its routers), not a number.
    case variable
    /// The source says explicitly that the value is not known yet ("No shutdown date announced"),
    /// with its words.
    case unknown(String)

    /// Text of the value as the export and the JSON contract show it: prices with at least two
    /// fraction digits, dates as `YYYY-MM-DD`.
    public var description: String {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        case .decimal(let value): Money.format(value)
        case .date(let date): date.description
        case .flag(let value): value ? "true" : "false"
        case .variable: "variable"
        case .unknown(let words): "unknown (\(words))"
        }
    }

    public var text: String? { if case .text(let text) = self { text } else { nil } }
    public var integer: Int? { if case .integer(let value) = self { value } else { nil } }
    public var decimal: Decimal? { if case .decimal(let value) = self { value } else { nil } }
    public var date: CalendarDate? { if case .date(let value) = self { value } else { nil } }
    public var flag: Bool? { if case .flag(let value) = self { value } else { nil } }
    /// An amount or a count as a number; `nil` for other values.
    public var number: Decimal? {
        switch self {
        case .decimal(let amount): amount
        case .integer(let count): Decimal(count)
        default: nil
        }
    }

    /// A short tag for storage: `t`, `i`, `d`, `D`, `b`, `v`, `u`.
    public var storageTag: String {
        switch self {
        case .text: "t"
        case .integer: "i"
        case .decimal: "d"
        case .date: "D"
        case .flag: "b"
        case .variable: "v"
        case .unknown: "u"
        }
    }

    /// The value as stored next to its ``storageTag``.
    public var storageText: String {
        switch self {
        case .text(let text): text
        case .integer(let value): String(value)
        case .decimal(let value): "\(value)"
        case .date(let date): date.description
        case .flag(let value): value ? "1" : "0"
        case .variable: ""
        case .unknown(let words): words
        }
    }

    /// Rebuilds a value from its ``storageTag`` and ``storageText``.
    public init?(storageTag: String, storageText: String) {
        switch storageTag {
        case "t": self = .text(storageText)
        case "i":
            guard let value = Int(storageText) else { return nil }
            self = .integer(value)
        case "d":
            guard let value = DecimalLiteral.parse(storageText) else { return nil }
            self = .decimal(value)
        case "D":
            guard let value = CalendarDate(iso: storageText) else { return nil }
            self = .date(value)
        case "b": self = .flag(storageText == "1")
        case "v": self = .variable
        case "u": self = .unknown(storageText)
        default: return nil
        }
    }
}

/// One fact a source states about one model: the field, its value, and where in the capture
/// it was read.
public struct Fact: Hashable, Sendable {
    public var field: FactField
    public var value: FactValue
    /// Where in the capture, relative to the model's record (`pricing.prompt`), or absolute
    /// when the observation has no single record.
    public var locator: String

    public init(_ field: FactField, _ value: FactValue, at locator: String) {
        self.field = field
        self.value = value
        self.locator = locator
    }
}
