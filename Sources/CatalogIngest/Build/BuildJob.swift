import CatalogCore
package import Foundation
import CatalogReports
import ModelCatalog

/// The whole `catalog build` job: build the versions whose snapshots changed, then rewrite
/// the committed text export of the newest version when it differs.
package enum BuildJob {
    /// Where things are.
    package struct Options: Sendable {
        package var snapshots: URL
        /// How the snapshots folder is named in messages (`snapshots`).
        package var snapshotsDisplay: String
        package var catalog: URL
        /// The text export to write; `nil` to write none.
        package var export: URL?
        /// Rebuild every version even when its inputs did not change.
        package var rebuild: Bool
        /// The embedded catalog to write (`Sources/ModelCatalog/Resources/catalog.tsv`); `nil`
        /// to write none.
        package var embedded: URL?
        /// The folder of the hand-kept rules (`creators.yaml`, `corrections.yaml`, `successors.yaml`).
        package var rules: URL

        package init(
            snapshots: URL, snapshotsDisplay: String? = nil, catalog: URL, export: URL?, rebuild: Bool = false, rules: URL? = nil
        ) {
            self.snapshots = snapshots
            self.snapshotsDisplay = snapshotsDisplay ?? snapshots.relativePath
            self.catalog = catalog
            self.export = export
            self.rebuild = rebuild
            self.rules = rules ?? snapshots.deletingLastPathComponent().appendingPathComponent("catalog")
            self.embedded = nil
        }
    }

    /// Runs the job.
    /// - Returns: the build report; `exportWritten` tells whether the export changed.
    package static func run(_ options: Options) throws -> (report: CatalogBuilder.Report, exportWritten: Bool) {
        let result = try build(options)
        if let embedded = options.embedded, result.report.latest != nil {
            let archive = try CatalogArchive(path: options.catalog.path)
            if let text = try archive.embeddedCatalogText() {
                let data = Data(text.utf8)
                if FileManager.default.contents(atPath: embedded.path) != data { try AtomicFile.write(data, to: embedded) }
            }
        }
        return result
    }

    static func build(_ options: Options) throws -> (report: CatalogBuilder.Report, exportWritten: Bool) {
        try FileManager.default.createDirectory(
            at: options.catalog.deletingLastPathComponent(), withIntermediateDirectories: true)
        let store = SnapshotStore(root: options.snapshots, displayRoot: options.snapshotsDisplay)
        let report: CatalogBuilder.Report
        // A rebuild writes a new file beside the old one and renames it into place: a damaged
        // catalog is replaced, never opened, and readers see the old file until the new is whole.
        let target = options.catalog.path
        let writePath = options.rebuild ? target + ".rebuilding" : target
        if options.rebuild {
            for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: writePath + suffix) }
        }
        do {
            let writer = try CatalogWriter(path: writePath)
            let rules = try RulesLoader.load(from: options.rules)
            let builder = CatalogBuilder(store: store, rules: rules, rulesFingerprint: RulesLoader.fingerprint(of: options.rules))
            report = try builder.build(into: writer, rebuild: options.rebuild)
            try writer.finish()
        }
        if options.rebuild {
            for suffix in ["-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: target + suffix) }
            guard rename(writePath, target) == 0 else {
                throw SnapshotError(file: target, message: "cannot move the rebuilt catalog into place (errno \(errno))")
            }
        }
        var exportWritten = false
        if let export = options.export, let latest = report.latest {
            let catalog = try CatalogArchive(path: options.catalog.path)
            let text = CatalogText.export(
                models: try catalog.models(at: latest), sources: try catalog.sources(at: latest), version: latest)
            let data = Data(text.utf8)
            if FileManager.default.contents(atPath: export.path) != data {
                try AtomicFile.write(data, to: export)
                exportWritten = true
            }
        }
        return (report, exportWritten)
    }

    /// The lines `catalog build` prints: one status line per source of the newest version,
    /// the problems met in this run, and a summary.
    package static func summary(_ report: CatalogBuilder.Report, exportPath: String?, exportWritten: Bool) -> String {
        var text = ""
        if let latest = report.latest {
            text += "sources in the newest version (\(latest)):\n"
            var table = TextTable(header: ["SOURCE", "STATE", "CAPTURE", "MODELS", "NOTE"], rightAligned: [3])
            for source in report.latestSources {
                var capture = source.captureDate?.description ?? "-"
                if let days = source.staleDays { capture += " (\(days)d old)" }
                table.append([
                    source.capturePath, source.state.rawValue, capture, String(source.modelCount), source.message ?? "",
                ])
            }
            text += table.rendered()
        }
        let errors = report.errors
        if !errors.isEmpty {
            text += "\nfailed captures (\(errors.count)); the last good capture of each carries forward:\n"
            for (_, diagnostic) in errors { text += "  " + diagnostic.description + "\n" }
        }
        let warnings = report.diagnostics.filter { $0.diagnostic.severity == .warning }
        if !warnings.isEmpty {
            text += "\nwarnings (\(warnings.count)):\n"
            for (_, diagnostic) in warnings.prefix(40) { text += "  " + diagnostic.description + "\n" }
            if warnings.count > 40 { text += "  … and \(warnings.count - 40) more\n" }
        }
        if !report.latestCrossSource.isEmpty {
            text += "\nprices of the newest version that OpenRouter contradicts (\(report.latestCrossSource.count)):\n"
            for diagnostic in report.latestCrossSource.prefix(20) { text += "  " + diagnostic.description + "\n" }
            if report.latestCrossSource.count > 20 { text += "  … and \(report.latestCrossSource.count - 20) more\n" }
        }
        text += "\n"
        if report.built.isEmpty {
            text += "catalog up to date: \(report.unchanged.count) version(s), nothing to rebuild"
        } else {
            text += "built \(report.built.count) version(s) (\(report.built.first!) … \(report.built.last!))"
            if !report.unchanged.isEmpty { text += ", kept \(report.unchanged.count) unchanged" }
            text += "; read \(report.capturesRead) captures, \(formatMegabytes(report.bytesRead)) MB"
        }
        if !report.deleted.isEmpty { text += "; removed \(report.deleted.count) version(s) whose snapshots are gone" }
        if let latest = report.latest { text += "\nnewest version \(latest): \(report.latestModelCount) models" }
        if let exportPath { text += "\nexport \(exportPath): " + (exportWritten ? "updated" : "unchanged") }
        if !report.failedInLatest.isEmpty {
            text += "\nFAILED in the newest snapshot: " + report.failedInLatest.map(\.file).joined(separator: ", ")
        }
        return text + "\n"
    }

    static func formatMegabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 524_288) / 1_048_576
        return "\(tenths / 10).\(tenths % 10)"
    }
}
