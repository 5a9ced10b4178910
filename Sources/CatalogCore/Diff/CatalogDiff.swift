/// What changed between two catalog versions, per canonical model and per provider offering,
/// in domain terms: additions, removals (retired as announced, or gone without notice),
/// renames with their evidence, moved aliases, price, limit, capability and lifecycle changes,
/// and the sources that could not be compared.
///
/// ```swift
/// let diff = CatalogDiff(from: older, to: newer)
/// for change in diff.changes where change.severity == .breaking {
///     print(change.kind, change.provider, change.providerModelID ?? "")
/// }
/// ```
///
/// What is *not* a change: a source that failed or is carried forward stale in the newer
/// version is reported once as ``CatalogChange/Kind/notCompared``, and the models only it
/// lists are neither removed nor changed; a provider losing more than
/// ``Options/suspiciousDropFraction`` (and at least ``Options/suspiciousDropMinimum``) of its
/// models at once is one ``CatalogChange/Kind/suspiciousDrop`` listing them, not a mass
/// retirement; an id that leaves a list while the list declares it an alias of another listed
/// model is ``CatalogChange/Kind/merged``, not removed; a successor snapshot
/// (`mistral-small-2402` → `mistral-small-2506`) is an addition and a removal, not a rename.
///
/// - Complexity: O(*n* + *f*) for *n* records and canonical models and *f* facts in the two
///   versions: every comparison goes through hash tables.
public struct CatalogDiff: Sendable {
    /// Tunables of the engine.
    public struct Options: Sendable {
        /// A provider whose models vanish without notice in a larger share than this at once
        /// is flagged as suspicious (default 0.3: 30%).
        public var suspiciousDropFraction: Double
        /// Fewer vanished models than this are never suspicious (default 5: a provider of nine
        /// models folding three into others is plausible).
        public var suspiciousDropMinimum: Int
        /// A shutdown within this many days of the newer version is breaking (default 30).
        public var imminentShutdownDays: Int

        public init(suspiciousDropFraction: Double = 0.3, suspiciousDropMinimum: Int = 5, imminentShutdownDays: Int = 30) {
            self.suspiciousDropFraction = suspiciousDropFraction
            self.suspiciousDropMinimum = suspiciousDropMinimum
            self.imminentShutdownDays = imminentShutdownDays
        }
    }

    /// How one source fared in each of the two versions, and whether the newer one compares.
    public struct SourceComparison: Hashable, Sendable {
        public var capturePath: String
        public var old: SourceReport?
        public var new: SourceReport?

        /// `true` when the newer version read a capture of its own date for the source.
        public var isCompared: Bool { new?.state.isFresh ?? false }

        /// The provider, read from the path.
        public var provider: String { String(capturePath.prefix { $0 != "/" }) }
    }

    /// The older version's date.
    public var from: CalendarDate
    /// The newer version's date.
    public var to: CalendarDate
    /// Every change, grouped by kind in reading order (see ``CatalogChange/Kind``), then by
    /// provider, id and field.
    public var changes: [CatalogChange]
    /// Every source of either version, sorted by path.
    public var sources: [SourceComparison]

    /// Compares `old` with `new` (normally the older version first; any two versions compare).
    package init(from old: CatalogVersion, to new: CatalogVersion, options: Options = Options()) {
        var engine = DiffEngine(old: old, new: new, options: options)
        engine.run()
        self.from = old.date
        self.to = new.date
        self.changes = engine.changes.sorted(by: CatalogDiff.reading)
        self.sources = engine.sourceComparisons
    }

    init(from: CalendarDate, to: CalendarDate, changes: [CatalogChange], sources: [SourceComparison]) {
        self.from = from
        self.to = to
        self.changes = changes
        self.sources = sources
    }

    /// Only the changes and sources of `provider` (a model's maker counts for its aliases).
    public func filtered(provider: String) -> CatalogDiff {
        CatalogDiff(
            from: from, to: to, changes: changes.filter { $0.provider == provider },
            sources: sources.filter { $0.provider == provider })
    }

    /// The changes of one kind.
    public func changes(_ kind: CatalogChange.Kind) -> [CatalogChange] { changes.filter { $0.kind == kind } }

    /// The changes grouped by kind, kinds in the order their first change comes (reading order).
    package var changesByKind: [(kind: CatalogChange.Kind, changes: [CatalogChange])] {
        var groups: [(kind: CatalogChange.Kind, changes: [CatalogChange])] = []
        var position: [CatalogChange.Kind: Int] = [:]
        for change in changes {
            if let index = position[change.kind] {
                groups[index].changes.append(change)
            } else {
                position[change.kind] = groups.count
                groups.append((change.kind, [change]))
            }
        }
        return groups
    }

    /// `true` when some change is at least as severe as `severity`.
    public func hasChanges(atLeast severity: CatalogChange.Severity) -> Bool { changes.contains { $0.severity >= severity } }

    /// How many changes of each severity.
    public func count(_ severity: CatalogChange.Severity) -> Int { changes.count { $0.severity == severity } }

    static let kindOrder: [CatalogChange.Kind: Int] = Dictionary(
        uniqueKeysWithValues: CatalogChange.Kind.allCases.enumerated().map { ($0.element, $0.offset) })

    static func reading(_ lhs: CatalogChange, _ rhs: CatalogChange) -> Bool {
        let (left, right) = (kindOrder[lhs.kind]!, kindOrder[rhs.kind]!)
        if left != right { return left < right }
        if lhs.provider != rhs.provider { return lhs.provider < rhs.provider }
        if lhs.providerModelID != rhs.providerModelID { return (lhs.providerModelID ?? "") < (rhs.providerModelID ?? "") }
        if lhs.field != rhs.field { return (lhs.field ?? "") < (rhs.field ?? "") }
        // Never left to the order the engine found them in: the output is the same on every run.
        return (lhs.old?.description ?? "", lhs.new?.description ?? "") < (rhs.old?.description ?? "", rhs.new?.description ?? "")
    }
}
