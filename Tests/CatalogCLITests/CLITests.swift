import CatalogCore
import CatalogTestSupport
import Foundation
import Testing

/// Runs the built `catalog` executable and compares its whole output.
@Suite("The catalog command")
struct CLITests {
    static func run(_ arguments: [String], in directory: URL) throws -> CatalogExecutable.Run {
        try CatalogExecutable.run(arguments, in: directory)
    }

    /// A folder with `snapshots/` holding two dates of real captures: on 2026-06-01 xAI's list
    /// of 2025-08-23 and DeepSeek's of 2026-05-26; on 2026-06-02 xAI's list recorded on
    /// `xaiSecondCapture` and a truncated DeepSeek capture.
    static func workspace(_ name: String, xaiSecondCapture: String = "2025-08-23") throws -> URL {
        let folder = try Repository.temporaryFolder(name)
        let first = folder.appendingPathComponent("snapshots/2026-06-01")
        let second = folder.appendingPathComponent("snapshots/2026-06-02")
        try Repository.copy("2025-08-23", ["xai/language-models.json"], to: first)
        try Repository.copy("2026-05-26", ["deepseek/models.json"], to: first)
        try Repository.copy(xaiSecondCapture, ["xai/language-models.json"], to: second)
        try FileManager.default.createDirectory(at: second.appendingPathComponent("deepseek"), withIntermediateDirectories: true)
        try Data("{\"data\": [".utf8).write(to: second.appendingPathComponent("deepseek/models.json"))
        return folder
    }

    @Test("build, then models, show and history, end to end")
    func endToEnd() throws {
        let folder = try CLITests.workspace("end-to-end")
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = Repository.root.appendingPathComponent("catalog").path
        let build = try CLITests.run(["build", "--catalog", "out/catalog.sqlite", "--rules", rules], in: folder)
        #expect(build.status == 1)
        #expect(
            build.output == """
                sources in the newest version (2026-06-02):
                SOURCE                    STATE   CAPTURE              MODELS  NOTE
                deepseek/models.json      stale   2026-06-01 (1d old)       2  the capture of 2026-06-02 failed (not valid JSON: unexpected end of input: expected a value); the capture of 2026-06-01 carries forward
                xai/language-models.json  parsed  2026-06-02                8

                failed captures (1); the last good capture of each carries forward:
                  snapshots/2026-06-02/deepseek/models.json: line 1, column 11: error: not valid JSON: unexpected end of input: expected a value

                warnings (2):
                  snapshots/2026-06-01/manifest.json: warning: no manifest: the captures of this date cannot be checked
                  snapshots/2026-06-02/manifest.json: warning: no manifest: the captures of this date cannot be checked

                built 2 version(s) (2026-06-01 … 2026-06-02); read 4 captures, 0.0 MB
                newest version 2026-06-02: 10 models
                export out/models.txt: updated
                FAILED in the newest snapshot: snapshots/2026-06-02/deepseek/models.json

                """)
        let again = try CLITests.run(["build", "--catalog", "out/catalog.sqlite", "--rules", rules], in: folder)
        #expect(again.status == 1)
        #expect(again.output.contains("catalog up to date: 2 version(s), nothing to rebuild"))
        #expect(again.output.contains("export out/models.txt: unchanged"))

        let models = try CLITests.run(["models", "--catalog", "out/catalog.sqlite", "--provider", "xai"], in: folder)
        #expect(models.status == 0)
        #expect(
            models.output == """
                catalog version 2026-06-02 (out/catalog.sqlite): 8 models
                ID                      STATUS  CONTEXT  MAX OUT  INPUT $/1M  OUTPUT $/1M
                xai/grok-2-1212         active        -        -        2.00        10.00
                xai/grok-2-vision-1212  active        -        -        2.00        10.00
                xai/grok-3              active        -        -        3.00        15.00
                xai/grok-3-fast         active        -        -        5.00        25.00
                xai/grok-3-mini         active        -        -        0.30         0.50
                xai/grok-3-mini-fast    active        -        -        0.60         4.00
                xai/grok-4-0709         active        -        -        3.00        15.00
                xai/grok-4-0709-eu      active        -        -        3.00        15.00

                """)

        let json = try CLITests.run(
            ["models", "--catalog", "out/catalog.sqlite", "--format", "json", "--at", "2026-06-01"], in: folder)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect(decoded?["version"] as? String == "2026-06-01")
        let list = decoded?["models"] as? [[String: Any]] ?? []
        #expect(list.count == 10)
        let grok = list.first { $0["id"] as? String == "xai/grok-3" }
        #expect(
            (grok?["prices"] as? [String: String]) == [
                "input": "3.00", "cached_input": "0.75", "output": "15.00", "per_web_search": "0.025",
            ])
        #expect(grok?["aliases"] as? [String] == ["grok-3-latest", "grok-3-beta"])
        #expect(grok?["deprecation"] is NSNull)
        #expect(grok?["sources"] as? [String] == ["2026-06-01/xai/language-models.json"])
        for key in [
            "id", "provider", "provider_model_id", "display_name", "aliases", "context_window", "max_output_tokens", "modalities",
            "capabilities", "prices", "deprecation", "status", "sources",
        ] {
            #expect(grok?[key] != nil, "missing \(key)")
        }

        let show = try CLITests.run(["show", "--catalog", "out/catalog.sqlite", "deepseek/deepseek-v4-pro"], in: folder)
        #expect(show.status == 0)
        #expect(
            show.output == """
                deepseek/deepseek-v4-pro  (catalog version 2026-06-02, out/catalog.sqlite)
                  provider: deepseek, provider model id: deepseek-v4-pro
                  status: active

                  FIELD     VALUE       SOURCE
                  listed    model-list  2026-06-01/deepseek/models.json $.data[?@.id=='deepseek-v4-pro']
                  owned_by  deepseek    2026-06-01/deepseek/models.json $.data[?@.id=='deepseek-v4-pro'].owned_by

                """)
        let history = try CLITests.run(
            ["history", "--catalog", "out/catalog.sqlite", "xai/grok-3", "--format", "json"], in: folder)
        #expect(
            history.output == #"""
                {
                  "id": "xai/grok-3",
                  "listed_in": [
                    "2026-06-01",
                    "2026-06-02"
                  ],
                  "events": [
                    {
                      "date": "2026-06-01",
                      "kind": "listed"
                    }
                  ],
                  "price_periods": [
                    {
                      "price": "input",
                      "value": "3.00",
                      "from": "2026-06-01",
                      "until": null,
                      "source": "2026-06-01/xai/language-models.json"
                    },
                    {
                      "price": "cached_input",
                      "value": "0.75",
                      "from": "2026-06-01",
                      "until": null,
                      "source": "2026-06-01/xai/language-models.json"
                    },
                    {
                      "price": "output",
                      "value": "15.00",
                      "from": "2026-06-01",
                      "until": null,
                      "source": "2026-06-01/xai/language-models.json"
                    },
                    {
                      "price": "per_web_search",
                      "value": "0.025",
                      "from": "2026-06-01",
                      "until": null,
                      "source": "2026-06-01/xai/language-models.json"
                    }
                  ]
                }

                """#)
    }

    @Test("exit status: 1 for an unknown model, 2 for trouble, 64 for bad arguments")
    func exitStatus() throws {
        let folder = try CLITests.workspace("exit-status")
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try CLITests.run(["models", "--catalog", "nowhere.sqlite"], in: folder)
        #expect(missing.status == 2)
        #expect(missing.error == "error: nowhere.sqlite: no catalog here; run `catalog build` to create it\n")
        let missingRules = try CLITests.run(["build", "--catalog", "c.sqlite", "--no-export", "--rules", "nowhere"], in: folder)
        #expect(missingRules.status == 2)
        #expect(missingRules.error.contains("nowhere/creators.yaml: no such file"))
        _ = try CLITests.run(
            ["build", "--catalog", "c.sqlite", "--no-export", "--rules", Repository.root.appendingPathComponent("catalog").path],
            in: folder)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("models.txt").path))
        let unknown = try CLITests.run(["show", "--catalog", "c.sqlite", "xai/grok-9"], in: folder)
        #expect(unknown.status == 1)
        #expect(unknown.error == "xai/grok-9: not in the catalog version in force at the newest date (c.sqlite)\n")
        let badDate = try CLITests.run(["models", "--catalog", "c.sqlite", "--at", "2026-02-30"], in: folder)
        #expect(badDate.status == 64)
        #expect(badDate.error.contains("2026-02-30"))
        let before = try CLITests.run(["models", "--catalog", "c.sqlite", "--at", "2020-01-01"], in: folder)
        #expect(before.status == 1)
        #expect(before.error == "no catalog version on or before 2020-01-01 (c.sqlite)\n")
    }
}

/// Which catalog an answer comes from: one rule for every reading command, and said in every answer.
@Suite("The catalog every command reads")
struct CatalogLocationCLITests {
    @Test("without a built catalog here, every reading command answers from the embedded catalog and says so")
    func embeddedByDefault() throws {
        let folder = try Repository.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for arguments in [
            ["models", "--provider", "deepseek"], ["lookup", "gpt-4o"], ["show", "deepseek/deepseek-v4-pro"],
            ["coverage", "--provider", "deepseek"], ["cost", "gpt-4o", "--input", "10"], ["families", "--creator", "xai"],
        ] {
            let run = try CLITests.run(arguments, in: folder)
            #expect(run.status == 0, "\(arguments): \(run.error)")
            #expect(
                run.output.contains("(embedded catalog") || run.output.contains("embedded catalog)"),
                "\(arguments): \(run.output.prefix(200))")
        }
        let json = try CLITests.run(["models", "--provider", "deepseek", "--format", "json"], in: folder)
        #expect(json.output.contains(#""catalog": "embedded catalog""#))
        // History needs every version: only a built catalog has them.
        let history = try CLITests.run(["history", "deepseek/deepseek-v4-pro"], in: folder)
        #expect(history.status == 2)
        #expect(history.error.contains("run `catalog build` to create it"))
    }

    @Test("with catalog/catalog.sqlite here, every reading command answers from it and says so")
    func builtCatalogWhenPresent() throws {
        let folder = try Repository.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("catalog"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: URL(fileURLWithPath: FullCatalog.path), to: folder.appendingPathComponent("catalog/catalog.sqlite"))
        for arguments in [
            ["models", "--provider", "deepseek", "--at", "2026-05-08"], ["lookup", "gpt-4o"],
            ["show", "deepseek/deepseek-v4-pro"], ["cost", "gpt-4o", "--input", "10", "--at", "2025-08-01"],
        ] {
            let run = try CLITests.run(arguments, in: folder)
            #expect(run.status == 0, "\(arguments): \(run.error)")
            #expect(run.output.contains("catalog/catalog.sqlite"), "\(arguments): \(run.output.prefix(200))")
        }
        #expect(
            try CLITests.run(["models", "--at", "2026-05-08", "--provider", "deepseek"], in: folder).output.hasPrefix(
                "catalog version 2026-05-08 (catalog/catalog.sqlite)"))
    }

    @Test("building another catalog never rewrites the library's embedded catalog")
    func buildOtherCatalog() throws {
        let folder = try Repository.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let resources = folder.appendingPathComponent("Sources/ModelCatalog/Resources")
        try FileManager.default.createDirectory(at: resources, withIntermediateDirectories: true)
        try Repository.copy(
            "2026-05-26", ["deepseek/models.json", "manifest.json"], to: folder.appendingPathComponent("snapshots/2026-05-26"))
        let rules = Repository.root.appendingPathComponent("catalog").path
        let run = try CLITests.run(["build", "--catalog", "other/catalog.sqlite", "--rules", rules], in: folder)
        #expect(
            FileManager.default.fileExists(atPath: folder.appendingPathComponent("other/catalog.sqlite").path), "\(run.error)")
        #expect(!FileManager.default.fileExists(atPath: resources.appendingPathComponent("catalog.tsv").path))
        // Asked for, it is written.
        _ = try CLITests.run(
            ["build", "--catalog", "other/catalog.sqlite", "--rules", rules, "--embedded", "out.json"], in: folder)
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.json").path))
    }
}

/// `catalog diff` on catalogs built from real captures.
@Suite("Diffs from the command line")
struct DiffCLITests {
    @Test("diff: the previous version against the newest; exit 1 for a breaking change; a broken source is not compared")
    func diff() throws {
        let folder = try CLITests.workspace("diff", xaiSecondCapture: "2025-08-07")
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = Repository.root.appendingPathComponent("catalog").path
        _ = try CLITests.run(["build", "--catalog", "a.sqlite", "--no-export", "--rules", rules], in: folder)
        let text = try CLITests.run(["diff", "--catalog", "a.sqlite"], in: folder)
        #expect(text.status == 1)
        #expect(
            text.output == """
                catalog diff 2026-06-01 → 2026-06-02: 2 changes (1 breaking, 1 notable, 0 info)

                BREAKING (1)
                  removed  xai grok-4-0709-eu  no deprecation or shutdown was announced

                NOTABLE (1)
                  not compared  deepseek/models.json  the capture of 2026-06-02 failed (not valid JSON: unexpected end of input: expected a value); the capture of 2026-06-01 carries forward (1 day old)

                """)
        #expect(try CLITests.run(["diff", "--catalog", "a.sqlite", "--fail-on", "none"], in: folder).status == 0)
        #expect(try CLITests.run(["diff", "--catalog", "a.sqlite", "--provider", "deepseek"], in: folder).status == 0)
        #expect(
            try CLITests.run(["diff", "--catalog", "a.sqlite", "--provider", "deepseek", "--fail-on", "any"], in: folder).status
                == 1)
        let markdown = try CLITests.run(
            ["diff", "2026-06-01", "2026-06-02", "--catalog", "a.sqlite", "--format", "markdown"], in: folder)
        #expect(
            markdown.output.hasPrefix("## Model catalog changes: 2026-06-01 → 2026-06-02\n\n**1 breaking**, 1 notable, 0 info.\n")
        )
        #expect(markdown.output.contains("| 🔴 | xai | `grok-4-0709-eu` | no deprecation or shutdown was announced |"))

        // A second catalog that never read DeepSeek's list: its models are not compared, not removed.
        try FileManager.default.removeItem(at: folder.appendingPathComponent("snapshots/2026-06-01"))
        _ = try CLITests.run(["build", "--catalog", "b.sqlite", "--no-export", "--rules", rules], in: folder)
        let files = try CLITests.run(["diff", "a.sqlite@2026-06-01", "b.sqlite", "--format", "json"], in: folder)
        #expect(files.status == 1)
        let decoded = try JSONSerialization.jsonObject(with: Data(files.output.utf8)) as? [String: Any]
        let changes = decoded?["changes"] as? [[String: Any]] ?? []
        #expect(changes.map { $0["kind"] as? String } == ["not_compared", "removed"])
        #expect(changes.first?["provider"] as? String == "deepseek")
        #expect(changes.first?["new"] as? String == "failed")
        #expect(
            changes.first?["evidence"] as? String
                == "failed: not valid JSON: unexpected end of input: expected a value; 2 models only it lists not compared")
        #expect(changes.last?["provider_model_id"] as? String == "grok-4-0709-eu")
        let sources = decoded?["sources"] as? [[String: Any]] ?? []
        #expect(sources.map { $0["compared"] as? Bool } == [false, true])

        let trouble = try CLITests.run(["diff", "2020-01-01", "--catalog", "a.sqlite"], in: folder)
        #expect(trouble.status == 2)
        #expect(trouble.error == "error: a.sqlite: no catalog version on or before 2020-01-01 (the first is 2026-06-01)\n")
        #expect(try CLITests.run(["diff", "--catalog", "a.sqlite", "--format", "yaml"], in: folder).status == 64)
    }
}

/// `catalog lookup`, `cost` and `families` on the catalog of the pinned date (the embedded
/// catalog, their default, is always the newest version, which the nightly job moves).
@Suite("Lookups from the command line")
struct LookupCLITests {
    static let pinned = ["--catalog", FullCatalog.path, "--at", FullCatalog.pinnedDate.description]

    @Test("lookup: names as arguments and on standard input, table and JSON, exit 1 for a miss")
    func lookup() throws {
        let folder = FileManager.default.temporaryDirectory
        let run = try CLITests.run(
            ["lookup", "gpt-4o", "us.anthropic.claude-3-5-sonnet-20241022-v2:0"] + LookupCLITests.pinned, in: folder)
        #expect(run.status == 0)
        #expect(
            run.output == """
                catalog version 2026-07-28 (\(FullCatalog.path))
                NAME                                          MODEL                                 MATCH     NOTE
                gpt-4o                                        openai/gpt-4o-2024-08-06              alias     declared: current snapshot
                us.anthropic.claude-3-5-sonnet-20241022-v2:0  anthropic/claude-3-5-sonnet-20241022  prefixed  sold by bedrock as anthropic.claude-3-5-sonnet-20241022-v2:0

                """)
        let process = Process()
        process.executableURL = CatalogExecutable.url
        process.arguments = ["lookup", "--format", "json", "-"] + LookupCLITests.pinned
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = Pipe()
        try process.run()
        input.fileHandleForWriting.write(Data("x-ai/grok-4\n\ngemma-4-31b-it\nclaude-7-poem\n".utf8))
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(
            lines[0]
                == #"{"query":"x-ai/grok-4","id":"xai/grok-4-0709","match":"prefixed","matched":"xai/grok-4","offering":null,"candidates":[],"suggestions":[],"version":"2026-07-28","catalog":""#
                + FullCatalog.path + #""}"#
        )
        #expect(
            lines[1].contains(#""id":null"#)
                && lines[1].contains(#""candidates":["google/gemma-4-31b-it","pearl-ai/gemma-4-31b-it"]"#))
        #expect(lines[2].contains(#""id":null"#) && lines[2].contains(#""suggestions":["#))

        // The same names from a file (mapped, not read), one line ending in CRLF and repeated,
        // after a name given as an argument: the same answers, in order.
        let file = folder.appendingPathComponent("names-\(UUID().uuidString).txt")
        try Data("x-ai/grok-4\n\ngemma-4-31b-it\r\nclaude-7-poem\ngemma-4-31b-it\r\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let fromFile = Process()
        fromFile.executableURL = CatalogExecutable.url
        fromFile.arguments = ["lookup", "--format", "json", "x-ai/grok-4", "-"] + LookupCLITests.pinned
        fromFile.standardInput = try FileHandle(forReadingFrom: file)
        let fileOutput = Pipe()
        fromFile.standardOutput = fileOutput
        fromFile.standardError = Pipe()
        try fromFile.run()
        let fileData = fileOutput.fileHandleForReading.readDataToEndOfFile()
        fromFile.waitUntilExit()
        #expect(fromFile.terminationStatus == 1)
        #expect(String(decoding: fileData, as: UTF8.self).split(separator: "\n") == [lines[0]] + lines + [lines[1]])
    }

    @Test("cost: line by line in USD; a missing price is an error with exit 1")
    func cost() throws {
        let folder = FileManager.default.temporaryDirectory
        let run = try CLITests.run(
            ["cost", "gpt-5.5", "--input", "300000", "--output", "10000", "--tier", "batch"] + LookupCLITests.pinned, in: folder)
        #expect(run.status == 0)
        #expect(
            run.output == """
                openai/gpt-5.5-2026-04-23, catalog version 2026-07-28 (\(FullCatalog.path)), prompt above 272000 tokens
                PRICE                    QUANTITY  RATE (USD)  AMOUNT (USD)
                batch_input_above_272k     300000     5.00/1M      1.500000
                batch_output_above_272k     10000    22.50/1M      0.225000
                total                                              1.725000

                """)
        let json = try CLITests.run(
            ["cost", "claude-sonnet-4-5", "--input", "1000000", "--output", "1000000", "--format", "json"]
                + LookupCLITests.pinned,
            in: folder)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any]
        #expect(decoded?["total_usd"] as? String == "18.00")
        #expect(decoded?["model"] as? String == "anthropic/claude-sonnet-4-5-20250929")
        let missing = try CLITests.run(
            ["cost", "gpt-4o-2024-05-13", "--input", "10", "--cached-input", "10"] + LookupCLITests.pinned, in: folder)
        #expect(missing.status == 1)
        #expect(
            missing.error
                == "cannot price openai/gpt-4o-2024-05-13: no cached_input price in the catalog; the cost is unknown, not $0\n")
        let badTier = try CLITests.run(["cost", "gpt-4o", "--input", "10", "--tier", "turbo"], in: folder)
        #expect(badTier.status == 64)
    }

    @Test("families: snapshots grouped by stem, with successors")
    func families() throws {
        let run = try CLITests.run(
            ["families", "--creator", "openai"] + LookupCLITests.pinned, in: FileManager.default.temporaryDirectory)
        #expect(run.status == 0)
        #expect(
            run.output.contains(
                "openai/gpt-4o  → replaced by openai/gpt-4.1\n  openai/gpt-4o-2024-05-13\n  openai/gpt-4o-2024-08-06\n  openai/gpt-4o-2024-11-20\n"
            ))
        #expect(!run.output.contains("anthropic/"))
    }
}
