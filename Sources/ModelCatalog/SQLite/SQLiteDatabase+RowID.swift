import CSQLite
import CatalogCore

/// The rowid of the last row inserted on `database`.
func sqlite3LastInsertRowID(_ database: SQLiteDatabase) -> Int64 {
    sqlite3_last_insert_rowid(database.handle)
}

extension SQLiteStatement {
    /// The number of columns in the result.
    var columnCount: Int32 { sqlite3_column_count(handle) }
}

extension SQLiteStatement {
    /// The text of `column`, or an error naming `place` when it is NULL.
    func required(_ column: Int32, _ place: String) throws(CatalogStoreError) -> String {
        guard let text = text(column) else { throw corrupt(column, place, expected: "text, not NULL") }
        return text
    }

    /// The integer of `column`, or an error naming `place` when it is NULL.
    func requiredInt(_ column: Int32, _ place: String) throws(CatalogStoreError) -> Int {
        guard let value = int(column) else { throw corrupt(column, place, expected: "an integer, not NULL") }
        return value
    }

    /// The model status of `column`, or an error naming `place` for any other text.
    func status(_ column: Int32, _ place: String) throws(CatalogStoreError) -> ModelStatus {
        let text = try required(column, place)
        guard let status = ModelStatus(rawValue: text) else {
            throw corrupt(column, place, expected: "a status, not \"\(text)\"")
        }
        return status
    }

    /// The match rule of `column`, or an error naming `place` for text that names none.
    func rule(_ column: Int32, _ place: String) throws(CatalogStoreError) -> MatchRule {
        let text = try required(column, place)
        guard let rule = MatchRule(text) else { throw corrupt(column, place, expected: "a match rule, not \"\(text)\"") }
        return rule
    }

    private func corrupt(_ column: Int32, _ place: String, expected: String) -> CatalogStoreError {
        let name = sqlite3_column_name(handle, column).map { String(cString: $0) } ?? "column \(column)"
        return CatalogStoreError.corrupt(path: database.path, "\(place), column \(name)", expected: expected)
    }
}
