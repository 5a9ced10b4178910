/// The facts one capture states about one provider model, with where they were read.
package struct Observation: Hashable, Sendable {
    /// The provider's own id for the model (`gpt-4o-2024-08-06`, `anthropic/claude-3.5-sonnet`).
    package var providerModelID: String
    /// Where the model's record is in the capture (`$.data[12]`, `table 2, row 5`).
    package var locator: String
    package var facts: [Fact]
    /// `true` when ``providerModelID`` holds the model's display name as a page shows it
    /// (`Claude Opus 4.7`), to be joined to the provider's id for that name when the version
    /// is assembled.
    package var identifiedByDisplayName: Bool

    package init(providerModelID: String, locator: String, facts: [Fact] = [], identifiedByDisplayName: Bool = false) {
        self.providerModelID = providerModelID
        self.locator = locator
        self.facts = facts
        self.identifiedByDisplayName = identifiedByDisplayName
    }

    /// Adds a fact read at `path` inside the record (joined to the record's locator).
    package mutating func add(_ field: FactField, _ value: FactValue, at path: String) {
        facts.append(Fact(field, value, at: path.isEmpty ? locator : locator + "." + path))
    }
}

/// Whether a capture lists every model the source has.
package enum Completeness: Hashable, Sendable {
    /// The capture is the whole list.
    case complete
    /// The capture holds only part of the list (for example the first page of a paginated
    /// answer): models missing from it were not removed.
    case partial(String)
}

/// One priced entry a page offers (a table row, a price object, a model's price section), and
/// whether its parser turned it into price facts.
package struct PriceOffer: Hashable, Sendable {
    /// The entry as the page names it (`gpt-5.5`, `Claude Opus 4.7`, `Voxtral Small`).
    package var entry: String
    /// Where it is in the capture.
    package var locator: String
    /// `true` when at least one of its prices became a fact.
    package var read: Bool
    /// What the entry stated, for an entry that was not read.
    package var stated: String?

    package init(entry: String, locator: String, read: Bool, stated: String? = nil) {
        self.entry = entry
        self.locator = locator
        self.read = read
        self.stated = stated
    }
}

/// What a parser read from one capture: observations, warnings, and whether the list is whole.
package struct ParsedCapture: Sendable {
    package var observations: [Observation]
    package var diagnostics: [Diagnostic]
    package var completeness: Completeness
    /// Every priced entry a page offers and whether it was read; `nil` for a source that states
    /// no prices, or whose parser does not count them (model-list APIs price every entry alike).
    package var priceOffers: [PriceOffer]?

    package init(
        observations: [Observation] = [], diagnostics: [Diagnostic] = [], completeness: Completeness = .complete,
        priceOffers: [PriceOffer]? = nil
    ) {
        self.observations = observations
        self.diagnostics = diagnostics
        self.completeness = completeness
        self.priceOffers = priceOffers
    }

    /// The priced entries offered but not read.
    package var unreadPrices: [PriceOffer] { priceOffers?.filter { !$0.read } ?? [] }
}
