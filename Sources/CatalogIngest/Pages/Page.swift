import CatalogCore
import Foundation

/// A captured page being read by its parser: the parsed document, the checks every page gets
/// (empty, too large, a bot challenge or login wall instead of content), and errors that name
/// the page and what was expected.
struct Page: PriceOfferRecording {
    let file: String
    let document: HTMLDocument
    var diagnostics: [Diagnostic] = []

    init(_ bytes: [UInt8], file: String, maximumBytes: Int = 32 << 20) throws(CaptureError) {
        self.file = file
        guard !bytes.isEmpty else { throw CaptureError(.empty, file: file, "the page is empty (0 bytes)") }
        guard bytes.count <= maximumBytes else {
            throw CaptureError(
                .tooLarge, file: file, "the page is \(bytes.count) bytes, more than the \(maximumBytes) bytes allowed")
        }
        if let nul = bytes.firstIndex(of: 0) {
            throw CaptureError(
                .truncated, file: file, at: TextPosition.place(of: nul, in: bytes),
                "the page holds a NUL byte: the capture is damaged (an HTML parser stops reading there)")
        }
        let head = bytes.prefix(200_000)
        if let reason = Page.challengeSigns.first(where: { Page.contains(head, $0.0) })?.1 {
            throw CaptureError(.notContent, file: file, "a bot-challenge page was served instead of content (\(reason))")
        }
        if !Page.closes(bytes) {
            throw CaptureError(
                .truncated, file: file, at: TextPosition.place(of: bytes.count, in: bytes),
                "the page does not end with </html> as a complete page does: the capture is truncated")
        }
        do {
            document = try HTMLDocument(bytes: bytes)
        } catch {
            throw CaptureError(error.message.hasPrefix("libxml2 stopped") ? .truncated : .malformed, file: file, error.message)
        }
        // Pages rendered by a browser keep Cloudflare's script even with their content; only a
        // page with the script and next to no text is a challenge.
        if Page.contains(head, "/cdn-cgi/challenge-platform/") {
            let visible = document.elements(named: "body").first?.text() ?? ""
            if visible.count < 1000 {
                throw CaptureError(
                    .notContent, file: file,
                    "a bot-challenge page was served instead of content (Cloudflare challenge-platform script, \(visible.count) characters of text)"
                )
            }
        }
    }

    /// Whether the page closes its `<html>` element near its end, as every complete page does
    /// (a CDN may append a comment or a script after it).
    static func closes(_ bytes: [UInt8]) -> Bool {
        let tail = bytes.suffix(65_536).map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        return contains(tail[...], "</html>")
    }

    /// Whether `needle` occurs in `haystack`, comparing bytes.
    static func contains(_ haystack: ArraySlice<UInt8>, _ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard let first = pattern.first, haystack.count >= pattern.count else { return false }
        return haystack.withUnsafeBufferPointer { buffer in
            var index = 0
            let last = buffer.count - pattern.count
            while index <= last {
                if buffer[index] == first {
                    var matched = true
                    for offset in 1..<pattern.count where buffer[index + offset] != pattern[offset] {
                        matched = false
                        break
                    }
                    if matched { return true }
                }
                index += 1
            }
            return false
        }
    }

    /// Markers that only interstitial pages carry.
    static let challengeSigns = [
        ("Enable JavaScript and cookies to continue", "\"Enable JavaScript and cookies to continue\""),
        ("<title>Just a moment...</title>", "title \"Just a moment...\""),
        ("<title>Attention Required! | Cloudflare</title>", "Cloudflare \"Attention Required\""),
        ("captcha-delivery.com", "DataDome captcha"),
        ("_Incapsula_Resource", "Incapsula challenge"),
    ]

    /// An error for the whole page: its layout no longer matches what the parser keys on.
    func layoutError(_ message: String, at locator: String? = nil) -> CaptureError {
        CaptureError(.unexpectedShape, file: file, at: locator, message)
    }

    mutating func warn(at locator: String?, _ message: String) {
        diagnostics.append(Diagnostic(.warning, file: file, at: locator, message))
    }

    mutating func note(at locator: String?, _ message: String) {
        diagnostics.append(Diagnostic(.note, file: file, at: locator, message))
    }

    /// The page's tables (``HTMLDocument/tables()``); the damaged rows of each
    /// (``HTMLTable/damagedRows``) are remembered: if the reading takes a fact from one, the
    /// reading fails (see ``checkTables(_:)``), because its values may sit in other columns.
    mutating func tables() -> [HTMLTable] {
        let tables = document.tables()
        for table in tables {
            for (row, reason) in table.damagedRows { damagedRows[table.locator(row: row)] = reason }
            for (row, covered) in table.widerRows where table.damagedRows[row] == nil {
                damagedRows[table.locator(row: row)] =
                    "row \(row + 1) (line \(table.rows[row][0].node.line)) covers \(covered) columns, more than the header's \(table.headerWidth)"
            }
        }
        return tables
    }

    /// Accepts rows of `table` up to `count` columns wider than its header: the parser reads
    /// the columns past the header by their content, not by their titles.
    mutating func acceptExtraColumns(_ count: Int, in table: HTMLTable) {
        for (row, covered) in table.widerRows where table.damagedRows[row] == nil && covered <= table.headerWidth + count {
            damagedRows[table.locator(row: row)] = nil
        }
    }

    /// The reasons of the damaged table rows the parser was given, by row locator.
    var damagedRows: [String: String] = [:]

    /// Fails the reading when any of its facts comes from a damaged table row.
    func checkTables(_ observations: [Observation]) throws(CaptureError) {
        guard !damagedRows.isEmpty else { return }
        for observation in observations {
            try checkRow(observation.locator)
            for fact in observation.facts { try checkRow(fact.locator) }
        }
    }

    /// Throws when `locator` (`table 3, row 5` or `table 3, row 5, column 2`) is a damaged row.
    private func checkRow(_ locator: String) throws(CaptureError) {
        var row: String = locator
        if let column = locator.range(of: ", column ") { row = String(locator[..<column.lowerBound]) }
        guard let reason: String = damagedRows[row] else { return }
        let message: String =
            "the table row's structure is damaged (" + reason
            + "): its values may sit in other columns; the reading is not believed"
        throw CaptureError(.implausible, file: file, at: row, message)
    }

    /// The priced entries the page offers, counted as the parser meets them.
    var offers: [PriceOffer] = []

    /// Observations merged by model id, in first-seen order.
    struct Collector {
        private(set) var observations: [Observation] = []
        private var slots: [String: Int] = [:]
        /// Price facts added so far: a parser compares it before and after an entry to tell
        /// whether the entry was read.
        private(set) var priceFacts = 0

        mutating func add(_ id: String, _ field: FactField, _ value: FactValue, at locator: String, byDisplayName: Bool = false) {
            let key = (byDisplayName ? "name:" : "id:") + id
            let slot: Int
            if let existing = slots[key] {
                slot = existing
            } else {
                slot = observations.count
                slots[key] = slot
                var observation = Observation(providerModelID: id, locator: locator)
                observation.identifiedByDisplayName = byDisplayName
                observations.append(observation)
            }
            observations[slot].facts.append(Fact(field, value, at: locator))
            if case .price = field { priceFacts += 1 }
        }

        /// Records that the page lists the model, with no fact yet.
        mutating func touch(_ id: String, at locator: String, byDisplayName: Bool = false) {
            let key = (byDisplayName ? "name:" : "id:") + id
            guard slots[key] == nil else { return }
            slots[key] = observations.count
            var observation = Observation(providerModelID: id, locator: locator)
            observation.identifiedByDisplayName = byDisplayName
            observations.append(observation)
        }

        var isEmpty: Bool { observations.isEmpty }
    }

    func finish(_ collector: Collector, expecting what: String) throws(CaptureError) -> ParsedCapture {
        guard !collector.isEmpty else {
            throw layoutError("no \(what) found: the page's layout no longer matches what the parser reads")
        }
        try checkTables(collector.observations)
        return ParsedCapture(observations: collector.observations, diagnostics: diagnostics, priceOffers: offers)
    }
}

/// A reader that counts the priced entries a capture offers and warns about those it does not
/// read.
protocol PriceOfferRecording {
    var offers: [PriceOffer] { get set }
    mutating func warn(at locator: String?, _ message: String)
}

extension PriceOfferRecording {
    /// Records a priced entry the page offers (a row or object with at least one amount).
    /// `read` when at least one of its prices became a fact; otherwise the entry is a warning,
    /// and what it stated is kept as an ``FactField/unreadPrice`` fact of `model` (when the
    /// entry names one), so that the model's missing price says why.
    mutating func offered(
        _ entry: String, at locator: String, read: Bool, stated: String, model: String? = nil, byDisplayName: Bool = false,
        into collector: inout Page.Collector
    ) {
        offers.append(PriceOffer(entry: entry, locator: locator, read: read, stated: read ? nil : stated))
        guard !read else { return }
        warn(at: locator, "\(entry): the page states a price that was not read: \"\(stated)\"")
        if let model { collector.add(model, .unreadPrice, .text(stated), at: locator, byDisplayName: byDisplayName) }
    }
}
