package import CatalogCore
package import CatalogIngest
import Foundation
package import ModelCatalog

/// What must hold of any repository state: the committed one, and the one the nightly job
/// leaves after it refreshes a new date and builds. Each check returns its problems, one line
/// each, so that a test can run it on the committed snapshots and on a simulated night alike.
package enum RepositoryInvariants {
    /// Every capture is registered and listed in its date's manifest with its exact bytes and
    /// SHA-256, an `https` address, and a provenance (an imported recording's origin, or a live
    /// fetch's time and HTTP status).
    /// - Returns: the problems and the number of captures checked.
    package static func snapshotProblems(_ store: SnapshotStore) throws -> (problems: [String], captures: Int) {
        var problems: [String] = []
        var captures = 0
        for date in try store.dates() {
            guard let manifest = try store.manifest(on: date) else {
                problems.append("\(date): no manifest")
                continue
            }
            let paths = Set(try store.capturePaths(on: date))
            let listed = Set(manifest.captures.map(\.path))
            for path in paths.subtracting(listed).sorted() { problems.append("\(date)/\(path): not in the manifest") }
            for path in listed.subtracting(paths).sorted() { problems.append("\(date)/\(path): in the manifest, no file") }
            for entry in manifest.captures where paths.contains(entry.path) {
                let place = "\(date)/\(entry.path)"
                let bytes = try store.read(date, entry.path)
                if SHA256.hex(of: bytes) != entry.sha256 || bytes.count != entry.bytes {
                    problems.append("\(place): bytes differ from the manifest")
                }
                if SourceRegistry.source(forCapturePath: entry.path)?.id.path != entry.source {
                    problems.append("\(place): not a capture of its source \(entry.source)")
                }
                if entry.provenance == nil { problems.append("\(place): neither an origin nor a fetch time and HTTP status") }
                if !entry.url.hasPrefix("https://") { problems.append("\(place): address \(entry.url) is not https") }
                captures += 1
            }
        }
        return (problems, captures)
    }

    /// One version per snapshot date; between consecutive versions, removals only from sources
    /// compared in the newer one and no id both added and removed; a version compared with
    /// itself changes nothing but its sources.
    package static func historyProblems(_ archive: CatalogArchive, dates: [CalendarDate]) throws -> [String] {
        var problems: [String] = []
        if archive.versions.map(\.date) != dates { problems.append("the catalog's versions are not the snapshot dates") }
        let versions = try archive.versions.map { try archive.catalogVersion(at: $0.date) }
        for (old, new) in zip(versions, versions.dropFirst()) {
            let diff = CatalogDiff(from: old, to: new)
            let compared = Set(diff.sources.filter(\.isCompared).map(\.capturePath))
            let oldByID = Dictionary(uniqueKeysWithValues: old.models.map { ($0.id, $0) })
            for change in diff.changes where change.kind == .removed || change.kind == .retired {
                let id = change.provider + "/" + (change.providerModelID ?? "")
                guard let record = oldByID[id] else {
                    problems.append("\(new.date): \(id) removed but not in \(old.date)")
                    continue
                }
                if !record.facts(.listed).map(\.source.sourcePath).contains(where: compared.contains) {
                    problems.append("\(new.date): \(id) removed while no source listing it was compared")
                }
            }
            let added = Set(diff.changes(.added).map { $0.provider + "/" + ($0.providerModelID ?? "") })
            let removed = Set(diff.changes(.removed).map { $0.provider + "/" + ($0.providerModelID ?? "") })
            for id in added.intersection(removed).sorted() { problems.append("\(new.date): \(id) both added and removed") }
            for change in diff.changes where change.kind == .renamed && change.old == change.new {
                problems.append("\(new.date): a rename to the same id \(change.old?.description ?? "")")
            }
        }
        if let latest = versions.last {
            for change in CatalogDiff(from: latest, to: latest).changes where change.kind != .notCompared {
                problems.append("\(latest.date) against itself: \(change.kind) \(change.providerModelID ?? "")")
            }
        }
        return problems
    }

    /// Every canonical id resolves to itself, every alias to its model (or ambiguously), every
    /// offering's record id to its model.
    /// - Returns: the problems and the number of names checked.
    package static func nameProblems(_ catalog: Catalog) throws -> (problems: [String], names: Int) {
        var problems: [String] = []
        var checked = 0
        for id in catalog.modelIDs {
            guard let model = try catalog.model(id: id) else {
                problems.append("\(id): listed but not found")
                continue
            }
            if try catalog.resolve(id).model?.id != id { problems.append("\(id) does not resolve to itself") }
            for alias in model.aliases {
                let resolution = try catalog.resolve(model.creator + "/" + alias.name)
                if resolution.model?.id != id && !resolution.isAmbiguous {
                    problems.append(
                        "alias \(model.creator)/\(alias.name) resolves to \(resolution.model?.id ?? "nothing"), not \(id)")
                }
                checked += 1
            }
            for offering in model.offerings {
                let resolution = try catalog.resolve(offering.recordID)
                if resolution.model?.id != id || !(resolution.match == .offering || resolution.match == .exact) {
                    problems.append("offering \(offering.recordID) resolves to \(resolution.model?.id ?? "nothing"), not \(id)")
                }
                checked += 1
            }
        }
        return (problems, checked)
    }
}
