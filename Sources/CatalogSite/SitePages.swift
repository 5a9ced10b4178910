import CatalogCore
import CatalogReports
import Foundation
import ModelCatalog

/// The pages of the site, each a function of the catalog's data only (no clock, no machine):
/// the same catalog always makes the same bytes.
enum SitePages {
    /// What a model is called: its maker's display name, else the first a host states, else its id.
    static func name(of model: CanonicalModel, offerings: [ModelRecord]) -> String {
        model.record.displayName ?? offerings.lazy.compactMap(\.displayName).first ?? model.modelName
    }

    /// A price for a table cell: `$2.50`, `variable`, or an empty cell when not stated.
    static func price(_ value: FactValue?) -> String {
        guard let value else { return "" }
        return value.decimal.map(Money.dollars) ?? HTML.escape(value.description)
    }

    /// A token count for people: `128,000`.
    static func tokens(_ count: Int?) -> String {
        guard let count else { return "" }
        var digits = String(count.magnitude)
        var position = digits.count - 3
        while position > 0 {
            digits.insert(",", at: digits.index(digits.startIndex, offsetBy: position))
            position -= 3
        }
        return (count < 0 ? "-" : "") + digits
    }

    static func statusBadge(_ status: ModelStatus) -> String {
        "<span class=\"status status-\(status.rawValue)\">\(status.rawValue)</span>"
    }

    // MARK: Index

    /// One model's row in the index: what it shows and what the filter and sort read.
    struct IndexRow {
        var model: CanonicalModel
        var name: String
        /// The prices shown: the maker's own, else those of the cheapest host that states an input price.
        var input: FactValue?
        var output: FactValue?
        var pricedBy: String?
        var context: Int?
        var search: String
    }

    static func index(rows: [IndexRow], version: CalendarDate, records: Int) -> String {
        var body = """
            <h1>Models</h1>
            <p class="lead">\(rows.count) canonical models sold as \(records) provider offerings, as of catalog version <strong>\(version)</strong>. Prices in USD per 1M tokens. Click a column title to sort.</p>
            <div class="controls">
            <label>Filter <input id="filter" type="search" placeholder="claude, openai, llama…" autocomplete="off"></label>
            <label>Status <select id="status"><option value="">any</option>
            """
        for status in ModelStatus.allCases { body += "<option value=\"\(status.rawValue)\">\(status.rawValue)</option>" }
        body += """
            </select></label>
            <span id="count" aria-live="polite">\(rows.count) models</span>
            </div>
            <table id="models" class="models">
            <thead><tr><th data-key="name" data-type="text">Model</th><th data-key="creator" data-type="text">Creator</th><th data-key="context" data-type="number" class="number">Context</th><th data-key="input" data-type="number" class="number">Input</th><th data-key="output" data-type="number" class="number">Output</th><th data-key="status" data-type="text">Status</th><th data-key="hosts" data-type="number" class="number">Hosts</th></tr></thead>
            <tbody>

            """
        for row in rows {
            let model = row.model
            let link = SitePath.model(model.id)
            let host = row.pricedBy.map { " title=\"at \(HTML.escape($0))\"" } ?? ""
            func sortValue(_ value: FactValue?) -> String { value?.decimal.map { "\($0)" } ?? "" }
            body +=
                "<tr data-id=\"\(HTML.escape(model.id))\" data-creator=\"\(HTML.escape(model.creator))\" data-status=\"\(model.status.rawValue)\" "
            body += "data-name=\"\(HTML.escape(row.name.lowercased()))\" data-context=\"\(row.context.map(String.init) ?? "")\" "
            body +=
                "data-input=\"\(sortValue(row.input))\" data-output=\"\(sortValue(row.output))\" data-hosts=\"\(model.offerings.count)\" "
            body += "data-search=\"\(HTML.escape(row.search))\">"
            body += "<td><a href=\"\(link)\">\(HTML.escape(row.name))</a><br><code>\(HTML.escape(model.id))</code></td>"
            body += "<td>\(HTML.escape(model.creator))</td><td class=\"number\">\(tokens(row.context))</td>"
            body += "<td class=\"number\"\(host)>\(price(row.input))</td><td class=\"number\"\(host)>\(price(row.output))</td>"
            body += "<td>\(statusBadge(model.status))</td><td class=\"number\">\(model.offerings.count)</td></tr>\n"
        }
        body += "</tbody></table>\n"
        return HTML.page(title: "Models", root: "", body: body, scripts: true)
    }

    // MARK: Model

    /// What a model page shows.
    struct ModelPage {
        var model: CanonicalModel
        var offerings: [(offering: Offering, record: ModelRecord, prices: [PriceKey: FactValue])]
        /// The record whose history is charted, and its history.
        var charted: (record: String, history: ModelHistory)?
        var successor: String?
        var version: CalendarDate
    }

    static func model(_ page: ModelPage) -> String {
        let model = page.model
        let record = model.record
        let path = SitePath.model(model.id)
        let name = name(of: model, offerings: page.offerings.map(\.record))
        var body =
            "<p class=\"crumbs\"><a href=\"\(SitePath.root(from: path))index.html\">Models</a> › \(HTML.escape(model.creator))</p>\n"
        body +=
            "<h1>\(HTML.escape(name)) \(statusBadge(model.status))</h1>\n<p><code>\(HTML.escape(model.id))</code> · family <code>\(HTML.escape(model.family))</code> · catalog version \(page.version)</p>\n"

        if let deprecation = record.deprecation ?? page.offerings.lazy.compactMap(\.record.deprecation).first {
            body += "<section class=\"deprecation\"><h2>Deprecation</h2><dl>"
            if let announced = deprecation.announced {
                body += "<dt>Announced</dt><dd>\(HTML.escape(announced.description))</dd>"
            }
            if let shutdown = deprecation.shutdown { body += "<dt>Shutdown</dt><dd>\(HTML.escape(shutdown.description))</dd>" }
            if let replacement = deprecation.replacement {
                body += "<dt>Replacement</dt><dd><code>\(HTML.escape(replacement))</code></dd>"
            }
            body += "</dl></section>\n"
        }
        if let successor = page.successor {
            body += "<p>Successor family: <code>\(HTML.escape(successor))</code></p>\n"
        }

        body += "<section><h2>Price history</h2>\n"
        if let charted = page.charted, let svg = PriceChart.svg(charted.history.pricePeriods, end: page.version) {
            body +=
                "<p>Prices of <code>\(HTML.escape(charted.record))</code> in every catalog version that listed it, USD per 1M tokens. Each point is the first version that saw a price; hover it for the source.</p>\n"
            body += "<figure class=\"history\" data-record=\"\(HTML.escape(charted.record))\">\n\(svg)</figure>\n"
            body +=
                "<table class=\"periods\"><thead>" + HTML.row(["Price", "Value", "From", "Until", "Source"], header: true)
                + "</thead><tbody>\n"
            for period in charted.history.pricePeriods {
                body += HTML.row([
                    "<code>\(HTML.escape(period.key.name))</code>", price(period.value), period.from.description,
                    period.until?.description ?? "in force", "<code>\(HTML.escape(period.source.file))</code>",
                ])
            }
            body += "</tbody></table>\n"
        } else {
            body += "<p>No price per token stated in any version.</p>\n"
        }
        body += "</section>\n"

        body += offeringsTable(page)

        if !model.aliases.isEmpty {
            body +=
                "<section><h2>Aliases</h2><table class=\"aliases\"><thead>" + HTML.row(["Name", "Why"], header: true)
                + "</thead><tbody>\n"
            for alias in model.aliases {
                body += HTML.row(["<code>\(HTML.escape(alias.name))</code>", HTML.escape(alias.rule.description)])
            }
            body += "</tbody></table></section>\n"
        }

        body += "<section><h2>Facts and their sources</h2>\n"
        if model.facts.isEmpty {
            body += "<p>Its maker sells it under no record of its own; each host's facts are on its offering above.</p>\n"
        } else {
            body +=
                "<table class=\"facts\"><thead>" + HTML.row(["Field", "Value", "Source", "Place"], header: true)
                + "</thead><tbody>\n"
            var seen: Set<FactField> = []
            for fact in model.facts where fact.field.isMultiValued || seen.insert(fact.field).inserted {
                body += HTML.row([
                    "<code>\(HTML.escape(fact.field.key))</code>", HTML.escape(fact.value.description),
                    "<code>\(HTML.escape(fact.source.file))</code>", "<code>\(HTML.escape(fact.source.locator))</code>",
                ])
            }
            body += "</tbody></table>\n"
            let disagreements = record.disagreements
            if !disagreements.isEmpty {
                body += "<h3>Where sources disagree</h3><ul class=\"disagreements\">"
                for item in disagreements {
                    body += "<li><code>\(HTML.escape(item.field.key))</code>: \(HTML.escape(item.explanation))</li>"
                }
                body += "</ul>\n"
            }
        }
        body += "</section>\n"
        return HTML.page(title: name, root: SitePath.root(from: path), body: body)
    }

    /// Every host's offering side by side: its id, how it was matched, its own prices and limits.
    static func offeringsTable(_ page: ModelPage) -> String {
        let keys: [PriceKey] = [
            PriceKey(.input), PriceKey(.cachedInput), PriceKey(.cacheWrite), PriceKey(.output), PriceKey(.input, tier: .batch),
            PriceKey(.output, tier: .batch),
        ]
        let shown = keys.filter { key in page.offerings.contains { $0.prices[key] != nil } }
        var body = "<section><h2>Offerings</h2>\n<table class=\"offerings\"><thead>"
        body += HTML.row(
            ["Host", "Host's id", "Matched by"] + shown.map { "<code>\($0.name)</code>" } + ["Context", "Max output", "Status"],
            header: true)
        body += "</thead><tbody>\n"
        for item in page.offerings {
            let cells =
                [
                    HTML.escape(item.offering.provider), "<code>\(HTML.escape(item.offering.providerModelID))</code>",
                    HTML.escape(item.offering.rule.description),
                ] + shown.map { price(item.prices[$0]) }
                + [
                    tokens(item.record.contextWindow ?? item.record.maxInputTokens), tokens(item.record.maxOutputTokens),
                    statusBadge(item.record.status),
                ]
            body += HTML.row(cells)
        }
        return body
            + "</tbody></table>\n<p class=\"note\">Prices in USD per 1M tokens, each host's own, as billed on the version's date.</p></section>\n"
    }

    // MARK: Changes

    static func changesIndex(_ diffs: [CatalogDiff], first: (date: CalendarDate, models: Int)?) -> String {
        var body =
            "<h1>What changed</h1>\n<p class=\"lead\">Every catalog version against the one before it, newest first, as <code>catalog diff</code> reports it.</p>\n"
        body +=
            "<table class=\"versions\"><thead>" + HTML.row(["Version", "Since", "Breaking", "Notable", "Info"], header: true)
            + "</thead><tbody>\n"
        for diff in diffs.reversed() {
            body += HTML.row([
                "<a href=\"\(diff.to).html\">\(diff.to)</a>", diff.from.description, String(diff.count(.breaking)),
                String(diff.count(.notable)), String(diff.count(.info)),
            ])
        }
        body += "</tbody></table>\n"
        if let first { body += "<p>The first version, \(first.date), listed \(first.models) provider records.</p>\n" }
        return HTML.page(title: "What changed", root: "../", body: body)
    }

    static func changes(_ diff: CatalogDiff, previous: CalendarDate?, next: CalendarDate?, pages: Set<String>) -> String {
        var body =
            "<p class=\"crumbs\"><a href=\"index.html\">What changed</a></p>\n<h1>\(diff.to): what changed since \(diff.from)</h1>\n"
        body +=
            "<p class=\"lead\"><strong>\(diff.count(.breaking)) breaking</strong>, \(diff.count(.notable)) notable, \(diff.count(.info)) info.</p>\n"
        var links: [String] = []
        if let previous { links.append("<a href=\"\(previous).html\">← \(previous)</a>") }
        if let next { links.append("<a href=\"\(next).html\">\(next) →</a>") }
        if !links.isEmpty { body += "<p class=\"pager\">" + links.joined(separator: " · ") + "</p>\n" }
        let groups = diff.changesByKind
        if groups.isEmpty { body += "<p>No changes.</p>\n" }
        for (kind, changes) in groups {
            body += "<section><h2>\(HTML.escape(kind.title))</h2>\n<table class=\"changes\"><thead>"
            body += HTML.row(["", "Provider", "Model", "Change"], header: true) + "</thead><tbody>\n"
            for change in changes {
                let model: String
                if kind == .notCompared {
                    model = "<code>\(HTML.escape(change.field ?? ""))</code>"
                } else if let canonical = change.model, pages.contains(canonical) {
                    model =
                        "<a href=\"../\(SitePath.model(canonical))\"><code>\(HTML.escape(change.providerModelID ?? canonical))</code></a>"
                } else {
                    model = "<code>\(HTML.escape(change.providerModelID ?? ""))</code>"
                }
                let detail = DiffWording.detail(change, asOf: diff.to) { "`" + $0.replacingOccurrences(of: "`", with: "'") + "`" }
                body += HTML.row([
                    "<span class=\"severity severity-\(change.severity.rawValue)\">\(change.severity.rawValue)</span>",
                    HTML.escape(change.provider), model, HTML.escapeMarkingCode(detail),
                ])
            }
            body += "</tbody></table></section>\n"
        }
        return HTML.page(title: "Changes \(diff.to)", root: "../", body: body)
    }

    // MARK: API

    static func api(_ files: [(format: ExportFormat, bytes: Int, note: String)], version: CalendarDate) -> String {
        var body =
            "<h1>The catalog as JSON</h1>\n<p class=\"lead\">The catalog of version \(version) in the formats other tools read, rebuilt with the site.</p>\n<ul class=\"api\">\n"
        for file in files {
            body +=
                "<li><a href=\"\(file.format.fileName)\"><code>\(file.format.fileName)</code></a> (\(file.format.rawValue), \(file.bytes / 1024) KB): \(HTML.escape(file.note))</li>\n"
        }
        body += "</ul>\n"
        return HTML.page(title: "API", root: "../", body: body)
    }
}
