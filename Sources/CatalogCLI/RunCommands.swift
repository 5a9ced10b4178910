public import ArgumentParser
import CatalogCore
import CatalogIngest
public import Foundation
import ModelCatalog
public import ModelDispatch

/// The options of every command that sends requests: routing, limits, budget and hosts.
struct DispatchOptions: ParsableArguments {
    @Option(name: .long, help: "first-party or cheapest.") var route: RouteOrder = .firstParty
    @Option(name: .long, help: "none, sibling or successor: may another model answer?") var fallback: FallbackPolicy = .none
    @Option(name: .customLong("max-cost"), help: "A budget in USD that the requests together may not exceed.")
    var maxCost: Decimal?
    @Option(name: .long, help: "The account tier whose catalog rate limits apply (tier_1 … tier_5, developer, free).")
    var tier: String?
    @Option(name: .long, help: "A limits file (default: catalog/rate-limits.yaml when present).") var limits: String?
    @Option(name: .customLong("base-url"), help: "HOST=URL: send HOST's requests to URL instead (repeatable).")
    var baseURL: [String] = []
    @Option(name: .long, help: "Seconds for one attempt's answer.") var timeout: Double = 600

    func validate() throws {
        if let maxCost, maxCost <= 0 { throw ValidationError("--max-cost must be positive") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        do { _ = try RefreshPlanner.baseURLs(baseURL) } catch { throw ValidationError("\(error)") }
    }

    /// The dispatcher's configuration these options give.
    func configuration() throws -> Dispatcher.Configuration {
        let limitsPath =
            limits ?? (FileManager.default.fileExists(atPath: "catalog/rate-limits.yaml") ? "catalog/rate-limits.yaml" : nil)
        return Dispatcher.Configuration(
            maxCost: maxCost, route: route, fallback: fallback, tier: tier,
            limits: try limitsPath.map { path throws(RateLimitsError) in try RateLimits.load(path: path) } ?? RateLimits(),
            baseURLs: try RefreshPlanner.baseURLs(baseURL), timeout: timeout)
    }
}

/// `--presets FILE`, shared by the commands that read presets.
struct PresetsOption: ParsableArguments {
    @Option(name: .long, help: "The presets file.") var presets = "catalog/presets.yaml"

    /// The presets, or `nil` when the default file is absent (a file named on purpose must exist).
    func load(required: Bool) throws -> Presets? {
        if !required, presets == "catalog/presets.yaml", !FileManager.default.fileExists(atPath: presets) { return nil }
        return try Presets.load(path: presets)
    }
}

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Send every request of a JSONL file, resumably: one result line per request, appended as each finishes.",
        discussion: """
            Every line is checked first (JSON, a unique id, a model the configured hosts can serve, a price under \
            --max-cost); a problem is reported with its line number and nothing is sent. --dry-run only checks and \
            prices the file. Run the same command again after a crash, kill or Ctrl-C: only requests without a result \
            are sent, and spend already recorded counts against --max-cost. The files are described in docs/run-jsonl.md. \
            Exit status: 0 all answered, 1 some failed, 2 trouble (bad input included), 3 stopped by the budget, \
            130 stopped by Ctrl-C or SIGTERM.
            """)

    @OptionGroup var source: LookupSource
    @OptionGroup var dispatch: DispatchOptions
    @OptionGroup var presetsOption: PresetsOption
    @Argument(help: "The input: one JSON request per line.") var input: String
    @Option(name: .long, help: "The output: one JSON result per line, appended to.") var out: String?
    @Option(name: .long, help: "The model of lines that name none.") var model: String?
    @Option(name: .long, help: "The preset of lines that name no model or preset.") var preset: String?
    @Option(name: .long, help: "Requests in flight at once.") var concurrency = 16
    @Flag(name: .customLong("dry-run"), help: "Check and price the file; send nothing.") var dryRun = false
    @Option(name: .customLong("stats-json"), help: "Write the run's statistics per model and host to this file.")
    var statsJSON: String?

    func validate() throws {
        guard concurrency >= 1 else { throw ValidationError("--concurrency must be at least 1") }
        if model != nil, preset != nil { throw ValidationError("give --model or --preset, not both") }
        if !dryRun, out == nil { throw ValidationError("--out RESULTS.jsonl is needed (or --dry-run)") }
    }

    func run() async throws {
        try await runReportingTrouble {
            let catalog = try source.open()
            let configuration = try dispatch.configuration()
            let options = RunOptions(
                input: input, output: out ?? "", model: model, preset: preset, concurrency: concurrency,
                presets: try presetsOption.load(required: preset != nil))
            let runner = BulkRunner(catalog: catalog, configuration: configuration, options: options)
            let check = try runner.check()
            if check.problemCount > 0 {
                printError(check.text)
                throw ExitCode(2)
            }
            if dryRun {
                printOutput(check.text, terminator: "")
                return
            }
            let control = RunControl()
            control.stopOnSignals()
            let terminal = isatty(2) == 1
            let summary = try await runner.run(control: control, progressEvery: terminal ? 0.5 : 5) { progress in
                let line = progress.line(terminal: terminal)
                FileHandle.standardError.write(Data((terminal ? "\r\u{1B}[2K" + line : line + "\n").utf8))
            }
            if terminal { FileHandle.standardError.write(Data("\n".utf8)) }
            if let statsJSON {
                try Data(summary.statistics.jsonText.utf8).write(to: URL(fileURLWithPath: statsJSON))
            }
            printError(summary.text)
            if summary.exitStatus != 0 { throw ExitCode(summary.exitStatus) }
        }
    }
}

struct PresetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "presets",
        abstract: "List the model presets with their prices, or check them against the catalog.",
        discussion: """
            --check validates every preset: its model resolves and is not retired, its parameters are ones the model \
            takes, and no configuration is there twice. Exit status: 0 all hold, 1 a problem (each named with its \
            preset and file line), 2 trouble.
            """)

    @OptionGroup var source: LookupSource
    @OptionGroup var presetsOption: PresetsOption
    @Option(name: .long, help: "Only the presets of this group.") var group: String?
    @Option(name: .long, help: "Input tokens of the usage priced.") var input = 1000
    @Option(name: .long, help: "Output tokens of the usage priced.") var output = 1000
    @Flag(name: .long, help: "Check every preset against the catalog.") var check = false

    func run() throws {
        try runReportingTrouble {
            let catalog = try source.open()
            guard let presets = try presetsOption.load(required: true) else { return }
            if check {
                let today = source.at ?? CalendarDate(unixSeconds: Int64(Date().timeIntervalSince1970))
                let problems = presets.check(against: catalog, today: today)
                for problem in problems { printOutput(problem.description) }
                printOutput(
                    problems.isEmpty
                        ? "\(presets.written.count) presets in \(presets.file): all hold against the catalog, judged on \(today)"
                        : "\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(presets.file)")
                if !problems.isEmpty { throw ExitCode(1) }
                return
            }
            printOutput(
                PresetListing(presets, catalog: catalog, group: group, inputTokens: input, outputTokens: output).text,
                terminator: "")
        }
    }
}

struct UsageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Report what result files of `catalog run` used and cost, per model, host, tag or day, with totals.",
        discussion: """
            Costs are those the results recorded; with --at DATE, each answer's usage is re-priced at that catalog \
            version's prices for the offering that served it. --compare prices the same answered usage on other models. \
            Exit status: 0, or 2 on trouble (a file that cannot be read, a line that is not a result).
            """)

    @OptionGroup var source: LookupSource
    @Argument(help: "Result files (the --out of catalog run).") var files: [String]
    @Option(name: .long, help: "model, host, day or tag.NAME.") var by = "model"
    @Option(name: .long, help: "text, json or csv.") var format: UsageFormat = .text
    @Option(name: .long, parsing: .upToNextOption, help: "Models to price the same usage on.") var compare: [String] = []

    enum UsageFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json, csv
    }

    func validate() throws {
        guard UsageReport.Grouping(by) != nil else { throw ValidationError("--by must be model, host, day or tag.NAME") }
        guard !files.isEmpty else { throw ValidationError("name at least one result file") }
    }

    func run() throws {
        try runReportingTrouble {
            let catalog = source.at != nil || !compare.isEmpty ? try source.open() : nil
            let report = try UsageReport(
                files: files, by: UsageReport.Grouping(by)!, reprice: source.at.flatMap { date in catalog.map { ($0, date) } },
                compare: compare, catalog: catalog)
            switch format {
            case .text: printOutput(report.text, terminator: "")
            case .json: printOutput(report.json, terminator: "")
            case .csv: printOutput(report.csv, terminator: "")
            }
        }
    }
}
