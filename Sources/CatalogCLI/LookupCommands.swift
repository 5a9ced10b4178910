import ArgumentParser
import CatalogCore
import CatalogReports
import Foundation
import ModelCatalog

/// Where `lookup`, `cost` and `families` read the catalog, and the date of the version.
struct LookupSource: ParsableArguments {
    @OptionGroup var catalogOption: CatalogOption

    @Option(
        name: .long, help: "A date (YYYY-MM-DD): the catalog version in force then (needs a built catalog for an older date).")
    var at: CalendarDate?

    var location: CatalogLocation { catalogOption.location }

    func open() throws -> Catalog {
        let catalog = try location.catalog(at: at)
        keptForTheProcess.append(catalog)
        return catalog
    }
}

/// Catalogs opened by this process, kept until it exits: tearing down their indexes at the end
/// of a command is work nobody waits for.
nonisolated(unsafe) private var keptForTheProcess: [Catalog] = []

struct LookupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lookup",
        abstract: "Resolve model names (any provider's or router's spelling) to canonical models.",
        discussion:
            "Exit status: 0 when every name resolves, 1 when one is unknown or ambiguous, 2 on trouble. `-` reads names from standard input, one per line."
    )

    @OptionGroup var source: LookupSource
    @Argument(help: "Names to resolve; - for standard input.") var names: [String]
    @Option(name: .long, help: "table or json (one object per line).") var format: OutputFormat = .table

    func run() throws {
        try runReportingTrouble {
            let catalog = try source.open()
            switch format {
            case .json:
                var stream = LookupStream(catalog: catalog, source: source.location.description)
                for name in names {
                    if name == "-" {
                        try LookupStream.withContents(of: 0) { try stream.write(lines: $0, to: writeOutput) }
                    } else {
                        try stream.write([name], to: writeOutput)
                    }
                }
                if stream.missed { throw ExitCode(1) }
            case .table:
                var queries: [String] = []
                for name in names {
                    queries += name == "-" ? try LookupStream.withContents(of: 0) { LookupStream.names(in: $0) } : [name]
                }
                let resolutions = try queries.map { try catalog.resolve($0) }
                printOutput("catalog version \(catalog.version) (\(source.location))")
                printOutput(LookupText.table(resolutions), terminator: "")
                if resolutions.contains(where: { !$0.isResolved }) { throw ExitCode(1) }
            }
        }
    }
}

struct CostCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cost",
        abstract: "What a usage costs on a model, in USD, from the catalog's prices.",
        discussion:
            "A host's id (openrouter/openai/gpt-4o) is priced at that host's prices; any other name at the maker's. A price the usage needs that the catalog lacks is an error, never $0. Exit status: 0 priced, 1 not priceable, 2 trouble."
    )

    @OptionGroup var source: LookupSource
    @Argument(help: "The model name.") var name: String
    @Option(name: .long, help: "Prompt tokens neither read from nor written to the cache.") var input: Int = 0
    @Option(name: .long, help: "Completion tokens (without reasoning tokens).") var output: Int = 0
    @Option(name: .customLong("cached-input"), help: "Prompt tokens read from the cache.") var cachedInput: Int = 0
    @Option(name: .customLong("cache-write"), help: "Prompt tokens written to the cache.") var cacheWrite: Int = 0
    @Option(name: .long, help: "Reasoning tokens.") var reasoning: Int = 0
    @Option(name: .long, help: "standard, batch, flex, priority or fast.") var tier: String = "standard"
    @Option(name: .long, help: "table or json.") var format: OutputFormat = .table

    func validate() throws {
        guard let tier = PriceTier(rawValue: tier), tier != .promotion else {
            throw ValidationError(
                "--tier must be standard, batch, flex, priority or fast (a promotion applies by itself while it runs)")
        }
        guard [input, output, cachedInput, cacheWrite, reasoning].allSatisfy({ $0 >= 0 }) else {
            throw ValidationError("token counts cannot be negative")
        }
    }

    func run() throws {
        try runReportingTrouble {
            let catalog = try source.open()
            let usage = Usage(
                inputTokens: input, cachedInputTokens: cachedInput, cacheWriteTokens: cacheWrite, outputTokens: output,
                reasoningTokens: reasoning, tier: PriceTier(rawValue: tier)!)
            do {
                let cost = try catalog.cost(of: name, usage: usage)
                switch format {
                case .table:
                    printOutput(
                        LookupText.cost(cost, version: catalog.version, source: source.location.description), terminator: "")
                case .json:
                    printOutput(
                        JSONOutput.object([
                            ("model", .string(cost.pricedAs)), ("version", .string(catalog.version.description)),
                            ("catalog", .string(source.location.description)),
                            ("total_usd", .string(Money.format(cost.total, minimumFractionDigits: 2))),
                            ("long_context_above", .int(cost.longContextAbove)),
                            (
                                "lines",
                                .array(
                                    cost.lines.map {
                                        .object([
                                            ("price", .string($0.price.name)), ("quantity", .int($0.quantity)),
                                            ("rate_usd", .string(Money.format($0.rate))),
                                            ("amount_usd", .string(Money.format($0.amount))),
                                        ])
                                    })
                            ),
                        ]).rendered(pretty: true))
                }
            } catch let error as CostError {
                printError("cannot price \(error.description)")
                throw ExitCode(1)
            }
        }
    }
}

struct FamiliesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "families", abstract: "Model families (the snapshots sharing a stem) and what replaces them.")

    @OptionGroup var source: LookupSource
    @Option(name: .long, help: "Only families of this creator (openai, anthropic, …).") var creator: String?

    func run() throws {
        try runReportingTrouble {
            let catalog = try source.open()
            var families = catalog.families
            if let creator { families = families.filter { $0.family.hasPrefix(creator + "/") } }
            printOutput("catalog version \(catalog.version) (\(source.location))")
            printOutput(LookupText.families(families, successors: catalog.successor(of:)), terminator: "")
        }
    }
}
