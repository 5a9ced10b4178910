import CatalogCore
import CatalogIngest
import CatalogTestSupport
import Foundation
import Testing

/// The HTML layer never crashes: truncated, nested, huge and binary inputs parse to something
/// or fail with an error, and every object is freed (run under valgrind or LeakSanitizer to
/// check the latter).
@Suite("HTML layer robustness")
struct HTMLRobustnessTests {

    /// Exercises every read path of a document.
    func exercise(_ bytes: [UInt8]) {
        guard let document = try? HTMLDocument(bytes: bytes) else { return }
        for table in document.tables() {
            _ = table.columnTitles
            _ = table.heading
            for row in table.rows { for cell in row { _ = cell.text } }
        }
        _ = document.root?.text()
        _ = document.select("//a[@href]").map { $0.attribute("href") }
        _ = document.select("this is [not xpath")
        _ = ScriptPayloads.nextFlight(document)
        _ = ScriptPayloads.astroIslands(document)
    }

    @Test("empty input is an error, not a crash")
    func empty() {
        #expect(throws: HTMLError.self) { _ = try HTMLDocument(bytes: []) }
    }

    @Test(
        "every truncation of real pages",
        arguments: ["2026-05-08/deepseek/pricing.html", "2025-11-13/openai/deprecations.html", "2026-02-27/google/models.html"])
    func truncations(_ path: String) throws {
        let bytes = try Repository.capture(String(path.prefix(10)), String(path.dropFirst(11)))
        let step = max(1, bytes.count / 60)
        for length in stride(from: 1, to: bytes.count, by: step) { exercise(Array(bytes[..<length])) }
        // A page cut in the middle of its table still yields the rows before the cut.
        let document = try HTMLDocument(bytes: Array(bytes[..<(bytes.count / 2)]))
        #expect(document.root != nil)
    }

    @Test("random bytes and random tag soup")
    func randomInput() {
        var random = SplitMix64(state: 20_261_127)
        let fragments = Array([
            "<table>", "<tr>", "<td rowspan=\"9999\">", "<th colspan=\"-3\">", "</td>", "</table>", "<script>", "</script>",
            "self.__next_f.push([1,\"", "\"])", "<astro-island props=\"", "\">", "&nbsp;", "&#x2011;", "<sup>1</sup>",
            "<del>$1</del>", "$0.5",
            "\u{0}", "\u{FFFD}", "<!--", "-->", "<![CDATA[", "]]>", "<p>", "<h2>", "</h2>",
        ])
        for _ in 0..<300 {
            let length = Int(random.next() % 4096)
            exercise((0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) })
            var soup = ""
            for _ in 0..<Int(random.next() % 200) { soup += fragments[Int(random.next() % UInt64(fragments.count))] }
            exercise(Array(soup.utf8))
        }
    }

    @Test("deep nesting and huge spans")
    func deepAndHuge() throws {
        let deep = String(repeating: "<div><span>", count: 50_000) + "x" + String(repeating: "</span></div>", count: 50_000)
        exercise(Array(deep.utf8))
        let spans = "<table><tr><td rowspan=\"1000000\" colspan=\"1000000\">a</td></tr><tr><td>b</td></tr></table>"
        let document = try HTMLDocument(bytes: Array(spans.utf8))
        let table = try #require(document.tables().first)
        // Spans are capped at 1000 columns and at the table's last row; "b" lands after the copies.
        #expect(table.rows.count == 2)
        #expect(table.width == 1001)
        #expect(table.rows[1][999].text == "a")
        #expect(table.rows[1][1000].text == "b")
    }

    @Test("a large page of table rows")
    func large() throws {
        var html = "<table><thead><tr><th>Model</th><th>Input</th></tr></thead>"
        for index in 0..<100_000 { html += "<tr><td>model-\(index)</td><td>$\(index).50</td></tr>" }
        html += "</table>"
        let document = try HTMLDocument(bytes: Array(html.utf8))
        let table = try #require(document.tables().first)
        #expect(table.headerRowCount == 1)
        #expect(table.bodyRows.count == 100_000)
        #expect(table.rows.last?[1].text == "$99999.50")
    }

    @Test("text is normalised: no-break spaces and hyphens, footnotes, struck-out prices")
    func normalisation() throws {
        let html = "<p id=a>gpt\u{2011}4o&nbsp;&nbsp;mini<sup>1</sup> <del>$2.00</del> $1.00\u{200B}</p>"
        let document = try HTMLDocument(bytes: Array(html.utf8))
        let paragraph = try #require(document.select("//p[@id='a']").first)
        #expect(paragraph.text() == "gpt-4o mini $1.00")
        #expect(paragraph.text(keepFootnotes: true, keepStruckOut: true) == "gpt-4o mini1 $2.00 $1.00")
        #expect(paragraph.attribute("id") == "a")
        #expect(paragraph.attribute("missing") == nil)
    }
}
