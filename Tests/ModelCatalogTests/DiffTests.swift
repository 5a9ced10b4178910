import CatalogReports
import CatalogCore
import CatalogIngest
import CatalogTestSupport
import Foundation
import Testing

@testable import ModelCatalog

/// `catalog diff` on consecutive real snapshot dates: the changes it finds are the ones the
/// providers made, read from the captures.
@Suite("Diffs between catalog versions")
struct DiffTests {
    static func diff(_ old: String, _ new: String) throws -> CatalogDiff {
        try CatalogDiff.load(old: .date(Repository.date(old)), new: .date(Repository.date(new)), catalogPath: FullCatalog.path)
    }

    static func find(
        _ diff: CatalogDiff, _ kind: CatalogChange.Kind, _ provider: String, _ id: String, field: String? = nil
    ) -> [CatalogChange] {
        diff.changes.filter {
            $0.kind == kind && $0.provider == provider && $0.providerModelID == id && (field == nil || $0.field == field)
        }
    }

    @Test("OpenRouter's qwen3-235b-a22b-07-25 renamed to -2507 under the same canonical_slug on 2025-07-30")
    func openRouterRename() throws {
        let diff = try DiffTests.diff("2025-07-21", "2025-07-30")
        let renames = diff.changes(.renamed)
        #expect(renames.count == 1)
        let rename = try #require(renames.first)
        #expect(rename.provider == "openrouter")
        #expect(rename.old == .text("qwen/qwen3-235b-a22b-07-25"))
        #expect(rename.new == .text("qwen/qwen3-235b-a22b-2507"))
        // A rename of OpenRouter's offering: the canonical model keeps its permanent canonical_slug.
        #expect(rename.model == "qwen/qwen3-235b-a22b-07-25")
        let remaps = diff.changes(.remapped).filter { ($0.providerModelID ?? "").hasPrefix("qwen/qwen3-235b-a22b") }
        #expect(remaps.isEmpty)
        #expect(rename.evidence == "same canonical_slug qwen/qwen3-235b-a22b-07-25")
        #expect(rename.severity == .notable)
        // The renamed model's facts are compared across the rename: OpenRouter cut its price.
        let input = try #require(
            DiffTests.find(diff, .priceChanged, "openrouter", "qwen/qwen3-235b-a22b-2507", field: "input").first)
        #expect(input.old == .decimal(Decimal(string: "0.15")!))
        #expect(input.new == .decimal(Decimal(string: "0.1179")!))
        #expect(input.percentChange == Decimal(string: "-21.4"))
        #expect(input.severity == .notable)
        #expect(
            DiffTests.find(diff, .displayNameChanged, "openrouter", "qwen/qwen3-235b-a22b-2507").first?.new
                == .text("Qwen: Qwen3 235B A22B Instruct 2507"))
        // Its `:free` variant had no `:free` successor: it is gone, not renamed, and not counted as added.
        #expect(DiffTests.find(diff, .removed, "openrouter", "qwen/qwen3-235b-a22b-07-25:free").count == 1)
        #expect(DiffTests.find(diff, .added, "openrouter", "qwen/qwen3-235b-a22b-2507").isEmpty)
        #expect(DiffTests.find(diff, .added, "openrouter", "qwen/qwen3-235b-a22b-thinking-2507").count == 1)
    }

    @Test("a fresh page's price replacing one carried forward is a price change, though the older source was not compared")
    func freshPriceReplacesCarried() throws {
        let diff = try DiffTests.diff("2026-05-31", "2026-07-27")
        #expect(diff.changes(.notCompared).contains { $0.field == "together/models.json" })
        let input = try #require(
            DiffTests.find(diff, .priceChanged, "together", "deepseek-ai/DeepSeek-V4-Pro", field: "input").first)
        #expect(input.old == .decimal(Decimal(string: "2.10")!))
        #expect(input.new == .decimal(Decimal(string: "1.74")!))
        #expect(input.evidence == "from 2026-07-27/together/pricing.html")
        #expect(input.severity == .notable)
        let output = try #require(
            DiffTests.find(diff, .priceChanged, "together", "deepseek-ai/DeepSeek-V4-Pro", field: "output").first)
        #expect(output.new == .decimal(Decimal(string: "3.48")!))
    }

    @Test("the models OpenRouter dropped between 2025-07-21 and 2025-07-30, and nothing it kept")
    func openRouterRemovals() throws {
        let diff = try DiffTests.diff("2025-07-21", "2025-07-30")
        let removed = diff.changes(.removed).filter { $0.provider == "openrouter" }.compactMap(\.providerModelID)
        #expect(
            removed == [
                "01-ai/yi-large", "aetherwiing/mn-starcannon-12b", "alpindale/magnum-72b",
                "anthropic/claude-3.5-haiku-20241022:beta",
                "arcee-ai/arcee-blitz", "arcee-ai/caller-large", "arcee-ai/virtuoso-medium-v2", "eva-unit-01/eva-llama-3.33-70b",
                "eva-unit-01/eva-qwen-2.5-72b", "qwen/qwen3-235b-a22b-07-25:free",
            ])
        #expect(
            diff.changes(.removed).allSatisfy {
                $0.severity == .breaking && $0.evidence == "no deprecation or shutdown was announced"
            })
        #expect(diff.changes(.retired).isEmpty)
        // A repricing and a context window cut, read from the two captures.
        let commandA = DiffTests.find(diff, .priceChanged, "openrouter", "cohere/command-a")
        #expect(commandA.map(\.field) == ["input", "output"])
        #expect(commandA.map(\.old) == [.decimal(Decimal(string: "2.5")!), .decimal(10)])
        #expect(commandA.map(\.new) == [.decimal(2), .decimal(8)])
        #expect(commandA.map(\.percentChange) == [-20, -20])
        let context = try #require(
            DiffTests.find(diff, .limitChanged, "openrouter", "cohere/command-a", field: "context_window").first)
        #expect(context.old == .integer(256_000))
        #expect(context.new == .integer(32_768))
        #expect(context.severity == .breaking)
    }

    @Test("a price rise is breaking: OpenRouter's kimi-k2 back to $0.14 on 2025-08-05")
    func priceRise() throws {
        let diff = try DiffTests.diff("2025-08-01", "2025-08-05")
        let input = try #require(DiffTests.find(diff, .priceChanged, "openrouter", "moonshotai/kimi-k2", field: "input").first)
        #expect(input.old == .decimal(Decimal(string: "0.0878")!))
        #expect(input.new == .decimal(Decimal(string: "0.14")!))
        #expect(input.percentChange == Decimal(string: "59.5"))
        #expect(input.severity == .breaking)
    }

    @Test("aliases moved: Mistral's -latest names to the new snapshots; a successor snapshot is not a rename")
    func aliasesAndSuccessors() throws {
        let july = try DiffTests.diff("2025-07-21", "2025-07-30")
        let codestral = try #require(DiffTests.find(july, .aliasRetargeted, "mistral", "codestral-latest").first)
        #expect(codestral.old == .text("mistral/codestral-2501"))
        #expect(codestral.new == .text("mistral/codestral-2508"))
        #expect(codestral.evidence == "rule: declared: current snapshot")
        #expect(
            july.changes(.aliasRetargeted).compactMap(\.providerModelID) == [
                "codestral", "codestral-latest", "magistral-medium", "magistral-medium-latest", "magistral-small",
                "magistral-small-latest",
            ])

        // mistral-small-2402 went and mistral-small-2506 came: a new snapshot, not a new name.
        let june = try DiffTests.diff("2025-06-21", "2025-06-28")
        #expect(june.changes(.renamed).filter { $0.provider == "mistral" }.isEmpty)
        #expect(DiffTests.find(june, .removed, "mistral", "mistral-small-2402").count == 1)
        #expect(DiffTests.find(june, .added, "mistral", "mistral-small-2506").count == 1)
        let latest = try #require(DiffTests.find(june, .aliasRetargeted, "mistral", "mistral-small-latest").first)
        #expect(latest.old == .text("mistral/mistral-small-2503"))
        #expect(latest.new == .text("mistral/mistral-small-2506"))

        // OpenAI's docs moved `gpt-4o` between snapshots on 2025-05-31.
        let may = try DiffTests.diff("2025-05-30", "2025-05-31")
        let gpt4o = try #require(DiffTests.find(may, .aliasRetargeted, "openai", "gpt-4o").first)
        #expect(gpt4o.old == .text("openai/gpt-4o-2024-11-20"))
        #expect(gpt4o.new == .text("openai/gpt-4o-2024-08-06"))
    }

    @Test("Mistral's shutdown dates: set, moved, then passed")
    func mistralShutdowns() throws {
        let set = try DiffTests.diff("2025-08-30", "2025-11-03")
        let devstral = try #require(DiffTests.find(set, .shutdownSet, "mistral", "devstral-small-2505").first)
        #expect(devstral.new == .date(Repository.date("2025-11-30")))
        #expect(devstral.severity == .breaking)  // 27 days after 2025-11-03

        let moved = try DiffTests.diff("2025-12-14", "2025-12-15")
        let codestral = try #require(DiffTests.find(moved, .shutdownMoved, "mistral", "codestral-2412").first)
        #expect(codestral.old == .date(Repository.date("2025-12-30")))
        #expect(codestral.new == .date(Repository.date("2026-01-31")))
        #expect(codestral.severity == .notable)  // 47 days away
        let tiny = try #require(DiffTests.find(moved, .shutdownSet, "mistral", "open-mistral-7b").first)
        #expect(tiny.new == .date(Repository.date("2026-01-31")))

        let passed = try DiffTests.diff("2026-01-29", "2026-02-03")
        let retired = passed.changes(.retired).filter { $0.provider == "mistral" }
        #expect(retired.count == 11)
        let gone = try #require(DiffTests.find(passed, .retired, "mistral", "codestral-2412").first)
        #expect(gone.evidence == "shutdown date 2026-01-31 passed; replacement: codestral-latest")
        #expect(gone.severity == .breaking)
        #expect(passed.changes(.removed).isEmpty)
    }

    @Test("OpenAI's shutdown dates from its deprecations page, and a model retired after its date")
    func openAIShutdowns() throws {
        let diff = try DiffTests.diff("2025-11-03", "2025-11-13").filtered(provider: "openai")
        let preview = try #require(DiffTests.find(diff, .shutdownSet, "openai", "gpt-4.5-preview").first)
        #expect(preview.new == .date(Repository.date("2025-07-14")))
        #expect(preview.severity == .breaking)
        #expect(DiffTests.find(diff, .shutdownSet, "openai", "o1-preview").first?.new == .date(Repository.date("2025-07-28")))
        let babbage = try #require(DiffTests.find(diff, .shutdownSet, "openai", "babbage-002").first)
        #expect(babbage.new == .date(Repository.date("2026-09-28")))
        #expect(babbage.severity == .notable)
        #expect(
            DiffTests.find(diff, .deprecationAnnounced, "openai", "babbage-002").first?.new
                == .date(Repository.date("2025-09-26")))
        #expect(DiffTests.find(diff, .statusChanged, "openai", "o1-preview").first?.new == .text("retired"))

        let april = try DiffTests.diff("2026-04-16", "2026-04-17")
        let retired = try #require(DiffTests.find(april, .retired, "openai", "gpt-4-1106-preview").first)
        #expect(
            retired.evidence
                == "shutdown date 2026-03-26 passed (announced 2025-09-26); replacement: gpt-5 or gpt-4.1; dropped from openai/models.json, still mentioned by openai/deprecations.html"
        )
    }

    @Test("a stale source is not compared: OpenAI's pricing page answered by a bot challenge on 2026-05-08")
    func staleSource() throws {
        let diff = try DiffTests.diff("2026-04-30", "2026-05-08")
        let pricing = try #require(diff.changes(.notCompared).first { $0.field == "openai/pricing.html" })
        #expect(pricing.severity == .notable)
        #expect(pricing.old == .text("stale"))  // carried forward from 2026-04-27 then too
        #expect(pricing.new == .text("stale"))
        #expect(pricing.evidence?.contains("the capture of 2026-05-08 failed (a bot-challenge page was served") == true)
        #expect(pricing.evidence?.hasSuffix("the capture of 2026-04-27 carries forward (11 days old)") == true)
        #expect(diff.sources.first { $0.capturePath == "openai/pricing.html" }?.isCompared == false)
        // Nothing of OpenAI's is reported removed or repriced on the strength of that page.
        #expect(!diff.changes.contains { $0.provider == "openai" && [.removed, .retired, .priceChanged].contains($0.kind) })
    }

    @Test("a provider losing 46% of its models at once is suspicious, not a mass retirement")
    func suspiciousDrop() throws {
        let diff = try DiffTests.diff("2025-12-14", "2025-12-15")
        let drops = diff.changes(.suspiciousDrop)
        #expect(drops.map(\.provider) == ["google"])
        let google = try #require(drops.first)
        #expect(google.old == .integer(63))
        #expect(google.new == .integer(34))
        #expect(google.severity == .breaking)
        #expect(google.evidence?.hasPrefix("29 of 63 models (46%) gone at once without notice") == true)
        #expect(!diff.changes.contains { $0.provider == "google" && ($0.kind == .removed || $0.kind == .retired) })
        // Every model gone is listed, for a JSON consumer to check one by one.
        let gone = try #require(google.models)
        #expect(gone.count == 29)
        #expect(gone == gone.sorted())
        let december = Set(
            try FullCatalog.open().models(at: Repository.date("2025-12-15")).filter { $0.provider == "google" }.map(
                \.providerModelID))
        #expect(gone.allSatisfy { !december.contains($0) })
        #expect(gone.contains("gemini-1.5-pro") && gone.contains("veo-3.0-generate-preview"))
        let json = DiffReport.json(diff).rendered(pretty: false)
        #expect(json.contains(#""models":["#))
        // With a higher threshold the same drop is reported model by model.
        let lenient = try CatalogDiff.load(
            old: .date(Repository.date("2025-12-14")), new: .date(Repository.date("2025-12-15")), catalogPath: FullCatalog.path,
            options: CatalogDiff.Options(suspiciousDropFraction: 0.5))
        #expect(lenient.changes(.suspiciousDrop).isEmpty)
        #expect(lenient.changes(.removed).filter { $0.provider == "google" }.count == 29)
    }

    /// xAI folded `grok-3-fast` and `grok-3-mini-fast` into aliases of `grok-3` and `grok-3-mini`.
    /// The committed captures end before that day, so the newer list is the real answer of
    /// 2025-08-23 with that change made to it: the two entries gone, their ids (and their own
    /// aliases) added to the aliases of the models they were folded into.
    @Test("ids the list now declares aliases of other listed models are merged, not removed, and no suspicious drop")
    func merged() throws {
        let folder = try Repository.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = SnapshotStore(root: folder.appendingPathComponent("snapshots"), displayRoot: "snapshots")
        let real = try Repository.capture("2025-08-23", "xai/language-models.json")
        var document = try #require(try JSONSerialization.jsonObject(with: Data(real)) as? [String: Any])
        var models = try #require(document["models"] as? [[String: Any]])
        for (gone, into) in [("grok-3-fast", "grok-3"), ("grok-3-mini-fast", "grok-3-mini")] {
            let entry = try #require(models.first { $0["id"] as? String == gone })
            let index = try #require(models.firstIndex { $0["id"] as? String == into })
            models[index]["aliases"] =
                (models[index]["aliases"] as? [String] ?? []) + [gone] + (entry["aliases"] as? [String] ?? [])
            models.removeAll { $0["id"] as? String == gone }
        }
        document["models"] = models
        let folded = [UInt8](try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]))
        try store.writeCapture(real, date: Repository.date("2025-09-01"), path: "xai/language-models.json")
        try store.writeCapture(folded, date: Repository.date("2025-09-02"), path: "xai/language-models.json")
        let path = folder.appendingPathComponent("catalog.sqlite").path
        let writer = try CatalogWriter(path: path)
        let rules = Repository.root.appendingPathComponent("catalog")
        _ = try CatalogBuilder(store: store, rules: try RulesLoader.load(from: rules), rulesFingerprint: "").build(into: writer)
        try writer.finish()

        let diff = try CatalogDiff.load(
            old: .date(Repository.date("2025-09-01")), new: .date(Repository.date("2025-09-02")), catalogPath: path)
        let merged = diff.changes(.merged)
        #expect(merged.map(\.providerModelID) == ["grok-3-fast", "grok-3-mini-fast"])
        #expect(merged.map(\.new) == [.text("grok-3"), .text("grok-3-mini")])
        #expect(merged.map(\.model) == ["xai/grok-3", "xai/grok-3-mini"])
        #expect(merged.first?.severity == .notable)
        #expect(
            merged.first?.evidence == "xai/language-models.json now lists grok-3-fast as an alias of grok-3 (declared: aliases)")
        // Not removed, not a drop of 2 of 9, and the merged models' own aliases moved with them.
        #expect(diff.changes(.removed).isEmpty)
        #expect(diff.changes(.suspiciousDrop).isEmpty)
        #expect(diff.changes(.aliasRetargeted).isEmpty)
        #expect(DiffReport.markdown(diff).contains("Merged into another model"))
    }

    @Test("every pair of consecutive versions: removals only from compared sources, no id both added and removed")
    func invariantsOverHistory() throws {
        let dates = try SnapshotStore(root: Repository.snapshots).dates()
        let problems = try RepositoryInvariants.historyProblems(try FullCatalog.open(), dates: dates)
        #expect(problems.isEmpty, "\(problems.prefix(20))")
    }

    @Test("the JSON contract, byte for byte (regenerate: scripts/update-diff-examples)")
    func jsonGolden() throws {
        let diff = try DiffTests.diff("2025-07-21", "2025-07-30")
        let golden = try String(
            contentsOf: Repository.root.appendingPathComponent("Tests/ModelCatalogTests/Golden/diff-2025-07-21-2025-07-30.json"),
            encoding: .utf8)
        #expect(DiffReport.json(diff).rendered(pretty: true) + "\n" == golden)
    }

    @Test("the committed markdown example is what the diff renders (regenerate: scripts/update-diff-examples)")
    func markdownExample() throws {
        let diff = try DiffTests.diff("2025-07-21", "2025-07-30")
        let committed = try String(
            contentsOf: Repository.root.appendingPathComponent("docs/catalog-diff-example.md"), encoding: .utf8)
        #expect(committed == DiffReport.markdown(diff))
        // The summary table comes first, long sections fold, the sources close the comment.
        let markdown = DiffReport.markdown(diff)
        #expect(
            markdown.hasPrefix(
                "## Model catalog changes: 2025-07-21 → 2025-07-30\n\n**17 breaking**, 52 notable, 4 info.\n\n| Change |"))
        #expect(markdown.contains("<details><summary>3 more</summary>"))
        #expect(
            markdown.contains(
                "| 🟡 | openrouter | `qwen/qwen3-235b-a22b-2507`<br><sub>qwen/qwen3-235b-a22b-07-25</sub> | `qwen/qwen3-235b-a22b-07-25` → `qwen/qwen3-235b-a22b-2507` — same canonical\\_slug qwen/qwen3-235b-a22b-07-25 |"
            ))
    }

    @Test("the terminal rendering: grouped by severity, coloured only when asked")
    func terminalText() throws {
        let diff = try DiffTests.diff("2025-07-21", "2025-07-30").filtered(provider: "mistral")
        let plain = DiffReport.text(diff)
        #expect(
            plain.hasPrefix(
                "catalog diff 2025-07-21 → 2025-07-30: 11 changes (1 breaking, 10 notable, 0 info)\n\nBREAKING (1)\n  limit down  mistral codestral-latest  context_window 262,144 → 256,000 (-2.3%)\n"
            ))
        #expect(!plain.contains("\u{1B}["))
        let coloured = DiffReport.text(diff, colour: true)
        #expect(coloured.contains("\u{1B}[1;31mBREAKING (1)\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;33mNOTABLE (10)\u{1B}[0m"))
    }

    @Test("price history: each price as effective-from periods, including for a model since retired")
    func priceHistory() throws {
        let archive = try FullCatalog.open()
        let kimi = try #require(try archive.history(of: "openrouter/moonshotai/kimi-k2"))
        let input = kimi.pricePeriods.filter { $0.key == PriceKey(.input) }
        #expect(
            input.prefix(4).map(\.value) == [
                .decimal(Decimal(string: "0.57")!), .decimal(Decimal(string: "0.14")!), .decimal(Decimal(string: "0.0878")!),
                .decimal(Decimal(string: "0.14")!),
            ])
        #expect(input.prefix(4).map(\.from.description) == ["2025-07-11", "2025-07-21", "2025-07-30", "2025-08-05"])
        #expect(input[0].until?.description == "2025-07-21")
        // The last period stays open while the model is listed in the newest version.
        #expect((input.last?.until == nil) == (kimi.listedIn.last == archive.latestVersion))
        #expect(kimi.price(PriceKey(.input), on: Repository.date("2025-08-01"))?.value == .decimal(Decimal(string: "0.0878")!))
        #expect(kimi.price(PriceKey(.input), on: Repository.date("2025-07-10")) == nil)

        // Yi Large left OpenRouter on 2025-07-30; its last price period ends there.
        let yi = try #require(try archive.history(of: "openrouter/01-ai/yi-large"))
        let last = try #require(yi.pricePeriods.last { $0.key == PriceKey(.input) })
        #expect(last.value == .decimal(3))
        #expect(last.until?.description == "2025-07-30")
        #expect(yi.price(PriceKey(.input), on: Repository.date("2025-08-01")) == nil)
        // …and the catalog of a date it was listed still prices it.
        let cost = try Catalog(path: FullCatalog.path, at: Repository.date("2025-07-25")).cost(
            of: "openrouter/01-ai/yi-large", usage: Usage(inputTokens: 1_000_000, outputTokens: 1000))
        #expect(cost.total == Decimal(string: "3.003"))
        #expect(throws: CostError.self) {
            try Catalog(path: FullCatalog.path, at: Repository.date("2025-08-01")).cost(
                of: "openrouter/01-ai/yi-large", usage: Usage(inputTokens: 1))
        }
    }
}
