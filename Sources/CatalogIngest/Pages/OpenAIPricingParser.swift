public import CatalogCore
import Foundation

/// `openai/pricing.html`: OpenAI's API pricing page (developers.openai.com, an Astro site).
///
/// The tables' data is read from the Astro islands that render them, which hold every row
/// (including the ones the page folds away) with plain numbers:
/// - the "All models" text-token tables, one per tier (`standard`, `batch`, `flex`,
///   `priority`): model, input, cached input, output per 1M tokens; a name such as
///   `gpt-5.5 (<272K context length)` says that the price holds below 272K prompt tokens;
/// - the multimodal tables (realtime, audio, image models): one row per modality (text,
///   audio, image) with input, cached input and output;
/// - the "Category" tables (ChatGPT, Codex, search, deep research, computer use models);
/// - the transcription table (per 1M tokens; the per-minute estimate is not a price).
/// The flagship tables, static HTML in a pane per tier, add the long-context prices, which
/// apply above the threshold the "All models" rows state (never a guessed one).
/// Fine-tuning, video (per second) and tool tables are not model prices and are not read.
public struct OpenAIPricingParser: CaptureParser {
    public init() {}

    public func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        var models = Page.Collector()
        var thresholds: [String: Int] = [:]
        var readTextTables = 0

        let islands = page.document.elements(named: "astro-island")
        for (islandIndex, island) in islands.enumerated() {
            guard island.attribute("component-url")?.contains("pricing") == true, let propsText = island.attribute("props"),
                let props = AstroValue.decodeProps(propsText)
            else { continue }
            let place = "astro-island \(islandIndex + 1) (line \(island.line))"
            let tier = OpenAIPricingParser.tier(props["tier"]?.string ?? OpenAIPricingParser.pane(of: island))
            guard let tier else {
                page.warn(at: place, "unknown price tier; island ignored")
                continue
            }
            let headings = (props["headings"]?.array ?? []).compactMap(\.cellText).map { $0.lowercased() }
            if headings.contains(where: { $0.contains("training") || $0.contains("per second") }) || headings.first == "tool" {
                continue
            }
            if let rows = props["rows"]?.array {
                // "All models": name, input, cached input, output.
                readTextTables += 1
                for (rowIndex, row) in rows.enumerated() {
                    guard let cells = row.array, cells.count >= 4, let rawName = cells[0].cellText else { continue }
                    let (id, threshold) = OpenAIPricingParser.splitName(rawName)
                    if let threshold { thresholds[id] = threshold }
                    let rowPlace = place + ", row \(rowIndex + 1)"
                    add(&models, &page, id, cells[1], PriceKey(.input, tier: tier), rowPlace)
                    add(&models, &page, id, cells[2], PriceKey(.cachedInput, tier: tier), rowPlace)
                    add(&models, &page, id, cells[3], PriceKey(.output, tier: tier), rowPlace)
                }
            } else if let groups = props["groups"]?.array {
                let isModality = headings.count > 1 && headings[1].hasPrefix("modality")
                let isCategory = headings.first == "category"
                let isUseCase = headings.count > 1 && headings[1] == "use case"
                for (groupIndex, group) in groups.enumerated() {
                    guard let groupName = group["model"]?.cellText, let rows = group["rows"]?.array else { continue }
                    for (rowIndex, row) in rows.enumerated() {
                        guard let cells = row.array, cells.count >= 3 else { continue }
                        let rowPlace = place + ", group \(groupIndex + 1), row \(rowIndex + 1)"
                        if isModality, cells.count >= 4 {
                            let components: [PriceComponent]
                            switch cells[0].cellText?.lowercased() {
                            case "text": components = [.input, .cachedInput, .output]
                            case "audio": components = [.inputAudio, .cachedInputAudio, .outputAudio]
                            case "image": components = [.inputImageTokens, .cachedInputImageTokens, .outputImageTokens]
                            default:
                                page.warn(at: rowPlace, "unknown modality \"\(cells[0].cellText ?? "")\"; row ignored")
                                continue
                            }
                            for (offset, component) in components.enumerated() {
                                add(&models, &page, groupName, cells[offset + 1], PriceKey(component, tier: tier), rowPlace)
                            }
                        } else if isCategory, cells.count >= 4, let id = cells[0].cellText {
                            add(&models, &page, id, cells[1], PriceKey(.input, tier: tier), rowPlace)
                            add(&models, &page, id, cells[2], PriceKey(.cachedInput, tier: tier), rowPlace)
                            add(&models, &page, id, cells[3], PriceKey(.output, tier: tier), rowPlace)
                        } else if isUseCase, cells.count >= 3 {
                            add(&models, &page, groupName, cells[1], PriceKey(.input, tier: tier), rowPlace)
                            add(&models, &page, groupName, cells[2], PriceKey(.output, tier: tier), rowPlace)
                        }
                    }
                }
            }
        }
        guard readTextTables > 0 else {
            throw page.layoutError("expected the \"All models\" pricing islands (astro-island props with \"tier\" and \"rows\")")
        }

        // Long-context prices from the flagship tables.
        for table in page.document.tables() {
            let titles = table.columnTitles.map { $0.lowercased() }
            guard titles.first == "model", let longInput = titles.firstIndex(of: "long context / input") else { continue }
            guard let tier = OpenAIPricingParser.tier(OpenAIPricingParser.pane(of: table.node)) else { continue }
            let longCached = titles.firstIndex(of: "long context / cached input")
            let longOutput = titles.firstIndex(of: "long context / output")
            for (offset, row) in table.bodyRows.enumerated() {
                let rowIndex = table.headerRowCount + offset
                let (id, _) = OpenAIPricingParser.splitName(row[0].text)
                let prices: [(Int?, PriceComponent)] = [(longInput, .input), (longCached, .cachedInput), (longOutput, .output)]
                let stated = prices.contains { column, _ in column.map { !PageText.isAbsent(row[$0].text) } ?? false }
                guard stated else { continue }
                guard let threshold = thresholds[id] else {
                    page.note(at: table.locator(row: rowIndex), "\(id): long-context prices without a stated threshold; not read")
                    continue
                }
                for (column, component) in prices {
                    guard let column, let amount = PageText.dollarAmounts(row[column].text).first else { continue }
                    models.add(
                        id, .price(PriceKey(component, tier: tier, aboveInputTokens: threshold)), .decimal(amount),
                        at: table.locator(row: rowIndex) + ", column \(column + 1)")
                }
            }
        }
        return try page.finish(models, expecting: "priced models")
    }

    private func add(
        _ models: inout Page.Collector, _ page: inout Page, _ id: String, _ cell: AstroValue, _ key: PriceKey, _ place: String
    ) {
        switch cell {
        case .number(let amount): models.add(id, .price(key), .decimal(amount), at: place)
        case .null: return
        default:
            guard let text = cell.cellText, !PageText.isAbsent(text) else { return }
            let amounts = PageText.dollarAmounts(text)
            if text.lowercased() == "free" {
                models.add(id, .price(key), .decimal(0), at: place)
            } else if amounts.count == 1, text.lowercased().hasSuffix("/ 1m characters"), key.component == .input {
                models.add(id, .price(PriceKey(.perMillionInputCharacters, tier: key.tier)), .decimal(amounts[0]), at: place)
            } else if amounts.count == 1, !text.contains("/") {
                models.add(id, .price(key), .decimal(amounts[0]), at: place)
            } else {
                page.warn(at: place, "\(id) \(key.name): expected a price per 1M tokens, found \"\(text)\"; ignored")
            }
        }
    }

    /// `gpt-5.5 (<272K context length)` → (`gpt-5.5`, 272000).
    static func splitName(_ text: String) -> (id: String, threshold: Int?) {
        guard let open = text.firstIndex(of: "(") else { return (text.trimmingCharacters(in: .whitespaces), nil) }
        let id = text[..<open].trimmingCharacters(in: .whitespaces)
        let note = String(text[open...])
        guard note.contains("<"), note.lowercased().contains("context"), let count = PageText.tokenCount(note) else { return (id, nil) }
        return (id, count)
    }

    static func tier(_ name: String?) -> PriceTier? {
        guard let name else { return .standard }
        return PriceTier(rawValue: name.lowercased())
    }

    /// The `data-value` of the content-switcher pane holding `node`, when there is one.
    static func pane(of node: HTMLNode) -> String? {
        var current = node.parent
        while let element = current {
            if element.attribute("data-content-switcher-pane") != nil { return element.attribute("data-value") }
            current = element.parent
        }
        return nil
    }
}
