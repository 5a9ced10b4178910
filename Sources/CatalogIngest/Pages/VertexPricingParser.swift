public import CatalogCore
import Foundation

/// `vertex/pricing.html`: the Vertex AI (Gemini Enterprise Agent Platform) generative AI
/// pricing page. Three kinds of table are read, all keyed by display name (joined to Vertex
/// ids when the version is assembled):
/// - Gemini: `Model | Type | Price (/1M tokens) <= 200K input tokens | > 200K … | <= 200K
///   cached … | > 200K cached …` under a tier heading (Standard, Priority, Flex/Batch); a row
///   per token type (input, text output, image output, audio input). Where a cell gives a
///   global and a non-global price, the global one is read.
/// - Gemini 2.0 token-based: `Model | Type | Price | Price with Batch API`.
/// - Partner models (Claude, Llama, Mistral, DeepSeek, Qwen, gpt-oss, Grok…): cells of labelled
///   prices `Input: $5.00 Output: $25.00 Batch Input: $2.50 5m Cache Write: $6.25 Cache Hit:
///   $0.50`; for Claude a second column holds the prices above 200K input tokens. Regional
///   tables other than "Global" and "Models with uniform pricing across all regions" are
///   regional surcharges, not read.
/// Character-, image- and second-based prices (Gemini 1.5, Imagen, Veo, embeddings) are not
/// per-token prices and are not read.
public struct VertexPricingParser: CaptureParser {
    public init() {}

    public func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        let page = try Page(bytes, file: file)
        var models = Page.Collector()
        var sawGemini = false
        for table in page.document.tables() {
            let titles = table.columnTitles.map { $0.lowercased() }
            let heading = table.heading
            guard titles.first == "model" else { continue }
            if titles.count >= 3, titles[1] == "type", titles[2].contains("/1m tokens") {
                sawGemini = true
                let tiers = VertexPricingParser.tiers(heading)
                for (offset, row) in table.bodyRows.enumerated() {
                    let (name, status) = AnthropicPricingParser.splitStatus(row[0].text)
                    guard let family = VertexPricingParser.tokenFamily(row[1].text) else { continue }
                    let place = table.locator(row: table.headerRowCount + offset)
                    if let status { models.add(name, .status, .text(status), at: place, byDisplayName: true) }
                    for column in 2..<row.count {
                        let title = titles[column]
                        guard let amount = PageText.dollarAmounts(row[column].text).first, !PageText.isAbsent(row[column].text) else { continue }
                        let cached = title.contains("cached")
                        let component = cached ? family.cached : family.base
                        guard let component else { continue }
                        let threshold = title.contains("> 200k") ? 200_000 : nil
                        for tier in tiers {
                            models.add(
                                name, .price(PriceKey(component, tier: tier, aboveInputTokens: threshold)), .decimal(amount),
                                at: place + ", column \(column + 1)", byDisplayName: true)
                        }
                    }
                }
            } else if titles.count >= 4, titles[1] == "type", titles[2] == "price", titles[3].contains("batch") {
                for (offset, row) in table.bodyRows.enumerated() {
                    let name = row[0].text
                    guard let family = VertexPricingParser.tokenFamily(row[1].text), let component = family.base else { continue }
                    let place = table.locator(row: table.headerRowCount + offset)
                    for (column, tier) in [(2, PriceTier.standard), (3, .batch)] {
                        guard let amount = PageText.dollarAmounts(row[column].text).first else { continue }
                        models.add(name, .price(PriceKey(component, tier: tier)), .decimal(amount), at: place + ", column \(column + 1)", byDisplayName: true)
                    }
                }
            } else if titles.count >= 2, titles[1] == "pricing" || titles[1].contains("/1m tokens") {
                let regional = !(heading == "Global" || heading.lowercased().contains("uniform pricing") || titles[1] == "pricing")
                if regional { continue }
                for (offset, row) in table.bodyRows.enumerated() {
                    let (name, status) = AnthropicPricingParser.splitStatus(row[0].text)
                    guard !name.isEmpty else { continue }
                    let place = table.locator(row: table.headerRowCount + offset)
                    if let status { models.add(name, .status, .text(status), at: place, byDisplayName: true) }
                    for column in 1..<row.count {
                        let threshold = titles[column].contains("> 200k") ? 200_000 : nil
                        for (key, amount) in LabelledPrices.read(row[column].text) {
                            models.add(
                                name, .price(PriceKey(key.component, tier: key.tier, aboveInputTokens: threshold)), .decimal(amount),
                                at: place + ", column \(column + 1)", byDisplayName: true)
                        }
                    }
                }
            }
        }
        guard sawGemini else {
            throw page.layoutError("expected Gemini pricing tables with columns \"Model\", \"Type\" and \"Price (/1M tokens) …\"")
        }
        return try page.finish(models, expecting: "priced models")
    }

    /// `Standard` → standard; `Flex/Batch` → flex and batch; `Priority` → priority.
    static func tiers(_ heading: String) -> [PriceTier] {
        let lowered = heading.lowercased()
        var tiers: [PriceTier] = []
        if lowered.contains("flex") { tiers.append(.flex) }
        if lowered.contains("batch") { tiers.append(.batch) }
        if lowered.contains("priority") { tiers.append(.priority) }
        return tiers.isEmpty ? [.standard] : tiers
    }

    /// The components a row's type names: base and cached.
    static func tokenFamily(_ type: String) -> (base: PriceComponent?, cached: PriceComponent?)? {
        let lowered = type.lowercased()
        if lowered.contains("output") {
            if lowered.contains("image") { return (.outputImageTokens, nil) }
            if lowered.contains("audio"), !lowered.contains("text") { return (.outputAudio, nil) }
            return (.output, nil)
        }
        if lowered.contains("input") {
            let audioOnly = lowered.contains("audio") && !lowered.contains("text") && !lowered.contains("image") && !lowered.contains("video")
            return audioOnly ? (.inputAudio, .cachedInputAudio) : (.input, .cachedInput)
        }
        return nil
    }
}

/// Prices written as labels and amounts: `Input: $5.00 Output: $25.00 Batch Input: $2.50
/// 5m Cache Write: $6.25 Cache Hit: $0.50 / million tokens`. An amount in parentheses after
/// "or" (`(or $0.0003/page)`) is another way of billing and is skipped.
enum LabelledPrices {
    static let labels: [(String, PriceKey)] = [
        ("5m batch cache write", PriceKey(.cacheWrite, tier: .batch)), ("1h batch cache write", PriceKey(.cacheWrite1h, tier: .batch)),
        ("batch cache write", PriceKey(.cacheWrite, tier: .batch)), ("batch cache hit", PriceKey(.cachedInput, tier: .batch)),
        ("batch input", PriceKey(.input, tier: .batch)), ("batch output", PriceKey(.output, tier: .batch)),
        ("5m cache write", PriceKey(.cacheWrite)), ("1h cache write", PriceKey(.cacheWrite1h)), ("cache write", PriceKey(.cacheWrite)),
        ("cache hit", PriceKey(.cachedInput)), ("input", PriceKey(.input)), ("output", PriceKey(.output)),
    ]

    static func read(_ text: String) -> [(PriceKey, Decimal)] {
        var result: [(PriceKey, Decimal)] = []
        var seen: Set<PriceKey> = []
        let parts = text.components(separatedBy: ":")
        guard parts.count > 1 else { return [] }
        // parts[i] ends with a label; parts[i + 1] starts with its amount.
        for index in 0..<(parts.count - 1) {
            let before = parts[index].lowercased().trimmingCharacters(in: .whitespaces)
            guard let (_, key) = labels.first(where: { before.hasSuffix($0.0) }) else { continue }
            let valueText = parts[index + 1].components(separatedBy: "(or")[0]
            guard let amount = PageText.dollarAmounts(valueText).first, seen.insert(key).inserted else { continue }
            result.append((key, amount))
        }
        return result
    }
}
