public import CatalogCore
import Foundation

/// `groq/models.md`: Groq's own Markdown export of its models page. Tables under "Production
/// Models", "Production Systems", "Preview Models": the model cell is a link with the
/// display name followed by the id (`[![Meta](…)Llama 3.3 70B](/docs/model/…)llama-3.3-70b-versatile`),
/// prices `$0.59 input$0.79 output` per 1M tokens (speech models: per 1M characters;
/// transcription: per audio hour), rate limits `300K TPM1K RPM`, context window, max completion.
public struct GroqModelsPageParser: CaptureParser {
    public init() {}

    public func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
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
                if let price, price < row.cells.count {
                    let text = row.cells[price].lowercased()
                    let amounts = PageText.dollarAmounts(text)
                    if text.contains("input"), text.contains("output"), amounts.count == 2 {
                        models.add(id, .price(PriceKey(.input)), .decimal(amounts[0]), at: place)
                        models.add(id, .price(PriceKey(.output)), .decimal(amounts[1]), at: place)
                    } else if text.contains("per 1m characters"), amounts.count == 1 {
                        models.add(id, .price(PriceKey(.perMillionInputCharacters)), .decimal(amounts[0]), at: place)
                    } else if text.contains("per hour"), amounts.count == 1 {
                        models.add(id, .price(PriceKey(.perAudioHour)), .decimal(amounts[0]), at: place)
                    } else if !PageText.isAbsent(text) {
                        page.warn(at: place, "\(id): unrecognised price \"\(row.cells[price])\"; ignored")
                    }
                }
            }
        }
        guard !models.isEmpty else { throw CaptureError(.unexpectedShape, file: file, "no models found in the MODEL ID tables") }
        return ParsedCapture(observations: models.observations, diagnostics: page.diagnostics)
    }

    /// `[![Meta](…)Llama 3.3 70B](/docs/…)llama-3.3-70b-versatile` → `Llama 3.3 70B`.
    static func displayName(_ cell: String) -> String? {
        guard let imageEnd = cell.range(of: ")") , let linkEnd = cell.range(of: "](", range: imageEnd.upperBound..<cell.endIndex) else { return nil }
        let name = cell[imageEnd.upperBound..<linkEnd.lowerBound].trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }
}

/// Warnings for a source that is not HTML.
struct PageDiagnostics {
    let file: String
    var diagnostics: [Diagnostic] = []
    mutating func warn(at locator: String?, _ message: String) {
        diagnostics.append(Diagnostic(.warning, file: file, at: locator, message))
    }
}
