public import CatalogCore
import Foundation

/// `openai/deprecations.html`: OpenAI's deprecations page (rendered by a headless browser).
/// One table per announcement, under a heading that starts with its date
/// (`2025-09-26: Legacy GPT model snapshots`): shutdown date, model or system, recommended
/// replacement (and on older announcements the model's price). Rows about systems rather than
/// models ("Assistants API", "OpenAI-Beta: realtime=v1") are not models and are skipped.
public struct OpenAIDeprecationsParser: CaptureParser {
    public init() {}

    public func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        let page = try Page(bytes, file: file)
        var models = Page.Collector()
        var sawTable = false
        for table in page.document.tables() {
            let titles = table.columnTitles.map { $0.lowercased() }
            guard let shutdown = titles.firstIndex(of: "shutdown date"),
                let model = titles.firstIndex(where: { $0.hasPrefix("model") || $0 == "deprecated model" })
            else { continue }
            sawTable = true
            let replacement = titles.firstIndex { $0.contains("replacement") }
            let announced = CalendarDate(iso: table.heading.prefix(10))
            for (offset, row) in table.bodyRows.enumerated() {
                let rowIndex = table.headerRowCount + offset
                guard let id = PageModelID.parse(row[model].text) else { continue }
                let place = { (column: Int) in "table \(table.index + 1), row \(rowIndex + 1), column \(column + 1)" }
                if let value = PageText.dateValue(row[shutdown].text) { models.add(id, .shutdown, value, at: place(shutdown)) }
                if let replacement {
                    let text = row[replacement].text.replacingOccurrences(of: "*", with: "").trimmingCharacters(in: .whitespaces)
                    if !PageText.isAbsent(text) { models.add(id, .replacement, .text(text), at: place(replacement)) }
                }
                if let announced { models.add(id, .deprecationAnnounced, .date(announced), at: "table \(table.index + 1), heading") }
            }
        }
        guard sawTable else { throw page.layoutError("expected deprecation tables with columns \"Shutdown date\" and \"Model\"") }
        return try page.finish(models, expecting: "deprecated models")
    }
}
