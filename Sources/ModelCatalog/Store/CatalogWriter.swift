package import CatalogCore

/// Writes catalog versions into `catalog.sqlite`, one transaction per version, so that a
/// build killed midway leaves every version either whole or absent.
///
/// Facts are stored once per distinct model record and shared by every version that has the
/// same record, so a history of many versions costs little more than its changes. Rows are a
/// pure function of the versions written: building twice gives identical rows.
package final class CatalogWriter {
    let database: SQLiteDatabase
    /// Record ids by content, for records seen during this writer's life.
    private var recordCache: [[StoredFact]: Int] = [:]
    /// The record of each model in the last version written, to recognise unchanged models
    /// cheaply (same facts, same capture dates for their sources).
    private var lastWritten: [String: (facts: [SourcedFact], captures: [(String, CalendarDate?)], record: Int)] = [:]

    /// Opens (creating when needed) the catalog at `path` and applies pending migrations.
    package init(path: String) throws {
        database = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        // Write-ahead logging while building: each version is still one atomic transaction,
        // but a commit costs no fsync. `finish()` folds the log back into the file.
        try database.execute(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 100000; PRAGMA cache_size = -65536;"
        )
        try Schema.migrate(database)
    }

    /// Checkpoints the write-ahead log into the database file and returns it to a single-file
    /// journal, so that readers (which open it read-only) need no side files. Call when done.
    package func finish() throws {
        try storeContentHashes()
        try database.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
    }

    /// Stores the content hash (``CatalogIntegrity``) of every version that has none: the
    /// versions written since the last call, and all of them in a catalog built before hashes
    /// were kept.
    func storeContentHashes() throws {
        let missing = try database.prepare(
            "SELECT date FROM versions WHERE date NOT IN (SELECT version FROM version_content) ORDER BY date"
        ).rows { $0.text(0) ?? "" }
        guard !missing.isEmpty else { return }
        try database.transaction {
            let insert = try database.prepare("INSERT OR REPLACE INTO version_content (version, sha256) VALUES (?, ?)")
            for date in missing {
                try insert.run([.text(date), .text(try CatalogIntegrity.contentHash(database, version: date))])
            }
        }
    }

    /// The fingerprint of every stored version.
    package func fingerprints() throws -> [CalendarDate: String] {
        var result: [CalendarDate: String] = [:]
        for (date, fingerprint) in try database.prepare("SELECT date, fingerprint FROM versions").rows(
            [], { ($0.text(0) ?? "", $0.text(1) ?? "") })
        {
            if let day = CalendarDate(iso: date) { result[day] = fingerprint }
        }
        return result
    }

    /// The source reports stored for a version.
    package func sources(of date: CalendarDate) throws -> [SourceReport] {
        try CatalogReader(database: database).sources(of: date)
    }

    /// The diagnostics stored for a version.
    package func diagnostics(of date: CalendarDate) throws -> [Diagnostic] {
        try CatalogReader(database: database).diagnostics(of: date)
    }

    /// The number of models stored for a version.
    package func modelCount(of date: CalendarDate) throws -> Int {
        try database.prepare("SELECT model_count FROM versions WHERE date = ?").rows([.text(date.description)]) { $0.int(0) ?? 0 }
            .first ?? 0
    }

    /// Deletes versions and the records no remaining version uses.
    package func deleteVersions(_ dates: [CalendarDate]) throws {
        guard !dates.isEmpty else { return }
        try database.transaction {
            for date in dates { try deleteRows(of: date) }
            try database.execute(
                """
                DELETE FROM record_facts WHERE record NOT IN (SELECT record FROM version_models UNION SELECT record FROM canonical_models);
                DELETE FROM records WHERE id NOT IN (SELECT record FROM version_models UNION SELECT record FROM canonical_models);
                DELETE FROM layer_offerings WHERE layer NOT IN (SELECT layer FROM canonical_models);
                DELETE FROM layer_aliases WHERE layer NOT IN (SELECT layer FROM canonical_models);
                DELETE FROM layers WHERE id NOT IN (SELECT layer FROM canonical_models);
                """)
        }
        recordCache.removeAll()
        lastWritten.removeAll()
        layerCache.removeAll()
    }

    private func deleteRows(of date: CalendarDate) throws {
        for table in [
            "versions", "version_sources", "version_diagnostics", "version_models", "canonical_models", "successors",
            "version_content",
        ] {
            let column = table == "versions" ? "date" : "version"
            try database.prepare("DELETE FROM \(table) WHERE \(column) = ?").run([.text(date.description)])
        }
    }

    /// Writes one version, replacing any stored version of the same date, in one transaction.
    package func write(_ version: CatalogVersion) throws {
        do {
            lastWritten = try writeRows(version)
        } catch {
            // Ids cached during a rolled-back transaction name rows that do not exist.
            recordCache.removeAll()
            lastWritten.removeAll()
            layerCache.removeAll()
            throw error
        }
    }

    private func writeRows(_ version: CatalogVersion) throws -> [String: (
        facts: [SourcedFact], captures: [(String, CalendarDate?)], record: Int
    )] {
        let date = version.date.description
        return try database.transaction {
            try deleteRows(of: version.date)
            try database.prepare("INSERT INTO versions (date, fingerprint, model_count) VALUES (?, ?, ?)")
                .run([.text(date), .text(version.fingerprint), .integer(version.models.count)])
            let insertSource = try database.prepare(
                """
                INSERT INTO version_sources (version, capture_path, state, capture_date, stale_days, contributing, sha256, bytes, model_count, message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            var captureDates: [String: CalendarDate] = [:]
            for source in version.sources {
                captureDates[source.capturePath] = source.captureDate
                try insertSource.run([
                    .text(date), .text(source.capturePath), .text(source.state.rawValue), .text(source.captureDate?.description),
                    .integer(source.staleDays), .text(source.contributingDates.map(\.description).joined(separator: ",")),
                    .text(source.sha256), .integer(source.bytes), .integer(source.modelCount), .text(source.message),
                ])
            }
            let insertDiagnostic = try database.prepare(
                "INSERT INTO version_diagnostics (version, ordinal, severity, file, locator, message) VALUES (?, ?, ?, ?, ?, ?)")
            for (ordinal, diagnostic) in version.diagnostics.enumerated() {
                try insertDiagnostic.run([
                    .text(date), .integer(ordinal), .text(diagnostic.severity.rawValue), .text(diagnostic.file),
                    .text(diagnostic.locator), .text(diagnostic.message),
                ])
            }
            let insertModel = try database.prepare(
                "INSERT INTO version_models (version, id, provider, provider_model_id, status, record) VALUES (?, ?, ?, ?, ?, ?)")
            var written: [String: (facts: [SourcedFact], captures: [(String, CalendarDate?)], record: Int)] = [:]
            written.reserveCapacity(version.models.count)
            for model in version.models {
                let record: Int
                if let last = lastWritten[model.id], last.facts == model.facts,
                    last.captures.allSatisfy({ captureDates[$0.0] == $0.1 })
                {
                    record = last.record
                    written[model.id] = last
                } else {
                    record = try recordID(for: StoredFact.encode(model.facts, captureDates: captureDates))
                    var sources: [String] = []
                    for fact in model.facts where !sources.contains(fact.source.sourcePath) {
                        sources.append(fact.source.sourcePath)
                    }
                    written[model.id] = (model.facts, sources.map { ($0, captureDates[$0]) }, record)
                }
                try insertModel.run([
                    .text(date), .text(model.id), .text(model.provider), .text(model.providerModelID),
                    .text(model.status.rawValue), .integer(record),
                ])
            }
            try writeCanonical(version, captureDates: captureDates, written: written)
            return written
        }
    }

    private func writeCanonical(
        _ version: CatalogVersion, captureDates: [String: CalendarDate],
        written: [String: (facts: [SourcedFact], captures: [(String, CalendarDate?)], record: Int)]
    ) throws {
        let date = version.date.description
        let insertModel = try database.prepare(
            "INSERT INTO canonical_models (version, id, status, layer, record) VALUES (?, ?, ?, ?, ?)")
        for model in version.canonical.models {
            let record: Int
            // Most canonical models are their creator's record unchanged: reuse its id.
            if let own = written[model.id], own.facts == model.facts {
                record = own.record
            } else {
                record = try recordID(for: StoredFact.encode(model.facts, captureDates: captureDates))
            }
            let layer = try layerID(
                for: Layer(creator: model.creator, family: model.family, offerings: model.offerings, aliases: model.aliases))
            try insertModel.run([.text(date), .text(model.id), .text(model.status.rawValue), .integer(layer), .integer(record)])
        }
        let insertSuccessor = try database.prepare("INSERT INTO successors (version, family, successor) VALUES (?, ?, ?)")
        for (family, successor) in version.canonical.successors.sorted(by: { $0.key < $1.key }) {
            try insertSuccessor.run([.text(date), .text(family), .text(successor)])
        }
    }

    /// A canonical model's names and offerings, stored once and shared by the versions that
    /// have them unchanged.
    struct Layer: Hashable {
        var creator: String
        var family: String
        var offerings: [Offering]
        var aliases: [Alias]

        var digest: String {
            var hasher = SHA256()
            for part in [creator, family] + offerings.flatMap({ [$0.provider, $0.providerModelID, $0.rule.description] }) + ["|"]
                + aliases.flatMap({ [$0.name, $0.rule.description] })
            {
                hasher.update(Array(part.utf8))
                hasher.update([0x1F])
            }
            return hasher.finalizeHex()
        }
    }

    private var layerCache: [Layer: Int] = [:]

    private func layerID(for layer: Layer) throws -> Int {
        if let cached = layerCache[layer] { return cached }
        let digest = layer.digest
        if let existing = try database.prepare("SELECT id FROM layers WHERE digest = ?").rows([.text(digest)], { $0.int(0) })
            .first,
            let existing
        {
            layerCache[layer] = existing
            return existing
        }
        try database.prepare("INSERT INTO layers (digest, creator, family) VALUES (?, ?, ?)").run([
            .text(digest), .text(layer.creator), .text(layer.family),
        ])
        let id = Int(sqlite3LastInsertRowID(database))
        let insertOffering = try database.prepare(
            "INSERT OR IGNORE INTO layer_offerings (layer, provider, provider_model_id, rule) VALUES (?, ?, ?, ?)")
        for offering in layer.offerings {
            try insertOffering.run([
                .integer(id), .text(offering.provider), .text(offering.providerModelID), .text(offering.rule.description),
            ])
        }
        let insertAlias = try database.prepare("INSERT OR IGNORE INTO layer_aliases (layer, name, rule) VALUES (?, ?, ?)")
        for alias in layer.aliases { try insertAlias.run([.integer(id), .text(alias.name), .text(alias.rule.description)]) }
        layerCache[layer] = id
        return id
    }

    private lazy var findRecord = try? database.prepare("SELECT id FROM records WHERE digest = ?")
    private lazy var insertRecord = try? database.prepare("INSERT INTO records (digest) VALUES (?)")
    private lazy var insertFact = try? database.prepare(
        "INSERT INTO record_facts (record, ordinal, field, kind, value, source, captured, locator) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
    )

    private func recordID(for facts: [StoredFact]) throws -> Int {
        if let cached = recordCache[facts] { return cached }
        let digest = StoredFact.digest(facts)
        guard let findRecord, let insertRecord, let insertFact else {
            throw CatalogStoreError(.writeFailed, path: database.path, message: "cannot prepare the record statements")
        }
        if let existing = try findRecord.rows([.text(digest)], { $0.int(0) }).first, let existing {
            recordCache[facts] = existing
            return existing
        }
        try insertRecord.run([.text(digest)])
        let id = Int(sqlite3LastInsertRowID(database))
        for (ordinal, fact) in facts.enumerated() {
            try insertFact.run([
                .integer(id), .integer(ordinal), .text(fact.field), .text(fact.kind), .text(fact.value), .text(fact.source),
                .text(fact.captured), .text(fact.locator),
            ])
        }
        recordCache[facts] = id
        return id
    }
}

/// A fact as stored: the capture date is left out when it is the date of the capture the
/// version uses for that source, so unchanged facts share one record across versions.
struct StoredFact: Hashable {
    var field: String
    var kind: String
    var value: String
    var source: String
    var captured: String?
    var locator: String

    static func encode(_ facts: [SourcedFact], captureDates: [String: CalendarDate]) -> [StoredFact] {
        facts.map { fact in
            let source = fact.source.sourcePath
            let date = fact.source.captureDate
            return StoredFact(
                field: fact.field.key, kind: fact.value.storageTag, value: fact.value.storageText, source: source,
                captured: date == captureDates[source] ? nil : date?.description, locator: fact.source.locator)
        }
    }

    static func digest(_ facts: [StoredFact]) -> String {
        var hasher = SHA256()
        for fact in facts {
            for part in [fact.field, fact.kind, fact.value, fact.source, fact.captured ?? "", fact.locator] {
                hasher.update(Array(part.utf8))
                hasher.update([0x1F])
            }
            hasher.update([0x1E])
        }
        return hasher.finalizeHex()
    }
}
