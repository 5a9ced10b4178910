import ArgumentParser
import CatalogCore
import CatalogIngest
import CatalogReports
import CatalogSite
import Foundation
import ModelCatalog

extension ExportFormat: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract:
            "Write the catalog in a format other tools read: LiteLLM's cost map, models.dev's api.json, or bulkllm's full JSON.",
        discussion: """
            litellm: LiteLLM's model_prices_and_context_window.json (point LITELLM_MODEL_COST_MAP_URL at it, with MODEL_COST_MAP_MAX_SHRINK_RATIO=0; see docs/exports.md).
            models-dev: models.dev's api.json (docs/exports.md).
            json: every canonical model, offering, alias and record with its price history (docs/export-json.md); needs a built catalog.
            What a format cannot carry is said on standard error.
            """)

    @OptionGroup var catalogOption: CatalogOption
    @Option(name: .long, help: "litellm, models-dev or json.") var format: ExportFormat
    @Option(name: .long, help: "A date (YYYY-MM-DD): the newest version on or before it.") var at: CalendarDate?
    @Option(name: .long, help: "The file to write (default: standard output).") var out: String?

    func run() throws {
        try runReportingTrouble {
            let exporter = try CatalogExporter(location: catalogOption.location, at: at)
            let (bytes, notes) = try exporter.export(format)
            for note in notes { printError(note) }
            if let out {
                try AtomicFile.write(Data(bytes), to: URL(fileURLWithPath: out))
                printError("wrote \(out) (\(bytes.count) bytes, catalog version \(exporter.catalog.version), \(exporter.source))")
            } else {
                bytes.withUnsafeBytes { writeOutput($0) }
            }
        }
    }
}

struct SiteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "site",
        abstract:
            "Build the catalog's static website: every model, its price history, what changed in each version, and the exports.",
        discussion:
            "Without a built catalog (--catalog, or catalog/catalog.sqlite here), catalog/catalog.sqlite is built from snapshots/ first. The folder opens from disk; DIR/api/ holds the exports."
    )

    @OptionGroup var catalogOption: CatalogOption
    @Option(name: .long, help: "The folder to write the site into (replaced when it holds a site built before).") var out: String
    @Option(name: .long, help: "A date (YYYY-MM-DD): the site of the newest version on or before it.") var at: CalendarDate?

    func run() throws {
        try runReportingTrouble {
            let clock = ContinuousClock()
            let start = clock.now
            let location = try SiteBuilder.catalogWithHistory(catalogOption.location) { printError($0) }
            let exporter = try CatalogExporter(location: location, at: at)
            let report = try SiteBuilder.build(exporter, into: URL(fileURLWithPath: out))
            for note in report.notes { printError(note) }
            let seconds = (clock.now - start) / .milliseconds(1) / 1000
            printOutput(
                "wrote \(out)/: \(report.models) model pages, \(report.changePages) change pages, \(report.files) files, \(report.bytes / 1024) KB, catalog version \(report.version) (\(exporter.source)) in \(String(format: "%.1f", seconds)) s; open \(out)/index.html"
            )
        }
    }
}
