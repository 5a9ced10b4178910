package import CatalogCore
import Foundation

/// `google/pricing.html`: the Gemini Developer API pricing page. Each model section is a
/// heading group (`<h2>Gemini 3.1 Pro Preview</h2>` with the ids in `<em><code>…</code></em>`)
/// followed by one table per tier (`<section><h3>Standard|Batch|Flex|Priority</h3><table>`),
/// columns "Free Tier" and "Paid Tier, per <unit> in USD". Only the paid tier is read (the
/// free tier has rate limits, not prices), in the unit its column title names:
/// - per 1M tokens: rows "Input price", "Output price", "Context caching price" (with the
///   storage price per 1M tokens per hour), "Context caching (storage)", the embedding rows
///   "Text/Image/Audio/Video input price", and the grounding rows ("$35 / 1,000 grounded
///   prompts", "$14 / 1,000 search queries": a price per search or per Maps query). Cells with
///   several prices are read by ``PriceCellReader``; prices for prompts above 200k tokens become
///   long-context prices;
/// - per image (Imagen), per second of video (Veo, per resolution), per request (Lyria): one
///   row per model of the section, told apart by the words that set its id apart from the
///   section's other ids (`Imagen 4 Fast image price` → `imagen-4.0-fast-generate-001`; the one
///   id without such words takes the row that names none: "Standard").
/// A paid-tier unit the parser does not know is a layout change.
package struct GooglePricingParser: CaptureParser {
    package init() {}

    enum Unit: Equatable { case perMillionTokens, perImage, perSecond, perRequest }

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        var models = Page.Collector()
        for table in page.tables() {
            let titles = table.columnTitles.map { $0.lowercased() }
            guard let paid = titles.firstIndex(where: { $0.hasPrefix("paid tier") }) else { continue }
            let unit: Unit
            switch titles[paid] {
            case "paid tier, per 1m tokens in usd": unit = .perMillionTokens
            case "paid tier, per image in usd": unit = .perImage
            case "paid tier, per second in usd": unit = .perSecond
            case "paid tier, per request in usd": unit = .perRequest
            default:
                throw page.layoutError(
                    "the paid-tier column is \"\(table.columnTitles[paid])\"; expected prices per 1M tokens, per image, per second or per request in USD",
                    at: "table \(table.index + 1)")
            }
            guard
                let section = page.document.select("preceding::div[contains(@class, 'models-section')][1]", from: table.node)
                    .first
            else { continue }
            let ids = section.select(".//em/code").map { $0.text() }.filter { PageModelID.parse($0) == $0 }
            guard !ids.isEmpty else {
                page.note(at: "table \(table.index + 1)", "no model id (<em><code>) above the table: not a model's prices")
                continue
            }
            let tierName =
                table.node.parent.flatMap { $0.name == "section" ? $0.elements(named: "h3").first?.text() : nil } ?? "Standard"
            guard let tier = PriceTier(rawValue: tierName.lowercased()) else {
                page.warn(at: "table \(table.index + 1)", "unknown tier \"\(tierName)\"; ignored")
                continue
            }
            let name = section.elements(named: "h2").first?.text()
            for (offset, row) in table.bodyRows.enumerated() {
                let rowIndex = table.headerRowCount + offset
                let text = row[paid].text
                guard text.contains("$") else { continue }
                let place = table.locator(row: rowIndex) + ", column \(paid + 1)"
                let label = row[0].text
                let before = models.priceFacts
                var targets = ids
                if unit != .perMillionTokens {
                    guard let id = GooglePricingParser.model(named: label, among: ids) else {
                        page.offered(
                            label, at: place, read: false,
                            stated: "no one model of \(ids.joined(separator: ", ")) is named: \(text)",
                            into: &models)
                        continue
                    }
                    targets = [id]
                }
                let prices = GooglePricingParser.prices(label: label.lowercased(), text: text, unit: unit)
                for id in targets {
                    for (component, amount, above) in prices {
                        models.add(
                            id, .price(PriceKey(component, tier: tier, aboveInputTokens: above)), .decimal(amount), at: place)
                    }
                }
                page.offered(
                    targets.joined(separator: ", ") + ": " + label, at: place, read: models.priceFacts > before, stated: text,
                    model: targets.first, into: &models)
            }
            if let name {
                for id in ids
                where !models.observations.contains(where: {
                    $0.providerModelID == id && $0.facts.contains { $0.field == .displayName }
                }) {
                    models.add(id, .displayName, .text(name), at: "heading \"\(name)\"")
                }
            }
        }
        return try page.finish(models, expecting: "priced models (tables with a \"Paid Tier\" column under a model heading)")
    }

    /// The prices one paid-tier cell states, by its row's label and the column's unit.
    static func prices(label: String, text: String, unit: Unit) -> [(PriceComponent, Decimal, Int?)] {
        let amounts = PageText.dollarAmounts(text)
        switch unit {
        case .perImage:
            return amounts.count == 1 ? [(.perOutputImage, amounts[0], nil)] : []
        case .perRequest:
            return amounts.count == 1 ? [(.perOutputClip, amounts[0], nil)] : []
        case .perSecond:
            return videoPrices(text)
        case .perMillionTokens:
            break
        }
        if label.hasPrefix("grounding with google") {
            // "…, then $14 / 1,000 search queries": a price per query.
            guard amounts.count == 1, text.contains("/ 1,000") else { return [] }
            let component: PriceComponent = label.contains("maps") ? .perMapsQuery : .perWebSearch
            return [(component, amounts[0] / 1000, nil)]
        }
        if label.hasPrefix("context caching (storage)") {
            guard amounts.count == 1, text.lowercased().contains("per hour") else { return [] }
            return [(.cacheStoragePerHour, amounts[0], nil)]
        }
        let family: (base: PriceComponent, audio: PriceComponent, image: PriceComponent)
        switch label {
        case let label where label.hasPrefix("text input price"): return amounts.first.map { [(.input, $0, nil)] } ?? []
        case let label where label.hasPrefix("image input price"):
            return amounts.first.map { [(.inputImageTokens, $0, nil)] } ?? []
        case let label where label.hasPrefix("audio input price"): return amounts.first.map { [(.inputAudio, $0, nil)] } ?? []
        case let label where label.hasPrefix("video input price"): return amounts.first.map { [(.inputVideo, $0, nil)] } ?? []
        case let label where label.hasPrefix("input price"): family = (.input, .inputAudio, .inputImageTokens)
        case let label where label.hasPrefix("output price"): family = (.output, .outputAudio, .outputImageTokens)
        case let label where label.hasPrefix("context caching price"):
            family = (.cachedInput, .cachedInputAudio, .cachedInputImageTokens)
        default: return []
        }
        var result: [(PriceComponent, Decimal, Int?)] = []
        for price in PriceCellReader.read(text) {
            switch price.unit {
            case .perImage:
                if family.base == .output { result.append((.perOutputImage, price.amount, nil)) }
            case .perMillionTokensPerHour:
                if family.base == .cachedInput { result.append((.cacheStoragePerHour, price.amount, nil)) }
            case .perMillionTokens:
                let component: PriceComponent =
                    switch price.modality {
                    case "audio": family.audio
                    case "image": family.image
                    default: family.base
                    }
                result.append((component, price.amount, price.aboveInputTokens))
            }
        }
        return result
    }

    /// `$0.40 (720p and 1080p) $0.60 (4k)`: each amount for the resolutions in the parentheses
    /// after it; an amount with none is the price at any resolution.
    static func videoPrices(_ text: String) -> [(PriceComponent, Decimal, Int?)] {
        var result: [(PriceComponent, Decimal, Int?)] = []
        let parts = text.components(separatedBy: "$").dropFirst()
        for part in parts {
            guard let amount = PageText.dollarAmounts("$" + part).first else { continue }
            var resolutions: [String] = []
            if let open = part.firstIndex(of: "("), let close = part[open...].firstIndex(of: ")") {
                let inside = part[part.index(after: open)..<close].lowercased()
                for word in inside.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                where word.hasSuffix("p") || word == "4k" {
                    resolutions.append(String(word))
                }
            }
            if resolutions.isEmpty {
                result.append((.perVideoSecond(), amount, nil))
            } else {
                for resolution in resolutions { result.append((.perVideoSecond(resolution), amount, nil)) }
            }
        }
        return result
    }

    /// The one id of `ids` that a row label names: the id whose own words (those the other ids
    /// do not share) all appear in the label, or, when the label names none of them, the one id
    /// that has no words of its own.
    static func model(named label: String, among ids: [String]) -> String? {
        guard ids.count > 1 else { return ids.first }
        let wordsOf = ids.map { Set($0.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)) }
        let shared = wordsOf.dropFirst().reduce(wordsOf[0]) { $0.intersection($1) }
        let labelWords = Set(label.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
        let own = wordsOf.map { $0.subtracting(shared) }
        let named = ids.indices.filter { !own[$0].isEmpty && own[$0].isSubset(of: labelWords) }
        if named.count == 1 { return ids[named[0]] }
        guard named.isEmpty else { return nil }
        let plain = ids.indices.filter { own[$0].isEmpty }
        return plain.count == 1 ? ids[plain[0]] : nil
    }
}
