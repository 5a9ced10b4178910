public import Foundation

/// One thing that changed between two catalog versions, in the words a reviewer uses:
/// "gpt-4o now points at gpt-4o-2024-11-20", "o1-preview was retired as announced",
/// "input price of claude-3-haiku up 25%".
///
/// ``kind`` and ``field`` say what changed; ``old`` and ``new`` hold the values (ids for
/// renames and aliases); ``evidence`` says why the engine believes it (the shutdown date that
/// passed, the `canonical_slug` two ids share, the source that was not compared).
public struct CatalogChange: Hashable, Sendable {
    /// What kind of change. Its raw value is the `kind` of the JSON contract.
    public enum Kind: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// A source was not compared: it failed, went stale or is not parsed in the newer
        /// version, so its models are neither removed nor changed.
        case notCompared = "not_compared"
        /// A provider lost more of its models than the threshold at once: more likely a broken
        /// source than a mass retirement, so its models are not reported one by one.
        case suspiciousDrop = "suspicious_drop"
        /// Gone without notice: no shutdown date had passed.
        case removed
        /// Gone after its announced shutdown date.
        case retired
        /// Gone under its old id and back under a new one (same model, with the evidence).
        case renamed
        /// Gone from its provider's list while the same list now declares its id an alias of
        /// another listed model: the name still works, and now means that model.
        case merged
        case added
        /// An alias now names another canonical model (`gpt-4o` → a newer snapshot).
        case aliasRetargeted = "alias_retargeted"
        /// A provider's id is now taken for another canonical model.
        case remapped
        case priceChanged = "price_changed"
        /// Context window, maximum input or maximum output changed.
        case limitChanged = "limit_changed"
        case capabilityGained = "capability_gained"
        case capabilityLost = "capability_lost"
        case modalityGained = "modality_gained"
        case modalityLost = "modality_lost"
        case deprecationAnnounced = "deprecation_announced"
        /// A shutdown date appeared.
        case shutdownSet = "shutdown_set"
        /// A known shutdown date changed.
        case shutdownMoved = "shutdown_moved"
        case replacementNamed = "replacement_named"
        case statusChanged = "status_changed"
        case displayNameChanged = "display_name_changed"
        case knowledgeCutoffChanged = "knowledge_cutoff_changed"
        case rateLimitChanged = "rate_limit_changed"

        public var description: String { rawValue }

        /// A heading for the kind (`Removed without notice`, `Price changes`).
        public var title: String {
            switch self {
            case .notCompared: "Sources not compared"
            case .suspiciousDrop: "Suspicious drops"
            case .removed: "Removed without notice"
            case .retired: "Retired as announced"
            case .renamed: "Renamed"
            case .merged: "Merged into another model"
            case .added: "Added"
            case .aliasRetargeted: "Aliases retargeted"
            case .remapped: "Offerings remapped"
            case .priceChanged: "Price changes"
            case .limitChanged: "Limit changes"
            case .capabilityGained: "Capabilities gained"
            case .capabilityLost: "Capabilities lost"
            case .modalityGained: "Modalities gained"
            case .modalityLost: "Modalities lost"
            case .deprecationAnnounced: "Deprecations announced"
            case .shutdownSet: "Shutdown dates set"
            case .shutdownMoved: "Shutdown dates moved"
            case .replacementNamed: "Replacements named"
            case .statusChanged: "Status changes"
            case .displayNameChanged: "Display names changed"
            case .knowledgeCutoffChanged: "Knowledge cutoffs changed"
            case .rateLimitChanged: "Rate limits changed"
            }
        }
    }

    /// How much a change matters to someone using the model.
    public enum Severity: String, Hashable, Comparable, Sendable, CaseIterable, CustomStringConvertible {
        /// Code using the model may stop working or cost more: a removal, a shutdown within
        /// 30 days, a price rise, a smaller context window, a lost capability.
        case breaking
        /// Worth a reviewer's look: additions, renames, moved aliases, price cuts, deprecations.
        case notable
        /// For the record: display names, newly stated prices and limits, rate limits.
        case info

        public var description: String { rawValue }

        /// Breaking is the highest.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
        var rank: Int {
            switch self {
            case .info: 0
            case .notable: 1
            case .breaking: 2
            }
        }
    }

    public var kind: Kind
    public var severity: Severity
    /// The canonical model (`openai/gpt-4o-2024-08-06`), when the change concerns one.
    public var model: String?
    /// Who sells it (`openai`, `openrouter`), or whose source it is.
    public var provider: String
    /// The provider's id of the model (the new id for renames), or `nil` for source changes.
    public var providerModelID: String?
    /// What changed within the model: a price key (`batch_input`), `context_window`, a
    /// capability, an alias name, a source path.
    public var field: String?
    public var old: FactValue?
    public var new: FactValue?
    /// Why the engine reports it this way.
    public var evidence: String?
    /// Every model a ``Kind/suspiciousDrop`` concerns (provider ids, sorted); `nil` otherwise.
    public var models: [String]?

    public init(
        kind: Kind, severity: Severity, model: String?, provider: String, providerModelID: String?, field: String? = nil,
        old: FactValue? = nil, new: FactValue? = nil, evidence: String? = nil, models: [String]? = nil
    ) {
        self.models = models
        self.kind = kind
        self.severity = severity
        self.model = model
        self.provider = provider
        self.providerModelID = providerModelID
        self.field = field
        self.old = old
        self.new = new
        self.evidence = evidence
    }

    /// The relative change of a price or limit, in percent (`25` for +25%), when both values
    /// are numbers and the old one is not zero.
    public var percentChange: Decimal? {
        guard let old = old?.number, let new = new?.number else { return nil }
        return Money.percentChange(from: old, to: new)
    }
}
