package import CatalogCore
import Foundation

/// `cerebras/pricing.html`: Cerebras' pricing page (Next.js with a Sanity CMS). The developer
/// pricing table is in the flight payload as `tableRow` objects whose cells are
/// `["[ZAI]ZAI GLM 4.7*", "~1000 tokens/s", "$$2.25/M tokens", "$$2.75/M tokens"]` under a
/// header row `["Model", "Speed", "Input", "Output"]`. Models are named for people: the vendor
/// tag and footnote asterisks are removed and the name is joined to the API id when the
/// version is assembled.
package struct CerebrasPricingParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        let payload = FlightPayload(ScriptPayloads.nextFlight(page.document))
        var models = Page.Collector()
        let tables = payload.objects { value in
            guard let rows = value["rows"]?.array, let header = rows.first?["cells"]?.array else { return false }
            return header.compactMap(\.string).map { $0.lowercased() }.starts(with: ["model"]) && header.count >= 3
        }
        guard !tables.isEmpty else {
            throw page.layoutError("expected a pricing table (tableRow objects with a \"Model\" header) in the flight payload")
        }
        let known: Set<String> = ["model", "speed", "input", "output"]
        for (tableIndex, table) in tables.enumerated() {
            let rows = table["rows"]?.array ?? []
            let header = (rows.first?["cells"]?.array ?? []).map {
                $0.string?.lowercased().trimmingCharacters(in: .whitespaces) ?? ""
            }
            if let unknown = header.first(where: { !known.contains($0) }) {
                throw page.layoutError(
                    "the pricing table has a column \"\(unknown)\" the parser does not know; expected Model, Speed, Input, Output",
                    at: "flight payload, table \(tableIndex + 1)")
            }
            guard let input = header.firstIndex(of: "input"), let output = header.firstIndex(of: "output") else {
                throw page.layoutError(
                    "the pricing table has no Input and Output columns", at: "flight payload, table \(tableIndex + 1)")
            }
            for (rowIndex, row) in rows.enumerated().dropFirst() {
                let cells = (row["cells"]?.array ?? []).map { FlightPayload.text($0) ?? "" }
                guard cells.count == header.count else {
                    throw page.layoutError(
                        "a row has \(cells.count) cells under \(header.count) columns",
                        at: "flight payload, table \(tableIndex + 1), row \(rowIndex + 1)")
                }
                let name = CerebrasPricingParser.cleanName(cells[0])
                guard !name.isEmpty else { continue }
                let place = "flight payload, table \(tableIndex + 1), row \(rowIndex + 1)"
                let before = models.priceFacts
                var unread: [String] = []
                for (column, component) in [(input, PriceComponent.input), (output, .output)] {
                    let amounts = PageText.dollarAmounts(cells[column])
                    if amounts.count == 1, cells[column].lowercased().contains("/m tokens") {
                        models.add(
                            name, .price(PriceKey(component)), .decimal(amounts[0]), at: place + ", column \(column + 1)",
                            byDisplayName: true)
                    } else if !PageText.isAbsent(cells[column]) {
                        unread.append("\(header[column]): \(cells[column])")
                    }
                }
                if cells.dropFirst().contains(where: { $0.contains("$") }) || !unread.isEmpty {
                    page.offered(
                        name, at: place, read: models.priceFacts > before && unread.isEmpty,
                        stated: unread.joined(separator: "; "), model: name,
                        byDisplayName: true, into: &models)
                }
            }
        }
        return try page.finish(models, expecting: "priced models")
    }

    /// `[ZAI]ZAI GLM 4.7*` → `ZAI GLM 4.7`.
    static func cleanName(_ text: String) -> String {
        var name = Substring(text)
        if name.hasPrefix("["), let close = name.firstIndex(of: "]") { name = name[name.index(after: close)...] }
        while name.hasSuffix("*") { name = name.dropLast() }
        return name.trimmingCharacters(in: .whitespaces)
    }
}
