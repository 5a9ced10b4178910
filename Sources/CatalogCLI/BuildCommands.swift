import ArgumentParser
import CatalogIngest
import Foundation
import ModelCatalog

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Bring recorded captures (a folder with origins.tsv) into snapshots/, byte for byte, with manifests.")

    @Option(name: .long, help: "The folder of recordings laid out as <date>/<provider>/<file>, with origins.tsv.")
    var from: String

    @Option(name: .long, help: "The snapshots folder.")
    var snapshots: String = "snapshots"

    func run() throws {
        try runReportingTrouble {
            let store = SnapshotStore(root: URL(fileURLWithPath: snapshots), displayRoot: snapshots)
            let report = try CaptureImporter(store: store).importRecordings(from: URL(fileURLWithPath: from))
            for problem in report.problems { printError("problem: " + problem) }
            printOutput(
                "imported \(report.imported.count) capture(s), \(report.unchanged.count) already present, over \(report.dates.count) date(s)"
            )
            if !report.problems.isEmpty { throw ExitCode(1) }
        }
    }
}

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the versioned catalog (one version per snapshot date) and its text export.",
        discussion: "Exit status: 0 when every source of the newest snapshot was read, 1 when one failed, 2 on trouble.")

    @Option(name: .long, help: "The snapshots folder.")
    var snapshots: String = "snapshots"

    @Option(name: .long, help: "The catalog database to write.")
    var catalog: String = "catalog/catalog.sqlite"

    @Option(name: .long, help: "The text export of the newest version (default: models.txt next to the catalog).")
    var export: String?

    @Flag(name: .long, help: "Write no text export.")
    var noExport = false

    @Flag(name: .long, help: "Rebuild every version, not only those whose snapshots changed.")
    var rebuild = false

    @Option(
        name: .long,
        help:
            "The library's embedded catalog to refresh (default: Sources/ModelCatalog/Resources/catalog.tsv, when building the default catalog in a checkout of bulkllm)."
    )
    var embedded: String?

    @Option(name: .long, help: "The folder of the hand-kept rules (creators.yaml, corrections.yaml, successors.yaml).")
    var rules: String = "catalog"

    func run() throws {
        try runReportingTrouble {
            let catalogURL = URL(fileURLWithPath: catalog)
            let exportPath =
                noExport
                ? nil : (export ?? catalogURL.deletingLastPathComponent().appendingPathComponent("models.txt").relativePath)
            var options = BuildJob.Options(
                snapshots: URL(fileURLWithPath: snapshots), snapshotsDisplay: snapshots, catalog: catalogURL,
                export: exportPath.map { URL(fileURLWithPath: $0) }, rebuild: rebuild, rules: URL(fileURLWithPath: rules))
            let defaultEmbedded = "Sources/ModelCatalog/Resources"
            var isDirectory: ObjCBool = false
            if let embedded {
                options.embedded = URL(fileURLWithPath: embedded)
            } else if !noExport, catalog == "catalog/catalog.sqlite", snapshots == "snapshots",
                FileManager.default.fileExists(atPath: defaultEmbedded, isDirectory: &isDirectory), isDirectory.boolValue
            {
                // Only the default build of the committed snapshots may refresh the library's catalog.
                options.embedded = URL(fileURLWithPath: defaultEmbedded + "/catalog.tsv")
            }
            let (report, exportWritten) = try BuildJob.run(options)
            printOutput(BuildJob.summary(report, exportPath: exportPath, exportWritten: exportWritten), terminator: "")
            if !report.failedInLatest.isEmpty { throw ExitCode(1) }
        }
    }
}

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract:
            "Outline a captured page (tables, headings, script payloads) and what its parser reads, to fix a parser after a layout change."
    )

    @Argument(help: "The page file.") var file: String
    @Option(name: .long, help: "Rows to show per table.") var rows: Int = 4

    func run() throws {
        try runReportingTrouble {
            guard let data = FileManager.default.contents(atPath: file) else {
                printError("\(file): cannot read the file")
                throw ExitCode(2)
            }
            printOutput(try PageInspector.outline([UInt8](data), rows: rows), terminator: "")
            if let reading = PageInspector.reading([UInt8](data), file: file) { printOutput(reading, terminator: "") }
        }
    }
}

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract:
            "Check that a built catalog is intact: SQLite's integrity check, and every record and version against the hashes stored when it was built.",
        discussion: "Exit status: 0 when intact, 1 when damaged (rebuild it with `catalog build --rebuild`), 2 on trouble."
    )

    @Option(name: .long, help: "The catalog database to check.") var catalog: String = "catalog/catalog.sqlite"

    func run() throws {
        try runReportingTrouble {
            let report = try CatalogIntegrity.verify(path: catalog)
            if report.isIntact {
                printOutput(
                    "\(catalog): intact (integrity_check ok; \(report.recordsChecked) records match their digests; \(report.versionsChecked) versions match their content hashes)"
                )
            } else {
                printOutput("\(catalog): damaged (\(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")):")
                for problem in report.problems.prefix(50) { printOutput("  " + problem) }
                if report.problems.count > 50 { printOutput("  … and \(report.problems.count - 50) more") }
                printOutput("rebuild it with `catalog build --rebuild`")
                throw ExitCode(1)
            }
        }
    }
}
