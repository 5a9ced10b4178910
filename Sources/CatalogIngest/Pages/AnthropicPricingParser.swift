public import CatalogCore
import Foundation

/// `anthropic/pricing.html`: the model pricing table (base input, 5-minute and 1-hour cache
/// writes, cache hits, output, per MTok) and the batch table, keyed by display name
/// (`Claude Opus 4.7`). A status marker in the name (`Claude Sonnet 3.7 (deprecated)`) is
/// stripped and read as the status. Names are joined to API ids when the version is assembled.
public struct AnthropicPricingParser: CaptureParser {
    public init() {}

    static let columns: [(title: String, key: PriceKey)] = [
        ("base input tokens", PriceKey(.input)), ("5m cache writes", PriceKey(.cacheWrite)), ("1h cache writes", PriceKey(.cacheWrite1h)),
        ("cache hits & refreshes", PriceKey(.cachedInput)), ("output tokens", PriceKey(.output)),
        ("batch input", PriceKey(.input, tier: .batch)), ("batch output", PriceKey(.output, tier: .batch)),
    ]

    public func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        var models = Page.Collector()
        var sawBase = false
        for table in page.document.tables() {
            let titles = table.columnTitles.map { $0.lowercased() }
            guard titles.first == "model" else { continue }
            let priced = AnthropicPricingParser.columns.compactMap { column in titles.firstIndex(of: column.title).map { ($0, column.key) } }
            guard !priced.isEmpty else { continue }
            if titles.contains("base input tokens") { sawBase = true }
            for (offset, row) in table.bodyRows.enumerated() {
                let rowIndex = table.headerRowCount + offset
                let (name, status) = AnthropicPricingParser.splitStatus(row[0].text)
                guard name.lowercased().hasPrefix("claude") else { continue }
                if let status {
                    models.add(name, .status, .text(status), at: "table \(table.index + 1), row \(rowIndex + 1), column 1", byDisplayName: true)
                }
                for (column, key) in priced {
                    let place = "table \(table.index + 1), row \(rowIndex + 1), column \(column + 1)"
                    let text = row[column].text
                    guard !PageText.isAbsent(text) else { continue }
                    let amounts = PageText.dollarAmounts(text)
                    guard amounts.count == 1, text.lowercased().contains("mtok") else {
                        page.warn(at: place, "expected one price per MTok, found \"\(text)\"; ignored")
                        continue
                    }
                    models.add(name, .price(key), .decimal(amounts[0]), at: place, byDisplayName: true)
                }
            }
        }
        guard sawBase else {
            throw page.layoutError("expected a model pricing table with columns \"Model\" and \"Base Input Tokens\"")
        }
        return try page.finish(models, expecting: "priced models")
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
