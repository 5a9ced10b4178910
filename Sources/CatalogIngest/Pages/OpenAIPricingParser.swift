package import CatalogCore
import Foundation

/// `openai/pricing.html`: OpenAI's API pricing page (developers.openai.com, an Astro site).
///
/// The tables' data is read from the Astro islands that render them, which hold every row
/// (including the ones the page folds away) with plain numbers:
/// - the "All models" text-token tables, one per tier (`standard`, `batch`, `flex`,
///   `priority`): model, input, cached input, output per 1M tokens; a name such as
///   `gpt-5.5 (<272K context length)` says that the price holds below 272K prompt tokens;
/// - the tables with headings, each column found by its heading: the multimodal tables
///   (realtime, audio, image models: one row per modality), the category tables (ChatGPT,
///   Codex, search, deep research, computer use, embedding, moderation models), the video
///   table (per second of video, per size), the transcription table (per 1M tokens; the
///   per-minute figure is an estimate, and the price only where no token price is given, as
///   for Whisper), and the fine-tuning tables (training per 1M tokens or per hour, and the
///   prices of using a fine-tuned model). The tier of a table is the pane that holds it.
/// The flagship tables, static HTML in a pane per tier, add the long-context prices, which
/// apply above the threshold the "All models" rows state (never a guessed one). Tool prices
/// (web search, containers, file search) are not prices of a model and are not read.
///
/// A heading the parser does not know is a layout change: no column is read by position alone.
package struct OpenAIPricingParser: CaptureParser {
    package init() {}

    /// What a column of a headed table holds.
    enum Column: Equatable {
        case model, category, modality, useCase, size, dimensions, input, cachedInput, output, estimate, perSecond, training
    }

    static let headings: [String: Column] = [
        "model": .model, "category": .category, "modality": .modality, "use case": .useCase, "size": .size,
        "portrait": .dimensions, "landscape": .dimensions, "input": .input, "cached input": .cachedInput, "output": .output,
        "output / cost": .output, "estimated cost": .estimate, "price per second": .perSecond, "training": .training,
    ]

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
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
            if props["headings"] == nil, let rows = props["rows"]?.array {
                // "All models": name, input, cached input, output.
                readTextTables += 1
                for (rowIndex, row) in rows.enumerated() {
                    guard let cells = row.array, let rawName = cells.first?.cellText else { continue }
                    let rowPlace = place + ", row \(rowIndex + 1)"
                    guard cells.count == 4 else {
                        throw page.layoutError(
                            "an \"All models\" row has \(cells.count) cells; expected 4 (model, input, cached input, output)",
                            at: rowPlace)
                    }
                    let (id, threshold) = OpenAIPricingParser.splitName(rawName)
                    if let threshold { thresholds[id] = threshold }
                    let before = models.priceFacts
                    var unread: [String] = []
                    add(&models, &unread, id, cells[1], PriceKey(.input, tier: tier), rowPlace)
                    add(&models, &unread, id, cells[2], PriceKey(.cachedInput, tier: tier), rowPlace)
                    add(&models, &unread, id, cells[3], PriceKey(.output, tier: tier), rowPlace)
                    offer(&page, &models, id, rowPlace, cells.dropFirst(), before, unread)
                }
            } else if let headingValues = props["headings"]?.array {
                let titles = headingValues.map { OpenAIPricingParser.headingText($0).lowercased() }
                if titles.first == "tool" {
                    page.note(at: place, "tool prices (\(titles.joined(separator: ", "))) are not prices of a model; not read")
                    continue
                }
                var columns: [Column] = []
                for title in titles {
                    guard let column = OpenAIPricingParser.headings[title] else {
                        throw page.layoutError(
                            "a price table has the heading \"\(title)\", which the parser does not know; expected headings such as \(OpenAIPricingParser.headings.keys.sorted().joined(separator: ", "))",
                            at: place)
                    }
                    columns.append(column)
                }
                if let rows = props["rows"]?.array {
                    for (rowIndex, row) in rows.enumerated() {
                        guard let cells = row.array else { continue }
                        try read(
                            cells, columns: columns, group: nil, tier: tier, at: place + ", row \(rowIndex + 1)", &page, &models)
                    }
                }
                for (groupIndex, group) in (props["groups"]?.array ?? []).enumerated() {
                    guard let groupName = group["model"]?.cellText, let rows = group["rows"]?.array else { continue }
                    for (rowIndex, row) in rows.enumerated() {
                        guard let cells = row.array else { continue }
                        try read(
                            cells, columns: columns, group: groupName, tier: tier,
                            at: place + ", group \(groupIndex + 1), row \(rowIndex + 1)", &page, &models)
                    }
                }
            }
        }
        guard readTextTables > 0 else {
            throw page.layoutError("expected the \"All models\" pricing islands (astro-island props with \"tier\" and \"rows\")")
        }

        // Long-context prices from the flagship tables.
        for table in page.tables() {
            let titles = table.columnTitles.map { $0.lowercased() }
            guard titles.first == "model", let longInput = titles.firstIndex(of: "long context / input") else { continue }
            guard let tier = OpenAIPricingParser.tier(OpenAIPricingParser.pane(of: table.node)) else { continue }
            let known = [
                "model", "short context / input", "short context / cached input", "short context / output",
                "long context / input", "long context / cached input", "long context / output",
            ]
            if let unknown = titles.first(where: { !known.contains($0) }) {
                throw page.layoutError(
                    "the flagship table has a column \"\(unknown)\" the parser does not know; expected \(known.joined(separator: ", "))",
                    at: "table \(table.index + 1)")
            }
            let longCached = titles.firstIndex(of: "long context / cached input")
            let longOutput = titles.firstIndex(of: "long context / output")
            let prices: [(Int?, PriceComponent)] = [(longInput, .input), (longCached, .cachedInput), (longOutput, .output)]
            for (offset, row) in table.bodyRows.enumerated() {
                let rowIndex = table.headerRowCount + offset
                let (id, _) = OpenAIPricingParser.splitName(row[0].text)
                let stated = prices.compactMap { column, _ in column.map { row[$0].text } }.filter { $0.contains("$") }
                guard !stated.isEmpty else { continue }
                let before = models.priceFacts
                if let threshold = thresholds[id] {
                    for (column, component) in prices {
                        guard let column, let amount = PageText.dollarAmounts(row[column].text).first else { continue }
                        models.add(
                            id, .price(PriceKey(component, tier: tier, aboveInputTokens: threshold)), .decimal(amount),
                            at: table.locator(row: rowIndex) + ", column \(column + 1)")
                    }
                }
                page.offered(
                    id + " (long context)", at: table.locator(row: rowIndex), read: models.priceFacts > before,
                    stated: "long-context prices without a stated threshold: " + stated.joined(separator: ", "), model: id,
                    into: &models)
            }
        }
        return try page.finish(models, expecting: "priced models")
    }

    /// One row of a headed table (a group's row when `group` names the model).
    private func read(
        _ cells: [AstroValue], columns: [Column], group: String?, tier: PriceTier, at place: String, _ page: inout Page,
        _ models: inout Page.Collector
    ) throws(CaptureError) {
        // Grouped rows leave out the model column: the group names the model.
        var columns = columns
        if group != nil, columns.first == .model || (columns.first == .category && columns.count == cells.count + 1) {
            columns.removeFirst()
        }
        guard cells.count == columns.count else {
            throw page.layoutError("a row has \(cells.count) cells under \(columns.count) headings", at: place)
        }
        func cell(_ column: Column) -> AstroValue? { columns.firstIndex(of: column).map { cells[$0] } }
        var id = group ?? ""
        if let model = cell(.model)?.cellText { id = model }
        var variant = ""
        if id.contains(" with data sharing") {
            id = id.replacingOccurrences(of: " with data sharing", with: "").trimmingCharacters(in: .whitespaces)
            variant = "_data_sharing"
        }
        if let legacy = id.range(of: " Legacy") { id = String(id[..<legacy.lowerBound]) }
        guard !id.isEmpty else { return }
        // A display name such as "Whisper" is joined to the id that bears it.
        let byDisplayName = id.contains(" ") || id.first?.isUppercase == true
        let before = models.priceFacts
        var unread: [String] = []
        let priced = cells.enumerated().filter { index, value in
            [.input, .cachedInput, .output, .perSecond, .training, .estimate].contains(columns[index])
                && OpenAIPricingParser.statesPrice(value)
        }
        if columns.contains(.training) {
            // Fine-tuning: training, then the prices of using the fine-tuned model.
            if let training = cell(.training) {
                let text = training.cellText ?? ""
                if case .number(let amount) = training {
                    models.add(
                        id, .price(PriceKey(PriceComponent(rawValue: "training" + variant), tier: tier)), .decimal(amount),
                        at: place, byDisplayName: byDisplayName)
                } else if text.hasSuffix("/ hour"), let amount = PageText.dollarAmounts(text).first {
                    models.add(
                        id, .price(PriceKey(PriceComponent(rawValue: "training_per_hour" + variant), tier: tier)),
                        .decimal(amount), at: place, byDisplayName: byDisplayName)
                } else if OpenAIPricingParser.statesPrice(training) {
                    unread.append("training: \(text)")
                }
            }
            for (column, name) in [
                (Column.input, "fine_tuned_input"), (.cachedInput, "fine_tuned_cached_input"), (.output, "fine_tuned_output"),
            ] {
                if let value = cell(column) {
                    add(
                        &models, &unread, id, value, PriceKey(PriceComponent(rawValue: name + variant), tier: tier), place,
                        byDisplayName: byDisplayName)
                }
            }
        } else if let perSecond = cell(.perSecond) {
            let size = cell(.size)?.cellText
            if let amount = PageText.dollarAmounts(perSecond.cellText ?? "").first,
                PageText.dollarAmounts(perSecond.cellText ?? "").count == 1
            {
                models.add(
                    id, .price(PriceKey(.perVideoSecond(size), tier: tier)), .decimal(amount), at: place,
                    byDisplayName: byDisplayName)
            } else if OpenAIPricingParser.statesPrice(perSecond) {
                unread.append("per second: \(perSecond.cellText ?? "")")
            }
        } else {
            let components: [PriceComponent]
            switch cell(.modality)?.cellText?.lowercased() {
            case nil, "text": components = [.input, .cachedInput, .output]
            case "audio": components = [.inputAudio, .cachedInputAudio, .outputAudio]
            case "image": components = [.inputImageTokens, .cachedInputImageTokens, .outputImageTokens]
            case let other?:
                unread.append("modality \(other)")
                components = []
            }
            for (column, component) in zip([Column.input, .cachedInput, .output], components) {
                if let value = cell(column) {
                    add(&models, &unread, id, value, PriceKey(component, tier: tier), place, byDisplayName: byDisplayName)
                }
            }
            // A per-minute figure is the price only where no token price is given (Whisper).
            if let estimate = cell(.estimate), models.priceFacts == before {
                let text = estimate.cellText ?? ""
                let amounts = PageText.dollarAmounts(text)
                if amounts.count == 1, text.lowercased().hasSuffix("/ minute") {
                    models.add(
                        id, .price(PriceKey(.perAudioMinute, tier: tier)), .decimal(amounts[0]), at: place,
                        byDisplayName: byDisplayName)
                } else if OpenAIPricingParser.statesPrice(estimate) {
                    unread.append("estimated cost: \(text)")
                }
            }
        }
        guard !priced.isEmpty || !unread.isEmpty else { return }
        page.offered(
            id, at: place, read: models.priceFacts > before && unread.isEmpty, stated: unread.joined(separator: "; "), model: id,
            byDisplayName: byDisplayName, into: &models)
    }

    private func offer(
        _ page: inout Page, _ models: inout Page.Collector, _ id: String, _ place: String, _ cells: ArraySlice<AstroValue>,
        _ before: Int, _ unread: [String]
    ) {
        guard cells.contains(where: OpenAIPricingParser.statesPrice) || !unread.isEmpty else { return }
        page.offered(
            id, at: place, read: models.priceFacts > before && unread.isEmpty, stated: unread.joined(separator: "; "), model: id,
            into: &models)
    }

    /// `true` when a cell holds an amount (a number, `$…`, or "Free").
    static func statesPrice(_ cell: AstroValue) -> Bool {
        if case .number = cell { return true }
        guard let text = cell.cellText else { return false }
        return text.contains("$") || text.lowercased() == "free"
    }

    private func add(
        _ models: inout Page.Collector, _ unread: inout [String], _ id: String, _ cell: AstroValue, _ key: PriceKey,
        _ place: String,
        byDisplayName: Bool = false
    ) {
        switch cell {
        case .number(let amount): models.add(id, .price(key), .decimal(amount), at: place, byDisplayName: byDisplayName)
        case .null: return
        default:
            guard let text = cell.cellText, !PageText.isAbsent(text) else { return }
            let amounts = PageText.dollarAmounts(text)
            if text.lowercased() == "free" {
                models.add(id, .price(key), .decimal(0), at: place, byDisplayName: byDisplayName)
            } else if amounts.count == 1, text.lowercased().hasSuffix("/ 1m characters"), key.component == .input {
                models.add(
                    id, .price(PriceKey(.perMillionInputCharacters, tier: key.tier)), .decimal(amounts[0]), at: place,
                    byDisplayName: byDisplayName)
            } else if amounts.count == 1, !text.contains("/") {
                // "$0.60 Web search tool call charges also apply." is still the price.
                models.add(id, .price(key), .decimal(amounts[0]), at: place, byDisplayName: byDisplayName)
            } else {
                unread.append("\(key.name): \(text)")
            }
        }
    }

    /// A heading's text: a string, `{"__pricingHtml": …}`, or a tooltip heading's label.
    static func headingText(_ value: AstroValue) -> String {
        if let tooltip = value["__pricingTooltipHeading"], let label = tooltip["label"]?.cellText { return label }
        return value.cellText ?? ""
    }

    /// `gpt-5.5 (<272K context length)` → (`gpt-5.5`, 272000).
    static func splitName(_ text: String) -> (id: String, threshold: Int?) {
        guard let open = text.firstIndex(of: "(") else { return (text.trimmingCharacters(in: .whitespaces), nil) }
        let id = text[..<open].trimmingCharacters(in: .whitespaces)
        let note = String(text[open...])
        guard note.contains("<"), note.lowercased().contains("context"), let count = PageText.tokenCount(note) else {
            return (id, nil)
        }
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
