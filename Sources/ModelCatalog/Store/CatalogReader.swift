import CatalogCore

/// Reads versions, sources and model records back from the catalog database.
struct CatalogReader {
    let database: SQLiteDatabase

    func versionDates() throws -> [(date: CalendarDate, modelCount: Int)] {
        try database.prepare("SELECT date, model_count FROM versions ORDER BY date").rows { row in
            (CalendarDate(iso: row.text(0) ?? "") ?? CalendarDate(daysSinceEpoch: 0), row.int(1) ?? 0)
        }
    }

    func sources(of date: CalendarDate) throws -> [SourceReport] {
        try database.prepare(
            """
            SELECT capture_path, state, capture_date, stale_days, contributing, sha256, bytes, model_count, message
            FROM version_sources WHERE version = ? ORDER BY capture_path
            """
        ).rows([.text(date.description)]) { row in
            SourceReport(
                capturePath: row.text(0) ?? "", state: SourceState(rawValue: row.text(1) ?? "") ?? .failed,
                captureDate: row.text(2).flatMap { CalendarDate(iso: $0) }, staleDays: row.int(3),
                contributingDates: (row.text(4) ?? "").split(separator: ",").compactMap { CalendarDate(iso: $0) },
                sha256: row.text(5), bytes: row.int(6), modelCount: row.int(7) ?? 0, message: row.text(8))
        }
    }

    func diagnostics(of date: CalendarDate) throws -> [Diagnostic] {
        try database.prepare(
            "SELECT severity, file, locator, message FROM version_diagnostics WHERE version = ? ORDER BY ordinal"
        ).rows([.text(date.description)]) { row in
            Diagnostic(
                Diagnostic.Severity(rawValue: row.text(0) ?? "") ?? .warning, file: row.text(1) ?? "", at: row.text(2),
                row.text(3) ?? "")
        }
    }

    func fingerprint(of date: CalendarDate) throws -> String? {
        try database.prepare("SELECT fingerprint FROM versions WHERE date = ?").rows([.text(date.description)]) { $0.text(0) }
            .first ?? nil
    }

    /// Every model of a version, sorted by id; or only `id` when given.
    func models(of date: CalendarDate, id: String? = nil) throws -> [ModelRecord] {
        let captureDates = try self.captureDates(of: date)
        var sql = """
            SELECT m.id, m.provider, m.provider_model_id, m.status, f.field, f.kind, f.value, f.source, f.captured, f.locator
            FROM version_models m LEFT JOIN record_facts f ON f.record = m.record
            WHERE m.version = ?
            """
        var bindings: [SQLiteValue] = [.text(date.description)]
        if let id {
            sql += " AND m.id = ?"
            bindings.append(.text(id))
        }
        sql += " ORDER BY m.id, f.ordinal"
        let statement = try database.prepare(sql)
        statement.bind(bindings)
        defer { statement.reset() }
        var records: [ModelRecord] = []
        while try statement.step() {
            let modelID = statement.text(0) ?? ""
            if records.last?.id != modelID {
                records.append(
                    ModelRecord(
                        id: modelID, provider: statement.text(1) ?? "", providerModelID: statement.text(2) ?? "",
                        status: ModelStatus(rawValue: statement.text(3) ?? "") ?? .active, facts: []))
            }
            // A model with no facts has one row of NULL fact columns.
            if statement.text(4) != nil, let fact = fact(statement, firstColumn: 4, captureDates: captureDates) {
                records[records.count - 1].facts.append(fact)
            }
        }
        return records
    }

    /// The versions that list `id`, with the record id and status in each.
    func appearances(of id: String) throws -> [(
        date: CalendarDate, record: Int, status: ModelStatus, provider: String, providerModelID: String
    )] {
        try database.prepare(
            "SELECT version, record, status, provider, provider_model_id FROM version_models WHERE id = ? ORDER BY version"
        ).rows([.text(id)]) { row in
            (
                CalendarDate(iso: row.text(0) ?? "") ?? CalendarDate(daysSinceEpoch: 0), row.int(1) ?? 0,
                ModelStatus(rawValue: row.text(2) ?? "") ?? .active, row.text(3) ?? "", row.text(4) ?? ""
            )
        }
    }

    /// The facts of one stored record, resolved against a version's capture dates.
    func facts(ofRecord record: Int, captureDates: [String: CalendarDate]) throws -> [SourcedFact] {
        let statement = try database.prepare(
            "SELECT field, kind, value, source, captured, locator FROM record_facts WHERE record = ? ORDER BY ordinal")
        statement.bind([.integer(record)])
        defer { statement.reset() }
        var facts: [SourcedFact] = []
        while try statement.step() {
            if let fact = fact(statement, firstColumn: 0, captureDates: captureDates) { facts.append(fact) }
        }
        return facts
    }

    func captureDates(of date: CalendarDate) throws -> [String: CalendarDate] {
        var result: [String: CalendarDate] = [:]
        for (path, captured) in try database.prepare("SELECT capture_path, capture_date FROM version_sources WHERE version = ?")
            .rows([.text(date.description)], { ($0.text(0) ?? "", $0.text(1)) })
        {
            if let captured, let day = CalendarDate(iso: captured) { result[path] = day }
        }
        return result
    }

    func ids(of date: CalendarDate) throws -> [String] {
        try database.prepare("SELECT id FROM version_models WHERE version = ? ORDER BY id").rows([.text(date.description)]) {
            $0.text(0) ?? ""
        }
    }

    func allIDs() throws -> [String] {
        try database.prepare("SELECT DISTINCT id FROM version_models ORDER BY id").rows { $0.text(0) ?? "" }
    }

    func fact(_ row: SQLiteStatement, firstColumn c: Int32, captureDates: [String: CalendarDate]) -> SourcedFact? {
        guard let field = FactField(key: row.text(c) ?? ""),
            let value = FactValue(storageTag: row.text(c + 1) ?? "", storageText: row.text(c + 2) ?? "")
        else { return nil }
        let source = row.text(c + 3) ?? ""
        let captured = row.text(c + 4) ?? captureDates[source]?.description ?? "????-??-??"
        return SourcedFact(
            field: field, value: value, source: FactSource(file: captured + "/" + source, locator: row.text(c + 5) ?? ""))
    }
}
