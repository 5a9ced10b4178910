import ArgumentParser
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
            let catalog = try CatalogArchive(path: catalogOption.catalog)
            let version = catalog.version(at: at)
            var models = try catalog.models(at: at)
            if let provider { models = models.filter { $0.provider == provider } }
            switch format {
            case .json: print(ModelJSON.models(models, version: version).rendered(pretty: true))
            case .table:
                guard let version else {
                    printError("no catalog version on or before \(at?.description ?? "today")")
                    throw ExitCode(1)
                }
                print("catalog version \(version): \(models.count) models")
                print(CatalogText.modelTable(models), terminator: "")
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
            let catalog = try CatalogArchive(path: catalogOption.catalog)
            // A canonical model (the maker's id) shows its names and every offering.
            if format == .table, let version = catalog.version(at: at), let lookup = try? catalog.catalog(at: at),
                let canonical = lookup.model(id: id), canonical.offerings.count > 1 || !canonical.aliases.isEmpty
            {
                print(CatalogText.canonicalDetail(canonical, offerings: lookup.offerings(of: canonical), version: version), terminator: "")
                return
            }
            guard let version = catalog.version(at: at), let model = try catalog.model(id: id, at: at) else {
                printError("\(id): not in the catalog version in force at \(at?.description ?? "the newest date")")
                throw ExitCode(1)
            }
            switch format {
            case .json: print(ModelJSON.detailedModel(model, version: version).rendered(pretty: true))
            case .table: print(CatalogText.modelDetail(model, version: version), terminator: "")
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
            let catalog = try CatalogArchive(path: catalogOption.catalog)
            guard let history = try catalog.history(of: id) else {
                printError("\(id): no catalog version lists it")
                throw ExitCode(1)
            }
            switch format {
            case .json: print(ModelJSON.history(history).rendered(pretty: true))
            case .table: print(CatalogText.history(history), terminator: "")
            }
        }
    }
}

struct CoverageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coverage",
        abstract: "How many of each provider's listed models can be priced, and why the others cannot.",
        discussion: "A text model counts as priced when `catalog cost PROVIDER/ID --input 1000` prices it at the provider's own prices; other kinds (embedding, speech, image, video…) when they have a price in their own unit.")

    @OptionGroup var catalogOption: CatalogOption
    @Option(name: .long, help: "A date (YYYY-MM-DD): the newest version on or before it.") var at: CalendarDate?
    @Option(name: .long, help: "Only this provider.") var provider: String?
    @Option(name: .long, help: "table or json.") var format: OutputFormat = .table

    func run() throws {
        try runReportingTrouble {
            let archive = try CatalogArchive(path: catalogOption.catalog)
            var coverage = CatalogCoverage(catalog: try archive.catalog(at: at), records: try archive.models(at: at))
            if let provider { coverage.providers = coverage.providers.filter { $0.provider == provider } }
            switch format {
            case .json: print(coverage.json().rendered(pretty: true))
            case .table: print(coverage.rendered(), terminator: "")
            }
        }
    }
}
