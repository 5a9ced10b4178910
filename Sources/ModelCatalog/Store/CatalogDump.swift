/// Every row of every table, in primary-key order, as text: how tests check that two builds
/// wrote identical rows.
extension CatalogArchive {
    func tableDump() throws -> String {
        let tables: [(String, String)] = [
            ("schema_migrations", "identifier"), ("versions", "date"), ("version_sources", "version, capture_path"),
            ("version_diagnostics", "version, ordinal"), ("records", "id"), ("record_facts", "record, ordinal"),
            ("version_models", "version, id"),
        ]
        var text = ""
        for (table, order) in tables {
            let statement = try database.prepare("SELECT * FROM \(table) ORDER BY \(order)")
            let columns = statement.columnCount
            text += "## \(table)\n"
            while try statement.step() {
                text += (0..<columns).map { statement.text($0) ?? "NULL" }.joined(separator: "\t") + "\n"
            }
            statement.reset()
        }
        return text
    }
}
