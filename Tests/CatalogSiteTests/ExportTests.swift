import CatalogCore
import CatalogReports
import CatalogTestSupport
import Foundation
import ModelCatalog
import Testing

/// The exports in other tools' formats, read back and checked against the catalog they came from.
@Suite("Exports")
struct ExportTests {
    static func parse(_ bytes: [UInt8]) throws -> JSONDocument { try JSONDocument(bytes: bytes) }

    /// LiteLLM's key prefixes, written here from LiteLLM's own map rather than read from the exporter.
    static let litellmPrefix: [String: String] = [
        "openai": "", "anthropic": "", "bedrock": "", "google": "gemini/", "vertex": "vertex_ai/", "openrouter": "openrouter/",
        "xai": "xai/", "mistral": "mistral/", "deepseek": "deepseek/", "groq": "groq/", "together": "together_ai/",
        "cerebras": "cerebras/",
    ]

    @Test("litellm: an entry for every record, keyed as LiteLLM spells it, with the record's own prices per token")
    func litellmEntries() throws {
        let exporter = try SiteFixture.exporter()
        let (bytes, _) = try exporter.export(.litellm)
        let document = try ExportTests.parse(bytes)
        let root = document.root
        let result = try LiteLLMExport.export(catalog: exporter.catalog, records: exporter.records)
        #expect(result.collisions.isEmpty, "\(result.collisions)")
        #expect(root.count == result.entries)
        var checkedPrices = 0
        for record in exporter.records {
            let prefix = ExportTests.litellmPrefix[record.provider] ?? (record.provider == "cohere" ? nil : record.provider + "/")
            let key = prefix.map { $0 + record.providerModelID }
            let entry = key.flatMap { root[$0] } ?? root["cohere/" + record.providerModelID] ?? root[record.providerModelID]
            guard let entry else {
                Issue.record("no entry for \(record.id)")
                continue
            }
            // Each plain token price is the catalog's per-1M price moved six places, exactly.
            let prices = exporter.catalog.billedPrices(of: record)
            for (component, field) in [
                (PriceComponent.input, "input_cost_per_token"), (.output, "output_cost_per_token"),
                (.cachedInput, "cache_read_input_token_cost"),
            ] {
                let stated = prices[PriceKey(component)]?.decimal
                let written = entry[field]?.decimal
                #expect(written == stated.map { $0 / 1_000_000 }, "\(record.id) \(field)")
                if stated != nil { checkedPrices += 1 }
            }
        }
        #expect(checkedPrices > 1500)
        // Real values of the pinned version.
        #expect(root["gpt-4o-2024-08-06"]?["input_cost_per_token"]?.numberText == "0.0000025")
        #expect(root["gpt-4o-2024-08-06"]?["max_input_tokens"]?.int == 128_000)
        #expect(root["gpt-4o-2024-08-06"]?["litellm_provider"]?.string == "openai")
        #expect(root["claude-sonnet-4-5-20250929"]?["cache_creation_input_token_cost_above_1hr"]?.numberText == "0.000006")
        #expect(root["gemini/gemini-2.5-flash"]?["litellm_provider"]?.string == "gemini")
        // An alias xAI declares is a key of its own with the same entry.
        let alias = try #require(root["xai/grok-4"])
        let target = try #require(root["xai/grok-4-0709"])
        #expect(
            alias.keys == target.keys && alias["input_cost_per_token"]?.numberText == target["input_cost_per_token"]?.numberText)
        #expect(alias["input_cost_per_token"]?.numberText == "0.000003")
    }

    /// The usages priced by both LiteLLM and `catalog cost`: `--input` counts prompt tokens not
    /// read from the cache; LiteLLM's `prompt_tokens` counts them all.
    static let requests: [(model: String, input: Int, cached: Int, output: Int)] = [
        ("gpt-4o-2024-08-06", 12_000, 3_000, 800),
        ("claude-sonnet-4-5-20250929", 20_000, 0, 1_500),
        ("gemini/gemini-2.5-flash", 100_000, 0, 5_000),
        ("xai/grok-4", 30_000, 0, 2_000),
    ]

    @Test("litellm round trip: the real LiteLLM, pointed at our export, prices models as `catalog cost` does, to the cent")
    func litellmRoundTrip() throws {
        let python = Repository.root.appendingPathComponent(".build/test-tools/venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: python) else {
            Issue.record("LiteLLM is not installed: run scripts/test-tools (which .ci/run runs)")
            return
        }
        let folder = try Repository.temporaryFolder("litellm")
        defer { try? FileManager.default.removeItem(at: folder) }
        let map = folder.appendingPathComponent("model_prices_and_context_window.json")
        let pinned = ["--catalog", FullCatalog.path, "--at", FullCatalog.pinnedDate.description]
        let export = try CatalogExecutable.run(["export", "--format", "litellm", "--out", map.path] + pinned, in: folder)
        #expect(export.status == 0, "\(export.error)")
        let entries = try ExportTests.parse([UInt8](try Data(contentsOf: map))).root.count

        let requestsFile = folder.appendingPathComponent("requests.json")
        let requests = ExportTests.requests.map {
            "{\"model\": \"\($0.model)\", \"prompt_tokens\": \($0.input + $0.cached), \"cached_tokens\": \($0.cached), \"completion_tokens\": \($0.output)}"
        }
        try Data(("[" + requests.joined(separator: ",") + "]").utf8).write(to: requestsFile)
        let script = Repository.root.appendingPathComponent("Tests/CatalogSiteTests/Tools/litellm_cost.py").path
        let run = try ToolRun.run(python, [script, map.path, requestsFile.path], timeout: 300)
        try #require(run.status == 0, "\(run.error.suffix(3000))")
        let answer = try ExportTests.parse(Array((run.output.split(separator: "\n").last ?? "").utf8)).root
        // The map LiteLLM uses is ours, fetched from the URL, not its bundled backup.
        #expect(answer["source"]?.string == "remote", "\(answer["fallback_reason"]?.string ?? "")")
        #expect(answer["entries"]?.int == entries)
        let results = try #require(answer["results"]?.array)
        try #require(results.count == ExportTests.requests.count)
        for (request, result) in zip(ExportTests.requests, results) {
            let cost = try CatalogExecutable.run(
                [
                    "cost", request.model, "--input", String(request.input), "--cached-input", String(request.cached), "--output",
                    String(request.output), "--format", "json",
                ] + pinned, in: folder)
            #expect(cost.status == 0, "\(cost.error)")
            let ours = try #require(
                try ExportTests.parse(Array(cost.output.utf8)).root["total_usd"]?.string.flatMap { Decimal(string: $0) })
            let theirs = try #require(result["cost"]?.string.flatMap { Double($0) })
            #expect(ours > 0)
            // LiteLLM computes in binary floating point: equal to the cent, and to a billionth of a dollar.
            #expect((theirs * 100).rounded() == (NSDecimalNumber(decimal: ours).doubleValue * 100).rounded(), "\(request.model)")
            #expect(
                abs(theirs - NSDecimalNumber(decimal: ours).doubleValue) < 1e-9,
                "\(request.model): LiteLLM \(theirs), catalog \(ours)")
        }
    }

    @Test("models-dev: every provider and model has the fields models.dev's schema requires, with the catalog's values")
    func modelsDevSchema() throws {
        let exporter = try SiteFixture.exporter()
        let (bytes, _) = try exporter.export(.modelsDev)
        let root = try ExportTests.parse(bytes).root
        let result = try ModelsDevExport.export(catalog: exporter.catalog, records: exporter.records)
        let isDate = { (text: String?) -> Bool in
            guard let text else { return false }
            return text.wholeMatch(of: /\d{4}-\d{2}(-\d{2})?/) != nil
        }
        let modalities: Set<String> = ["text", "audio", "image", "video", "pdf"]
        var models = 0
        for (providerID, provider) in try #require(root.members) {
            #expect(provider["id"]?.string == providerID)
            #expect(provider["name"]?.string?.isEmpty == false)
            #expect((provider["env"]?.array?.count ?? 0) >= 1 && provider["env"]!.array!.allSatisfy { $0.string != nil })
            #expect(provider["npm"]?.string != nil && provider["doc"]?.string != nil)
            for (modelID, model) in try #require(provider["models"]?.members) {
                models += 1
                let place = "\(providerID)/\(modelID)"
                #expect(model["id"]?.string == modelID, "\(place)")
                #expect(model["name"]?.string?.isEmpty == false, "\(place)")
                for flag in ["attachment", "reasoning", "tool_call", "open_weights"] {
                    #expect(model[flag]?.bool != nil, "\(place) \(flag)")
                }
                #expect(isDate(model["release_date"]?.string) && isDate(model["last_updated"]?.string), "\(place)")
                if let knowledge = model["knowledge"] { #expect(isDate(knowledge.string), "\(place)") }
                for side in ["input", "output"] {
                    let values = model["modalities"]?[side]?.array?.compactMap(\.string) ?? []
                    #expect(!values.isEmpty && values.allSatisfy(modalities.contains), "\(place) \(side)")
                }
                #expect((model["limit"]?["context"]?.int ?? -1) >= 0 && (model["limit"]?["output"]?.int ?? -1) >= 0, "\(place)")
                if let cost = model["cost"] {
                    #expect((cost["input"]?.decimal ?? -1) >= 0 && (cost["output"]?.decimal ?? -1) >= 0, "\(place)")
                }
                if let status = model["status"] {
                    #expect(["alpha", "beta", "deprecated"].contains(status.string ?? ""), "\(place)")
                }
            }
        }
        #expect(models == result.models)
        // Each record is written or left out naming what it lacked, and really lacks it.
        #expect(result.models + result.omitted.count == exporter.records.count)
        let byID = Dictionary(uniqueKeysWithValues: exporter.records.map { ($0.id, $0) })
        for item in result.omitted {
            let record = try #require(byID[item.id])
            if item.missing.contains("limit.output") { #expect(record.maxOutputTokens == nil, "\(item.id)") }
            if item.missing.contains("limit.context") {
                #expect(record.contextWindow == nil && record.maxInputTokens == nil, "\(item.id)")
            }
        }
        // Real values of the pinned version.
        let gpt4o = try #require(root["openai"]?["models"]?["gpt-4o-2024-08-06"])
        #expect(gpt4o["cost"]?["input"]?.numberText == "2.5" && gpt4o["cost"]?["output"]?.numberText == "10")
        #expect(gpt4o["cost"]?["cache_read"]?.numberText == "1.25")
        #expect(gpt4o["limit"]?["context"]?.int == 128_000 && gpt4o["limit"]?["output"]?.int == 16_384)
        #expect(gpt4o["tool_call"]?.bool == true)
    }

    @Test("json: every canonical model and record, each record's prices with their periods across versions")
    func fullJSON() throws {
        let exporter = try SiteFixture.exporter()
        let (bytes, _) = try exporter.export(.json)
        let root = try ExportTests.parse(bytes).root
        #expect(root["format"]?.string == "bulkllm-catalog" && root["format_version"]?.int == 1)
        #expect(root["version"]?.string == FullCatalog.pinnedDate.description)
        let models = try #require(root["models"]?.array)
        #expect(models.compactMap { $0["id"]?.string } == exporter.catalog.modelIDs)
        let records = try #require(root["records"]?.array)
        #expect(records.compactMap { $0["id"]?.string } == exporter.records.map(\.id))
        let versions = (root["versions"]?.array ?? []).compactMap(\.string)
        #expect(versions.last == FullCatalog.pinnedDate.description && versions.first == "2025-03-25")
        // Kimi K2 at OpenRouter: its periods are the ones `catalog history` reports.
        let kimi = try #require(records.first { $0["id"]?.string == "openrouter/moonshotai/kimi-k2" })
        let periods = try #require(kimi["price_history"]?.array)
        let history = try #require(try FullCatalog.open().history(of: "openrouter/moonshotai/kimi-k2"))
        let expected = history.pricePeriods.filter { $0.from <= FullCatalog.pinnedDate }
        #expect(periods.count == expected.count)
        for (written, period) in zip(periods, expected) {
            #expect(written["price"]?.string == period.key.name && written["from"]?.string == period.from.description)
        }
        let input = periods.filter { $0["price"]?.string == "input" }
        #expect(input.contains { $0["from"]?.string == "2025-07-30" && $0["value"]?.string == "0.0878" })
    }

    @Test("histories read in one pass equal the history of each id asked alone")
    func historiesInOnePass() throws {
        let archive = try FullCatalog.open()
        let all = try archive.histories()
        let ids = try archive.allIDs()
        #expect(all.count == ids.count)
        for id in ids.enumerated().filter({ $0.offset % 37 == 0 }).map(\.element) + [
            "openrouter/moonshotai/kimi-k2", "xai/grok-3",
        ] {
            let alone = try #require(try archive.history(of: id))
            let together = try #require(all[id])
            #expect(together.listedIn == alone.listedIn, "\(id)")
            #expect(together.events == alone.events, "\(id)")
            #expect(together.pricePeriods == alone.pricePeriods, "\(id)")
        }
    }

    @Test("json export of the embedded catalog is refused: it has no history")
    func jsonNeedsHistory() throws {
        let folder = try Repository.temporaryFolder("embedded-json")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try CatalogExecutable.run(["export", "--format", "json"], in: folder)
        #expect(run.status == 2)
        #expect(run.error.contains("no price history") && run.error.contains("catalog build"))
        #expect(run.output.isEmpty)
        // The formats without history work from the embedded catalog.
        let litellm = try CatalogExecutable.run(["export", "--format", "litellm", "--out", "map.json"], in: folder)
        #expect(litellm.status == 0, "\(litellm.error)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("map.json").path))
    }
}
