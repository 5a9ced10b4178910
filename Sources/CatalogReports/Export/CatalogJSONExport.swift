package import CatalogCore
import Foundation
package import ModelCatalog

/// bulkllm's own full export of one catalog version (documented in `docs/export-json.md`):
/// every canonical model with its offerings and aliases, and every provider record in the
/// `catalog models --format json` shape with the periods of each of its prices across the
/// versions up to this one.
package enum CatalogJSONExport {
    /// The version of this document's shape; raised only when a field changes meaning.
    package static let formatVersion = 1

    /// The export of `catalog`'s version, whose records are `records`, with `histories`
    /// (``CatalogArchive/histories(through:)`` at the same version) and the dates of the versions
    /// they cover.
    /// - Throws: ``CatalogStoreError`` when a model's stored facts cannot be read.
    package static func export(
        catalog: Catalog, records: [ModelRecord], histories: [String: ModelHistory], versions: [CalendarDate], source: String?
    ) throws -> JSONOutput {
        var models: [JSONOutput] = []
        for id in catalog.modelIDs {
            guard let model = try catalog.model(id: id) else { continue }
            models.append(canonical(model, successor: catalog.successor(of: model.family)))
        }
        let recordObjects = records.map { record -> JSONOutput in
            var members = ModelJSON.members(record)
            members.append(("price_history", .array((histories[record.id]?.pricePeriods ?? []).map(ModelJSON.pricePeriod))))
            return .object(members)
        }
        return .object([
            ("format", .string("bulkllm-catalog")),
            ("format_version", .int(formatVersion)),
            ("version", .string(catalog.version.description)),
            ("catalog", .string(source)),
            ("versions", .array(versions.map { .string($0.description) })),
            ("models", .array(models)),
            ("records", .array(recordObjects)),
        ])
    }

    /// A canonical model: who made it, its family, status, its maker's statements (the model
    /// object; `null` when only hosts sell it), its offerings and aliases.
    static func canonical(_ model: CanonicalModel, successor: String?) -> JSONOutput {
        .object([
            ("id", .string(model.id)),
            ("creator", .string(model.creator)),
            ("family", .string(model.family)),
            ("status", .string(model.status.rawValue)),
            ("maker", model.facts.isEmpty ? .null : .object(ModelJSON.members(model.record))),
            ("successor_family", .string(successor)),
            (
                "offerings",
                .array(
                    model.offerings.map { offering in
                        .object([
                            ("record", .string(offering.recordID)), ("provider", .string(offering.provider)),
                            ("provider_model_id", .string(offering.providerModelID)),
                            ("rule", .string(offering.rule.description)),
                        ])
                    })
            ),
            (
                "aliases",
                .array(model.aliases.map { .object([("name", .string($0.name)), ("rule", .string($0.rule.description))]) })
            ),
        ])
    }
}
