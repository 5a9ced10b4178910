import CatalogCore
import CatalogTestSupport
import Foundation
import Testing

@testable import ModelCatalog

/// Control characters from captures, catalogs, arguments, standard input and file names never
/// reach the terminal raw; a damaged catalog is called damaged.
@Suite("The catalog command on hostile input")
struct HostileCLITests {
    /// The raw control characters in `text` other than the line feeds that end lines.
    static func rawControls(_ text: String) -> [String] {
        text.unicodeScalars.filter { $0 != "\n" && SafeText.mustEscape($0) }.map { String(format: "U+%04X", $0.value) }
    }

    static let evil = "\u{1B}]0;pwned\u{07}\u{1B}[31m\r\nforged | row\u{1B}[2J"

    /// A workspace whose captures, catalog rows and file names carry control characters.
    static func workspace() throws -> URL {
        let folder = try Repository.temporaryFolder("hostile-cli")
        let first = folder.appendingPathComponent("snapshots/2026-06-01")
        let second = folder.appendingPathComponent("snapshots/2026-06-02")
        try Repository.copy("2025-08-23", ["xai/language-models.json"], to: first)
        try Repository.copy("2025-08-23", ["xai/language-models.json"], to: second)
        // A real capture whose ids carry ESC, BEL and CR (as JSON escapes).
        let path = second.appendingPathComponent("xai/language-models.json")
        let text = String(decoding: try Data(contentsOf: path), as: UTF8.self)
            .replacingOccurrences(of: "\"id\": \"grok-3\"", with: "\"id\": \"\\u001b]0;pwned\\u0007grok-3\\r\"")
        try Data(text.utf8).write(to: path)
        // A file whose name clears the screen.
        try Data("{}".utf8).write(to: second.appendingPathComponent("xai/\u{1B}[2Jclear.json"))
        return folder
    }

    @Test("no command prints a raw control character, whatever the data, arguments or input hold")
    func noRawControls() throws {
        let folder = try Self.workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = Repository.root.appendingPathComponent("catalog").path
        let build = try CatalogExecutable.run(["build", "--catalog", "c.sqlite", "--rules", rules], in: folder)
        #expect(Self.rawControls(build.output + build.error).isEmpty)
        #expect(build.output.contains("\\u001b]0;pwned\\u0007grok-3\\u000d"), "\(build.output)")

        // Rows that hold control characters, as a foreign or tampered catalog could.
        let database = try SQLiteDatabase(path: folder.appendingPathComponent("c.sqlite").path, mode: .readWriteCreate)
        try database.prepare(
            "UPDATE record_facts SET value = value || ? WHERE field IN ('display_name', 'owned_by', 'input_modality', 'output_modality')"
        ).run([.text(Self.evil)])
        try database.prepare("UPDATE version_models SET provider_model_id = ? WHERE provider_model_id = 'grok-4-0709'").run([
            .text("grok-4-0709" + Self.evil)
        ])
        try database.prepare("UPDATE version_sources SET message = ?").run([.text("note" + Self.evil)])

        let runs: [[String]] = [
            ["models"], ["models", "--provider", "xai"], ["show", "xai/grok-4-0709"], ["history", "xai/grok-4-0709"],
            ["families"], ["diff"], ["diff", "--format", "markdown"],
            ["lookup", "grok-4" + Self.evil, "grok-3", "\u{1B}[31mred\u{07}"], ["cost", "grok" + Self.evil, "--input", "1000"],
            ["cost", "xai/grok-4-0709", "--input", "1000", "--output", "10"], ["show", "xai/" + Self.evil],
            ["history", Self.evil], ["lookup", "--format", Self.evil, "x"], ["models", "--at", Self.evil],
            [Self.evil],
        ]
        var sawEscaped = false
        for arguments in runs {
            let run = try CatalogExecutable.run(arguments + ["--catalog", "c.sqlite"], in: folder)
            let raw = Self.rawControls(run.output + run.error)
            #expect(raw.isEmpty, "catalog \(arguments.joined(separator: " ")): raw \(raw)")
            #expect(run.status != 2 || !run.error.isEmpty)
            #expect(!(run.output + run.error).contains("forged | row\n"))
            if (run.output + run.error).contains("\\u001b") { sawEscaped = true }
        }
        #expect(sawEscaped)

        // Names on standard input.
        let process = Process()
        process.executableURL = CatalogExecutable.url
        process.arguments = ["lookup", "-", "--catalog", "c.sqlite"]
        process.currentDirectoryURL = folder
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        try process.run()
        input.fileHandleForWriting.write(Data("grok-3\n\u{1B}[2Jgrok\u{07}\r\nx\u{1B}]0;t\u{07}\n".utf8))
        try input.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(Self.rawControls(printed).isEmpty, "\(printed)")
        #expect(printed.contains("\\u001b[2Jgrok\\u0007"))
    }

    @Test("a truncated, zeroed or foreign file is named for what it is; verify finds a changed value")
    func damagedCatalog() throws {
        let folder = try Repository.temporaryFolder("damaged-catalog")
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("snapshots/2026-06-01")
        try Repository.copy("2025-08-23", ["xai/language-models.json"], to: source)
        let rules = Repository.root.appendingPathComponent("catalog").path
        _ = try CatalogExecutable.run(["build", "--catalog", "good.sqlite", "--rules", rules], in: folder)
        let good = try Data(contentsOf: folder.appendingPathComponent("good.sqlite"))
        #expect(good.count > 8192)

        let intact = try CatalogExecutable.run(["verify", "--catalog", "good.sqlite"], in: folder)
        #expect(intact.status == 0)
        #expect(intact.output.hasPrefix("good.sqlite: intact (integrity_check ok; "))
        #expect(intact.output.contains("1 versions match their content hashes"))

        try good.prefix(good.count / 2).write(to: folder.appendingPathComponent("truncated.sqlite"))
        var zeroed = good
        zeroed.replaceSubrange(0..<100, with: Data(count: 100))
        try zeroed.write(to: folder.appendingPathComponent("zeroed.sqlite"))
        let foreign = try SQLiteDatabase(path: folder.appendingPathComponent("foreign.sqlite").path, mode: .readWriteCreate)
        try foreign.execute("CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('hello');")
        for (file, words) in [
            (
                "truncated.sqlite",
                "the catalog is damaged (database disk image is malformed); rebuild it with `catalog build --rebuild`"
            ),
            ("zeroed.sqlite", "the catalog is damaged (file is not a database); rebuild it with `catalog build --rebuild`"),
            ("foreign.sqlite", "not a bulkllm catalog (no schema_migrations table); run `catalog build`"),
        ] {
            let run = try CatalogExecutable.run(["models", "--catalog", file], in: folder)
            #expect(run.status == 2, "\(file)")
            #expect(run.error.contains(file + ": " + words), "\(file): \(run.error)")
            let verify = try CatalogExecutable.run(["verify", "--catalog", file], in: folder)
            #expect(verify.status != 0, "\(file)")
        }

        // A value changed inside an intact file: SQLite cannot see it; the digests can.
        try good.write(to: folder.appendingPathComponent("tampered.sqlite"))
        let tampered = try SQLiteDatabase(path: folder.appendingPathComponent("tampered.sqlite").path, mode: .readWriteCreate)
        try tampered.execute("UPDATE record_facts SET value = '0.01' WHERE field = 'price.input'")
        let verify = try CatalogExecutable.run(["verify", "--catalog", "tampered.sqlite"], in: folder)
        #expect(verify.status == 1)
        #expect(verify.output.hasPrefix("tampered.sqlite: damaged ("))
        #expect(verify.output.contains("facts do not match the digest they were stored under"))
        #expect(verify.output.hasSuffix("rebuild it with `catalog build --rebuild`\n"))

        // --rebuild replaces a damaged catalog instead of opening it.
        try zeroed.write(to: folder.appendingPathComponent("zeroed.sqlite"))
        let rebuilt = try CatalogExecutable.run(
            ["build", "--catalog", "zeroed.sqlite", "--rules", rules, "--rebuild", "--no-export"], in: folder)
        #expect(rebuilt.status == 0, "\(rebuilt.error)")
        #expect(try CatalogExecutable.run(["verify", "--catalog", "zeroed.sqlite"], in: folder).status == 0)
    }
}
