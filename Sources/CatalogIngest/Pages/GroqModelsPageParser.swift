package import CatalogCore
import Foundation

/// `groq/models.md`: Groq's own Markdown export of its models page. Tables under "Production
/// Models", "Production Systems", "Preview Models": the model cell is a link with the
/// display name followed by the id (`[![Meta](…)Llama 3.3 70B](/docs/model/…)llama-3.3-70b-versatile`),
/// prices `$0.59 input$0.79 output` per 1M tokens (speech models: per 1M characters;
/// transcription: per audio hour), rate limits `300K TPM1K RPM`, context window, max completion.
package struct GroqModelsPageParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        guard !bytes.isEmpty else { throw CaptureError(.empty, file: file, "the page is empty (0 bytes)") }
        var page = PageDiagnostics(file: file)
        let text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("<") || text.contains("<html") {
            throw CaptureError(.notContent, file: file, "expected Markdown, found HTML")
        }
        var models = Page.Collector()
        let tables = MarkdownTable.tables(in: text).filter { $0.header.first?.uppercased() == "MODEL ID" }
        guard !tables.isEmpty else {
            throw CaptureError(.unexpectedShape, file: file, "expected Markdown tables whose first column is \"MODEL ID\"")
        }
        for table in tables {
            let header = table.header.map { $0.uppercased() }
            let price = header.firstIndex { $0.hasPrefix("PRICE") }
            let limits = header.firstIndex { $0.hasPrefix("RATE LIMITS") }
            let context = header.firstIndex { $0.hasPrefix("CONTEXT WINDOW") }
            let completion = header.firstIndex { $0.hasPrefix("MAX COMPLETION") }
            let preview = table.heading.lowercased().contains("preview")
            for row in table.rows {
                guard let cell = row.cells.first, let close = cell.lastIndex(of: ")") else { continue }
                let id = String(cell[cell.index(after: close)...]).trimmingCharacters(in: .whitespaces)
                guard PageModelID.parse(id) == id else { continue }
                let place = "line \(row.line)"
                if let name = GroqModelsPageParser.displayName(cell) { models.add(id, .displayName, .text(name), at: place) }
                if preview { models.add(id, .status, .text("preview"), at: place) }
                if let context, context < row.cells.count, let count = PageText.tokenCount(row.cells[context]) {
                    models.add(id, .contextWindow, .integer(count), at: place)
                }
                if let completion, completion < row.cells.count, let count = PageText.tokenCount(row.cells[completion]) {
                    models.add(id, .maxOutputTokens, .integer(count), at: place)
                }
                if let limits, limits < row.cells.count {
                    for limit in PageText.rateLimits(row.cells[limits]) {
                        models.add(id, .rateLimit(tier: "developer", metric: limit.metric), .integer(limit.count), at: place)
                    }
                }
                if let price, price < row.cells.count, row.cells[price].contains("$") {
                    // "$0.59 input$0.79 output": each amount is what the words after it say.
                    let text = row.cells[price]
                    let before = models.priceFacts
                    let labelled = PageText.labelledAmounts(text)
                    let keys = labelled.map { _, words -> PriceComponent? in
                        if words.hasPrefix("input") { return .input }
                        if words.hasPrefix("output") { return .output }
                        if words.contains("per 1m characters") { return .perMillionInputCharacters }
                        if words.contains("per hour") { return .perAudioHour }
                        return nil
                    }
                    if !keys.contains(nil) {
                        for ((amount, _), component) in zip(labelled, keys) {
                            models.add(id, .price(PriceKey(component!)), .decimal(amount), at: place)
                        }
                    }
                    page.offered(id, at: place, read: models.priceFacts > before, stated: text, model: id, into: &models)
                }
            }
        }
        guard !models.isEmpty else { throw CaptureError(.unexpectedShape, file: file, "no models found in the MODEL ID tables") }
        return ParsedCapture(observations: models.observations, diagnostics: page.diagnostics, priceOffers: page.offers)
    }

    /// `[![Meta](…)Llama 3.3 70B](/docs/…)llama-3.3-70b-versatile` → `Llama 3.3 70B`.
    static func displayName(_ cell: String) -> String? {
        guard let imageEnd = cell.range(of: ")"), let linkEnd = cell.range(of: "](", range: imageEnd.upperBound..<cell.endIndex)
        else { return nil }
        let name = cell[imageEnd.upperBound..<linkEnd.lowerBound].trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }
}

/// Warnings and priced entries for a source that is not HTML.
struct PageDiagnostics: PriceOfferRecording {
    let file: String
    var diagnostics: [Diagnostic] = []
    var offers: [PriceOffer] = []
    mutating func warn(at locator: String?, _ message: String) {
        diagnostics.append(Diagnostic(.warning, file: file, at: locator, message))
    }
}
