package import CatalogCore
import Foundation

/// `xai/models.html`: xAI's models and pricing page. The model table has one row per model
/// (the first cell is the id, sometimes followed by a region: `grok-2-vision-1212 us-east-1`),
/// the context window, rate limits (`2M tpm`, `480 rpm`) and prices in
/// `<span data-testid="usd-amount">` elements: input then output per 1M tokens in the
/// "Language models" section, the price per image in the "Image generation models" section.
package struct XAIModelsPageParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        var models = Page.Collector()
        guard
            let table = page.tables().first(where: {
                $0.columnTitles.first?.lowercased() == "model" && $0.columnTitles.contains { $0.lowercased() == "pricing" }
            })
        else { throw page.layoutError("expected a model table with columns \"Model\" and \"Pricing\"") }
        let titles = table.columnTitles.map { $0.lowercased() }
        let known: Set<String> = ["model", "modalities", "capabilities", "context", "rate limits", "pricing"]
        if let unknown = titles.first(where: { !known.contains($0) }) {
            throw page.layoutError(
                "the model table has the column \"\(unknown)\", which the parser does not know; expected \(known.sorted().joined(separator: ", "))",
                at: "table \(table.index + 1)")
        }
        var firstRowPrices: [String: [Decimal]] = [:]
        let context = titles.firstIndex(of: "context")
        let limits = titles.firstIndex(of: "rate limits")
        let pricing = titles.firstIndex(of: "pricing")!
        var section = ""
        for (offset, row) in table.bodyRows.enumerated() {
            let rowIndex = table.headerRowCount + offset
            let first = row[0].text
            if row.dropFirst().allSatisfy({ $0.text.isEmpty || $0.text.lowercased().hasPrefix("per ") }) {
                if !first.isEmpty { section = first.lowercased() }
                continue
            }
            let words = first.split(separator: " ")
            guard let firstWord = words.first, let id = PageModelID.parse(String(firstWord)) else { continue }
            let region = words.count > 1 ? String(words[1]) : nil
            let place = { (column: Int) in "table \(table.index + 1), row \(rowIndex + 1), column \(column + 1)" }
            var amounts = row[pricing].node.select(".//*[@data-testid='usd-amount']").compactMap {
                PageText.dollarAmounts($0.text()).first
            }
            if amounts.isEmpty { amounts = PageText.dollarAmounts(row[pricing].text) }
            if region != nil, let first = firstRowPrices[id] {
                // Another region of a model: the same prices add nothing; different ones are a
                // regional price the catalog has no place for.
                page.note(at: place(0), "\(row[0].text): another region of \(id); its first row is read")
                page.offered(
                    row[0].text, at: place(pricing), read: amounts == first, stated: "a regional price: \(row[pricing].text)",
                    model: id,
                    into: &models)
                continue
            }
            firstRowPrices[id] = amounts
            models.touch(id, at: place(0))
            if let context, let count = PageText.tokenCount(row[context].text), count > 0 {
                models.add(id, .contextWindow, .integer(count), at: place(context))
            }
            if let limits {
                for limit in PageText.rateLimits(row[limits].text) {
                    models.add(id, .rateLimit(tier: "default", metric: limit.metric), .integer(limit.count), at: place(limits))
                }
            }
            let before = models.priceFacts
            if section.contains("image") {
                if amounts.count == 1 {
                    models.add(id, .price(PriceKey(.perOutputImage)), .decimal(amounts[0]), at: place(pricing))
                }
            } else if amounts.count == 2 {
                models.add(id, .price(PriceKey(.input)), .decimal(amounts[0]), at: place(pricing))
                models.add(id, .price(PriceKey(.output)), .decimal(amounts[1]), at: place(pricing))
            }
            if !amounts.isEmpty {
                page.offered(
                    id, at: place(pricing), read: models.priceFacts > before,
                    stated: "\(amounts.count) amounts where an input and an output price were expected: \(row[pricing].text)",
                    model: id,
                    into: &models)
            }
        }
        return try page.finish(models, expecting: "models in the model table")
    }
}
