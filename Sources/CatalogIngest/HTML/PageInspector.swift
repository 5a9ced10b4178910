/// A plain-text outline of a page for people fixing a parser after a layout change: every
/// table with its nearest heading, size and first rows, and the script payloads it carries.
public enum PageInspector {
    public static func outline(_ bytes: [UInt8], rows: Int = 4) throws(HTMLError) -> String {
        let document = try HTMLDocument(bytes: bytes)
        var text = "title: \(document.elements(named: "title").first?.text() ?? "(none)")\n"
        let tables = document.tables()
        text += "tables: \(tables.count)\n"
        for table in tables {
            text += "\ntable \(table.index + 1) (line \(table.node.line)): \(table.rows.count) rows × \(table.width) columns, \(table.headerRowCount) header row(s); heading: \(table.heading)\n"
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
