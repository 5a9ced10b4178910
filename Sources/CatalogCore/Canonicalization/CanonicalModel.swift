/// One model as its creator names it, with every provider that sells it and every other name
/// it goes by, in one catalog version.
public struct CanonicalModel: Hashable, Sendable, Identifiable {
    /// `<creator>/<the creator's most specific id>`: `openai/gpt-4o-2024-08-06`,
    /// `google/gemini-2.5-flash`, `meta-llama/llama-3.3-70b-instruct`.
    public var id: String
    /// Who made it (`openai`, `meta-llama`).
    public var creator: String
    /// The undated stem its snapshots share (`openai/gpt-4o`).
    public var family: String
    public var status: ModelStatus
    /// The creator's own facts: its record, then the records of the creator's ids that are
    /// aliases of this model (the pricing page prices `gpt-4o`, which is this snapshot).
    /// Empty for models only hosts sell.
    public var facts: [SourcedFact]
    /// Every provider selling it, the creator's own offering first.
    public var offerings: [Offering]
    /// The other names of the model, and the rule that gave each.
    public var aliases: [Alias]

    public init(
        id: String, creator: String, family: String, status: ModelStatus, facts: [SourcedFact], offerings: [Offering],
        aliases: [Alias]
    ) {
        self.id = id
        self.creator = creator
        self.family = family
        self.status = status
        self.facts = facts
        self.offerings = offerings
        self.aliases = aliases
    }

    /// The part after the creator (`gpt-4o-2024-08-06`).
    public var modelName: String { String(id.dropFirst(creator.count + 1)) }

    /// The facts as a model record (for the accessors `prices`, `contextWindow`, …).
    public var record: ModelRecord {
        ModelRecord(id: id, provider: creator, providerModelID: modelName, status: status, facts: facts)
    }
}

/// One provider selling a canonical model under its own id.
public struct Offering: Hashable, Sendable, Comparable {
    public var provider: String
    public var providerModelID: String
    /// How the provider's id was matched to the canonical model.
    public var rule: MatchRule

    public init(provider: String, providerModelID: String, rule: MatchRule) {
        self.provider = provider
        self.providerModelID = providerModelID
        self.rule = rule
    }

    /// The catalog id of the provider's record (`openrouter/openai/gpt-4o`).
    public var recordID: String { provider + "/" + providerModelID }

    /// The order offerings are listed in: the creator's own first, then by provider and id.
    package static func makerFirst(_ lhs: Offering, _ rhs: Offering) -> Bool {
        let (left, right) = (lhs.rule == .firstParty, rhs.rule == .firstParty)
        return left != right ? left : lhs < rhs
    }

    public static func < (lhs: Offering, rhs: Offering) -> Bool {
        (lhs.provider, lhs.providerModelID) < (rhs.provider, rhs.providerModelID)
    }
}

/// Another name of a canonical model, and why.
public struct Alias: Hashable, Sendable, Comparable {
    /// The name, without the creator (`gpt-4o`, `claude-3-5-sonnet-latest`).
    public var name: String
    /// The rule that gave it: the provider declares it, or the catalog derives it.
    public var rule: MatchRule

    public init(name: String, rule: MatchRule) {
        self.name = name
        self.rule = rule
    }

    public static func < (lhs: Alias, rhs: Alias) -> Bool { (lhs.name, lhs.rule.description) < (rhs.name, rhs.rule.description) }
}

/// The canonical layer of one catalog version.
package struct CanonicalCatalog: Sendable {
    package var models: [CanonicalModel]
    /// Family → the family that replaces it, from the hand-kept successor map.
    package var successors: [String: String]

    package init(models: [CanonicalModel], successors: [String: String]) {
        self.models = models
        self.successors = successors
    }
}
