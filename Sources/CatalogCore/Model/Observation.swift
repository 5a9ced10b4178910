/// The facts one capture states about one provider model, with where they were read.
public struct Observation: Hashable, Sendable {
    /// The provider's own id for the model (`gpt-4o-2024-08-06`, `anthropic/claude-3.5-sonnet`).
    public var providerModelID: String
    /// Where the model's record is in the capture (`$.data[12]`, `table 2, row 5`).
    public var locator: String
    public var facts: [Fact]
    /// `true` when ``providerModelID`` holds the model's display name as a page shows it
    /// (`Claude Opus 4.7`), to be joined to the provider's id for that name when the version
    /// is assembled.
    public var identifiedByDisplayName: Bool

    public init(providerModelID: String, locator: String, facts: [Fact] = [], identifiedByDisplayName: Bool = false) {
        self.providerModelID = providerModelID
        self.locator = locator
        self.facts = facts
        self.identifiedByDisplayName = identifiedByDisplayName
    }

    /// Adds a fact read at `path` inside the record (joined to the record's locator).
    public mutating func add(_ field: FactField, _ value: FactValue, at path: String) {
        facts.append(Fact(field, value, at: path.isEmpty ? locator : locator + "." + path))
    }
}

/// Whether a capture lists every model the source has.
public enum Completeness: Hashable, Sendable {
    /// The capture is the whole list.
    case complete
    /// The capture holds only part of the list (for example the first page of a paginated
    /// answer): models missing from it were not removed.
    case partial(String)
}

/// What a parser read from one capture: observations, warnings, and whether the list is whole.
public struct ParsedCapture: Sendable {
    public var observations: [Observation]
    public var diagnostics: [Diagnostic]
    public var completeness: Completeness

    public init(observations: [Observation] = [], diagnostics: [Diagnostic] = [], completeness: Completeness = .complete) {
        self.observations = observations
        self.diagnostics = diagnostics
        self.completeness = completeness
    }
}
