import CatalogCore
import CatalogIngest
import CatalogTestSupport
import Foundation
import Testing

/// Every model-list capture in snapshots/ parses, and yields exactly the records an
/// independent reader (Python's json module, `scripts/golden-model-list-counts.py`) counts.
@Suite("Every committed model-list capture")
struct ModelListGoldenTests {
    struct Row: Sendable, CustomTestStringConvertible {
        let date: String
        let source: String
        let records: Int
        let distinct: Int
        var testDescription: String { "\(date)/\(source)" }
    }

    static let rows: [Row] = {
        let url = Repository.root.appendingPathComponent("Tests/CatalogIngestTests/Golden/model-list-counts.tsv")
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").dropFirst().map { line in
            let columns = line.split(separator: "\t").map(String.init)
            return Row(date: columns[0], source: columns[1], records: Int(columns[2])!, distinct: Int(columns[3])!)
        }
    }()

    @Test("the golden table covers every model-list capture")
    func coverage() throws {
        var captures: [String] = []
        let store = SnapshotStore(root: Repository.snapshots)
        for date in try store.dates() {
            for path in try store.capturePaths(on: date)
            where SourceRegistry.source(forCapturePath: path)!.format == .json {
                captures.append("\(date)/\(path)")
            }
        }
        #expect(captures.count == 159)
        #expect(Set(captures) == Set(ModelListGoldenTests.rows.map(\.testDescription)))
    }

    @Test("parses with the independent count of records and ids, and no error", arguments: rows)
    func counts(_ row: Row) throws {
        let parsed = try Repository.parse(row.date, row.source)
        #expect(parsed.observations.count == row.records)
        #expect(Set(parsed.observations.map(\.providerModelID)).count == row.distinct)
        #expect(parsed.diagnostics.filter { $0.severity == .error }.isEmpty)
        // Duplicate ids are the only warnings the committed captures deserve.
        #expect(parsed.diagnostics.count == row.records - row.distinct || row.source == "openai/docs-models.json")
    }
}
