import CatalogCore
import CatalogIngest
import CatalogTestSupport
import Foundation
import Testing

@Suite("The committed snapshots")
struct SnapshotTests {
    @Test("every capture is registered, listed in its manifest, and has the bytes the manifest records")
    func manifestsMatch() throws {
        let store = SnapshotStore(root: Repository.snapshots, displayRoot: "snapshots")
        let dates = try store.dates()
        // The nightly job adds a date a day: the history up to the pinned date is fixed.
        #expect(dates.filter { $0 <= FullCatalog.pinnedDate }.count == 77)
        #expect(dates.first?.description == "2025-03-25")
        #expect(try #require(dates.last) >= FullCatalog.pinnedDate)
        let pinned = try dates.filter { $0 <= FullCatalog.pinnedDate }.reduce(0) { $0 + (try store.capturePaths(on: $1)).count }
        #expect(pinned == 181)
        let (problems, captures) = try RepositoryInvariants.snapshotProblems(store)
        #expect(problems.isEmpty, "\(problems.prefix(20))")
        #expect(captures >= pinned)
    }

    @Test("a manifest reads back exactly as written")
    func manifestRoundTrip() throws {
        let store = SnapshotStore(root: Repository.snapshots)
        let date = Repository.date("2026-05-08")
        let manifest = try #require(try store.manifest(on: date))
        let text = manifest.rendered()
        #expect(try Manifest(parsing: Array(text.utf8), file: "m") == manifest)
        let onDisk = try String(contentsOf: store.folder(of: date).appendingPathComponent("manifest.json"), encoding: .utf8)
        #expect(onDisk == text)
        let challenge = try #require(manifest.entry(for: "openai/pricing.html"))
        #expect(challenge.origin?.endpoint.contains("bot-challenge") == true)
    }

    @Test("the importer copies byte for byte, refuses changed bytes and bad checksums")
    func importer() throws {
        let folder = try Repository.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let recordings = folder.appendingPathComponent("recordings")
        let bytes = try Repository.capture("2026-05-26", "deepseek/models.json")
        let other = try Repository.capture("2026-05-31", "cerebras/models.json")
        for (date, path, data) in [("2026-05-26", "deepseek/models.json", bytes), ("2026-05-31", "cerebras/models.json", other)] {
            let url = recordings.appendingPathComponent(date).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(data).write(to: url)
        }
        let header = "date\tprovider\tsource_file\tbytes\tsha256\tendpoint_or_page\torigin\tnotes\n"
        let rows = [
            "2026-05-26\tdeepseek\tmodels.json\t\(bytes.count)\t\(SHA256.hex(of: bytes))\tGET https://api.deepseek.com/models\tmaruel/genai @ abc : x.yaml\tverbatim",
            "2026-05-31\tcerebras\tmodels.json\t\(other.count)\t\(String(repeating: "0", count: 64))\tGET https://api.cerebras.ai/v1/models\tr\tn",
            "2026-05-31\tnowhere\tmodels.json\t1\tx\tGET x\tr\tn",
        ]
        try Data((header + rows.joined(separator: "\n") + "\n").utf8).write(to: recordings.appendingPathComponent("origins.tsv"))
        let store = SnapshotStore(root: folder.appendingPathComponent("snapshots"))
        let report = try CaptureImporter(store: store).importRecordings(from: recordings)
        #expect(report.imported == ["2026-05-26/deepseek/models.json"])
        #expect(report.problems.count == 2)
        #expect(report.problems[0].contains("origins.tsv says \(other.count) bytes and 0000"))
        #expect(report.problems[1].contains("nowhere/models.json is not a registered source"))
        #expect(try store.read(Repository.date("2026-05-26"), "deepseek/models.json") == bytes)
        let manifest = try #require(try store.manifest(on: Repository.date("2026-05-26")))
        #expect(manifest.captures.count == 1)
        #expect(manifest.captures[0].url == "https://api.deepseek.com/models")
        #expect(manifest.captures[0].origin?.recording == "maruel/genai @ abc : x.yaml")
        #expect(manifest.captures[0].httpStatus == nil)
        // Importing again changes nothing; a different capture at the same place is refused.
        let again = try CaptureImporter(store: store).importRecordings(from: recordings)
        #expect(again.unchanged == ["2026-05-26/deepseek/models.json"])
        #expect(throws: SnapshotError.self) {
            try store.writeCapture(other, date: Repository.date("2026-05-26"), path: "deepseek/models.json")
        }
        #expect(try store.read(Repository.date("2026-05-26"), "deepseek/models.json") == bytes)
    }
}
