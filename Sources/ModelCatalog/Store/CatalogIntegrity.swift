import CSQLite
import CatalogCore

/// Checks that a catalog file is intact: SQLite's own `integrity_check`, every record's facts
/// against the digest they were stored under, and every version's rows against the content
/// hash `catalog build` stored for it.
///
/// SQLite notices a damaged page structure, not a flipped byte inside a value: a catalog can
/// open and answer wrongly. The digests catch that.
package enum CatalogIntegrity {
    /// What ``verify(path:)`` found.
    package struct Report: Sendable {
        /// The catalog file.
        package var path: String
        /// Versions whose content hash was compared.
        package var versionsChecked = 0
        /// Records whose facts were compared with their digest.
        package var recordsChecked = 0
        /// Everything wrong, one line each; empty when the catalog is intact.
        package var problems: [String] = []
        /// `true` when nothing is wrong.
        package var isIntact: Bool { problems.isEmpty }
    }

    /// Runs every check on the catalog at `path`.
    /// - Throws: ``CatalogStoreError`` when the file cannot be opened as a catalog at all.
    package static func verify(path: String) throws -> Report {
        guard FileManagerShim.fileExists(path) else {
            throw CatalogStoreError(.missing, path: path, message: "no catalog here; run `catalog build` to create it")
        }
        let database = try SQLiteDatabase(path: path, mode: .readOnly)
        var report = Report(path: path)
        do {
            let lines = try database.prepare("PRAGMA integrity_check").rows { $0.text(0) ?? "" }
            if lines != ["ok"] {
                report.problems += lines.prefix(20).map { "SQLite integrity_check: " + $0 }
                return report
            }
        } catch {
            report.problems.append("SQLite integrity_check failed: \((error as? SQLiteError)?.message ?? "\(error)")")
            return report
        }
        do {
            try Schema.verify(database)
        } catch {
            report.problems.append("\(error)")
            return report
        }
        do {
            try checkRecords(database, into: &report)
            try checkVersions(database, into: &report)
        } catch {
            report.problems.append("reading the catalog failed: \(error)")
        }
        return report
    }

    /// Recomputes every record's digest from its facts.
    static func checkRecords(_ database: SQLiteDatabase, into report: inout Report) throws {
        let statement = try database.prepare(
            """
            SELECT r.id, r.digest, f.field, f.kind, f.value, f.source, f.captured, f.locator
            FROM records r LEFT JOIN record_facts f ON f.record = r.id ORDER BY r.id, f.ordinal
            """)
        var current: (id: Int, digest: String)?
        var facts: [StoredFact] = []
        func finish() {
            guard let current else { return }
            report.recordsChecked += 1
            if StoredFact.digest(facts) != current.digest {
                report.problems.append(
                    "record \(current.id): its \(facts.count) facts do not match the digest they were stored under")
            }
        }
        while try statement.step() {
            let id = statement.int(0) ?? -1
            if current?.id != id {
                finish()
                current = (id, statement.text(1) ?? "")
                facts = []
            }
            if let field = statement.text(2) {
                facts.append(
                    StoredFact(
                        field: field, kind: statement.text(3) ?? "", value: statement.text(4) ?? "",
                        source: statement.text(5) ?? "", captured: statement.text(6), locator: statement.text(7) ?? ""))
            }
        }
        finish()
    }

    /// Compares every version's rows with its stored content hash.
    static func checkVersions(_ database: SQLiteDatabase, into report: inout Report) throws {
        let stored = Dictionary(
            try database.prepare("SELECT version, sha256 FROM version_content").rows { ($0.text(0) ?? "", $0.text(1) ?? "") },
            uniquingKeysWith: { first, _ in first })
        let dates = try database.prepare("SELECT date FROM versions ORDER BY date").rows { $0.text(0) ?? "" }
        for date in dates {
            guard let hash = stored[date] else {
                report.problems.append("version \(date): no content hash stored; rebuild with `catalog build --rebuild`")
                continue
            }
            report.versionsChecked += 1
            if try contentHash(database, version: date) != hash {
                report.problems.append("version \(date): its rows do not match the content hash stored when it was built")
            }
        }
    }

    /// SHA-256 of everything one version states: its row, sources, diagnostics, provider
    /// models (with their record digests), canonical models (with their names and offerings)
    /// and successors, in primary-key order.
    static func contentHash(_ database: SQLiteDatabase, version: String) throws -> String {
        var hasher = SHA256()
        let queries = [
            "SELECT date, fingerprint, model_count FROM versions WHERE date = ?1",
            "SELECT * FROM version_sources WHERE version = ?1 ORDER BY capture_path",
            "SELECT * FROM version_diagnostics WHERE version = ?1 ORDER BY ordinal",
            """
            SELECT m.id, m.provider, m.provider_model_id, m.status, r.digest
            FROM version_models m LEFT JOIN records r ON r.id = m.record WHERE m.version = ?1 ORDER BY m.id
            """,
            """
            SELECT m.id, m.status, l.digest, l.creator, l.family, r.digest
            FROM canonical_models m LEFT JOIN layers l ON l.id = m.layer LEFT JOIN records r ON r.id = m.record
            WHERE m.version = ?1 ORDER BY m.id
            """,
            """
            SELECT m.id, o.provider, o.provider_model_id, o.rule
            FROM canonical_models m JOIN layer_offerings o ON o.layer = m.layer
            WHERE m.version = ?1 ORDER BY m.id, o.provider, o.provider_model_id
            """,
            """
            SELECT m.id, a.name, a.rule FROM canonical_models m JOIN layer_aliases a ON a.layer = m.layer
            WHERE m.version = ?1 ORDER BY m.id, a.name
            """,
            "SELECT family, successor FROM successors WHERE version = ?1 ORDER BY family",
        ]
        // Column bytes straight from SQLite into one buffer, hashed in large blocks.
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 16)
        for query in queries {
            let statement = try database.prepare(query)
            statement.bind([.text(version)])
            let columns = statement.columnCount
            while try statement.step() {
                for column in 0..<columns {
                    if let text = sqlite3_column_text(statement.handle, column) {
                        let count = Int(sqlite3_column_bytes(statement.handle, column))
                        buffer.append(contentsOf: UnsafeBufferPointer(start: text, count: count))
                    } else {
                        buffer.append(0x00)
                    }
                    buffer.append(0x1F)
                }
                buffer.append(0x1E)
                if buffer.count >= 60_000 {
                    hasher.update(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            buffer.append(0x1D)
            statement.reset()
        }
        hasher.update(buffer)
        return hasher.finalizeHex()
    }
}
