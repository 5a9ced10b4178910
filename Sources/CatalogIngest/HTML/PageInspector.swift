import CatalogCore

/// A plain-text outline of a page for people fixing a parser after a layout change: every
/// table with its nearest heading, size and first rows, and the script payloads it carries.
package enum PageInspector {
    package static func outline(_ bytes: [UInt8], rows: Int = 4) throws(HTMLError) -> String {
        let document = try HTMLDocument(bytes: bytes)
        var text = "title: \(document.elements(named: "title").first?.text() ?? "(none)")\n"
        let tables = document.tables()
        text += "tables: \(tables.count)\n"
        for table in tables {
            text +=
                "\ntable \(table.index + 1) (line \(table.node.line)): \(table.rows.count) rows × \(table.width) columns, \(table.headerRowCount) header row(s); heading: \(table.heading)\n"
            for row in table.rows.prefix(rows) {
                text += "  | " + row.map(\.text).joined(separator: " | ") + "\n"
            }
        }
        let flight = ScriptPayloads.nextFlight(document)
        text += "\nNext.js flight payload: \(flight.utf8.count) bytes\n"
        let islands = ScriptPayloads.astroIslands(document)
        text += "Astro islands: \(islands.count)\n"
        for island in islands.prefix(40) {
            text += "  \(island.component.split(separator: "/").last ?? ""): \(island.props.prefix(160))\n"
        }
        return text
    }
}

extension PageInspector {
    /// What the source's parser reads from a capture at `file` (a path ending in
    /// `<provider>/<source file>`): its models, the priced entries it saw and read (each one not
    /// read, with what it stated), and its diagnostics; `nil` when the path names no parsed source.
    package static func reading(_ bytes: [UInt8], file: String) -> String? {
        let parts = file.split(separator: "/").map(String.init)
        var parser: (any CaptureParser)?
        for length in [3, 2] where parts.count >= length && parser == nil {
            let path = parts.suffix(length).joined(separator: "/")
            if let source = SourceRegistry.source(forCapturePath: path) { parser = ParserRegistry.parser(for: source.id) }
        }
        guard let parser else { return nil }
        var text = "\nthe parser's reading:\n"
        do {
            let parsed = try parser.parse(bytes, file: file)
            let prices = parsed.observations.reduce(0) { count, observation in
                count + observation.facts.filter { if case .price = $0.field { true } else { false } }.count
            }
            text += "  models: \(parsed.observations.count), price facts: \(prices)\n"
            if let offers = parsed.priceOffers {
                text += "  priced entries offered: \(offers.count), read: \(offers.count { $0.read })\n"
                for offer in offers where !offer.read {
                    text += "    NOT READ \(offer.entry) (\(offer.locator)): \(offer.stated ?? "")\n"
                }
            }
            for diagnostic in parsed.diagnostics {
                text += "  \(diagnostic.severity): \(diagnostic.locator.map { $0 + ": " } ?? "")\(diagnostic.message)\n"
            }
        } catch {
            text += "  error: \(error.locator.map { $0 + ": " } ?? "")\(error.message)\n"
        }
        return text
    }
}
