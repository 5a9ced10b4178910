public import ArgumentParser
public import CatalogCore
import Foundation
import ModelCatalog

@main
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "A versioned catalog of the LLM models providers sell: names, prices, limits, capabilities, deprecations.",
        subcommands: [
            ImportCommand.self, RefreshCommand.self, BuildCommand.self, ModelsCommand.self, ShowCommand.self, HistoryCommand.self,
            DiffCommand.self, LookupCommand.self, CostCommand.self, FamiliesCommand.self, CoverageCommand.self,
            InspectCommand.self, VerifyCommand.self, SendCommand.self, RunCommand.self, PresetsCommand.self, UsageCommand.self,
            ExportCommand.self, SiteCommand.self,
        ]
    )

    /// ArgumentParser's own entry point, with its messages (which echo the arguments given,
    /// control characters and all) passed through the sanitiser like every other output.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let message = fullMessage(for: error)
            let code = exitCode(for: error)
            if !message.isEmpty {
                if code == .success { printOutput(message) } else { printError(message) }
            }
            Foundation.exit(code.rawValue)
        }
    }
}

/// `--catalog FILE`, shared by every command that reads the catalog.
struct CatalogOption: ParsableArguments {
    @Option(
        name: .long,
        help:
            "A catalog built by `catalog build` (default: catalog/catalog.sqlite when it exists here, else the catalog embedded in the library)."
    )
    var catalog: String?

    var location: CatalogLocation { CatalogLocation.choose(catalog) }

    /// The version in force at `date`; a date before the first version is "not found" (exit 1),
    /// not trouble.
    func catalog(at date: CalendarDate?) throws -> Catalog {
        guard case .file = location, let date else { return try location.catalog(at: date) }
        let archive = try location.archive()
        guard archive.version(at: date) != nil else {
            printError("no catalog version on or before \(date) (\(location))")
            throw ExitCode(1)
        }
        return try archive.catalog(at: date)
    }
}

/// `--format table|json`.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
}

/// Prints to standard error, control characters escaped (``SafeText/escapedBlock(_:keepingColours:)``).
func printError(_ text: String) {
    let safe = SafeText.escapedBlock(text)
    FileHandle.standardError.write(Data((safe.hasSuffix("\n") ? safe : safe + "\n").utf8))
}

/// Prints to standard output. Every command writes through here: control characters a
/// capture, an argument or a file name carried are shown escaped (`\u001b`), never sent to
/// the terminal raw; only the colour sequences of a coloured report pass.
func printOutput(_ text: String, terminator: String = "\n", colour: Bool = false) {
    print(SafeText.escapedBlock(text, keepingColours: colour), terminator: terminator)
}

/// Writes bytes already made safe (``SafeText``) to standard output as they are, all of them.
/// Standard output is flushed first, so that they follow what `print` wrote.
func writeOutput(_ bytes: UnsafeRawBufferPointer) {
    fflush(nil)
    var written = 0
    while written < bytes.count {
        let count = write(1, bytes.baseAddress! + written, bytes.count - written)
        if count < 0 {
            if errno == EINTR { continue }
            return  // a closed pipe: nothing more can be written
        }
        written += count
    }
}

/// Runs a command body: trouble (an error thrown by the library) prints its message and exits 2.
func runReportingTrouble(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch {
        throw exitCode(for: error)
    }
}

/// ``runReportingTrouble(_:)`` for an asynchronous body.
func runReportingTrouble(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch {
        throw exitCode(for: error)
    }
}

/// An `ExitCode` passes through; any other error is trouble: its message, then exit 2.
private func exitCode(for error: any Error) -> ExitCode {
    if let exit = error as? ExitCode { return exit }
    printError("error: \(error)")
    return ExitCode(2)
}
