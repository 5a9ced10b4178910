package import CatalogCore
import CatalogIngest
import Foundation
package import ModelCatalog

/// The catalog built once from every committed snapshot, shared by every test of the process.
///
/// Tests that check what the data says pin a version (``pinned``): the nightly job adds a
/// snapshot date every day, and its pull request must stay green.
package enum FullCatalog {
    /// The newest snapshot date when these tests were written: answers read from the data are
    /// checked on this version, whatever versions come after it.
    package static let pinnedDate = CalendarDate(iso: "2026-07-28")!

    package static let path: String = {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulkllm-full-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("catalog.sqlite").path
        try? FileManager.default.removeItem(atPath: path)
        do {
            let writer = try CatalogWriter(path: path)
            let rulesFolder = Repository.root.appendingPathComponent("catalog")
            let builder = CatalogBuilder(
                store: SnapshotStore(root: Repository.snapshots, displayRoot: "snapshots"),
                rules: try RulesLoader.load(from: rulesFolder),
                rulesFingerprint: RulesLoader.fingerprint(of: rulesFolder))
            _ = try builder.build(into: writer)
            try writer.finish()
        } catch {
            fatalError("cannot build the catalog from snapshots/: \(error)")
        }
        return path
    }()

    package static func open() throws -> CatalogArchive { try CatalogArchive(path: path) }

    /// The newest version, for checks that hold for any version (the embedded catalog is it).
    package static func latest() throws -> Catalog { try Catalog(path: path) }

    private static let pinnedCatalog = Result { try Catalog(path: path).asOf(pinnedDate) }

    /// The version of ``pinnedDate``, for lookups and costs whose answers the tests state.
    package static func pinned() throws -> Catalog { try pinnedCatalog.get() }
}
