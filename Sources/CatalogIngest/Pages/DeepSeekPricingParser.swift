public import CatalogCore

/// `deepseek/pricing.html`: DeepSeek's "Models & Pricing" page, one table with the models as
/// columns and the properties as rows (labels spanning two columns, groups spanning rows).
///
/// Prices are per 1M tokens: cache hit → `cached_input`, cache miss → `input`, output. A
/// promotional price shows with the list price struck out (`$0.435 (75% off) <del>$1.74</del>`):
/// the price in force is read, and the list price is reported as a note.
public struct DeepSeekPricingParser: CaptureParser {
    public init() {}

    public func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        guard let table = page.document.tables().first(where: { table in
            table.rows.contains { $0.first?.text.uppercased() == "MODEL" } && table.rows.contains { $0.first?.text.uppercased() == "PRICING" }
        }) else {
            throw page.layoutError("expected a table with a MODEL row and PRICING rows")
        }
        let modelRow = table.rows.first { $0.first?.text.uppercased() == "MODEL" }!
        let label = modelRow[0].text
        let modelColumns = modelRow.indices.filter { modelRow[$0].text != label && !modelRow[$0].text.isEmpty }
        guard !modelColumns.isEmpty else { throw page.layoutError("expected model ids in the MODEL row", at: "table \(table.index + 1)") }
        var models = Page.Collector()
        for column in modelColumns {
            models.touch(modelRow[column].text, at: "table \(table.index + 1), column \(column + 1)")
        }
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
                    if cell.text.lowercased().contains("thinking") { models.add(id, .capability(.reasoning), .flag(true), at: place) }
                case ("FEATURES", let feature):
                    let capability: Capability? =
                        feature.hasPrefix("JSON OUTPUT") ? .structuredOutput
                        : feature.hasPrefix("TOOL CALLS") ? .tools : feature.hasPrefix("FIM COMPLETION") ? .fillInTheMiddle : nil
                    if let capability, !PageText.isAbsent(cell.text) {
                        models.add(id, .capability(capability), .flag(cell.text != "✗" && cell.text != "×"), at: place)
                    }
                case ("PRICING", let item):
                    let component: PriceComponent? =
                        item.contains("CACHE HIT") ? .cachedInput
                        : item.contains("CACHE MISS") ? .input : item.contains("OUTPUT") ? .output : nil
                    guard let component else {
                        page.warn(at: place, "unknown price row \"\(row[1].text)\"; ignored")
                        continue
                    }
                    guard let price = PageText.dollarAmounts(cell.text).first else {
                        page.warn(at: place, "expected a price in USD per 1M tokens, found \"\(cell.text)\"; ignored")
                        continue
                    }
                    models.add(id, .price(PriceKey(component)), .decimal(price), at: place)
                    let withList = PageText.dollarAmounts(cell.node.text(keepStruckOut: true))
                    if withList.count > 1, let list = withList.last, list != price {
                        page.note(at: place, "\(id) \(component): promotional price \(Money.format(price)) read; list price \(Money.format(list)) struck out")
                    }
                default: break
                }
            }
        }
        return try page.finish(models, expecting: "models")
    }
}
