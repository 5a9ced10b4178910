package import CatalogCore
import Foundation

/// `anthropic/models.html`: the models overview, a table with one column per model and one row
/// per property (`Claude API ID`, `Claude API alias`, `AWS Bedrock ID`, `GCP Vertex AI ID`,
/// `Pricing`, `Context window`, `Max output`, cutoffs, thinking).
///
/// "200K tokens / 1M tokens (beta)" reads as a 200000-token context window (the 1M window is
/// a beta, reported as a note). Cutoffs given as a month (`May 2025`) keep month precision.
package struct AnthropicModelsPageParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        var models = Page.Collector()
        let tables = page.tables().filter { table in
            table.rows.contains { $0.first?.text.lowercased() == "claude api id" }
        }
        guard !tables.isEmpty else { throw page.layoutError("expected a model comparison table with a \"Claude API ID\" row") }
        for table in tables {
            guard let idRow = table.rows.first(where: { $0.first?.text.lowercased() == "claude api id" }) else { continue }
            for column in 1..<table.width {
                let id = idRow[column].text
                guard !id.isEmpty, !id.contains(" ") else { continue }
                models.touch(id, at: "table \(table.index + 1), column \(column + 1)")
                if let name = table.rows.first?[column].text, !name.isEmpty {
                    models.add(id, .displayName, .text(name), at: "table \(table.index + 1), row 1, column \(column + 1)")
                }
                for (rowIndex, row) in table.rows.enumerated() {
                    let text = row[column].text
                    let place = "table \(table.index + 1), row \(rowIndex + 1), column \(column + 1)"
                    switch row[0].text.lowercased() {
                    case "claude api alias":
                        if !PageText.isAbsent(text), text != id { models.add(id, .alias, .text(text), at: place) }
                    case "aws bedrock id":
                        if !PageText.isAbsent(text) { models.add(id, .hostModelID("bedrock"), .text(text), at: place) }
                    case "gcp vertex ai id":
                        if !PageText.isAbsent(text) { models.add(id, .hostModelID("vertex"), .text(text), at: place) }
                    case "pricing":
                        // "$5 / input MTok $25 / output MTok": each amount is what the words after it say.
                        let before = models.priceFacts
                        let labelled = PageText.labelledAmounts(text)
                        let components = labelled.map { amount, words -> PriceComponent? in
                            guard words.contains("mtok") else { return nil }
                            return words.contains("input") ? .input : words.contains("output") ? .output : nil
                        }
                        if !labelled.isEmpty, !components.contains(nil) {
                            for ((amount, _), component) in zip(labelled, components) {
                                models.add(id, .price(PriceKey(component!)), .decimal(amount), at: place)
                            }
                        }
                        if !labelled.isEmpty {
                            page.offered(id, at: place, read: models.priceFacts > before, stated: text, model: id, into: &models)
                        }
                    case "context window":
                        if let count = PageText.tokenCount(text) { models.add(id, .contextWindow, .integer(count), at: place) }
                        if text.lowercased().contains("beta") { page.note(at: place, "\(id): \(text)") }
                    case "max output":
                        if let count = PageText.tokenCount(text) { models.add(id, .maxOutputTokens, .integer(count), at: place) }
                    case "reliable knowledge cutoff":
                        if let value = AnthropicModelsPageParser.monthOrDate(text) {
                            models.add(id, .knowledgeCutoff, value, at: place)
                        }
                    case "extended thinking":
                        if let flag = AnthropicModelsPageParser.yesNo(text) {
                            models.add(id, .capability(.reasoning), .flag(flag), at: place)
                        }
                    default: break
                    }
                }
            }
        }
        return try page.finish(models, expecting: "models with a Claude API ID")
    }

    static func yesNo(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "yes": true
        case "no": false
        default: nil
        }
    }

    /// `May 2025` → `2025-05` (month precision), a full date → the date.
    static func monthOrDate(_ text: String) -> FactValue? {
        if let date = PageText.date(in: text) { return .date(date) }
        let words = text.split(separator: " ")
        guard words.count == 2, let year = Int(words[1]), year > 1900 else { return nil }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard let month = months.firstIndex(of: String(words[0].prefix(3)).lowercased()) else { return nil }
        return .text("\(year)-" + (month < 9 ? "0" : "") + "\(month + 1)")
    }
}
