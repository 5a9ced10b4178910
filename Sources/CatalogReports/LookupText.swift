package import CatalogCore
package import ModelCatalog
import Foundation

/// Renderings of lookups, costs and families for the CLI and for people.
package enum LookupText {
    /// One JSON object per line: `{"query","id","match","matched","offering","candidates","suggestions"}`,
    /// and, when given, the catalog `version` and `catalog` that answered.
    package static func json(_ resolution: Resolution, version: CalendarDate? = nil, source: String? = nil) -> String {
        var members: [(String, JSONOutput)] = [
            ("query", .string(resolution.query)),
            ("id", .string(resolution.model?.id)),
            ("match", .string(resolution.match?.rawValue)),
            ("matched", .string(resolution.matchedName)),
            ("offering", .string(resolution.offering.map { $0.recordID })),
            ("candidates", .array(resolution.candidates.map(JSONOutput.string))),
            ("suggestions", .array(resolution.suggestions.map(JSONOutput.string))),
        ]
        if let version { members.append(("version", .string(version.description))) }
        if let source { members.append(("catalog", .string(source))) }
        return JSONOutput.object(members).rendered()
    }

    /// A table row per name.
    package static func table(_ resolutions: [Resolution]) -> String {
        var table = TextTable(header: ["NAME", "MODEL", "MATCH", "NOTE"])
        for resolution in resolutions {
            if let model = resolution.model {
                var note = ""
                if let offering = resolution.offering, offering.rule != .firstParty {
                    note = "sold by \(offering.provider) as \(offering.providerModelID)"
                }
                if resolution.match == .alias,
                    let alias = model.aliases.first(where: {
                        $0.name == resolution.matchedName || model.creator + "/" + $0.name == resolution.matchedName
                    })
                {
                    note = alias.rule.description
                }
                table.append([resolution.query, model.id, resolution.match?.rawValue ?? "", note])
            } else if resolution.isAmbiguous {
                table.append([resolution.query, "-", "ambiguous", "could be " + resolution.candidates.joined(separator: ", ")])
            } else {
                table.append([
                    resolution.query, "-", "unknown",
                    resolution.suggestions.isEmpty ? "" : "closest: " + resolution.suggestions.joined(separator: ", "),
                ])
            }
        }
        return table.rendered()
    }

    /// A cost, line by line.
    package static func cost(_ cost: Cost, version: CalendarDate, source: String? = nil) -> String {
        var text = "\(cost.pricedAs), catalog version \(version)" + (source.map { " (\($0))" } ?? "")
        if let threshold = cost.longContextAbove { text += ", prompt above \(threshold) tokens" }
        text += "\n"
        var table = TextTable(header: ["PRICE", "QUANTITY", "RATE (USD)", "AMOUNT (USD)"], rightAligned: [1, 2, 3])
        for line in cost.lines {
            let unit =
                line.price.component.isPerMillionTokens
                ? "/1M" : "/" + line.price.component.unit.replacingOccurrences(of: "USD/", with: "")
            let label = line.billed == line.price.component ? line.price.name : "\(line.billed.rawValue) at \(line.price.name)"
            table.append([
                label, String(line.quantity), Money.format(line.rate) + unit, Money.format(line.amount, minimumFractionDigits: 6),
            ])
        }
        table.append(["total", "", "", Money.format(cost.total, minimumFractionDigits: 6)])
        return text + table.rendered()
    }

    /// Families and their models.
    package static func families(_ families: [(family: String, models: [String])], successors: (String) -> String?) -> String {
        var text = ""
        for (family, models) in families {
            text += family
            if let successor = successors(family) { text += "  → replaced by \(successor)" }
            text += "\n"
            for model in models { text += "  " + model + "\n" }
        }
        return text
    }
}
