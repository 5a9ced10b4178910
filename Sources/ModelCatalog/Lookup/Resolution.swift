public import CatalogCore

/// The answer to "which model is this name?".
public struct Resolution: Sendable {
    /// How a name matched.
    public enum Match: String, Sendable, Hashable {
        /// The canonical id, or the creator's own id (`openai/gpt-4o-2024-08-06`, `gpt-4o-2024-08-06`).
        case exact
        /// An alias the creator declares or the catalog derives (`gpt-4o`, `grok-4-latest`).
        case alias
        /// A host's own id for the model (`anthropic.claude-3-5-sonnet-20241022-v2:0`,
        /// OpenRouter's `openai/gpt-4o`).
        case offering
        /// One of the above after removing a router or provider prefix (`openrouter/…`,
        /// `models/…`, `bedrock/us.…`).
        case prefixed
        /// The same name written differently (dates, `3.5`/`3-5`, word order, `@date`, `:free`).
        case normalized
    }

    /// The name asked for.
    public let query: String
    /// The model, or `nil` for an unknown or ambiguous name.
    public let model: CanonicalModel?
    public let match: Match?
    /// The known name that matched (`openai/gpt-4o` for the query `openrouter/openai/gpt-4o`).
    public let matchedName: String?
    /// When the name is a host's id: which offering.
    public let offering: Offering?
    /// For an ambiguous name: every model it could mean (canonical ids, sorted). Never picked from.
    public let candidates: [String]
    /// For an unknown name: the closest known names.
    public let suggestions: [String]

    /// `true` when the name names exactly one model.
    public var isResolved: Bool { model != nil }
    /// `true` when the name could mean several models.
    public var isAmbiguous: Bool { model == nil && !candidates.isEmpty }
}
