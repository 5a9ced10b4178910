import CatalogCore
import Foundation

/// Where a reading command finds the catalog, by one rule for every command: the file given
/// with `--catalog`; else `catalog/catalog.sqlite` when it exists in the current folder; else
/// the catalog embedded in the library (the newest version of the snapshots committed with this
/// release). Every answer says which one it came from.
package enum CatalogLocation: Sendable, Equatable, CustomStringConvertible {
    /// A `catalog.sqlite` built by `catalog build`, with every version.
    case file(String)
    /// The catalog inside the library: one version, no history.
    case embedded

    /// Where `catalog build` writes by default.
    package static let defaultPath = "catalog/catalog.sqlite"

    /// The location for `explicit` (a `--catalog` value, or `nil`).
    package static func choose(_ explicit: String?, fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) })
        -> CatalogLocation
    {
        if let explicit { return .file(explicit) }
        return fileExists(defaultPath) ? .file(defaultPath) : .embedded
    }

    /// The catalog version in force on `date` (the newest when `nil`).
    /// - Throws: ``CatalogStoreError`` when the file is not a catalog or has no version by then,
    ///   or when a date other than its own is asked of the embedded catalog.
    package func catalog(at date: CalendarDate? = nil) throws -> Catalog {
        switch self {
        case .file(let path): return try Catalog(path: path, at: date)
        case .embedded:
            let catalog = try Catalog.embedded()
            if let date, date < catalog.version {
                throw CatalogStoreError(
                    .singleVersion, path: "the embedded catalog",
                    message: "holds only the version of \(catalog.version); run `catalog build` and ask again for \(date)")
            }
            return catalog
        }
    }

    /// Every version, for history and diffs: only a built file has them.
    package func archive() throws -> CatalogArchive {
        switch self {
        case .file(let path): return try CatalogArchive(path: path)
        case .embedded:
            throw CatalogStoreError(
                .missing, path: CatalogLocation.defaultPath,
                message: "no catalog here; run `catalog build` to create it (the embedded catalog holds one version, no history)")
        }
    }

    /// `catalog/catalog.sqlite`, or `embedded catalog`.
    package var description: String {
        switch self {
        case .file(let path): path
        case .embedded: "embedded catalog"
        }
    }
}

extension Catalog {
    /// Every provider record of this version, sorted by id.
    /// - Throws: ``CatalogStoreError`` when a record's facts cannot be read.
    package func records() throws -> [ModelRecord] {
        try data.records.keys.sorted().compactMap { try data.record($0) }
    }
}

extension Catalog {
    /// The prices a standard request of `record` is billed in this version, by key, as
    /// ``cost(of:usage:)-(ModelRecord,_)`` bills them: a promotion in force on the version's date
    /// stands under the standard key.
    package func billedPrices(of record: ModelRecord) -> [PriceKey: FactValue] {
        data.prices(record.id, isRecord: true) { record.facts }.mapValues(\.value)
    }

    /// The prices a standard request of the canonical model is billed at its maker's prices
    /// (its own record and the maker's alias records), as ``cost(of:usage:)-(CanonicalModel,_)``
    /// bills them. Not ``billedPrices(of:)-(ModelRecord)`` of `model.record`: that record has
    /// the id of the maker's own record, whose prices are kept apart.
    package func billedPrices(of model: CanonicalModel) -> [PriceKey: FactValue] {
        data.prices(model.id, isRecord: false) { model.facts }.mapValues(\.value)
    }
}
