/// The catalog database's schema, as named migrations applied in order and recorded in
/// `schema_migrations`, so that a database says which schema it has and a newer bulkllm can
/// upgrade an older file without rebuilding it.
enum Schema {
    struct Migration {
        let identifier: String
        let sql: String
    }

    /// Every migration, oldest first. Never edit one that has shipped: add a new one.
    static let migrations: [Migration] = [
        Migration(
            identifier: "2026-11-27-catalog-versions",
            sql: """
                CREATE TABLE versions (
                    date TEXT PRIMARY KEY,
                    fingerprint TEXT NOT NULL,
                    model_count INTEGER NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE version_sources (
                    version TEXT NOT NULL,
                    capture_path TEXT NOT NULL,
                    state TEXT NOT NULL,
                    capture_date TEXT,
                    stale_days INTEGER,
                    contributing TEXT NOT NULL,
                    sha256 TEXT,
                    bytes INTEGER,
                    model_count INTEGER NOT NULL,
                    message TEXT,
                    PRIMARY KEY (version, capture_path)
                ) WITHOUT ROWID;
                CREATE TABLE version_diagnostics (
                    version TEXT NOT NULL,
                    ordinal INTEGER NOT NULL,
                    severity TEXT NOT NULL,
                    file TEXT NOT NULL,
                    locator TEXT,
                    message TEXT NOT NULL,
                    PRIMARY KEY (version, ordinal)
                ) WITHOUT ROWID;
                CREATE TABLE records (
                    id INTEGER PRIMARY KEY,
                    digest TEXT NOT NULL UNIQUE
                );
                CREATE TABLE record_facts (
                    record INTEGER NOT NULL,
                    ordinal INTEGER NOT NULL,
                    field TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    value TEXT NOT NULL,
                    source TEXT NOT NULL,
                    captured TEXT,
                    locator TEXT NOT NULL,
                    PRIMARY KEY (record, ordinal)
                ) WITHOUT ROWID;
                CREATE TABLE version_models (
                    version TEXT NOT NULL,
                    id TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    provider_model_id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    record INTEGER NOT NULL,
                    PRIMARY KEY (version, id)
                ) WITHOUT ROWID;
                CREATE INDEX version_models_by_id ON version_models (id, version);
                CREATE VIEW model_facts AS
                    SELECT m.version, m.id, m.provider, m.provider_model_id, f.ordinal, f.field, f.kind, f.value,
                           COALESCE(f.captured, s.capture_date) || '/' || f.source AS file, f.locator
                    FROM version_models m
                    JOIN record_facts f ON f.record = m.record
                    LEFT JOIN version_sources s ON s.version = m.version AND s.capture_path = f.source;
                CREATE VIEW model_prices AS
                    SELECT version, id, provider, substr(field, 7) AS price, value AS usd, file, locator
                    FROM model_facts
                    WHERE field LIKE 'price.%';
                """),
        Migration(
            identifier: "2026-11-27-canonical-names",
            sql: """
                CREATE TABLE layers (
                    id INTEGER PRIMARY KEY,
                    digest TEXT NOT NULL UNIQUE,
                    creator TEXT NOT NULL,
                    family TEXT NOT NULL
                );
                CREATE TABLE layer_offerings (
                    layer INTEGER NOT NULL,
                    provider TEXT NOT NULL,
                    provider_model_id TEXT NOT NULL,
                    rule TEXT NOT NULL,
                    PRIMARY KEY (layer, provider, provider_model_id)
                ) WITHOUT ROWID;
                CREATE TABLE layer_aliases (
                    layer INTEGER NOT NULL,
                    name TEXT NOT NULL,
                    rule TEXT NOT NULL,
                    PRIMARY KEY (layer, name)
                ) WITHOUT ROWID;
                CREATE TABLE canonical_models (
                    version TEXT NOT NULL,
                    id TEXT NOT NULL,
                    status TEXT NOT NULL,
                    layer INTEGER NOT NULL,
                    record INTEGER NOT NULL,
                    PRIMARY KEY (version, id)
                ) WITHOUT ROWID;
                CREATE TABLE successors (
                    version TEXT NOT NULL,
                    family TEXT NOT NULL,
                    successor TEXT NOT NULL,
                    PRIMARY KEY (version, family)
                ) WITHOUT ROWID;
                CREATE VIEW offerings AS
                    SELECT m.version, o.provider, o.provider_model_id, m.id AS canonical_id, o.rule
                    FROM canonical_models m JOIN layer_offerings o ON o.layer = m.layer;
                CREATE VIEW aliases AS
                    SELECT m.version, m.id AS canonical_id, a.name, a.rule
                    FROM canonical_models m JOIN layer_aliases a ON a.layer = m.layer;
                """),
        Migration(
            identifier: "2026-12-01-version-content",
            sql: """
                CREATE TABLE version_content (
                    version TEXT PRIMARY KEY,
                    sha256 TEXT NOT NULL
                ) WITHOUT ROWID;
                """),
    ]

    /// Applies the migrations `database` lacks, each in its own transaction.
    static func migrate(_ database: SQLiteDatabase) throws {
        try database.execute("CREATE TABLE IF NOT EXISTS schema_migrations (identifier TEXT PRIMARY KEY) WITHOUT ROWID")
        let applied = Set(try database.prepare("SELECT identifier FROM schema_migrations").rows { $0.text(0) ?? "" })
        try checkKnown(applied, database: database)
        for migration in migrations where !applied.contains(migration.identifier) {
            try database.transaction {
                try database.execute(migration.sql)
                try database.prepare("INSERT INTO schema_migrations (identifier) VALUES (?)").run([.text(migration.identifier)])
            }
        }
    }

    /// Fails when the database lacks a migration (too old to read) or has one this build does
    /// not know (written by a newer bulkllm).
    static func verify(_ database: SQLiteDatabase) throws {
        let applied: Set<String>
        do {
            applied = Set(try database.prepare("SELECT identifier FROM schema_migrations").rows { $0.text(0) ?? "" })
        } catch {
            throw diagnose(database, error)
        }
        try checkKnown(applied, database: database)
        let missing = migrations.map(\.identifier).filter { !applied.contains($0) }
        guard missing.isEmpty else {
            throw CatalogStoreError(
                .incompatible, path: database.path,
                message: "the catalog lacks migrations \(missing.joined(separator: ", ")); run `catalog build` to upgrade it")
        }
    }

    /// Why a file without a readable `schema_migrations` table cannot be used: damaged (SQLite's
    /// `quick_check` fails, or the file is not a database at all though named as one) or
    /// foreign (an intact SQLite database of something else).
    static func diagnose(_ database: SQLiteDatabase, _ error: any Error) -> CatalogStoreError {
        if let error = error as? SQLiteError, error.isDamage {
            return CatalogStoreError.damaged(path: database.path, error.message)
        }
        let check: [String]
        do {
            check = try database.prepare("PRAGMA quick_check").rows { $0.text(0) ?? "" }
        } catch {
            return CatalogStoreError.damaged(path: database.path, (error as? SQLiteError)?.message ?? "\(error)")
        }
        guard check == ["ok"] else {
            return CatalogStoreError.damaged(path: database.path, "quick_check: " + check.prefix(3).joined(separator: "; "))
        }
        return CatalogStoreError(
            .notACatalog, path: database.path, message: "not a bulkllm catalog (no schema_migrations table); run `catalog build`")
    }

    private static func checkKnown(_ applied: Set<String>, database: SQLiteDatabase) throws {
        let unknown = applied.subtracting(migrations.map(\.identifier))
        guard unknown.isEmpty else {
            throw CatalogStoreError(
                .incompatible, path: database.path,
                message:
                    "the catalog was written by a newer bulkllm (unknown migrations \(unknown.sorted().joined(separator: ", ")))")
        }
    }
}

/// A catalog file that cannot be used, with what to do about it.
public struct CatalogStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that act on it.
    public enum Code: String, Hashable, Sendable {
        /// No catalog at the path (or in the bundle), or the file cannot be read.
        case missing
        /// The file is readable but is not a bulkllm catalog.
        case notACatalog
        /// SQLite reports the file as damaged, or its content fails its own checks.
        case damaged
        /// A row or field holds a value the catalog never writes (a NULL id, an unknown
        /// status or match rule, a fact that does not decode); the message names it.
        case corruptData
        /// The catalog needs an upgrade (`catalog build`) or was written by a newer bulkllm.
        case incompatible
        /// No version on or before the date asked for.
        case noVersion
        /// The embedded catalog holds one version: another date, or history, was asked of it.
        case singleVersion
        /// Writing the catalog failed.
        case writeFailed
        /// SQLite failed for another reason (the file is busy, an I/O error); the message
        /// names it.
        case database
    }

    public var code: Code
    /// The file (or `embedded catalog`).
    public var path: String
    public var message: String

    public init(_ code: Code, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }
    public var description: String { path + ": " + message }

    /// The error of a failed SQLite call: damaged, or another database failure.
    init(_ error: SQLiteError) {
        if error.isDamage {
            self = .damaged(path: error.path, error.message)
        } else {
            self.init(
                .database, path: error.path,
                message: "SQLite error \(error.code): \(error.message)" + (error.sql.map { " — while executing: \($0)" } ?? ""))
        }
    }

    /// `error` as a store error: itself, an SQLite failure, or another failure of reading the
    /// catalog (named in the message).
    /// Another failure is corrupt data at `path`, its message after `place` when given.
    static func wrapping(_ error: any Error, path: String = "catalog", place: String? = nil) -> CatalogStoreError {
        switch error {
        case let error as CatalogStoreError: error
        case let error as SQLiteError: CatalogStoreError(error)
        default: CatalogStoreError(.corruptData, path: path, message: (place.map { $0 + ": " } ?? "") + "\(error)")
        }
    }

    /// The result of `body`, any error it throws as a store error.
    static func wrapping<T>(_ body: () throws -> T) throws(CatalogStoreError) -> T {
        do {
            return try body()
        } catch {
            throw wrapping(error)
        }
    }

    /// A catalog SQLite reports as damaged.
    static func damaged(path: String, _ reason: String) -> CatalogStoreError {
        CatalogStoreError(
            .damaged, path: path, message: "the catalog is damaged (\(reason)); rebuild it with `catalog build --rebuild`")
    }

    /// A stored value the catalog never writes, at `place` (a table and key, or a line).
    static func corrupt(path: String, _ place: String, expected: String) -> CatalogStoreError {
        CatalogStoreError(.corruptData, path: path, message: "\(place): expected \(expected)")
    }
}
