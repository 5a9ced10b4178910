public import CatalogCore
import Foundation

/// `google/pricing.html`: the Gemini Developer API pricing page. Each model section is a
/// heading group (`<h2>Gemini 3.1 Pro Preview</h2>` with the ids in `<em><code>…</code></em>`)
/// followed by one table per tier (`<section><h3>Standard|Batch|Flex|Priority</h3><table>`),
/// rows "Input price", "Output price", "Context caching price", columns "Free Tier" and
/// "Paid Tier, per 1M tokens in USD". Only the paid tier is read (the free tier has rate
/// limits, not prices). Cells with several prices are read by ``PriceCellReader``; prices for
/// prompts above 200k tokens become long-context prices.
public struct GooglePricingParser: CaptureParser {
    public init() {}

    public func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        var models = Page.Collector()
        for table in page.document.tables() {
            let titles = table.columnTitles.map { $0.lowercased() }
            guard let paid = titles.firstIndex(where: { $0.contains("paid tier") }) else { continue }
            guard let section = page.document.select("preceding::div[contains(@class, 'models-section')][1]", from: table.node).first else { continue }
            let ids = section.select(".//em/code").map { $0.text() }.filter { PageModelID.parse($0) == $0 }
            guard !ids.isEmpty else {
                page.note(at: "table \(table.index + 1)", "no model id (<em><code>) above the table: not a model's prices")
                continue
            }
            let tierName = table.node.parent.flatMap { $0.name == "section" ? $0.elements(named: "h3").first?.text() : nil } ?? "Standard"
            guard let tier = PriceTier(rawValue: tierName.lowercased()) else {
                page.warn(at: "table \(table.index + 1)", "unknown tier \"\(tierName)\"; ignored")
                continue
            }
            let name = section.elements(named: "h2").first?.text()
            for (offset, row) in table.bodyRows.enumerated() {
                let rowIndex = table.headerRowCount + offset
                let label = row[0].text.lowercased()
                let family: (base: PriceComponent, audio: PriceComponent, image: PriceComponent)?
                if label.hasPrefix("input price") {
                    family = (.input, .inputAudio, .inputImageTokens)
                } else if label.hasPrefix("output price") {
                    family = (.output, .outputAudio, .outputImageTokens)
                } else if label.hasPrefix("context caching price") {
                    family = (.cachedInput, .cachedInputAudio, .cachedInputImageTokens)
                } else {
                    family = nil
                }
                guard let family else { continue }
                let text = row[paid].text
                guard !PageText.isAbsent(text), !text.lowercased().hasPrefix("free of charge") else { continue }
                let place = table.locator(row: rowIndex) + ", column \(paid + 1)"
                let prices = PriceCellReader.read(text)
                if prices.isEmpty { page.warn(at: place, "\(ids[0]): no price per 1M tokens in \"\(text)\"; ignored") }
                for price in prices {
                    var component: PriceComponent =
                        switch price.modality {
                        case "audio": family.audio
                        case "image": family.image
                        default: family.base
                        }
                    if price.unit == .perImage {
                        guard family.base == .output else { continue }
                        component = .perOutputImage
                    }
                    for id in ids {
                        models.add(
                            id, .price(PriceKey(component, tier: tier, aboveInputTokens: price.aboveInputTokens)), .decimal(price.amount), at: place)
                    }
                }
            }
            if let name {
                for id in ids where !models.observations.contains(where: { $0.providerModelID == id && $0.facts.contains { $0.field == .displayName } }) {
                    models.add(id, .displayName, .text(name), at: "heading \"\(name)\"")
                }
            }
        }
        return try page.finish(models, expecting: "priced models (tables with a \"Paid Tier\" column under a model heading)")
    }
}
