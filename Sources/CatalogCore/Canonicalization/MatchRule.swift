/// Why a provider's id or another name belongs to a canonical model: the rule of the
/// canonicalizer that matched it. Printed (and stored) as its ``description``.
public enum MatchRule: Hashable, Sendable, CustomStringConvertible {
    // MARK: Offerings

    /// The creator's own offering of its own id.
    case firstParty
    /// A host id the creator states for the model (Anthropic's Bedrock and Vertex ids).
    case hostIDStatedByCreator
    /// OpenRouter's permanent `canonical_slug` names the creator's model.
    case openRouterCanonicalSlug
    /// The host's name is one of the creator's names, as written or written alike.
    case name
    /// An open-weight model whose identity is OpenRouter's slug, sold by OpenRouter.
    case openRouterSlug
    /// An open-weight model matched by name to OpenRouter's slug, sold by another host.
    case nameViaOpenRouterSlug
    /// No creator is known for the host's id: the host's own name.
    case ownCreatorUnknown
    /// An open-weight model OpenRouter does not sell: the host's own name.
    case ownOpenWeights
    /// The creator sells models but does not list this one: the host's own name.
    case ownNotListedByCreator
    /// A hand-kept correction in `catalog/corrections.yaml`, with its reason.
    case correction(reason: String)

    // MARK: Aliases

    /// The record names the snapshot it points to.
    case declaredCurrentSnapshot
    /// Another record lists the name as its alias.
    case declaredAliases
    /// The provider says nothing: the undated stem or `-latest` name points to the family's
    /// newest snapshot.
    case derivedNewestSnapshot
    /// Only derived data uses this spelling of a listed id (`gpt-3-5-turbo`).
    case sameName

    /// The rule as stored and shown: `first party`, `correction: <reason>`, `declared: aliases`.
    public var description: String {
        switch self {
        case .firstParty: "first party"
        case .hostIDStatedByCreator: "host id stated by the creator"
        case .openRouterCanonicalSlug: "openrouter canonical_slug"
        case .name: "name"
        case .openRouterSlug: "openrouter slug"
        case .nameViaOpenRouterSlug: "name (openrouter slug)"
        case .ownCreatorUnknown: "own: creator unknown"
        case .ownOpenWeights: "own: open weights"
        case .ownNotListedByCreator: "own: not listed by the creator"
        case .correction(let reason): "correction: " + reason
        case .declaredCurrentSnapshot: "declared: current snapshot"
        case .declaredAliases: "declared: aliases"
        case .derivedNewestSnapshot: "derived: newest snapshot"
        case .sameName: "same name"
        }
    }

    private static let byText: [String: MatchRule] = Dictionary(
        uniqueKeysWithValues: [
            MatchRule.firstParty, .hostIDStatedByCreator, .openRouterCanonicalSlug, .name, .openRouterSlug,
            .nameViaOpenRouterSlug,
            .ownCreatorUnknown, .ownOpenWeights, .ownNotListedByCreator, .declaredCurrentSnapshot, .declaredAliases,
            .derivedNewestSnapshot, .sameName,
        ].map { ($0.description, $0) })

    /// The rule a stored text names, or `nil` for text that names none.
    public init?(_ text: String) {
        if let rule = MatchRule.byText[text] {
            self = rule
        } else if text.hasPrefix("correction: "), text.count > "correction: ".count {
            self = .correction(reason: String(text.dropFirst("correction: ".count)))
        } else {
            return nil
        }
    }

    /// `true` for names the provider itself declares (`declared: …`).
    public var isDeclared: Bool { self == .declaredAliases || self == .declaredCurrentSnapshot }
}
