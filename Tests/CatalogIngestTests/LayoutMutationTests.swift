import CatalogCore
import CatalogIngest
import CatalogTestSupport
import Foundation
import Testing

/// A page whose layout changed must be read right or refused, never misread. Each committed
/// page is mutated mechanically — columns reordered, a priced column inserted, headers
/// renamed, tables split, payload cells reordered — and read as the build reads it (the parser,
/// then ``ReadingCheck``). The reading must fail with an error, or give only prices the
/// original page gives, each with its original value: a wrong number is worse than a missing one.
@Suite("Layout changes never yield a wrong price")
struct LayoutMutationTests {
    static let pages: [(date: String, path: String)] = [
        ("2026-04-26", "anthropic/pricing.html"), ("2026-02-27", "anthropic/models.html"), ("2026-04-27", "google/pricing.html"),
        ("2026-04-27", "openai/pricing.html"), ("2025-11-13", "openai/deprecations.html"),
        ("2026-07-28", "openai/models/gpt-5.6-sol.html"),
        ("2026-05-08", "deepseek/pricing.html"), ("2026-05-08", "vertex/pricing.html"), ("2026-05-08", "mistral/pricing.html"),
        ("2026-05-08", "cerebras/pricing.html"), ("2026-07-27", "together/pricing.html"), ("2026-07-28", "together/models.html"),
        ("2025-11-13", "xai/models.html"), ("2025-12-15", "groq/models.md"),
    ]

    /// A mechanical change of a page's layout.
    enum Mutation: String, CaseIterable, Sendable {
        /// The second and third cells of every table row trade places (header cells too).
        case swapColumns = "columns reordered"
        /// A priced column, titled "Surcharge", inserted after the first cell of every row.
        case insertColumn = "a priced column inserted"
        /// Every header cell's text gains a word.
        case renameHeaders = "headers renamed"
        /// Every table split in two after its middle row.
        case splitTables = "tables split"
        /// Payload cells reordered: the second and last cells of each row of a data payload
        /// (Astro island rows, flight-payload table rows, Markdown table rows) trade places.
        case swapPayloadCells = "payload cells reordered"

        func apply(_ text: String) -> String {
            switch self {
            case .swapColumns:
                // Tables with spanning cells are left as they are: swapping the cells of a row
                // that a span reaches into would move other columns than the rows around it.
                return LayoutMutationTests.rewriteTables(text) { table in
                    let lowered = table.lowercased()
                    guard !lowered.contains("rowspan"), !lowered.contains("colspan") else { return table }
                    // So are tables whose rows have fewer cells than others: a short row's cells
                    // would not move with the headings above them.
                    var widths: Set<Int> = []
                    _ = LayoutMutationTests.rewriteRows(table) { cells in
                        widths.insert(cells.count)
                        return cells
                    }
                    guard widths.count == 1 else { return table }
                    return LayoutMutationTests.rewriteRows(table) { cells in
                        var cells = cells
                        if cells.count >= 3 { cells.swapAt(1, 2) }
                        return cells
                    }
                }
            case .insertColumn:
                return LayoutMutationTests.rewriteRows(text) { cells in
                    guard let first = cells.first else { return cells }
                    let header = first.hasPrefix("<th")
                    return [first, header ? "<th>Surcharge</th>" : "<td>$12.34 / MTok</td>"] + cells.dropFirst()
                }
            case .renameHeaders:
                return text.replacingOccurrences(of: "</th>", with: " revised</th>")
            case .splitTables:
                var result = ""
                for (index, part) in text.components(separatedBy: "</table>").enumerated() {
                    if index > 0 { result += "</table>" }
                    let rows = part.components(separatedBy: "</tr>")
                    guard rows.count > 3 else {
                        result += part
                        continue
                    }
                    let middle = rows.count / 2
                    result +=
                        rows[..<middle].joined(separator: "</tr>") + "</tr></table><table>"
                        + rows[middle...].joined(separator: "</tr>")
                }
                return result
            case .swapPayloadCells:
                // Astro rows `[1,[[0,&quot;name&quot;],[0,a],[0,b],[0,c]]]`: a ↔ c.
                var mutated = LayoutMutationTests.replace(
                    #"\[1,\[\[0,(&quot;(?:(?!&quot;).)*&quot;)\],\[0,([^\[\]]*)\],\[0,([^\[\]]*)\],\[0,([^\[\]]*)\]\]\]"#,
                    in: text,
                    with: "[1,[[0,$1],[0,$4],[0,$3],[0,$2]]]")
                // Flight-payload table rows `cells\":[\"a\",\"b\",\"c\",\"d\"]`: b ↔ d.
                mutated = LayoutMutationTests.replace(
                    #"cells\\":\[(\\"[^"\\]*\\"),(\\"[^"\\]*\\"),(\\"[^"\\]*\\"),(\\"[^"\\]*\\")\]"#, in: mutated,
                    with: #"cells\\":[$1,$4,$3,$2]"#)
                // Markdown rows `| a | b | c | … |`: the second and last cells.
                let lines = mutated.components(separatedBy: "\n").map { line -> String in
                    guard line.hasPrefix("|"), line.hasSuffix("|") else { return line }
                    var cells = line.dropFirst().dropLast().components(separatedBy: "|")
                    if cells.count >= 3 { cells.swapAt(1, cells.count - 1) }
                    return "|" + cells.joined(separator: "|") + "|"
                }
                return lines.joined(separator: "\n")
            }
        }
    }

    static func replace(_ pattern: String, in text: String, with template: String) -> String {
        guard let expression = try? NSRegularExpression(pattern: pattern) else { return text }
        return expression.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }

    /// `text` with every `<table>…</table>` rewritten by `transform`.
    static func rewriteTables(_ text: String, _ transform: (String) -> String) -> String {
        var result = ""
        var cursor = text.startIndex
        while let open = text.range(of: "<table", range: cursor..<text.endIndex),
            let close = text.range(of: "</table>", range: open.upperBound..<text.endIndex)
        {
            result += text[cursor..<open.lowerBound]
            result += transform(String(text[open.lowerBound..<close.upperBound]))
            cursor = close.upperBound
        }
        return result + text[cursor...]
    }

    /// `text` with the cells of every `<tr>` rewritten by `transform`.
    static func rewriteRows(_ text: String, _ transform: ([String]) -> [String]) -> String {
        var result = ""
        var cursor = text.startIndex
        while let open = text.range(of: "<tr", range: cursor..<text.endIndex),
            let close = text.range(of: "</tr>", range: open.upperBound..<text.endIndex)
        {
            result += text[cursor..<open.lowerBound]
            let row = String(text[open.lowerBound..<close.lowerBound])
            var cells: [String] = []
            var prefix = ""
            var rest = Substring(row)
            // The row's own tag, then each top-level cell.
            if let tagEnd = rest.firstIndex(of: ">") {
                prefix = String(rest[...tagEnd])
                rest = rest[rest.index(after: tagEnd)...]
            }
            var between = ""
            while let start = [rest.range(of: "<td"), rest.range(of: "<th>"), rest.range(of: "<th ")].compactMap({ $0 }).min(by: {
                $0.lowerBound < $1.lowerBound
            }) {
                let isHeader = rest[start.lowerBound...].hasPrefix("<th")
                guard let end = rest.range(of: isHeader ? "</th>" : "</td>", range: start.upperBound..<rest.endIndex) else {
                    break
                }
                if cells.isEmpty { between = String(rest[..<start.lowerBound]) }
                cells.append(String(rest[start.lowerBound..<end.upperBound]))
                rest = rest[end.upperBound...]
            }
            result += cells.isEmpty ? row : prefix + between + transform(cells).joined() + rest
            result += "</tr>"
            cursor = close.upperBound
        }
        result += text[cursor...]
        return result
    }

    /// The prices of a reading, by model and key.
    static func prices(_ parsed: ParsedCapture) -> [String: FactValue] {
        var result: [String: FactValue] = [:]
        for observation in parsed.observations {
            for fact in observation.facts {
                guard case .price(let key) = fact.field else { continue }
                let name = (observation.identifiedByDisplayName ? "name:" : "id:") + observation.providerModelID + " " + key.name
                if result[name] == nil { result[name] = fact.value }
            }
        }
        return result
    }

    static func read(_ bytes: [UInt8], _ path: String, file: String) throws -> ParsedCapture {
        let source = try #require(SourceRegistry.source(forCapturePath: path))
        let parser = try #require(ParserRegistry.parser(for: source.id))
        return try ReadingCheck.verify(try parser.parse(bytes, file: file), previous: nil, file: file)
    }

    @Test(
        "a mutated page is read right or refused",
        arguments: pages.indices.flatMap { page in Mutation.allCases.map { (page, $0) } })
    func mutated(_ page: Int, _ mutation: Mutation) throws {
        let (date, path) = LayoutMutationTests.pages[page]
        let original = String(decoding: try Repository.capture(date, path), as: UTF8.self)
        let baseline = LayoutMutationTests.prices(try LayoutMutationTests.read(Array(original.utf8), path, file: path))
        #expect(!baseline.isEmpty)
        let mutatedText = mutation.apply(original)
        let file = "\(path) (\(mutation.rawValue))"
        let reading: ParsedCapture
        do {
            reading = try LayoutMutationTests.read(Array(mutatedText.utf8), path, file: file)
        } catch {
            return  // Refused: the source carries forward its last good capture.
        }
        var wrong: [String] = []
        for (name, value) in LayoutMutationTests.prices(reading) where baseline[name] != value {
            wrong.append("\(name): \(value) (the page says \(baseline[name]?.description ?? "nothing"))")
        }
        #expect(wrong.isEmpty, "\(file): \(wrong.count) wrong prices: \(wrong.sorted().prefix(8))")
    }

    @Test("how each kind of change is met: refused as a layout change, refused as implausible, or read right")
    func outcomes() throws {
        func outcome(_ date: String, _ path: String, _ mutation: Mutation) throws -> String {
            let text = mutation.apply(String(decoding: try Repository.capture(date, path), as: UTF8.self))
            do {
                let reading = try LayoutMutationTests.read(Array(text.utf8), path, file: path)
                let baseline = LayoutMutationTests.prices(try Repository.parse(date, path))
                return LayoutMutationTests.prices(reading) == baseline ? "same prices" : "fewer prices"
            } catch let error as CaptureError {
                return error.code.rawValue
            }
        }
        // A renamed price column is not guessed at.
        #expect(try outcome("2026-04-26", "anthropic/pricing.html", .renameHeaders) == "unexpected_shape")
        // OpenAI's "All models" rows have no headings: input and output traded places leave
        // output below input for nearly every model, which the reading check refuses.
        #expect(try outcome("2026-04-27", "openai/pricing.html", .swapPayloadCells) == "implausible")
        // Cerebras' columns follow their titles wherever they move.
        #expect(try outcome("2026-05-08", "cerebras/pricing.html", .swapPayloadCells) == "same prices")
        // A priced column nobody announced is a layout change.
        #expect(try outcome("2026-04-26", "anthropic/pricing.html", .insertColumn) == "unexpected_shape")
    }

    @Test("the mutations do change the pages they are meant for")
    func mutationsApply() throws {
        let anthropic = String(decoding: try Repository.capture("2026-04-26", "anthropic/pricing.html"), as: UTF8.self)
        for mutation in [Mutation.swapColumns, .insertColumn, .renameHeaders, .splitTables] {
            #expect(mutation.apply(anthropic) != anthropic, "\(mutation)")
        }
        let openai = String(decoding: try Repository.capture("2026-04-27", "openai/pricing.html"), as: UTF8.self)
        #expect(Mutation.swapPayloadCells.apply(openai) != openai)
        let cerebras = String(decoding: try Repository.capture("2026-05-08", "cerebras/pricing.html"), as: UTF8.self)
        #expect(Mutation.swapPayloadCells.apply(cerebras) != cerebras)
        let groq = String(decoding: try Repository.capture("2025-12-15", "groq/models.md"), as: UTF8.self)
        #expect(Mutation.swapPayloadCells.apply(groq) != groq)
    }
}
