public import CatalogCore

extension CatalogArchive {
    /// The whole version in force on `date` (the newest when `nil`): every provider record with
    /// its facts, the health of every source, the diagnostics and the canonical layer, as the
    /// build produced it. What ``CatalogDiff`` compares.
    /// - Throws: ``CatalogStoreError`` when the catalog has no version by `date`.
    package func catalogVersion(at date: CalendarDate? = nil) throws -> CatalogVersion {
        guard let version = version(at: date) else {
            throw CatalogStoreError(
                .noVersion, path: "catalog", message: "no catalog version on or before \(date?.description ?? "today")")
        }
        let reader = self.reader
        let (entries, successors) = try reader.canonicalLayer(version)
        let canonicalFacts = try reader.canonicalFacts(of: version)
        let models = entries.map { entry in
            CanonicalModel(
                id: entry.id, creator: entry.creator, family: entry.family, status: entry.status,
                facts: canonicalFacts[entry.id] ?? [],
                offerings: entry.offerings, aliases: entry.aliases)
        }
        return CatalogVersion(
            date: version, fingerprint: try reader.fingerprint(of: version) ?? "", models: try reader.models(of: version),
            sources: try reader.sources(of: version), diagnostics: try reader.diagnostics(of: version),
            canonical: CanonicalCatalog(models: models, successors: successors))
    }
}

extension CatalogArchive {
    /// The first and last version dates that list `id` (a provider record or a canonical
    /// model), or `nil` when none does.
    public func listingSpan(of id: String) throws(CatalogStoreError) -> (first: CalendarDate, last: CalendarDate)? {
        try CatalogStoreError.wrapping {
            let rows = try database.prepare(
                """
                SELECT MIN(version), MAX(version) FROM (
                    SELECT version FROM version_models WHERE id = ?1 UNION ALL SELECT version FROM canonical_models WHERE id = ?1)
                """
            ).rows([.text(id)]) { row in
                (row.text(0).flatMap { CalendarDate(iso: $0) }, row.text(1).flatMap { CalendarDate(iso: $0) })
            }
            guard let row = rows.first, let first = row.0, let last = row.1 else { return nil }
            return (first, last)
        }
    }
}

extension CatalogReader {
    /// The facts of every canonical model of a version, by canonical id.
    func canonicalFacts(of date: CalendarDate) throws -> [String: [SourcedFact]] {
        let captureDates = try self.captureDates(of: date)
        let statement = try database.prepare(
            """
            SELECT m.id, f.field, f.kind, f.value, f.source, f.captured, f.locator
            FROM canonical_models m JOIN record_facts f ON f.record = m.record
            WHERE m.version = ? ORDER BY m.id, f.ordinal
            """)
        statement.bind([.text(date.description)])
        defer { statement.reset() }
        var result: [String: [SourcedFact]] = [:]
        var currentID = ""
        var current: [SourcedFact] = []
        while try statement.step() {
            let id = statement.text(0) ?? ""
            if id != currentID {
                if !currentID.isEmpty { result[currentID] = current }
                currentID = id
                current = []
            }
            if let fact = fact(statement, firstColumn: 1, captureDates: captureDates) { current.append(fact) }
        }
        if !currentID.isEmpty { result[currentID] = current }
        return result
    }
}

extension CatalogArchive {
    /// What changed from the version in force on `old` to the version in force on `new` (the
    /// newest when `nil`); with `old` `nil`, from the version before `new`.
    /// - Throws: ``CatalogStoreError`` (``CatalogStoreError/Code/noVersion``) when a date has no
    ///   version, or the catalog cannot be read.
    public func diff(
        from old: CalendarDate? = nil, to new: CalendarDate? = nil, options: CatalogDiff.Options = CatalogDiff.Options()
    ) throws(CatalogStoreError) -> CatalogDiff {
        guard let newDate = version(at: new) else {
            throw CatalogStoreError(
                .noVersion, path: "catalog", message: "no catalog version on or before \(new?.description ?? "today")")
        }
        let oldDate: CalendarDate
        if let old {
            guard let found = version(at: old) else {
                throw CatalogStoreError(.noVersion, path: "catalog", message: "no catalog version on or before \(old)")
            }
            oldDate = found
        } else {
            guard let previous = versions.last(where: { $0.date < newDate })?.date else {
                throw CatalogStoreError(.noVersion, path: "catalog", message: "no version before \(newDate) to compare with")
            }
            oldDate = previous
        }
        return try CatalogStoreError.wrapping {
            CatalogDiff(from: try catalogVersion(at: oldDate), to: try catalogVersion(at: newDate), options: options)
        }
    }
}

extension CatalogArchive {
    /// Every version up to `date` (the newest when `nil`), oldest first, read whole one at a
    /// time: for work that needs each version once (the site's histories and changes).
    /// - Throws: ``CatalogStoreError`` when the catalog cannot be read, or what `body` throws.
    package func forEachVersion(through date: CalendarDate? = nil, _ body: (CatalogVersion) throws -> Void) throws {
        guard let last = version(at: date) else { return }
        for (version, _) in versions where version <= last { try body(try catalogVersion(at: version)) }
    }
}
