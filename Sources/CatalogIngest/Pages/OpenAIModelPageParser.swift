package import CatalogCore
import Foundation

/// `openai/models/<id>.html`: one model's page on OpenAI's docs site. Read: the headline
/// figures (`1,050,000 context window`, `128,000 max output tokens`, `Feb 16, 2026 knowledge
/// cutoff`), the text-token prices (input, cached input, output per 1M tokens), the rule for
/// long prompts ("Prompts with >272K input tokens are priced at 2x input and 1.5x output"),
/// the alias sentence ("The `gpt-5.6` alias routes requests to …"), modalities, features and
/// the rate limits per usage tier. The model id comes from the page's model view (or the file
/// name).
package struct OpenAIModelPageParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        let document = page.document
        var id = ScriptPayloads.astroIslands(document).lazy.compactMap { AstroValue.decodeProps($0.props)?["modelName"]?.string }
            .first
        if id == nil, let name = file.split(separator: "/").last, name.hasSuffix(".html") { id = String(name.dropLast(5)) }
        guard let id, !id.isEmpty else { throw page.layoutError("expected the model's name in the page's ModelView island") }
        var models = Page.Collector()
        models.touch(id, at: "model view")

        func headline(_ suffix: String) -> (text: String, line: Int)? {
            for node in document.select("//div[contains(., '\(suffix)')][not(*)]") {
                let text = node.text()
                if text.lowercased().hasSuffix(suffix) { return (text, node.line) }
            }
            return nil
        }
        if let (text, line) = headline("context window"), let count = PageText.tokenCount(text) {
            models.add(id, .contextWindow, .integer(count), at: "headline \"\(text)\" (line \(line))")
        }
        if let (text, line) = headline("max output tokens"), let count = PageText.tokenCount(text) {
            models.add(id, .maxOutputTokens, .integer(count), at: "headline \"\(text)\" (line \(line))")
        }
        if let (text, line) = headline("knowledge cutoff"), let date = PageText.date(in: text) {
            models.add(id, .knowledgeCutoff, .date(date), at: "headline \"\(text)\" (line \(line))")
        }

        // Price cards: a label ("Input") and the amount in the next element.
        var prices: [PriceComponent: Decimal] = [:]
        for group in document.select("//div[normalize-space(.)='Text tokens']/parent::div/following-sibling::div[1]") {
            for card in group.children {
                let parts = card.children
                guard parts.count >= 2, let amount = PageText.dollarAmounts(parts[1].text()).first else { continue }
                let component: PriceComponent? =
                    switch parts[0].text().lowercased() {
                    case "input": .input
                    case "cached input": .cachedInput
                    case "output": .output
                    default: nil
                    }
                guard let component, prices[component] == nil else { continue }
                prices[component] = amount
                models.add(
                    id, .price(PriceKey(component)), .decimal(amount),
                    at: "Text tokens card \"\(parts[0].text())\" (line \(card.line))")
            }
        }
        guard !prices.isEmpty else { throw page.layoutError("expected \"Text tokens\" price cards (Input, Output)") }
        page.offered("\(id) text tokens", at: "Text tokens cards", read: true, stated: "", into: &models)

        // "Cache writes are billed at 1.25x the uncached input token rate."
        for paragraph in document.select("//p[contains(., 'Cache writes are billed at')]") {
            let text = paragraph.text()
            guard let base = prices[.input],
                let factor = OpenAIModelPageParser.multiplier(before: " the uncached input", in: text)
            else { continue }
            models.add(
                id, .price(PriceKey(.cacheWrite)), .decimal(base * factor),
                at: "cache-write rule, \(Money.format(factor, minimumFractionDigits: 0))x input (line \(paragraph.line))")
        }

        // "Quick comparison": the selected price of this and related models, by display name.
        if let comparison = document.select("//div[normalize-space(.)='Quick comparison']/parent::div").first {
            let selected = comparison.select(".//div[contains(@class, 'cursor-pointer')][not(contains(@class, 'text-tertiary'))]")
                .first?.text().lowercased()
            let component: PriceComponent? =
                switch selected {
                case "input": .input
                case "cached input": .cachedInput
                case "output": .output
                default: nil
                }
            for row in comparison.select("following-sibling::div[1]/div[contains(@class, 'contents')]") {
                let cells = row.children
                guard cells.count >= 3, let amount = PageText.dollarAmounts(cells[cells.count - 1].text()).first else { continue }
                let name = cells[0].text()
                let place = "Quick comparison \"\(name)\" (line \(row.line))"
                let before = models.priceFacts
                if let component {
                    models.add(name, .price(PriceKey(component)), .decimal(amount), at: place, byDisplayName: true)
                }
                page.offered(
                    name, at: place, read: models.priceFacts > before,
                    stated: "\(selected ?? "an unknown column"): \(cells[cells.count - 1].text())",
                    model: name, byDisplayName: true, into: &models)
            }
        }

        // "Prompts with >272K input tokens are priced at 2x input and 1.5x output for the full request."
        for paragraph in document.select("//p[contains(., 'input tokens are priced at')]") {
            let text = paragraph.text()
            guard let threshold = PageText.tokenCount(text.components(separatedBy: "input tokens")[0]) else { continue }
            for (component, word) in [(PriceComponent.input, "input"), (.output, "output")] {
                guard let base = prices[component], let factor = OpenAIModelPageParser.multiplier(before: " " + word, in: text)
                else { continue }
                models.add(
                    id, .price(PriceKey(component, aboveInputTokens: threshold)), .decimal(base * factor),
                    at: "long-prompt rule, \(Money.format(factor, minimumFractionDigits: 0))x \(word) (line \(paragraph.line))")
            }
        }

        for code in document.select("//p[contains(., 'alias routes requests to')]/code") {
            let alias = code.text()
            if !alias.isEmpty, alias != id { models.add(id, .alias, .text(alias), at: "alias sentence (line \(code.line))") }
        }

        func labelled(_ label: String) -> (text: String, line: Int)? {
            guard let node = document.select("//div[normalize-space(.)='\(label)'][not(*)]/following-sibling::div[1]").first
            else { return nil }
            return (node.text(), node.line)
        }
        for (label, modality) in [("Text", "text"), ("Image", "image"), ("Audio", "audio"), ("Video", "video")] {
            guard let (value, line) = labelled(label) else { continue }
            let lowered = value.lowercased()
            if lowered.contains("input") {
                models.add(id, .inputModality, .text(modality), at: "modalities \"\(label)\" (line \(line))")
            }
            if lowered.contains("output") {
                models.add(id, .outputModality, .text(modality), at: "modalities \"\(label)\" (line \(line))")
            }
        }
        for (label, capability) in [
            ("Streaming", Capability.streaming), ("Function calling", .tools), ("Structured outputs", .structuredOutput),
            ("Fine-tuning", .fineTuning), ("Web search", .webSearch), ("Code interpreter", .codeExecution),
        ] {
            guard let (value, line) = labelled(label) else { continue }
            switch value.lowercased() {
            case "supported": models.add(id, .capability(capability), .flag(true), at: "features \"\(label)\" (line \(line))")
            case "not supported":
                models.add(id, .capability(capability), .flag(false), at: "features \"\(label)\" (line \(line))")
            default: break
            }
        }
        if document.select("//div[normalize-space(.)='Reasoning token support']").first != nil {
            models.add(id, .capability(.reasoning), .flag(true), at: "headline \"Reasoning token support\"")
        }

        for table in page.tables() {
            let titles = table.columnTitles.map { $0.lowercased() }
            guard titles.first == "tier" else { continue }
            for (offset, row) in table.bodyRows.enumerated() {
                let tier = row[0].text.lowercased().replacingOccurrences(of: " ", with: "_")
                for column in 1..<row.count where !row[column].isSpanCopy {
                    guard let count = PageText.tokenCount(row[column].text), row[column].text.first?.isNumber == true else {
                        continue
                    }
                    let metric = titles[column].replacingOccurrences(of: " ", with: "_")
                    models.add(
                        id, .rateLimit(tier: tier, metric: metric), .integer(count),
                        at: table.locator(row: table.headerRowCount + offset) + ", column \(column + 1)")
                }
            }
        }
        return try page.finish(models, expecting: "facts about the model")
    }

    /// The number before `x` and `word` (`2x input` → 2, `1.5x output` → 1.5).
    static func multiplier(before word: String, in text: String) -> Decimal? {
        guard let range = text.range(of: "x" + word) else { return nil }
        let number = text[..<range.lowerBound].reversed().prefix { $0.isNumber || $0 == "." }
        return DecimalLiteral.parse(String(number.reversed()))
    }
}
