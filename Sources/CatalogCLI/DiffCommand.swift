import ArgumentParser
import CatalogReports
import CatalogCore
import Foundation
import ModelCatalog

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "What changed between two catalog versions: removals, renames, prices, limits, capabilities, deprecations.",
        discussion: """
            OLD and NEW are snapshot dates (the version in force then), catalog files (their newest version) or FILE@DATE. \
            Default: the version before the newest against the newest. Sources that failed or were carried forward stale \
            are reported as not compared, never as removals. Exit status: 0 no change at the --fail-on level, 1 changes at \
            that level, 2 trouble.
            """)

    @OptionGroup var catalogOption: CatalogOption
    @Argument(help: "The older version: YYYY-MM-DD, a catalog file, or FILE@YYYY-MM-DD.") var old: String?
    @Argument(help: "The newer version (default: the newest).") var new: String?
    @Option(name: .long, help: "text, markdown or json.") var format: DiffFormat = .text
    @Option(name: .long, help: "Only changes of this provider (or, for aliases, this maker).") var provider: String?
    @Option(name: .customLong("fail-on"), help: "Exit 1 when a change is at least this severe: breaking, any or none.")
    var failOn: FailLevel = .breaking
    @Option(name: .long, help: "Share of a provider's models that may vanish at once before it is flagged as suspicious.")
    var suspiciousDrop: Double = 0.3

    enum DiffFormat: String, ExpressibleByArgument, CaseIterable { case text, markdown, json }
    enum FailLevel: String, ExpressibleByArgument, CaseIterable { case breaking, any, none }

    func validate() throws {
        guard suspiciousDrop > 0, suspiciousDrop <= 1 else { throw ValidationError("--suspicious-drop must be in (0, 1]") }
    }

    func run() throws {
        try runReportingTrouble {
            var diff = try CatalogDiff.load(
                old: old.map(VersionReference.init), new: new.map(VersionReference.init),
                catalogPath: catalogOption.catalog ?? CatalogLocation.defaultPath,
                options: CatalogDiff.Options(suspiciousDropFraction: suspiciousDrop))
            if let provider { diff = diff.filtered(provider: provider) }
            switch format {
            case .text:
                printOutput(DiffReport.text(diff, colour: Terminal.wantsColour), terminator: "", colour: Terminal.wantsColour)
            case .markdown: printOutput(DiffReport.markdown(diff), terminator: "")
            case .json: printOutput(DiffReport.json(diff).rendered(pretty: true))
            }
            switch failOn {
            case .breaking where diff.hasChanges(atLeast: .breaking): throw ExitCode(1)
            case .any where !diff.changes.isEmpty: throw ExitCode(1)
            default: break
            }
        }
    }
}

/// Whether standard output is a terminal that wants colour (`NO_COLOR` turns it off).
enum Terminal {
    static var wantsColour: Bool {
        isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
            && ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }
}
