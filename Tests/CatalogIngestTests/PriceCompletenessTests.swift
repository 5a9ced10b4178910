import CatalogCore
import CatalogIngest
import CatalogTestSupport
import Foundation
import Testing

/// Every priced entry a committed page offers is read. The number of entries is counted here
/// by a reader independent of the parser (plain text search over the raw bytes: table rows
/// holding a price, price objects of a payload, lines of a Markdown table), and must equal
/// both the entries the parser saw and the entries it turned into price facts.
@Suite("Every price a page offers is read")
struct PriceCompletenessTests {
    /// How the independent reader counts one page's priced entries.
    enum Count: Sendable {
        /// `<tr>…</tr>` segments of the raw HTML that contain every needle.
        case rows(containing: [String])
        /// Occurrences of a pattern in the raw bytes.
        case matches(String)
        /// The sum of several counts.
        case sum([Count])
        /// Lines of a Markdown document that contain every needle.
        case lines(containing: [String])
        /// `<tr>` rows with at least `dollars` dollar signs, inside `<table>`s that contain `needle`.
        case rowsInTables(containing: String, dollars: Int)
        /// `<tr>…</tr>` segments that contain `needle` and match the regular expression `pattern`.
        case rowsMatching(containing: String, pattern: String)
        /// Rows matching `pattern` in the tables whose first heading cell is one of `headings`,
        /// but for rows whose first cell starts with one of `excluded`.
        case rowsInTablesHeaded(by: [String], matching: String, excluding: [String])
        /// `<td>…</td>` cells of the raw HTML that contain `needle`.
        case cells(containing: String)
        /// `first` less `second`.
        indirect case minus(Count, Count)
        /// `<tr>` rows containing `needle` in the part of the page from `start` to the next `end`.
        case rowsBetween(String, String, containing: String)
        /// Rows of the pricing Astro islands' props (decoded with Foundation's JSON reader) that
        /// hold an amount beside the model's name; tool tables are not model prices.
        case astroPricingRows

        func count(in text: String) -> Int {
            switch self {
            case .rows(let needles):
                return PriceCompletenessTests.segments(of: text, from: "<tr", to: "</tr>").filter { row in
                    needles.allSatisfy { row.contains($0) }
                }.count
            case .matches(let pattern):
                return (try? NSRegularExpression(pattern: pattern)).map {
                    $0.numberOfMatches(in: text, range: NSRange(text.startIndex..., in: text))
                } ?? -1
            case .sum(let counts): return counts.reduce(0) { $0 + $1.count(in: text) }
            case .lines(let needles):
                return text.split(separator: "\n").filter { line in needles.allSatisfy { line.contains($0) } }.count
            case .rowsInTables(let needle, let dollars):
                return PriceCompletenessTests.segments(of: text, from: "<table", to: "</table>").filter { $0.contains(needle) }
                    .flatMap { PriceCompletenessTests.segments(of: String($0), from: "<tr", to: "</tr>") }
                    .filter { row in row.utf8.filter { $0 == UInt8(ascii: "$") }.count >= dollars }.count
            case .astroPricingRows:
                return PriceCompletenessTests.astroPricingRows(text)
            case .rowsMatching(let needle, let pattern):
                let expression = try? NSRegularExpression(pattern: pattern)
                return PriceCompletenessTests.segments(of: text, from: "<tr", to: "</tr>").filter { row in
                    let row = String(row)
                    return row.contains(needle)
                        && expression?.firstMatch(in: row, range: NSRange(row.startIndex..., in: row)) != nil
                }.count
            case .rowsInTablesHeaded(let headings, let pattern, let excluded):
                let expression = try? NSRegularExpression(pattern: pattern)
                func firstCell(_ row: Substring) -> String {
                    let starts = ["<td", "<th>", "<th "].compactMap { row.range(of: $0)?.lowerBound }
                    guard let start = starts.min(), let end = row.range(of: "</t", range: start..<row.endIndex) else { return "" }
                    let cell = row[start..<end.lowerBound]
                    var text = ""
                    var inTag = false
                    for character in cell {
                        if character == "<" {
                            inTag = true
                        } else if character == ">" {
                            inTag = false
                        } else if !inTag {
                            text.append(character)
                        }
                    }
                    return text.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                var count = 0
                for table in PriceCompletenessTests.segments(of: text, from: "<table", to: "</table>") {
                    let rows = PriceCompletenessTests.segments(of: String(table), from: "<tr", to: "</tr>")
                    guard let header = rows.first, headings.contains(firstCell(header)) else { continue }
                    for row in rows.dropFirst() {
                        let raw = String(row)
                        guard expression?.firstMatch(in: raw, range: NSRange(raw.startIndex..., in: raw)) != nil else { continue }
                        let first = firstCell(row)
                        if !excluded.contains(where: { first.hasPrefix($0) }) { count += 1 }
                    }
                }
                return count
            case .cells(let needle):
                return PriceCompletenessTests.segments(of: text, from: "<td", to: "</td>").filter { $0.contains(needle) }.count
            case .minus(let first, let second):
                return first.count(in: text) - second.count(in: text)
            case .rowsBetween(let start, let end, let needle):
                guard let open = text.range(of: start), let close = text.range(of: end, range: open.upperBound..<text.endIndex)
                else { return -1 }
                return PriceCompletenessTests.segments(
                    of: String(text[open.lowerBound..<close.lowerBound]), from: "<tr", to: "</tr>"
                )
                .filter { $0.contains(needle) }.count
            }
        }
    }

    /// Every committed page capture that states prices, and how to count its priced entries.
    /// Entries a page offers that the parser refuses to read, with the reason the test states:
    /// the page itself is ambiguous about them.
    static let refused: [String: [String]] = [
        // Together's CMS files these rows under another tab's table: a code model's one price in
        // the speech table (per 1M characters), a chat model's in the video table. Which of the
        // model's prices it is cannot be told.
        "together/pricing.html": ["Inkling", "Qwen3.6-Plus"],
        // Vertex's translation table has two rows shifted off their headings (the price under no
        // title, the usage column holding the method), and the us-east5 row of Claude Sonnet 4.6
        // states "Input" twice in one cell, $3.30 and $6.60.
        "vertex/pricing.html": ["LLM", "The number of output characters per month", "Claude Sonnet 4.6"],
        // OpenAI's deprecations page prices davinci's fine-tuned usage at "$120.00 / 1K tokens":
        // 120,000 USD per 1M tokens, beyond belief (the model was priced $120 per 1M).
        "openai/deprecations.html": ["davinci"],
    ]

    static let pages: [(date: String, path: String, count: Count, expected: Int)] = [
        // The model table's rows with a price (language models, their other region, the image model).
        (
            "2025-11-13", "xai/models.html",
            .sum([.rowsInTables(containing: "Per million tokens", dollars: 1)]), 9
        ),
        // The "Pricing" cell of each model in the comparison table.
        ("2026-02-27", "anthropic/models.html", .cells(containing: "/ input MTok"), 3),
        // The page's "Text tokens" cards, and each row of its "Quick comparison".
        (
            "2026-07-28", "openai/models/gpt-5.6-sol.html", .sum([.matches(">Text tokens<"), .matches(#"\$<!-- -->[0-9]"#)]), 4
        ),
        (
            "2026-07-28", "openai/models/gpt-5.6-terra.html", .sum([.matches(">Text tokens<"), .matches(#"\$<!-- -->[0-9]"#)]), 4
        ),
        // Lines of the Markdown tables that state a price.
        ("2025-12-15", "groq/models.md", .lines(containing: ["|", "$"]), 16),
        // Rows stating an amount in every table headed "Model" (or "Open Source Model"), but for
        // rows of features billed across models (grounding).
        (
            "2026-05-08", "vertex/pricing.html",
            .rowsInTablesHeaded(
                by: ["Model", "Open Source Model"], matching: #"\$[0-9]"#, excluding: ["Grounding", "Web Grounding"]), 271
        ),
        // Pages that state no price: no table row with an amount, and none seen.
        ("2025-11-13", "bedrock/lifecycle.html", .rowsMatching(containing: "<td", pattern: #"\$[0-9]"#), 0),
        ("2026-02-27", "google/models.html", .rowsMatching(containing: "<td", pattern: #"\$[0-9]"#), 0),
        ("2026-04-30", "google/deprecations.html", .rowsMatching(containing: "<td", pattern: #"\$[0-9]"#), 0),
        ("2026-05-18", "google/deprecations.html", .rowsMatching(containing: "<td", pattern: #"\$[0-9]"#), 0),
        ("2026-04-30", "anthropic/deprecations.html", .rowsMatching(containing: "<td", pattern: #"\$[0-9]"#), 0),
        ("2026-05-18", "anthropic/deprecations.html", .rowsMatching(containing: "<td", pattern: #"\$[0-9]"#), 0),
        // Deprecated models' prices: every table row that states an amount.
        ("2025-11-13", "openai/deprecations.html", .rowsMatching(containing: "<td", pattern: #"\$[0-9]"#), 40),
        // Body rows stating an amount, in every model table (chat, image, vision, video, audio, embedding).
        ("2026-07-28", "together/models.html", .rowsMatching(containing: "<td", pattern: #"\$[0-9]"#), 91),
        // Model rows (with a category) that state an amount.
        ("2026-07-27", "together/pricing.html", .rowsMatching(containing: "fs-filter-value=", pattern: #"\$[0-9]"#), 96),
        // The islands' rows (4 text tiers, multimodal, image, video, transcription, category and
        // fine-tuning tables), and the 10 flagship rows with long-context prices.
        (
            "2026-04-27", "openai/pricing.html",
            .sum([.astroPricingRows, .rowsInTables(containing: "Long context", dollars: 4)]), 230
        ),
        // Rows with a paid-tier price in the model sections (every table with a "Paid Tier" column
        // but the tools section's).
        (
            "2026-04-27", "google/pricing.html",
            .minus(
                .rowsInTables(containing: "Paid Tier", dollars: 1),
                .rowsBetween(#"id="pricing-for-tools""#, "<h2", containing: "$")),
            204
        ),
        // The developer table's rows (tableRow objects of the flight payload) priced per M tokens.
        ("2026-05-08", "cerebras/pricing.html", .matches(#"tableRow\\",\\"cells\\":\[[^}]*/M tokens"#), 4),
        // The models are columns: each model's cell of each price row.
        ("2026-05-08", "deepseek/pricing.html", .cells(containing: "$"), 6),
        // 13 models in the model pricing table, 13 in the batch table, and the fast-mode row.
        ("2026-04-26", "anthropic/pricing.html", .rows(containing: ["/ MTok"]), 27),
        // Price objects with an API endpoint: 28 in the model grid, 3 in the header grid.
        (
            "2026-05-08", "mistral/pricing.html",
            .sum([.matches(#"api_endpoint\\":\\"[^\\]+\\",\\"price\\":\["#), .matches(#"\\"api\\":\\"[^\\]+\\",\\"price\\":\["#)]
            ), 31
        ),
    ]

    @Test("the parser sees every priced entry the page offers, and reads each one", arguments: pages.indices)
    func everyOfferRead(_ index: Int) throws {
        let page = PriceCompletenessTests.pages[index]
        let text = String(decoding: try Repository.capture(page.date, page.path), as: UTF8.self)
        let independent = page.count.count(in: text)
        #expect(independent == page.expected, "\(page.path): the independent count")
        let parsed = try Repository.parse(page.date, page.path)
        let offers = parsed.priceOffers ?? []
        #expect(offers.count == independent, "\(page.path): \(offers.map(\.entry))")
        #expect(
            parsed.unreadPrices.map(\.entry) == PriceCompletenessTests.refused[page.path, default: []],
            "\(page.path): not read: \(parsed.unreadPrices.map { "\($0.entry): \($0.stated ?? "")" })")
    }

    /// Astro serialises every value as `[type, value]`; this strips the pairs.
    static func plain(_ value: Any) -> Any {
        if let pair = value as? [Any], pair.count == 2, pair[0] is NSNumber, !(pair[0] is String) {
            return plain(pair[1])
        }
        if let array = value as? [Any] { return array.map(plain) }
        if let object = value as? [String: Any] { return object.mapValues(plain) }
        return value
    }

    static func statesAmount(_ cell: Any) -> Bool {
        // Props hold no booleans in price cells; a number is an amount.
        if cell is NSNumber { return true }
        if let text = cell as? String { return text.contains("$") || text.lowercased() == "free" }
        if let object = cell as? [String: Any], let html = object["__pricingHtml"] { return statesAmount(html) }
        return false
    }

    static func astroPricingRows(_ text: String) -> Int {
        var count = 0
        for island in segments(of: text, from: "<astro-island", to: ">")
        where island.contains("component-url=\"") && island.contains("pricing") {
            guard let start = island.range(of: "props=\""), let end = island[start.upperBound...].firstIndex(of: "\"") else {
                continue
            }
            let props = island[start.upperBound..<end].replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(
                of: "&lt;", with: "<"
            )
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#39;", with: "'").replacingOccurrences(
                of: "&amp;", with: "&")
            guard let decoded = try? JSONSerialization.jsonObject(with: Data(props.utf8)),
                let object = plain(decoded) as? [String: Any]
            else { continue }
            let headings = object["headings"] as? [Any]
            if (headings?.first as? String) == "Tool" { continue }
            let skip = (headings?.first as? String) == "Category" ? 1 : 0
            for row in object["rows"] as? [[Any]] ?? [] where row.dropFirst().contains(where: statesAmount) { count += 1 }
            for group in object["groups"] as? [[String: Any]] ?? [] {
                for row in group["rows"] as? [[Any]] ?? [] where row.dropFirst(skip).contains(where: statesAmount) { count += 1 }
            }
        }
        return count
    }

    /// The raw segments between each `start` and the next `end`.
    static func segments(of text: String, from start: String, to end: String) -> [Substring] {
        var result: [Substring] = []
        var cursor = text.startIndex
        while let open = text.range(of: start, range: cursor..<text.endIndex) {
            guard let close = text.range(of: end, range: open.upperBound..<text.endIndex) else { break }
            result.append(text[open.lowerBound..<close.upperBound])
            cursor = close.upperBound
        }
        return result
    }
}
