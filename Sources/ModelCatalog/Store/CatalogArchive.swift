public import CatalogCore

/// Every version of a built catalog: each provider's records with their facts and sources,
/// the health of every source, and each model's history. For name lookup and costs, open a
/// ``Catalog`` (one version).
///
/// ```swift
/// import ModelCatalog
///
/// let archive = try CatalogArchive(path: "catalog/catalog.sqlite")
/// let latest = try archive.models()                      // the newest version's records
/// let then = try archive.models(at: CalendarDate(iso: "2025-08-01"))
/// if let grok = try archive.model(id: "xai/grok-4-0709") {
///     print(grok.price(PriceKey(.input)) ?? "unknown")   // 3 (USD per 1M tokens)
/// }
/// ```
///
/// "At a date" means the newest version dated on or before it; dates before the first
/// version have no catalog. Safe to share between threads.
public final class CatalogArchive: Sendable {
    let database: SQLiteDatabase
    /// Version dates, oldest first, with their model counts.
    public let versions: [(date: CalendarDate, modelCount: Int)]

    /// Opens a built catalog read-only.
    /// - Throws: ``CatalogStoreError`` when the file is missing, not a catalog, or of another
    ///   schema; ``SQLiteError`` for database failures.
    public init(path: String) throws(CatalogStoreError) {
        do {
            guard FileManagerShim.fileExists(path) else {
                throw CatalogStoreError(.missing, path: path, message: "no catalog here; run `catalog build` to create it")
            }
            database = try SQLiteDatabase(path: path, mode: .readOnly)
            try Schema.verify(database)
            versions = try CatalogReader(database: database).versionDates()
        } catch {
            throw CatalogStoreError.wrapping(error)
        }
    }

    var reader: CatalogReader { CatalogReader(database: database) }

    /// The newest version date.
    public var latestVersion: CalendarDate? { versions.last?.date }

    /// The version in force on `date` (the newest dated on or before it); the latest when `date`
    /// is `nil`; `nil` when the catalog starts after `date`.
    public func version(at date: CalendarDate? = nil) -> CalendarDate? {
        guard let date else { return latestVersion }
        return versions.last { $0.date <= date }?.date
    }

    /// Every model of the version in force on `date`, sorted by id.
    public func models(at date: CalendarDate? = nil) throws(CatalogStoreError) -> [ModelRecord] {
        try CatalogStoreError.wrapping {
            guard let version = version(at: date) else { return [] }
            return try reader.models(of: version)
        }
    }

    /// One model of the version in force on `date`, or `nil` when it does not list it.
    public func model(id: String, at date: CalendarDate? = nil) throws(CatalogStoreError) -> ModelRecord? {
        try CatalogStoreError.wrapping {
            guard let version = version(at: date) else { return nil }
            return try reader.models(of: version, id: id).first
        }
    }

    /// The ids of the version in force on `date`.
    public func ids(at date: CalendarDate? = nil) throws(CatalogStoreError) -> [String] {
        try CatalogStoreError.wrapping {
            guard let version = version(at: date) else { return [] }
            return try reader.ids(of: version)
        }
    }

    /// Every id any version has listed, sorted.
    public func allIDs() throws(CatalogStoreError) -> [String] {
        try CatalogStoreError.wrapping { try reader.allIDs() }
    }

    /// The health of every source in the version in force on `date`.
    public func sources(at date: CalendarDate? = nil) throws(CatalogStoreError) -> [SourceReport] {
        try CatalogStoreError.wrapping {
            guard let version = version(at: date) else { return [] }
            return try reader.sources(of: version)
        }
    }

    /// The warnings and errors of the captures read for the version in force on `date`.
    package func diagnostics(at date: CalendarDate? = nil) throws -> [Diagnostic] {
        guard let version = version(at: date) else { return [] }
        return try reader.diagnostics(of: version)
    }

    /// The newest version in the embedded catalog format (what ships as the library's default).
    package func embeddedCatalogText(at date: CalendarDate? = nil) throws -> String? {
        guard let version = version(at: date) else { return nil }
        return try EmbeddedCatalog.encode(try reader.versionData(version))
    }

    /// The catalog (one version, for lookup and costs) in force on `date`.
    public func catalog(at date: CalendarDate? = nil) throws(CatalogStoreError) -> Catalog {
        try CatalogStoreError.wrapping {
            guard let version = version(at: date) else {
                throw CatalogStoreError(
                    .noVersion, path: "catalog", message: "no catalog version on or before \(date?.description ?? "today")")
            }
            return Catalog(data: try reader.versionData(version), archive: self)
        }
    }

    /// How the model's prices, limits and status changed across every version; `nil` when no
    /// version has listed `id`.
    public func history(of id: String) throws(CatalogStoreError) -> ModelHistory? {
        try CatalogStoreError.wrapping {
            let appearances = try reader.appearances(of: id)
            guard !appearances.isEmpty else { return nil }
            var byDate: [CalendarDate: ModelRecord] = [:]
            var factsByRecord: [String: [SourcedFact]] = [:]
            for appearance in appearances {
                let captureDates = try reader.captureDates(of: appearance.date)
                // Facts are resolved against each version's captures, so the cache key includes them.
                let key =
                    "\(appearance.record)|"
                    + captureDates.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
                let facts: [SourcedFact]
                if let cached = factsByRecord[key] {
                    facts = cached
                } else {
                    facts = try reader.facts(ofRecord: appearance.record, captureDates: captureDates)
                    factsByRecord[key] = facts
                }
                byDate[appearance.date] = ModelRecord(
                    id: id, provider: appearance.provider, providerModelID: appearance.providerModelID, status: appearance.status,
                    facts: facts)
            }
            let first = appearances[0].date
            let span = versions.filter { $0.date >= first }.map { (date: $0.date, record: byDate[$0.date]) }
            return ModelHistory(id: id, versions: span)
        }
    }
}

extension CatalogArchive {
    /// The history of every provider record that a version up to `date` (the newest when `nil`)
    /// listed, by id: the same answers as ``history(of:)`` asked of each id, cut at that
    /// version, read in one pass over the versions.
    /// - Complexity: one read of each version's records; memory for one version's records
    ///   and one record per id.
    public func histories(through date: CalendarDate? = nil) throws(CatalogStoreError) -> [String: ModelHistory] {
        try CatalogStoreError.wrapping {
            guard let last = version(at: date) else { return [:] }
            var fold = HistoryFold()
            for (version, _) in versions where version <= last { fold.observe(try reader.models(of: version), on: version) }
            return fold.histories
        }
    }
}
