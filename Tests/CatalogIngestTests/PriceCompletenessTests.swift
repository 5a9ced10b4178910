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
            }
        }
    }

    /// Every committed page capture that states prices, and how to count its priced entries.
    static let pages: [(date: String, path: String, count: Count, expected: Int)] = [
        // 13 models in the model pricing table, 13 in the batch table, and the fast-mode row.
        ("2026-04-26", "anthropic/pricing.html", .rows(containing: ["/ MTok"]), 27),
        // Price objects with an API endpoint: 28 in the model grid, 3 in the header grid.
        (
            "2026-05-08", "mistral/pricing.html",
            .sum([.matches(#"api_endpoint\\":\\"[^\\]+\\",\\"price\\":\["#), .matches(#"\\"api\\":\\"[^\\]+\\",\\"price\\":\["#)]), 31
        ),
    ]

    @Test("the parser sees every priced entry the page offers, and reads each one", arguments: pages.indices)
    func everyOfferRead(_ index: Int) throws {
        let page = PriceCompletenessTests.pages[index]
        let text = String(decoding: try Repository.capture(page.date, page.path), as: UTF8.self)
        let independent = page.count.count(in: text)
        #expect(independent == page.expected, "\(page.path): the independent count")
        let parsed = try Repository.parse(page.date, page.path)
        let offers = try #require(parsed.priceOffers)
        #expect(offers.count == independent, "\(page.path): \(offers.map(\.entry))")
        #expect(parsed.unreadPrices.isEmpty, "\(page.path): not read: \(parsed.unreadPrices.map { "\($0.entry): \($0.stated ?? "")" })")
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
