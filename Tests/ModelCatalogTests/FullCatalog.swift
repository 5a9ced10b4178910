import CatalogCore
import CatalogIngest
import CatalogTestSupport
import Foundation
import ModelCatalog

/// The catalog built once from every committed snapshot, shared by the tests of this target.
enum FullCatalog {
    static let path: String = {
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

    static func open() throws -> CatalogArchive { try CatalogArchive(path: path) }

    /// The newest version, for lookups.
    static func latest() throws -> Catalog { try Catalog(path: path) }
}
