import CatalogCore
import CatalogIngest
import Foundation
import Testing

/// Files of this repository, found from the test source's own path.
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let snapshots = root.appendingPathComponent("snapshots")

    /// The bytes of one committed capture.
    static func capture(_ date: String, _ path: String) throws -> [UInt8] {
        let url = snapshots.appendingPathComponent(date).appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: url.path])
        }
        return [UInt8](data)
    }
}

extension Repository {
    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    /// Parses one committed capture with its source's parser.
    static func parse(_ date: String, _ path: String) throws -> ParsedCapture {
        let source = try #require(SourceRegistry.source(forCapturePath: path))
        let parser = try #require(ParserRegistry.parser(for: source.id))
        return try parser.parse(try capture(date, path), file: "snapshots/\(date)/\(path)")
    }

    /// A fresh empty folder under the temporary directory, removed by the caller.
    static func temporaryFolder(_ name: String = #function) throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("bulkllm-tests-\(getpid())-\(name.filter(\.isLetter))-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

extension ParsedCapture {
    /// The facts about one model, from every observation of its id in document order.
    func model(_ id: String) throws -> Observation {
        let matching = observations.filter { $0.providerModelID == id }
        var merged = try #require(matching.first, "no observation of \(id)")
        merged.facts = matching.flatMap(\.facts)
        return merged
    }
}

extension Observation {
    func values(_ field: FactField) -> [FactValue] { facts.filter { $0.field == field }.map(\.value) }
    func value(_ field: FactField) -> FactValue? { values(field).first }
    func price(_ name: String) -> FactValue? { value(.price(PriceKey(name: name)!)) }
}

extension FactValue {
    static func usd(_ text: String) -> FactValue { .decimal(Decimal(string: text)!) }
    static func day(_ text: String) -> FactValue { .date(CalendarDate(iso: text)!) }
}
