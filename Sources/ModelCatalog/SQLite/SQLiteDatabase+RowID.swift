import CSQLite

/// The rowid of the last row inserted on `database`.
func sqlite3LastInsertRowID(_ database: SQLiteDatabase) -> Int64 {
    sqlite3_last_insert_rowid(database.handle)
}

extension SQLiteStatement {
    /// The number of columns in the result.
    var columnCount: Int32 { sqlite3_column_count(handle) }
}
