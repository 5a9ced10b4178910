package import CatalogCore
import Foundation

/// `anthropic/deprecations.html`: the "Model status" table (API model name, current state,
/// deprecated date, tentative retirement date) and one table per announcement (retirement
/// date, deprecated model, recommended replacement) under a heading that starts with the
/// announcement date (`2026-04-14: Claude Sonnet 4 and Claude Opus 4 models`).
///
/// "Not sooner than April 16, 2027" is an explicit unknown (not a shutdown date); "N/A" is
/// no value.
package struct AnthropicDeprecationsParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        var models = Page.Collector()
        let tables = page.tables()
        var sawStatus = false
        for table in tables {
            let titles = table.columnTitles.map { $0.lowercased() }
            if let name = titles.firstIndex(of: "api model name"), let state = titles.firstIndex(of: "current state") {
                sawStatus = true
                let deprecated = titles.firstIndex(of: "deprecated")
                let retirement = titles.firstIndex { $0.contains("retirement date") }
                for (offset, row) in table.bodyRows.enumerated() {
                    let rowIndex = table.headerRowCount + offset
                    let id = row[name].text
                    guard !id.isEmpty else { continue }
                    let place = { (column: Int) in "table \(table.index + 1), row \(rowIndex + 1), column \(column + 1)" }
                    models.add(id, .status, .text(row[state].text.lowercased()), at: place(state))
                    if let deprecated, let value = PageText.dateValue(row[deprecated].text) {
                        models.add(id, .deprecationAnnounced, value, at: place(deprecated))
                    }
                    if let retirement, let value = PageText.dateValue(row[retirement].text) {
                        models.add(id, .shutdown, value, at: place(retirement))
                    }
                }
            } else if let model = titles.firstIndex(of: "deprecated model"),
                let retirement = titles.firstIndex(where: { $0.contains("retirement date") })
            {
                let replacement = titles.firstIndex { $0.contains("replacement") }
                let announced = CalendarDate(iso: table.heading.prefix(10))
                for (offset, row) in table.bodyRows.enumerated() {
                    let rowIndex = table.headerRowCount + offset
                    let id = row[model].text
                    guard !id.isEmpty else { continue }
                    let place = { (column: Int) in "table \(table.index + 1), row \(rowIndex + 1), column \(column + 1)" }
                    if let value = PageText.dateValue(row[retirement].text) {
                        models.add(id, .shutdown, value, at: place(retirement))
                    }
                    if let replacement, !PageText.isAbsent(row[replacement].text) {
                        models.add(id, .replacement, .text(row[replacement].text), at: place(replacement))
                    }
                    if let announced {
                        models.add(id, .deprecationAnnounced, .date(announced), at: "table \(table.index + 1), heading")
                    }
                }
            }
        }
        guard sawStatus else {
            throw page.layoutError("expected a \"Model status\" table with columns \"API model name\" and \"Current state\"")
        }
        return try page.finish(models, expecting: "models in the model status table")
    }
}
