package import CatalogCore
import Foundation

/// `google/deprecations.html`: the Gemini API deprecations page, one table per model group
/// (model, release date, shutdown date, recommended replacement), with "Preview models"
/// separator rows. "No shutdown date announced" and "Coming soon" are explicit unknowns.
package struct GoogleDeprecationsParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        var models = Page.Collector()
        var sawTable = false
        for table in page.tables() {
            let titles = table.columnTitles.map { $0.lowercased() }
            guard titles.first == "model", let shutdown = titles.firstIndex(of: "shutdown date") else { continue }
            sawTable = true
            let release = titles.firstIndex(of: "release date")
            let replacement = titles.firstIndex { $0.contains("replacement") }
            for (offset, row) in table.bodyRows.enumerated() {
                let rowIndex = table.headerRowCount + offset
                guard let id = PageModelID.parse(row[0].text) else { continue }
                let place = { (column: Int) in "table \(table.index + 1), row \(rowIndex + 1), column \(column + 1)" }
                models.touch(id, at: place(0))
                if let release, let date = PageText.date(in: row[release].text) {
                    models.add(id, .created, .date(date), at: place(release))
                }
                if let value = PageText.dateValue(row[shutdown].text) { models.add(id, .shutdown, value, at: place(shutdown)) }
                if let replacement, !PageText.isAbsent(row[replacement].text) {
                    models.add(id, .replacement, .text(row[replacement].text), at: place(replacement))
                }
            }
        }
        guard sawTable else { throw page.layoutError("expected tables with columns \"Model\" and \"Shutdown date\"") }
        return try page.finish(models, expecting: "models")
    }
}
