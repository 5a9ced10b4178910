import ArgumentParser
import CatalogReports
import CatalogCore
import Foundation
import ModelCatalog

struct ModelsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "models", abstract: "List the models of the catalog version in force at a date (default: the newest).")

    @OptionGroup var catalogOption: CatalogOption
    @Option(name: .long, help: "A date (YYYY-MM-DD): the newest version on or before it.") var at: CalendarDate?
    @Option(name: .long, help: "Only this provider's models.") var provider: String?
    @Option(name: .long, help: "table or json.") var format: OutputFormat = .table

    func run() throws {
        try runReportingTrouble {
            let location = catalogOption.location
            let catalog = try catalogOption.catalog(at: at)
            var models = try catalog.records()
            if let provider { models = models.filter { $0.provider == provider } }
            switch format {
            case .json:
                printOutput(
                    ModelJSON.models(models, version: catalog.version, source: location.description).rendered(pretty: true))
            case .table:
                printOutput("catalog version \(catalog.version) (\(location)): \(models.count) models")
                printOutput(CatalogText.modelTable(models), terminator: "")
            }
        }
    }
}

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Everything known about one model, with the source of each fact.")

    @OptionGroup var catalogOption: CatalogOption
    @Argument(help: "The model id (provider/model).") var id: String
    @Option(name: .long, help: "A date (YYYY-MM-DD): the newest version on or before it.") var at: CalendarDate?
    @Option(name: .long, help: "table or json.") var format: OutputFormat = .table

    func run() throws {
        try runReportingTrouble {
            let location = catalogOption.location
            let catalog = try catalogOption.catalog(at: at)
            // A canonical model (the maker's id) shows its names and every offering.
            if format == .table, let canonical = try catalog.model(id: id),
                canonical.offerings.count > 1 || !canonical.aliases.isEmpty
            {
                printOutput(
                    CatalogText.canonicalDetail(
                        canonical, offerings: try catalog.offerings(of: canonical), version: catalog.version,
                        source: location.description),
                    terminator: "")
                return
            }
            guard let model = try catalog.record(id: id) else {
                printError("\(id): not in the catalog version in force at \(at?.description ?? "the newest date") (\(location))")
                throw ExitCode(1)
            }
            switch format {
            case .json:
                printOutput(
                    ModelJSON.detailedModel(model, version: catalog.version, source: location.description).rendered(pretty: true))
            case .table:
                printOutput(
                    CatalogText.modelDetail(model, version: catalog.version, source: location.description), terminator: "")
            }
        }
    }
}

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "How one model's prices, limits and status changed across catalog versions.")

    @OptionGroup var catalogOption: CatalogOption
    @Argument(help: "The model id (provider/model).") var id: String
    @Option(name: .long, help: "table or json.") var format: OutputFormat = .table

    func run() throws {
        try runReportingTrouble {
            let catalog = try catalogOption.location.archive()
            guard let history = try catalog.history(of: id) else {
                printError("\(id): no catalog version lists it")
                throw ExitCode(1)
            }
            switch format {
            case .json: printOutput(ModelJSON.history(history).rendered(pretty: true))
            case .table: printOutput(CatalogText.history(history), terminator: "")
            }
        }
    }
}

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "How many of each provider's listed models can be priced, and why the others cannot.",
        discussion:
            "A text model counts as priced when `catalog cost PROVIDER/ID --input 1000` prices it at the provider's own prices; other kinds (embedding, speech, image, video…) when they have a price in their own unit."
    )

    @OptionGroup var catalogOption: CatalogOption
    @Option(name: .long, help: "A date (YYYY-MM-DD): the newest version on or before it.") var at: CalendarDate?
    @Option(name: .long, help: "Only this provider.") var provider: String?
    @Option(name: .long, help: "table or json.") var format: OutputFormat = .table

    func run() throws {
        try runReportingTrouble {
            let location = catalogOption.location
            let catalog = try catalogOption.catalog(at: at)
            var coverage = try CatalogCoverage(catalog: catalog, records: try catalog.records())
            coverage.source = location.description
            if let provider { coverage.providers = coverage.providers.filter { $0.provider == provider } }
            switch format {
            case .json: printOutput(coverage.json().rendered(pretty: true))
            case .table: printOutput(coverage.rendered(), terminator: "")
            }
        }
    }
}
