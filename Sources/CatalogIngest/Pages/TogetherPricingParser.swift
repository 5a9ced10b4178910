package import CatalogCore
import Foundation

/// `together/pricing.html`: Together's marketing pricing page (Webflow). Each tab is a
/// `div.pricing_body-table` holding a unit line ("Price per 1M tokens", "Price per 1M
/// Characters", "Price per video", "Price per audio minute") and a table whose headings name
/// the columns (Model, Input, output, Price, Price per mp, Price per image, Default steps).
/// Rows are `<tr fs-list-element="item" fs-filter-value="Chat">` whose first cell is the
/// model's display name (joined to API ids when the version is assembled).
///
/// A row's unit is its category's (`fs-filter-value`): the page's CMS files some rows under
/// another tab's table (a transcription model in the speech table, a chat model in the video
/// table). Such a row is read when its category says what its one price is (a transcription
/// model's price per audio minute); a chat model's single price in a one-price table cannot
/// be told input from output and is not read (a warning, never a guess). Rows of hardware,
/// sandbox and storage tables have no category and are not model prices.
package struct TogetherPricingParser: CaptureParser {
    package init() {}

    /// What a tab's unit line or a row's category prices.
    enum Unit: Equatable { case tokens, characters, video, audioMinute, image }

    static let units: [String: Unit] = [
        "price per 1m tokens": .tokens, "price per 1m characters": .characters, "price per video": .video,
        "price per audio minute": .audioMinute,
    ]
    static let categories: [String: Unit] = [
        "chat": .tokens, "code": .tokens, "vision": .tokens, "embeddings": .tokens, "rerank": .tokens, "moderation": .tokens,
        "image": .image, "audio": .characters, "video": .video, "transcribe": .audioMinute,
    ]
    static let headings: Set<String> = ["model", "input", "output", "price", "price per mp", "price per image", "default steps"]

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        var models = Page.Collector()
        let blocks = page.document.select("//div[contains(concat(' ', normalize-space(@class), ' '), ' pricing_body-table ')]")
        var sawRows = false
        for block in blocks {
            let rows = block.select(".//tr[@fs-list-element='item'][@fs-filter-value]")
            guard !rows.isEmpty else { continue }
            sawRows = true
            let unitLine = block.select(".//p[contains(@class, 'body-s')]").first?.text().lowercased() ?? ""
            let headings = block.select(".//th").map { $0.text().lowercased() }
            if let unknown = headings.first(where: { !TogetherPricingParser.headings.contains($0) }) {
                throw page.layoutError(
                    "a price table has the heading \"\(unknown)\", which the parser does not know; expected \(TogetherPricingParser.headings.sorted().joined(separator: ", "))",
                    at: "line \(block.line)")
            }
            let tableUnit: Unit? =
                headings.contains("price per mp") || headings.contains("price per image")
                ? .image : TogetherPricingParser.units[unitLine]
            for row in rows {
                let category = (row.attribute("fs-filter-value") ?? "").lowercased()
                let cells = row.children.filter { $0.name == "td" }.map { $0.text() }
                guard let name = cells.first, !name.isEmpty else { continue }
                let place = "line \(row.line) (\(category))"
                let priced = cells.dropFirst().filter { !PageText.dollarAmounts($0).isEmpty }
                guard !priced.isEmpty else { continue }
                let before = models.priceFacts
                var unread = ""
                if let unit = TogetherPricingParser.categories[category], cells.count == headings.count {
                    if unit == tableUnit {
                        read(cells, headings: headings, unit: unit, name: name, place: place, &models, unread: &unread)
                    } else if unit == .audioMinute, priced.count == 1, let amount = PageText.dollarAmounts(priced[0]).first {
                        // A transcription model filed under another table: its one price is per audio minute.
                        models.add(name, .price(PriceKey(.perAudioMinute)), .decimal(amount), at: place, byDisplayName: true)
                    } else {
                        unread =
                            "a \(category) model in the \(unitLine.isEmpty ? "image" : unitLine) table: \(priced.joined(separator: ", "))"
                    }
                } else {
                    unread =
                        cells.count == headings.count
                        ? "unknown category \"\(category)\": \(priced.joined(separator: ", "))"
                        : "\(cells.count) cells under \(headings.count) headings"
                }
                page.offered(
                    name, at: place, read: models.priceFacts > before && unread.isEmpty, stated: unread, model: name,
                    byDisplayName: true,
                    into: &models)
            }
        }
        guard sawRows else {
            throw page.layoutError("expected price rows (tr[fs-list-element=item][fs-filter-value]) in pricing tables")
        }
        return try page.finish(models, expecting: "priced models")
    }

    private func read(
        _ cells: [String], headings: [String], unit: Unit, name: String, place: String, _ models: inout Page.Collector,
        unread: inout String
    ) {
        func add(_ component: PriceComponent, _ amount: Decimal) {
            models.add(name, .price(PriceKey(component)), .decimal(amount), at: place, byDisplayName: true)
        }
        for (heading, text) in zip(headings, cells).dropFirst() {
            let amounts = PageText.dollarAmounts(text)
            guard let amount = amounts.first else { continue }
            switch (unit, heading) {
            case (.tokens, "input"):
                add(.input, amount)
                if amounts.count >= 2, text.lowercased().contains("cached") { add(.cachedInput, amounts[1]) }
            case (.tokens, "output"): add(.output, amount)
            case (.tokens, "price"): add(.input, amount)
            case (.image, "price per mp"): add(.perOutputMegapixel, amount)
            case (.image, "price per image"): add(.perOutputImage, amount)
            case (.characters, "price"): add(.perMillionInputCharacters, amount)
            case (.video, "price"): add(.perOutputVideo, amount)
            case (.audioMinute, "price"): add(.perAudioMinute, amount)
            default: unread += (unread.isEmpty ? "" : "; ") + "\(heading): \(text)"
            }
        }
    }
}
