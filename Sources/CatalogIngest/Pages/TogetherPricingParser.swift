public import CatalogCore
import Foundation

/// `together/pricing.html`: Together's marketing pricing page (Webflow). Serverless prices are
/// rows `<tr fs-list-element="item" fs-filter-value="Chat">` whose first cell is the model's
/// display name and whose next cells hold the input price (with the cached price and
/// "(cached)") and the output price per 1M tokens. Names are joined to API ids when the version
/// is assembled. Only the token-priced categories are read (Chat, Vision, Embeddings, Rerank,
/// Moderation); image, video, audio and transcription rows use other units.
public struct TogetherPricingParser: CaptureParser {
    public init() {}

    static let tokenCategories: Set<String> = ["chat", "vision", "embeddings", "rerank", "moderation"]

    public func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        var models = Page.Collector()
        let rows = page.document.select("//tr[@fs-list-element='item']")
        guard !rows.isEmpty else { throw page.layoutError("expected price rows (tr[fs-list-element=item])") }
        for row in rows {
            let category = (row.attribute("fs-filter-value") ?? "").lowercased()
            guard TogetherPricingParser.tokenCategories.contains(category) else { continue }
            let cells = row.children.filter { $0.name == "td" }
            guard cells.count >= 2 else { continue }
            let name = cells[0].text()
            guard !name.isEmpty else { continue }
            let place = "line \(row.line) (\(category))"
            let inputText = cells[1].text()
            let amounts = PageText.dollarAmounts(inputText)
            if let input = amounts.first {
                models.add(name, .price(PriceKey(.input)), .decimal(input), at: place, byDisplayName: true)
            } else if !PageText.isAbsent(inputText) {
                page.warn(at: place, "\(name): expected an input price, found \"\(inputText)\"; ignored")
            }
            if amounts.count >= 2, inputText.lowercased().contains("cached") {
                models.add(name, .price(PriceKey(.cachedInput)), .decimal(amounts[1]), at: place, byDisplayName: true)
            }
            if cells.count >= 3, let output = PageText.dollarAmounts(cells[2].text()).first {
                models.add(name, .price(PriceKey(.output)), .decimal(output), at: place, byDisplayName: true)
            }
        }
        return try page.finish(models, expecting: "priced models")
    }
}
