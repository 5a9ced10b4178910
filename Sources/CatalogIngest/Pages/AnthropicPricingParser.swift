package import CatalogCore
import Foundation

/// `anthropic/pricing.html`: the model pricing table (base input, 5-minute and 1-hour cache
/// writes, cache hits, output, per MTok), the batch table, and the fast-mode table (a premium
/// tier for the model its paragraph names: "Currently supported on Opus 4.6:"), keyed by
/// display name (`Claude Opus 4.7`). A status marker in the name (`Claude Sonnet 3.7
/// (deprecated)`) is stripped and read as the status. Names are joined to API ids when the
/// version is assembled.
///
/// Columns are found by their titles; a price table (first column "Model", a column priced per
/// MTok) with a title the parser does not know is a layout change, never read by position.
package struct AnthropicPricingParser: CaptureParser {
    package init() {}

    static let columns: [String: PriceKey] = [
        "base input tokens": PriceKey(.input), "5m cache writes": PriceKey(.cacheWrite),
        "1h cache writes": PriceKey(.cacheWrite1h),
        "cache hits & refreshes": PriceKey(.cachedInput), "output tokens": PriceKey(.output),
        "batch input": PriceKey(.input, tier: .batch), "batch output": PriceKey(.output, tier: .batch),
    ]

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        var models = Page.Collector()
        var sawBase = false
        for table in page.tables() {
            let titles = table.columnTitles.map { $0.lowercased() }
            if titles.first == "model" {
                let priced = titles.enumerated().compactMap { column, title in
                    AnthropicPricingParser.columns[title].map { (column, $0) }
                }
                guard !priced.isEmpty else { continue }
                for (column, title) in titles.enumerated().dropFirst() where AnthropicPricingParser.columns[title] == nil {
                    throw page.layoutError(
                        "the price table has a column \"\(table.columnTitles[column])\" the parser does not know; expected only \(AnthropicPricingParser.columns.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", "))",
                        at: "table \(table.index + 1)")
                }
                if titles.contains("base input tokens") { sawBase = true }
                for (offset, row) in table.bodyRows.enumerated() {
                    let rowIndex = table.headerRowCount + offset
                    let rowPlace = table.locator(row: rowIndex)
                    let (name, status) = AnthropicPricingParser.splitStatus(row[0].text)
                    guard name.lowercased().hasPrefix("claude") else { continue }
                    if let status { models.add(name, .status, .text(status), at: rowPlace + ", column 1", byDisplayName: true) }
                    let before = models.priceFacts
                    var unread: [String] = []
                    for (column, key) in priced {
                        let place = rowPlace + ", column \(column + 1)"
                        let text = row[column].text
                        guard !PageText.isAbsent(text) else { continue }
                        let amounts = PageText.dollarAmounts(text)
                        guard amounts.count == 1, text.lowercased().contains("mtok") else {
                            unread.append("\(table.columnTitles[column]): \(text)")
                            continue
                        }
                        models.add(name, .price(key), .decimal(amounts[0]), at: place, byDisplayName: true)
                    }
                    let offers = row.dropFirst().contains { $0.text.contains("$") }
                    if offers || !unread.isEmpty {
                        page.offered(
                            name, at: rowPlace, read: models.priceFacts > before && unread.isEmpty,
                            stated: unread.joined(separator: "; "),
                            model: name, byDisplayName: true, into: &models)
                    }
                }
            } else if titles == ["input", "output"], table.heading.lowercased().hasPrefix("fast mode") {
                try fastMode(table, &page, &models)
            }
        }
        guard sawBase else {
            throw page.layoutError("expected a model pricing table with columns \"Model\" and \"Base Input Tokens\"")
        }
        return try page.finish(models, expecting: "priced models")
    }

    /// The fast-mode table: input and output per MTok, for the model the paragraph before it
    /// names ("Currently supported on Opus 4.6:").
    private func fastMode(_ table: HTMLTable, _ page: inout Page, _ models: inout Page.Collector) throws(CaptureError) {
        let rowPlace = table.locator(row: table.headerRowCount)
        guard let row = table.bodyRows.first else { return }
        let stated = row.map(\.text).joined(separator: " | ")
        let paragraph = table.node.select("preceding::p[1]").first?.text() ?? ""
        var name: String?
        if let range = paragraph.range(of: "supported on ", options: .caseInsensitive) {
            let rest = paragraph[range.upperBound...]
            let end = rest.firstIndex { $0 == ":" || $0 == "," } ?? rest.endIndex
            let words = rest[..<end].trimmingCharacters(in: .whitespaces)
            if !words.isEmpty { name = words.lowercased().hasPrefix("claude") ? words : "Claude " + words }
        }
        let before = models.priceFacts
        if let name {
            for (column, component) in [(0, PriceComponent.input), (1, .output)] {
                let text = row[column].text
                let amounts = PageText.dollarAmounts(text)
                guard amounts.count == 1, text.lowercased().contains("mtok") else { continue }
                models.add(
                    name, .price(PriceKey(component, tier: .fast)), .decimal(amounts[0]), at: rowPlace + ", column \(column + 1)",
                    byDisplayName: true)
            }
        }
        page.offered(
            "fast mode" + (name.map { " (\($0))" } ?? ""), at: rowPlace, read: models.priceFacts > before,
            stated: name == nil ? "no model named before the table: \(stated)" : stated, model: name, byDisplayName: true,
            into: &models)
    }

    /// `Claude Sonnet 3.7 (deprecated)` → (`Claude Sonnet 3.7`, `deprecated`).
    static func splitStatus(_ raw: String) -> (name: String, status: String?) {
        // Footnote asterisks are not part of a name (`GLM-5 *`).
        var text = raw
        while text.hasSuffix("*") || text.hasSuffix(" ") { text.removeLast() }
        guard text.hasSuffix(")"), let open = text.lastIndex(of: "(") else { return (text, nil) }
        let marker = text[text.index(after: open)..<text.index(before: text.endIndex)].lowercased()
        guard ["deprecated", "legacy", "retired"].contains(marker) else { return (text, nil) }
        return (String(text[..<open]).trimmingCharacters(in: .whitespaces), marker)
    }
}
