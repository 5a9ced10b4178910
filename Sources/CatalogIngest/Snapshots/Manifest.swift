package import CatalogCore

/// `snapshots/<date>/manifest.json`: what each capture of the date is, where it came from and
/// its checksum.
///
/// ```json
/// {
///   "date": "2025-07-30",
///   "captures": [
///     {"path": "openai/models.json", "source": "openai/models.json",
///      "url": "https://api.openai.com/v1/models", "sha256": "…", "bytes": 1234,
///      "http_status": 200, "fetched_at": "2025-07-30T03:00:00Z", "origin": null}
///   ]
/// }
/// ```
/// Imported recordings have `fetched_at` and `http_status` null (the recordings did not keep
/// them) and an `origin` naming the recording: `{"recording", "endpoint", "notes"}`.
package struct Manifest: Hashable, Sendable {
    package var date: CalendarDate
    package var captures: [Entry]

    package struct Entry: Hashable, Sendable {
        /// Path inside the snapshot (`openai/models.json`, `openai/models/gpt-5.html`).
        package var path: String
        /// The registered source (`openai/models/*.html` for per-model pages).
        package var source: String
        package var url: String
        package var sha256: String
        package var bytes: Int
        /// The HTTP status of the answer, when it was recorded.
        package var httpStatus: Int?
        /// When it was fetched (ISO 8601 UTC), for live fetches.
        package var fetchedAt: String?
        /// Where an imported capture came from.
        package var origin: Origin?

        package init(
            path: String, source: String, url: String, sha256: String, bytes: Int, httpStatus: Int? = nil,
            fetchedAt: String? = nil, origin: Origin? = nil
        ) {
            self.path = path
            self.source = source
            self.url = url
            self.sha256 = sha256
            self.bytes = bytes
            self.httpStatus = httpStatus
            self.fetchedAt = fetchedAt
            self.origin = origin
        }

        /// How the capture was obtained, or `nil` when the entry states neither a live fetch (a
        /// fetch time and a successful HTTP status) nor an imported recording (a non-empty
        /// `origin.recording`): such a capture's provenance cannot be told.
        package var provenance: Provenance? {
            if let origin, !origin.recording.isEmpty { return .imported(origin) }
            if let fetchedAt, !fetchedAt.isEmpty, let httpStatus, (200..<300).contains(httpStatus) {
                return .fetched(at: fetchedAt, httpStatus: httpStatus)
            }
            return nil
        }
    }

    /// How a capture was obtained.
    package enum Provenance: Hashable, Sendable {
        /// Fetched live by `catalog refresh`: when, and the HTTP status of the answer.
        case fetched(at: String, httpStatus: Int)
        /// Imported from a recording by `catalog import`.
        case imported(Origin)
    }

    /// The provenance of an imported recording.
    package struct Origin: Hashable, Sendable {
        /// `repository @ commit : path` of the recording.
        package var recording: String
        /// The request or page the recording answers.
        package var endpoint: String
        /// What to know before trusting the bytes as wire bytes (re-serialised, redacted, …).
        package var notes: String

        package init(recording: String, endpoint: String, notes: String) {
            self.recording = recording
            self.endpoint = endpoint
            self.notes = notes
        }
    }

    package init(date: CalendarDate, captures: [Entry]) {
        self.date = date
        self.captures = captures
    }

    /// The entry for a capture path.
    package func entry(for path: String) -> Entry? { captures.first { $0.path == path } }

    /// The manifest as stable, pretty JSON with captures sorted by path.
    package func rendered() -> String {
        let entries = captures.sorted { $0.path < $1.path }.map { entry -> JSONOutput in
            .object([
                ("path", .string(entry.path)),
                ("source", .string(entry.source)),
                ("url", .string(entry.url)),
                ("sha256", .string(entry.sha256)),
                ("bytes", .int(entry.bytes)),
                ("http_status", .int(entry.httpStatus)),
                ("fetched_at", .string(entry.fetchedAt)),
                (
                    "origin",
                    entry.origin.map {
                        .object([
                            ("recording", .string($0.recording)), ("endpoint", .string($0.endpoint)),
                            ("notes", .string($0.notes)),
                        ])
                    } ?? .null
                ),
            ])
        }
        return JSONOutput.object([("date", .string(date.description)), ("captures", .array(entries))]).rendered(pretty: true)
            + "\n"
    }

    /// Reads a manifest, naming the file and the place of any problem.
    package init(parsing bytes: [UInt8], file: String) throws(CaptureError) {
        let document: JSONDocument
        do {
            document = try JSONDocument(bytes: bytes)
        } catch {
            throw CaptureError(
                .malformed, file: file, at: "line \(error.line), column \(error.column)", "not valid JSON: \(error.message)")
        }
        // A manifest is written by this tool: a key given twice is damage or tampering, and
        // either value (a checksum, a path) could be the wrong one.
        if let duplicate = document.duplicateKeys.first {
            let (locator, message) = document.describe(duplicate)
            throw CaptureError(.malformed, file: file, at: locator, message)
        }
        let root = document.root
        guard let dateText = root["date"]?.string, let date = CalendarDate(iso: dateText) else {
            throw CaptureError(.unexpectedShape, file: file, at: "$.date", "expected \"date\" as YYYY-MM-DD")
        }
        guard let items = root["captures"]?.array else {
            throw CaptureError(.unexpectedShape, file: file, at: "$.captures", "expected \"captures\" to be an array")
        }
        var entries: [Entry] = []
        for (index, item) in items.enumerated() {
            let place = "$.captures[\(index)]"
            guard let path = item["path"]?.string, let source = item["source"]?.string, let sha = item["sha256"]?.string,
                let bytes = item["bytes"]?.int
            else {
                throw CaptureError(
                    .unexpectedShape, file: file, at: place,
                    "expected \"path\", \"source\", \"sha256\" (strings) and \"bytes\" (a number)")
            }
            var origin: Origin?
            if let value = item["origin"], value.kind == .object {
                origin = Origin(
                    recording: value["recording"]?.string ?? "", endpoint: value["endpoint"]?.string ?? "",
                    notes: value["notes"]?.string ?? "")
            }
            entries.append(
                Entry(
                    path: path, source: source, url: item["url"]?.string ?? "", sha256: sha, bytes: bytes,
                    httpStatus: item["http_status"]?.int, fetchedAt: item["fetched_at"]?.string, origin: origin))
        }
        self.init(date: date, captures: entries)
    }
}
