package import CatalogCore
import Foundation

/// `together/models.html`: Together's docs table of serverless models, one table per kind
/// (chat, image, vision, video, audio, embedding) with the API model string. Chat and vision
/// tables give context length, input, cached input and output prices per 1M tokens, function
/// calling and structured outputs; image models are priced per megapixel, video models per
/// video, audio models per 1M characters (speech) or per audio minute (transcription),
/// embedding models per 1M tokens. Columns are found by their titles; a title the parser does
/// not know is a layout change.
package struct TogetherModelsPageParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        var models = Page.Collector()
        for table in page.tables() {
            let titles = table.columnTitles.map { $0.lowercased() }
            guard let idColumn = titles.firstIndex(where: { $0 == "api model string" || $0 == "model string for api" }) else {
                continue
            }
            let name = titles.firstIndex(of: "model name")
            let organization = titles.firstIndex(of: "organization")
            let context = titles.firstIndex { $0 == "context length" || $0 == "context window" }
            let input = titles.firstIndex { $0.hasPrefix("input pricing") }
            let cached = titles.firstIndex { $0.hasPrefix("cached input pricing") }
            let output = titles.firstIndex { $0.hasPrefix("output pricing") }
            let single = titles.firstIndex { $0 == "pricing" || $0 == "pricing (per 1m tokens)" }
            let tools = titles.firstIndex(of: "function calling")
            let structured = titles.firstIndex(of: "structured outputs")
            let kind = table.heading.lowercased()
            if let unknown = titles.first(where: { !TogetherModelsPageParser.titles.contains($0) }) {
                throw page.layoutError(
                    "a model table has the column \"\(unknown)\", which the parser does not know; expected \(TogetherModelsPageParser.titles.sorted().joined(separator: ", "))",
                    at: "table \(table.index + 1)")
            }
            let perMegapixel = titles.firstIndex(of: "price per mp")
            let perVideo = titles.firstIndex(of: "price per video")
            for (offset, row) in table.bodyRows.enumerated() {
                let rowIndex = table.headerRowCount + offset
                let id = row[idColumn].text
                guard !id.isEmpty, !id.contains(" ") else { continue }
                let place = { (column: Int) in "table \(table.index + 1), row \(rowIndex + 1), column \(column + 1)" }
                models.touch(id, at: place(idColumn))
                if let name, !row[name].text.isEmpty { models.add(id, .displayName, .text(row[name].text), at: place(name)) }
                if let organization, !row[organization].text.isEmpty {
                    models.add(id, .ownedBy, .text(row[organization].text), at: place(organization))
                }
                if let context, let count = PageText.tokenCount(row[context].text) {
                    models.add(id, .contextWindow, .integer(count), at: place(context))
                }
                let before = models.priceFacts
                var unread: [String] = []
                for (column, component) in [
                    (input, PriceComponent.input), (cached, .cachedInput), (output, .output), (perMegapixel, .perOutputMegapixel),
                    (perVideo, .perOutputVideo),
                ] {
                    guard let column, !PageText.isAbsent(row[column].text) else { continue }
                    if let amount = PageText.dollarAmounts(row[column].text).first {
                        models.add(id, .price(PriceKey(component)), .decimal(amount), at: place(column))
                    }
                }
                if let single, let amount = PageText.dollarAmounts(row[single].text).first {
                    let text = row[single].text.lowercased()
                    if text.contains("per 1m chars") || text.contains("per 1m characters") {
                        models.add(id, .price(PriceKey(.perMillionInputCharacters)), .decimal(amount), at: place(single))
                    } else if text.contains("per audio min") || text.hasSuffix("/min") {
                        models.add(id, .price(PriceKey(.perAudioMinute)), .decimal(amount), at: place(single))
                    } else if kind.contains("embedding") || titles[single].contains("1m tokens") {
                        models.add(id, .price(PriceKey(.input)), .decimal(amount), at: place(single))
                    } else {
                        unread.append(row[single].text)
                    }
                }
                if row.contains(where: { !PageText.dollarAmounts($0.text).isEmpty }) {
                    page.offered(
                        id, at: place(idColumn), read: models.priceFacts > before && unread.isEmpty,
                        stated: unread.joined(separator: "; "),
                        model: id, into: &models)
                }
                for (column, capability) in [(tools, Capability.tools), (structured, .structuredOutput)] {
                    guard let column else { continue }
                    switch row[column].text.lowercased() {
                    case "yes": models.add(id, .capability(capability), .flag(true), at: place(column))
                    case "no": models.add(id, .capability(capability), .flag(false), at: place(column))
                    default: break
                    }
                }
                if kind.contains("vision") { models.add(id, .capability(.vision), .flag(true), at: place(idColumn)) }
                if kind.contains("embedding") { models.add(id, .capability(.embeddings), .flag(true), at: place(idColumn)) }
            }
        }
        return try page.finish(models, expecting: "models in tables with an \"API model string\" column")
    }

    static let titles: Set<String> = [
        "organization", "model name", "api model string", "model string for api", "context length", "context window",
        "input pricing (per 1m tokens)", "cached input pricing (per 1m tokens)", "output pricing (per 1m tokens)", "quantization",
        "function calling", "structured outputs", "price per mp", "default steps", "price per video", "resolution / duration",
        "modality", "pricing", "pricing (per 1m tokens)", "model size", "embedding dimension",
    ]
}
