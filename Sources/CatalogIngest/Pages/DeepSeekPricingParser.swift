package import CatalogCore
import Foundation

/// `deepseek/pricing.html`: DeepSeek's "Models & Pricing" page, one table with the models as
/// columns and the properties as rows (labels spanning two columns, groups spanning rows).
///
/// Prices are per 1M tokens: cache hit → `cached_input`, cache miss → `input`, output. A
/// promotional price shows with the list price struck out (`$0.435 (75% off) (3) <del>$1.74</del>`):
/// the list price is the standard price, the shown one a `promotion` price, and the footnote
/// the cell points to gives the promotion's end ("offered at a 75% discount, extended until
/// 2026/05/31 15:59 UTC"), or an explicit unknown when it names no date.
package struct DeepSeekPricingParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        guard
            let table = page.tables().first(where: { table in
                table.rows.contains { $0.first?.text.uppercased() == "MODEL" }
                    && table.rows.contains { $0.first?.text.uppercased() == "PRICING" }
            })
        else {
            throw page.layoutError("expected a table with a MODEL row and PRICING rows")
        }
        let modelRow = table.rows.first { $0.first?.text.uppercased() == "MODEL" }!
        let label = modelRow[0].text
        let modelColumns = modelRow.indices.filter { modelRow[$0].text != label && PageModelID.parse(modelRow[$0].text) != nil }
        guard !modelColumns.isEmpty else {
            throw page.layoutError("expected model ids in the MODEL row", at: "table \(table.index + 1)")
        }
        var models = Page.Collector()
        for column in modelColumns {
            models.touch(modelRow[column].text, at: "table \(table.index + 1), column \(column + 1)")
        }
        var promotionsNoted: Set<String> = []
        for (rowIndex, row) in table.rows.enumerated() {
            let group = row[0].text.uppercased()
            let name = (row.count > 1 && row[1].text != row[0].text ? row[1].text : row[0].text).uppercased()
            for column in modelColumns {
                let id = modelRow[column].text
                let cell = row[column]
                let place = "table \(table.index + 1), row \(rowIndex + 1), column \(column + 1)"
                switch (group, name) {
                case (_, "CONTEXT LENGTH"):
                    if let count = PageText.tokenCount(cell.text) { models.add(id, .contextWindow, .integer(count), at: place) }
                case (_, "MAX OUTPUT"):
                    if let count = PageText.tokenCount(cell.text) { models.add(id, .maxOutputTokens, .integer(count), at: place) }
                case (_, "THINKING MODE"):
                    if cell.text.lowercased().contains("thinking") {
                        models.add(id, .capability(.reasoning), .flag(true), at: place)
                    }
                case ("FEATURES", let feature):
                    let capability: Capability? =
                        feature.hasPrefix("JSON OUTPUT")
                        ? .structuredOutput
                        : feature.hasPrefix("TOOL CALLS") ? .tools : feature.hasPrefix("FIM COMPLETION") ? .fillInTheMiddle : nil
                    if let capability, !PageText.isAbsent(cell.text) {
                        models.add(id, .capability(capability), .flag(cell.text != "✗" && cell.text != "×"), at: place)
                    }
                case ("PRICING", let item):
                    let component: PriceComponent? =
                        item.contains("CACHE HIT")
                        ? .cachedInput
                        : item.contains("CACHE MISS") ? .input : item.contains("OUTPUT") ? .output : nil
                    guard cell.text.contains("$") else { continue }
                    let before = models.priceFacts
                    let shown = PageText.dollarAmounts(cell.text)
                    if let component, shown.count == 1 {
                        let withList = PageText.dollarAmounts(cell.node.text(keepStruckOut: true))
                        if withList.count > 1, let list = withList.last, list != shown[0] {
                            // A promotion: the struck-out list price is the standard price.
                            models.add(id, .price(PriceKey(component)), .decimal(list), at: place)
                            models.add(id, .price(PriceKey(component, tier: .promotion)), .decimal(shown[0]), at: place)
                            if !promotionsNoted.contains(id) {
                                promotionsNoted.insert(id)
                                let marker = DeepSeekPricingParser.footnote(in: cell.node.text(keepFootnotes: true))
                                models.add(
                                    id, .promotionEnds, DeepSeekPricingParser.promotionEnd(marker: marker, page: page), at: place)
                            }
                        } else {
                            models.add(id, .price(PriceKey(component)), .decimal(shown[0]), at: place)
                        }
                    }
                    page.offered(
                        "\(id) \(row[1].text)", at: place, read: models.priceFacts > before,
                        stated: "\(row[1].text): \(cell.text)", model: id,
                        into: &models)
                default: break
                }
            }
        }
        return try page.finish(models, expecting: "models")
    }

    /// The footnote number a cell points to: `(75% off (3) )` → `3`.
    static func footnote(in text: String) -> String? {
        var result: String?
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "(") {
            let after = rest[rest.index(after: open)...]
            if let close = after.firstIndex(of: ")"), !after[..<close].isEmpty, after[..<close].allSatisfy(\.isNumber) {
                result = String(after[..<close])
            }
            rest = after
        }
        return result
    }

    /// The end of a promotion, from the footnote `(marker)` of the page that says "until <date>".
    static func promotionEnd(marker: String?, page: Page) -> FactValue {
        let text = page.document.elements(named: "body").first?.text() ?? ""
        var searchFrom = text.startIndex
        while let marker, let range = text.range(of: "(\(marker))", range: searchFrom..<text.endIndex) {
            searchFrom = range.upperBound
            let sentence = text[range.upperBound...].prefix(400)
            guard let until = sentence.range(of: "until ") else { continue }
            if let date = PageText.date(in: String(sentence[until.upperBound...].prefix(40))) { return .date(date) }
        }
        return .unknown("the page states no end date for the promotion")
    }
}
