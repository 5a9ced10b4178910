/// How one source fared in one catalog version.
public enum SourceState: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Its capture of this date was read.
    case parsed
    /// Its capture of this date was read but lists only part of the models; the rest carry
    /// forward from earlier captures.
    case partial
    /// No usable capture of this date: the last good capture carries forward.
    case stale
    /// No usable capture of this date or any earlier one.
    case failed
    /// A page whose parser does not exist yet; recorded, not read.
    case notParsedYet = "not-parsed-yet"

    public var description: String { rawValue }

    /// `true` when a capture of the version's own date was read (parsed or partial).
    public var isFresh: Bool { self == .parsed || self == .partial }

    /// `true` when the version has facts from the source (fresh, or carried forward stale).
    public var contributesFacts: Bool { isFresh || self == .stale }
}

/// One line of a catalog version's source health: which capture was used, how old it is,
/// and what went wrong, if anything.
public struct SourceReport: Hashable, Sendable {
    /// The capture's path inside a snapshot (`openai/models.json`, `openai/models/gpt-5.html`).
    public var capturePath: String
    public var state: SourceState
    /// The capture whose facts this version uses; `nil` when there is none.
    public var captureDate: CalendarDate?
    /// Days between ``captureDate`` and the version's date when the capture is carried forward.
    public var staleDays: Int?
    /// Every capture date whose models this version uses for the source: more than one when
    /// partial lists are merged with what earlier captures listed.
    public var contributingDates: [CalendarDate]
    /// SHA-256 of the capture in use.
    public var sha256: String?
    /// Bytes of the capture in use.
    public var bytes: Int?
    /// Models the source contributes to this version.
    public var modelCount: Int
    /// Why the source is partial, stale or failed.
    public var message: String?

    public init(
        capturePath: String, state: SourceState, captureDate: CalendarDate?, staleDays: Int? = nil,
        contributingDates: [CalendarDate] = [], sha256: String? = nil, bytes: Int? = nil, modelCount: Int = 0,
        message: String? = nil
    ) {
        self.capturePath = capturePath
        self.state = state
        self.captureDate = captureDate
        self.staleDays = staleDays
        self.contributingDates = contributingDates
        self.sha256 = sha256
        self.bytes = bytes
        self.modelCount = modelCount
        self.message = message
    }

    /// The provider, read from the path.
    public var provider: String { String(capturePath.prefix { $0 != "/" }) }
}

/// The catalog as of one snapshot date: every model with its facts, and the health of every
/// source.
package struct CatalogVersion: Sendable {
    package var date: CalendarDate
    /// Identifies the inputs the version was built from, so that an unchanged version is not rebuilt.
    package var fingerprint: String
    package var models: [ModelRecord]
    package var sources: [SourceReport]
    /// Warnings and errors from the captures read for this date.
    package var diagnostics: [Diagnostic]
    /// The canonical models, their offerings and aliases.
    package var canonical: CanonicalCatalog

    package init(
        date: CalendarDate, fingerprint: String, models: [ModelRecord], sources: [SourceReport], diagnostics: [Diagnostic],
        canonical: CanonicalCatalog = CanonicalCatalog(models: [], successors: [:])
    ) {
        self.date = date
        self.fingerprint = fingerprint
        self.models = models
        self.sources = sources
        self.diagnostics = diagnostics
        self.canonical = canonical
    }
}
