package import CatalogCore
package import Foundation

/// Brings recorded captures (a folder laid out as `<date>/<provider>/<source-file>` with an
/// `origins.tsv`) into the snapshot store, byte for byte, with their provenance in each
/// date's manifest.
///
/// Every row of `origins.tsv` is checked: the file must exist, its size and SHA-256 must match
/// the row, and its source must be registered. A capture already in the store with other bytes
/// is refused (captures never change); one with the same bytes is left as it is.
package struct CaptureImporter: Sendable {
    package let store: SnapshotStore

    package init(store: SnapshotStore) {
        self.store = store
    }

    /// What an import did.
    package struct Report: Sendable {
        package var imported: [String] = []
        package var unchanged: [String] = []
        package var problems: [String] = []
        package var dates: Set<CalendarDate> = []
    }

    /// Imports every capture listed in `<folder>/origins.tsv`.
    package func importRecordings(from folder: URL) throws -> Report {
        let tsvURL = folder.appendingPathComponent("origins.tsv")
        guard let tsv = FileManager.default.contents(atPath: tsvURL.path) else {
            throw SnapshotError(file: tsvURL.path, message: "cannot read origins.tsv: expected one row per capture")
        }
        let lines = String(decoding: tsv, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        guard let header = lines.first?.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) else {
            throw SnapshotError(file: tsvURL.path, message: "empty file: expected a header row")
        }
        let expected = ["date", "provider", "source_file", "bytes", "sha256", "endpoint_or_page", "origin", "notes"]
        guard header == expected else {
            throw SnapshotError(
                file: tsvURL.path,
                message:
                    "line 1: expected the columns \(expected.joined(separator: ", ")), found \(header.joined(separator: ", "))")
        }
        var report = Report()
        var entriesByDate: [CalendarDate: [Manifest.Entry]] = [:]
        for (offset, line) in lines.dropFirst().enumerated() {
            let place = "\(tsvURL.path): line \(offset + 2)"
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard columns.count == expected.count, let date = CalendarDate(iso: columns[0]), let size = Int(columns[3]) else {
                report.problems.append("\(place): expected \(expected.count) tab-separated columns starting with a date; skipped")
                continue
            }
            let path = columns[1] + "/" + columns[2]
            guard let source = SourceRegistry.source(forCapturePath: path) else {
                report.problems.append("\(place): \(path) is not a registered source; skipped")
                continue
            }
            let fileURL = folder.appendingPathComponent(date.description).appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: fileURL.path) else {
                report.problems.append("\(place): \(fileURL.path) is missing; skipped")
                continue
            }
            let bytes = [UInt8](data)
            let sha = SHA256.hex(of: bytes)
            guard bytes.count == size, sha == columns[4] else {
                report.problems.append(
                    "\(place): \(fileURL.path) has \(bytes.count) bytes and SHA-256 \(sha), but origins.tsv says \(size) bytes and \(columns[4]); skipped"
                )
                continue
            }
            do {
                if try store.writeCapture(bytes, date: date, path: path) {
                    report.imported.append(date.description + "/" + path)
                } else {
                    report.unchanged.append(date.description + "/" + path)
                }
            } catch {
                report.problems.append("\(error)")
                continue
            }
            let endpoint = columns[5]
            entriesByDate[date, default: []].append(
                Manifest.Entry(
                    path: path, source: source.id.path, url: CaptureImporter.url(from: endpoint, fallback: source.url),
                    sha256: sha, bytes: bytes.count, httpStatus: nil, fetchedAt: nil,
                    origin: Manifest.Origin(recording: columns[6], endpoint: endpoint, notes: columns[7])))
            report.dates.insert(date)
        }
        for (date, entries) in entriesByDate {
            var manifest = (try? store.manifest(on: date)) ?? nil ?? Manifest(date: date, captures: [])
            for entry in entries {
                manifest.captures.removeAll { $0.path == entry.path }
                manifest.captures.append(entry)
            }
            try store.writeManifest(manifest)
        }
        return report
    }

    /// The URL inside an origins endpoint (`GET https://api.x.ai/v1/models`, `https://… (note)`).
    static func url(from endpoint: String, fallback: String) -> String {
        for word in endpoint.split(separator: " ") where word.hasPrefix("https://") || word.hasPrefix("http://") {
            return String(word)
        }
        return fallback
    }
}
