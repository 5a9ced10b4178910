import CatalogCore
import CatalogIngest
import CatalogTestSupport
import Foundation
import Testing

extension Repository {
    /// Parses one committed capture with its source's parser.
    static func parse(_ date: String, _ path: String) throws -> ParsedCapture {
        let source = try #require(SourceRegistry.source(forCapturePath: path))
        let parser = try #require(ParserRegistry.parser(for: source.id))
        return try parser.parse(try capture(date, path), file: "snapshots/\(date)/\(path)")
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
