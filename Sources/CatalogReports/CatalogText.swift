package import CatalogCore
import Foundation
import ModelCatalog

/// Human-readable renderings: the model table, one model with its sources, a history, and the
/// committed text export.
package enum CatalogText {
    /// `catalog models`: one row per model.
    package static func modelTable(_ models: [ModelRecord]) -> String {
        var table = TextTable(
            header: ["ID", "STATUS", "CONTEXT", "MAX OUT", "INPUT $/1M", "OUTPUT $/1M"], rightAligned: [2, 3, 4, 5])
        for model in models {
            table.append([
                model.id, model.status.rawValue, model.contextWindow.map(String.init) ?? "-",
                model.maxOutputTokens.map(String.init) ?? "-", price(model, .input), price(model, .output),
            ])
        }
        return table.rendered()
    }

    static func price(_ model: ModelRecord, _ component: PriceComponent) -> String {
        guard let value = model.value(.price(PriceKey(component))) else { return "-" }
        return value.decimal.map { Money.format($0) } ?? value.description
    }

    /// `catalog show`: the effective value of each field, every fact with its source, and the
    /// fields whose sources disagree.
    package static func modelDetail(_ model: ModelRecord, version: CalendarDate, source: String? = nil) -> String {
        var text = "\(model.id)  (catalog version \(version)" + (source.map { ", \($0)" } ?? "") + ")\n"
        text += "  provider: \(model.provider), provider model id: \(model.providerModelID)\n"
        text += "  status: \(model.status)\n"
        var table = TextTable(header: ["FIELD", "VALUE", "SOURCE"])
        var lastField: FactField?
        for fact in model.facts {
            let again = lastField == fact.field && !fact.field.isMultiValued
            table.append([
                again ? "  (also)" : fact.field.key, fact.value.description, fact.source.file + " " + fact.source.locator,
            ])
            lastField = fact.field
        }
        text += "\n" + table.rendered().split(separator: "\n").map { "  " + $0 + "\n" }.joined()
        let disagreements = model.disagreements
        if !disagreements.isEmpty {
            text += "\n  disagreements:\n"
            for item in disagreements { text += "    \(item.field.key): \(item.explanation)\n" }
        }
        return text.hasSuffix("\n") ? text : text + "\n"
    }

    /// `catalog history`: one line per event.
    package static func history(_ history: ModelHistory) -> String {
        var text = "\(history.id): listed in \(history.listedIn.count) version(s)"
        if let first = history.listedIn.first, let last = history.listedIn.last { text += ", \(first) … \(last)" }
        text += "\n"
        for event in history.events {
            switch event.kind {
            case .listed: text += "\(event.date)  listed\n"
            case .unlisted: text += "\(event.date)  no longer listed\n"
            case .status(let old, let new): text += "\(event.date)  status: \(old) → \(new)\n"
            case .changed(let field, let old, let new):
                text += "\(event.date)  \(field.key): \(old?.description ?? "none") → \(new?.description ?? "none")"
                if let before = old?.number, let after = new?.number, let percent = Money.percentChange(from: before, to: after) {
                    text += " (\(DiffWording.signed(percent))%)"
                }
                text += "\n"
            }
        }
        if !history.pricePeriods.isEmpty {
            text += "\nprices (USD per 1M tokens, or per the unit the price names), from the first version that saw each:\n"
            var table = TextTable(header: ["PRICE", "VALUE", "FROM", "UNTIL", "SOURCE"], rightAligned: [1])
            for period in history.pricePeriods {
                table.append([
                    period.key.name, period.value.description, period.from.description, period.until?.description ?? "now",
                    period.source.file,
                ])
            }
            text += table.rendered().split(separator: "\n").map { "  " + $0 + "\n" }.joined()
        }
        return text
    }

    /// The committed export of one version: sorted, stable, effective values only (no capture
    /// dates), so that a pull request shows what changed in the catalog and nothing else.
    package static func export(models: [ModelRecord], sources: [SourceReport], version: CalendarDate) -> String {
        var text = "# bulkllm catalog, version \(version): \(models.count) models\n"
        text += "# Written by `catalog build` from snapshots/; do not edit by hand.\n\n"
        text += "## sources\n\n"
        for source in sources.sorted(by: { $0.capturePath < $1.capturePath }) {
            var line = "\(source.capturePath): \(source.state)"
            if let date = source.captureDate { line += ", captured \(date)" }
            if let days = source.staleDays, days > 0 { line += " (\(days) days old)" }
            line += ", \(source.modelCount) models"
            text += line + "\n"
        }
        text += "\n## models\n"
        for model in models {
            text += "\n" + model.id + "\n"
            text += "  status: \(model.status)\n"
            var emitted: Set<FactField> = []
            var multi: [FactField: [String]] = [:]
            var order: [FactField] = []
            for fact in model.facts {
                if fact.field.isMultiValued {
                    if multi[fact.field] == nil { order.append(fact.field) }
                    if !(multi[fact.field] ?? []).contains(fact.value.description) {
                        multi[fact.field, default: []].append(fact.value.description)
                    }
                } else if emitted.insert(fact.field).inserted {
                    order.append(fact.field)
                    multi[fact.field] = [fact.value.description]
                }
            }
            for field in order {
                text += "  \(field.key): \(multi[field]!.joined(separator: ", "))\n"
            }
        }
        return text
    }
}

extension CatalogText {
    /// `catalog show` for a canonical model: its names, its facts with sources, every offering
    /// with the host's prices, and where a host's price differs from the maker's.
    package static func canonicalDetail(
        _ model: CanonicalModel, offerings: [(offering: Offering, record: ModelRecord)], version: CalendarDate,
        source: String? = nil
    ) -> String {
        var text = "\(model.id)  (canonical model, catalog version \(version)" + (source.map { ", \($0)" } ?? "") + ")\n"
        text += "  creator: \(model.creator), family: \(model.family), status: \(model.status)\n"
        if !model.aliases.isEmpty {
            text += "  aliases: " + model.aliases.map { "\($0.name) (\($0.rule))" }.joined(separator: ", ") + "\n"
        }
        if !model.facts.isEmpty {
            text += modelDetail(model.record, version: version).split(separator: "\n", omittingEmptySubsequences: false)
                .dropFirst(3)
                .joined(separator: "\n")
            if !text.hasSuffix("\n") { text += "\n" }
        }
        text += "\n  offerings:\n"
        var table = TextTable(
            header: ["PROVIDER", "PROVIDER MODEL ID", "MATCHED BY", "INPUT $/1M", "OUTPUT $/1M", "CONTEXT"],
            rightAligned: [3, 4, 5])
        for (offering, record) in offerings {
            table.append([
                offering.provider, offering.providerModelID, offering.rule.description, price(record, .input),
                price(record, .output),
                record.contextWindow.map(String.init) ?? "-",
            ])
        }
        text += table.rendered().split(separator: "\n").map { "    " + $0 + "\n" }.joined()
        let differences = priceDifferences(model, offerings: offerings)
        if !differences.isEmpty {
            text += "\n  prices that differ from the maker's:\n"
            for line in differences { text += "    " + line + "\n" }
        }
        return text
    }

    /// Hosts whose standard input or output price differs from the maker's own.
    package static func priceDifferences(_ model: CanonicalModel, offerings: [(offering: Offering, record: ModelRecord)])
        -> [String]
    {
        let own = model.record
        var lines: [String] = []
        for (offering, record) in offerings where offering.rule != .firstParty {
            for component in [PriceComponent.input, .output] {
                guard let mine = own.price(PriceKey(component)), let theirs = record.price(PriceKey(component)), mine != theirs
                else { continue }
                let file = record.facts(.price(PriceKey(component))).first?.source.file ?? ""
                let makerFile = own.facts(.price(PriceKey(component))).first?.source.file ?? ""
                lines.append(
                    "\(offering.recordID) \(component): \(Money.format(theirs)) (\(file)) vs \(Money.format(mine)) (\(makerFile))"
                )
            }
        }
        return lines
    }
}
