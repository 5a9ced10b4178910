package import CatalogCore
import Foundation
package import ModelCatalog

/// The formats `catalog export` writes.
package enum ExportFormat: String, CaseIterable, Sendable {
    /// LiteLLM's `model_prices_and_context_window.json`.
    case litellm
    /// models.dev's `api.json`.
    case modelsDev = "models-dev"
    /// bulkllm's own full export, with price history.
    case json

    /// The file name the static site publishes it under, in `api/`.
    package var fileName: String {
        switch self {
        case .litellm: "model_prices_and_context_window.json"
        case .modelsDev: "models-dev.json"
        case .json: "catalog.json"
        }
    }
}

/// One catalog version ready to export in every format: its records read once, and (from a
/// built catalog) the price history of each.
package struct CatalogExporter {
    package let catalog: Catalog
    package let records: [ModelRecord]
    /// Where the catalog was read (`catalog/catalog.sqlite`, `embedded catalog`).
    package let source: String
    /// Every version's archive, when the catalog is a built file; the embedded catalog has none.
    package let archive: CatalogArchive?

    /// The version in force on `date` (the newest when `nil`) at `location`.
    /// - Throws: ``CatalogStoreError`` when the catalog cannot be read or has no such version.
    package init(location: CatalogLocation, at date: CalendarDate?) throws {
        catalog = try location.catalog(at: date)
        records = try catalog.records()
        source = location.description
        if case .file = location { archive = try location.archive() } else { archive = nil }
    }

    /// The bytes of one format, and lines for people about what it could not carry. `history`
    /// is ``history()``, when the caller read it already.
    /// - Throws: ``CatalogStoreError`` when the catalog cannot be read, or (`json`) when it is
    ///   the embedded catalog, which has no history.
    package func export(
        _ format: ExportFormat, history known: (histories: [String: ModelHistory], versions: [CalendarDate])? = nil
    )
        throws -> (bytes: [UInt8], notes: [String])
    {
        switch format {
        case .litellm:
            let result = try LiteLLMExport.export(catalog: catalog, records: records)
            var notes = ["litellm: \(result.entries) entries (\(records.count) records and the aliases their providers declare)"]
            notes += result.collisions.map { "litellm: \($0.key) is both \($0.kept) and \($0.dropped); kept \($0.kept)" }
            return (result.json.utf8(pretty: true), notes)
        case .modelsDev:
            let result = try ModelsDevExport.export(catalog: catalog, records: records)
            var lacking: [String: Int] = [:]
            for item in result.omitted { for field in item.missing { lacking[field, default: 0] += 1 } }
            let reasons = lacking.sorted { $0.key < $1.key }.map { "\($0.value) without \($0.key)" }.joined(separator: ", ")
            var notes = ["models-dev: \(result.models) models"]
            if !result.omitted.isEmpty {
                notes.append(
                    "models-dev: \(result.omitted.count) records left out for fields models.dev requires and no source states (\(reasons))"
                )
            }
            return (result.json.utf8(pretty: true), notes)
        case .json:
            let (histories, versions) = try known ?? history()
            let json = try CatalogJSONExport.export(
                catalog: catalog, records: records, histories: histories, versions: versions, source: source)
            return (json.utf8(pretty: true), ["json: \(catalog.modelIDs.count) canonical models, \(records.count) records"])
        }
    }

    /// The histories of every record up to this version, and the versions they cover.
    /// - Throws: ``CatalogStoreError`` for the embedded catalog, which holds one version.
    package func history() throws -> (histories: [String: ModelHistory], versions: [CalendarDate]) {
        guard let archive else {
            throw CatalogStoreError(
                .singleVersion, path: source,
                message:
                    "holds one version, no price history; run `catalog build` to build catalog/catalog.sqlite from snapshots/")
        }
        return (
            try archive.histories(through: catalog.version), archive.versions.map(\.date).filter { $0 <= catalog.version }
        )
    }
}
