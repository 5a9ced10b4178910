package import CatalogCore
import Foundation
package import ModelCatalog

extension CatalogCoverage {
    /// `catalog coverage`: a line per provider, then each provider's text models that cannot be
    /// priced, with the reason.
    package func rendered() -> String {
        var text =
            "price coverage of catalog version \(version)" + (source.map { " (\($0))" } ?? "")
            + ": text models priced per token, other kinds in their own units\n"
        var table = TextTable(
            header: ["PROVIDER", "LISTED", "TEXT", "PRICED", "COVERAGE", "NO PRICE", "OTHER UNIT", "NOT READ"],
            rightAligned: [1, 2, 3, 4, 5, 6, 7])
        for provider in providers {
            let text = provider.textModels
            table.append([
                provider.provider, String(provider.listed), String(text.count), String(provider.pricedText),
                provider.textCoverage.map { Money.format($0, minimumFractionDigits: 1) + "%" } ?? "-",
                String(text.count { $0.reason == .noPriceStated }), String(text.count { $0.reason == .otherUnit }),
                String(text.count { $0.reason == .notRead }),
            ])
        }
        text += table.rendered()
        for provider in providers where provider.textModels.contains(where: { !$0.isPriced }) {
            text += "\n\(provider.provider): text models without a usable price\n"
            var missing = TextTable(header: ["MODEL", "WHY", "DETAIL"])
            for entry in provider.textModels where !entry.isPriced {
                missing.append([entry.id, entry.reason?.words ?? "", entry.detail ?? ""])
            }
            text += missing.rendered().split(separator: "\n").map { "  " + $0 + "\n" }.joined()
        }
        return text
    }

    /// `catalog coverage --format json`: `{"version", "providers": [{"provider", "listed",
    /// "text", "priced_text", "text_coverage", "models": [{"id", "kind", "priced", "reason",
    /// "detail"}]}]}`.
    package func json() -> JSONOutput {
        .object([
            ("version", .string(version.description)),
            ("catalog", .string(source)),
            (
                "providers",
                .array(
                    providers.map { provider in
                        .object([
                            ("provider", .string(provider.provider)), ("listed", .int(provider.listed)),
                            ("text", .int(provider.textModels.count)), ("priced_text", .int(provider.pricedText)),
                            ("text_coverage", .string(provider.textCoverage.map { Money.format($0, minimumFractionDigits: 1) })),
                            (
                                "models",
                                .array(
                                    provider.entries.map { entry in
                                        .object([
                                            ("id", .string(entry.id)), ("kind", .string(entry.kind.rawValue)),
                                            ("priced", .bool(entry.isPriced)),
                                            ("reason", .string(entry.reason?.rawValue)), ("detail", .string(entry.detail)),
                                        ])
                                    })
                            ),
                        ])
                    })
            ),
        ])
    }
}
