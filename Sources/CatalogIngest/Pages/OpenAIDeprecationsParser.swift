package import CatalogCore
import Foundation

/// `openai/deprecations.html`: OpenAI's deprecations page (rendered by a headless browser).
/// One table per announcement, under a heading that starts with its date
/// (`2025-09-26: Legacy GPT model snapshots`): shutdown date, model or system, recommended
/// replacement, and on older announcements the model's price ("Deprecated model price": `$60.00
/// / 1M input tokens + $120 / 1M output tokens`, or one price for every token; fine-tuned
/// models: "Training price" and "Usage price"). Rows about systems rather than models
/// ("Assistants API", "OpenAI-Beta: realtime=v1") are not models and are skipped. A price per
/// 1K tokens is converted to per 1M; one above 1,000 USD per 1M tokens is not believed (the
/// page once wrote "$120.00 / 1K tokens" for a model priced $120 per 1M).
package struct OpenAIDeprecationsParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        var models = Page.Collector()
        var sawTable = false
        for table in page.tables() {
            let titles = table.columnTitles.map { $0.lowercased() }
            guard let shutdown = titles.firstIndex(of: "shutdown date"),
                let model = titles.firstIndex(where: { $0.hasPrefix("model") || $0 == "deprecated model" || $0 == "legacy model" }
                )
            else { continue }
            sawTable = true
            let replacement = titles.firstIndex { $0.contains("replacement") }
            let priceColumns: [(Int, String)] = titles.enumerated().compactMap { column, title in
                switch title {
                case "deprecated model price", "legacy model price": (column, "")
                case "training price": (column, "training")
                case "usage price": (column, "fine_tuned")
                default: nil
                }
            }
            let announced = CalendarDate(iso: table.heading.prefix(10))
            for (offset, row) in table.bodyRows.enumerated() {
                let rowIndex = table.headerRowCount + offset
                // A one-word id ("davinci") reads as prose to the id rule; in a row that prices
                // it, it is a model.
                let word = row[model].text
                let priced = priceColumns.contains { !PageText.dollarAmounts(row[$0.0].text).isEmpty }
                let bare = priced && !word.isEmpty && word.allSatisfy { $0.isLowercase && $0.isLetter }
                guard let id = PageModelID.parse(word) ?? (bare ? word : nil) else { continue }
                let place = { (column: Int) in "table \(table.index + 1), row \(rowIndex + 1), column \(column + 1)" }
                if let value = PageText.dateValue(row[shutdown].text) { models.add(id, .shutdown, value, at: place(shutdown)) }
                if let replacement {
                    let text = row[replacement].text.replacingOccurrences(of: "*", with: "").trimmingCharacters(in: .whitespaces)
                    if !PageText.isAbsent(text) { models.add(id, .replacement, .text(text), at: place(replacement)) }
                }
                if let announced {
                    models.add(id, .deprecationAnnounced, .date(announced), at: "table \(table.index + 1), heading")
                }
                let stated = priceColumns.map { row[$0.0].text }.filter { !PageText.dollarAmounts($0).isEmpty }
                guard !stated.isEmpty else { continue }
                let before = models.priceFacts
                var unread: [String] = []
                for (column, kind) in priceColumns where !PageText.dollarAmounts(row[column].text).isEmpty {
                    let prices = OpenAIDeprecationsParser.prices(row[column].text, kind: kind)
                    if prices.isEmpty { unread.append(row[column].text) }
                    for (component, amount) in prices {
                        models.add(id, .price(PriceKey(component)), .decimal(amount), at: place(column))
                    }
                }
                page.offered(
                    id, at: "table \(table.index + 1), row \(rowIndex + 1)", read: models.priceFacts > before && unread.isEmpty,
                    stated: unread.joined(separator: "; "), model: id, into: &models)
            }
        }
        guard sawTable else { throw page.layoutError("expected deprecation tables with columns \"Shutdown date\" and \"Model\"") }
        return try page.finish(models, expecting: "deprecated models")
    }

    /// The prices a price cell states: `$1.50 / 1M input tokens + $2.00 / 1M output tokens`,
    /// or `$0.40 / 1M tokens` for every token; `kind` names fine-tuning columns. Empty when a
    /// unit is unknown or an amount is not believable.
    static func prices(_ text: String, kind: String) -> [(PriceComponent, Decimal)] {
        var result: [(PriceComponent, Decimal)] = []
        for (amount, words) in PageText.labelledAmounts(text) {
            let scale: Decimal
            if words.hasPrefix("/ 1m") { scale = 1 } else if words.hasPrefix("/ 1k") { scale = 1000 } else { return [] }
            let perMillion = amount * scale
            guard perMillion <= 1000 else { return [] }
            let components: [String]
            if kind == "training" {
                components = ["training"]
            } else if words.contains("input") {
                components = [kind.isEmpty ? "input" : kind + "_input"]
            } else if words.contains("output") {
                components = [kind.isEmpty ? "output" : kind + "_output"]
            } else {
                components = kind.isEmpty ? ["input", "output"] : [kind + "_input", kind + "_output"]
            }
            result += components.map { (PriceComponent(rawValue: $0), perMillion) }
        }
        return result
    }
}
