package import CatalogCore
import Foundation

/// Which catalog version to compare: a snapshot date of the default catalog, a catalog file
/// (its newest version), or a version of a file (`base.sqlite@2025-07-30`).
package enum VersionReference: Hashable, Sendable, CustomStringConvertible {
    /// The version in force on the date in the default catalog.
    case date(CalendarDate)
    /// The version in force on the date (the newest when `nil`) in a catalog file.
    case file(path: String, date: CalendarDate?)

    /// Reads `YYYY-MM-DD`, `PATH` or `PATH@YYYY-MM-DD`.
    package init(_ text: String) {
        if let date = CalendarDate(iso: text) {
            self = .date(date)
        } else if let at = text.lastIndex(of: "@"), let date = CalendarDate(iso: text[text.index(after: at)...]) {
            self = .file(path: String(text[..<at]), date: date)
        } else {
            self = .file(path: text, date: nil)
        }
    }

    package var description: String {
        switch self {
        case .date(let date): date.description
        case .file(let path, let date?): path + "@" + date.description
        case .file(let path, nil): path
        }
    }
}

extension CatalogDiff {
    /// Loads the two versions `old` and `new` name and compares them. Without `new`, the newest
    /// version of the default catalog; without `old`, the version before `new`'s date in the
    /// default catalog.
    /// - Parameter catalogPath: the catalog that dates and missing references refer to.
    /// - Throws: ``CatalogStoreError`` when a catalog cannot be opened or has no such version.
    package static func load(
        old: VersionReference?, new: VersionReference?, catalogPath: String, options: Options = Options()
    ) throws -> CatalogDiff {
        var archives: [String: CatalogArchive] = [:]
        func archive(_ path: String) throws -> CatalogArchive {
            if let open = archives[path] { return open }
            let opened = try CatalogArchive(path: path)
            archives[path] = opened
            return opened
        }
        func load(_ reference: VersionReference) throws -> CatalogVersion {
            switch reference {
            case .date(let date):
                let catalog = try archive(catalogPath)
                guard catalog.version(at: date) != nil else {
                    throw CatalogStoreError(
                        .noVersion, path: catalogPath,
                        message:
                            "no catalog version on or before \(date) (the first is \(catalog.versions.first.map { $0.date.description } ?? "none"))"
                    )
                }
                return try catalog.catalogVersion(at: date)
            case .file(let path, let date):
                return try archive(path).catalogVersion(at: date)
            }
        }
        let newer = try load(new ?? .file(path: catalogPath, date: nil))
        let older: CatalogVersion
        if let old {
            older = try load(old)
        } else {
            let catalog = try archive(catalogPath)
            guard let previous = catalog.versions.last(where: { $0.date < newer.date })?.date else {
                throw CatalogStoreError(
                    .noVersion, path: catalogPath, message: "no version before \(newer.date) to compare with; name one as OLD")
            }
            older = try catalog.catalogVersion(at: previous)
        }
        return CatalogDiff(from: older, to: newer, options: options)
    }
}
