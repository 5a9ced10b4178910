import CSQLite

/// The rowid of the last row inserted on `database`.
func sqlite3LastInsertRowID(_ database: SQLiteDatabase) -> Int64 {
    sqlite3_last_insert_rowid(database.handle)
}
