import CatalogCore
import CatalogTestSupport
import Foundation
import Testing

@testable import ModelCatalog

/// Name resolution on the catalog of a pinned date: every name form, on real models from the
/// snapshots. (The embedded catalog is the newest version; it is checked against the SQLite
/// catalog's newest, whatever date that is.)
@Suite("Resolving names")
struct LookupTests {
    static let embedded = Result { try Catalog.embedded() }

    /// Reviewed against the captures: each name, the canonical model, and how it matched.
    static let table: [(name: String, id: String?, match: Resolution.Match?)] = [
        ("gpt-4o", "openai/gpt-4o-2024-08-06", .alias),
        ("GPT-4o", "openai/gpt-4o-2024-08-06", .alias),
        ("openai/gpt-4o", "openai/gpt-4o-2024-08-06", .alias),
        ("gpt-4o-2024-08-06", "openai/gpt-4o-2024-08-06", .exact),
        ("gpt-4o-20240806", "openai/gpt-4o-2024-08-06", .normalized),
        ("openrouter/openai/gpt-4o", "openai/gpt-4o-2024-08-06", .offering),
        ("openai/gpt-4o-mini", "openai/gpt-4o-mini-2024-07-18", .alias),
        ("gpt-4o-mini-2024-07-18", "openai/gpt-4o-mini-2024-07-18", .exact),
        ("azure/gpt-4o", "openai/gpt-4o-2024-08-06", .prefixed),
        ("gpt-5", "openai/gpt-5-2025-08-07", .alias),
        ("gpt-5-2025-08-07", "openai/gpt-5-2025-08-07", .exact),
        ("gpt-5.5", "openai/gpt-5.5-2026-04-23", .alias),
        ("gpt-5-5", "openai/gpt-5.5-2026-04-23", .normalized),
        ("openai/gpt-5.5-pro", "openai/gpt-5.5-pro-2026-04-23", .alias),
        ("o3", "openai/o3-2025-04-16", .alias),
        ("o4-mini", "openai/o4-mini-2025-04-16", .alias),
        ("o1-pro", "openai/o1-pro-2025-03-19", .alias),
        ("gpt-3.5-turbo", "openai/gpt-3.5-turbo-0125", .alias),
        ("gpt-3-5-turbo", "openai/gpt-3.5-turbo-0125", .alias),
        ("gpt-4-turbo", "openai/gpt-4-turbo-2024-04-09", .alias),
        ("chatgpt-4o-latest", "openai/chatgpt-4o-latest", .exact),
        ("gpt-image-1", "openai/gpt-image-1", .exact),
        ("text-embedding-3-large", "openai/text-embedding-3-large", .exact),
        ("gpt-oss-120b", "openai/gpt-oss-120b", .exact),
        ("openai/gpt-oss-120b", "openai/gpt-oss-120b", .exact),
        ("groq/openai/gpt-oss-120b", "openai/gpt-oss-120b", .offering),
        ("cerebras/gpt-oss-120b", "openai/gpt-oss-120b", .offering),
        ("claude-3-5-sonnet-latest", "anthropic/claude-3-5-sonnet-20241022", .normalized),
        ("claude-3-5-sonnet-20241022", "anthropic/claude-3-5-sonnet-20241022", .exact),
        ("claude-3.5-sonnet", "anthropic/claude-3-5-sonnet-20241022", .normalized),
        ("anthropic/claude-3.5-sonnet", "anthropic/claude-3-5-sonnet-20241022", .normalized),
        ("anthropic.claude-3-5-sonnet-20241022-v2:0", "anthropic/claude-3-5-sonnet-20241022", .offering),
        ("us.anthropic.claude-3-5-sonnet-20241022-v2:0", "anthropic/claude-3-5-sonnet-20241022", .prefixed),
        ("eu.anthropic.claude-3-5-sonnet-20241022-v2:0", "anthropic/claude-3-5-sonnet-20241022", .prefixed),
        ("bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0", "anthropic/claude-3-5-sonnet-20241022", .offering),
        ("claude-3-5-sonnet-v2@20241022", "anthropic/claude-3-5-sonnet-20241022", .normalized),
        ("vertex_ai/claude-3-5-sonnet-v2@20241022", "anthropic/claude-3-5-sonnet-20241022", .normalized),
        ("claude-sonnet-4-5", "anthropic/claude-sonnet-4-5-20250929", .alias),
        ("claude-sonnet-4.5", "anthropic/claude-sonnet-4-5-20250929", .normalized),
        ("anthropic/claude-sonnet-4.5", "anthropic/claude-sonnet-4-5-20250929", .offering),
        ("claude-4.5-sonnet", "anthropic/claude-sonnet-4-5-20250929", .normalized),
        ("claude-sonnet-4-5-20250929", "anthropic/claude-sonnet-4-5-20250929", .exact),
        ("claude-haiku-4-5", "anthropic/claude-haiku-4-5-20251001", .alias),
        ("claude-haiku-4-5@20251001", "anthropic/claude-haiku-4-5-20251001", .normalized),
        ("claude-opus-4-7", "anthropic/claude-opus-4-7", .exact),
        ("claude-4.7-opus", "anthropic/claude-opus-4-7", .normalized),
        ("anthropic/claude-opus-4.7", "anthropic/claude-opus-4-7", .offering),
        ("claude-opus-4-1", "anthropic/claude-opus-4-1-20250805", .alias),
        ("claude-3-haiku-20240307", "anthropic/claude-3-haiku-20240307", .exact),
        ("claude-3-opus", "anthropic/claude-3-opus-20240229", .alias),
        ("gemini-2.5-flash", "google/gemini-2.5-flash", .exact),
        ("models/gemini-2.5-flash", "google/gemini-2.5-flash", .prefixed),
        ("gemini/gemini-2.5-flash", "google/gemini-2.5-flash", .prefixed),
        ("google/gemini-2.5-flash", "google/gemini-2.5-flash", .exact),
        ("vertex_ai/gemini-2.5-flash", "google/gemini-2.5-flash", .prefixed),
        ("gemini-2.5-pro", "google/gemini-2.5-pro", .exact),
        ("gemini-2.0-flash", "google/gemini-2.0-flash-001", .alias),
        ("gemini-2.0-flash-001", "google/gemini-2.0-flash-001", .exact),
        ("gemini-3.1-pro-preview", "google/gemini-3.1-pro-preview", .exact),
        ("gemini-flash-latest", "google/gemini-flash-latest", .exact),
        ("grok-4", "xai/grok-4-0709", .alias),
        ("grok-4-latest", "xai/grok-4-0709", .alias),
        ("x-ai/grok-4", "xai/grok-4-0709", .prefixed),
        ("grok-4-0709", "xai/grok-4-0709", .exact),
        ("xai/grok-3-mini", "xai/grok-3-mini", .exact),
        ("grok-3-mini-beta", "xai/grok-3-mini", .alias),
        ("grok-2", "xai/grok-2-1212", .alias),
        ("mistral-large-latest", "mistral/mistral-large-2512", .alias),
        ("mistral-medium", "mistral/mistral-medium-2508", .alias),
        ("mistral-small-latest", "mistral/mistral-small-2603", .alias),
        ("codestral-latest", "mistral/codestral-2508", .alias),
        ("mistralai/mistral-small-3.2-24b-instruct", "mistral/mistral-small-3.2-24b-instruct-2506", .offering),
        ("deepseek-chat", "deepseek/deepseek-chat-v3", .offering),
        ("deepseek-v4-pro", "deepseek/deepseek-v4-pro", .exact),
        ("deepseek/deepseek-v4-pro", "deepseek/deepseek-v4-pro", .exact),
        ("command-a-03-2025", "cohere/command-a-03-2025", .exact),
        ("meta-llama/llama-3.3-70b-instruct", "meta-llama/llama-3.3-70b-instruct", .exact),
        ("meta-llama/llama-3.3-70b-instruct:free", "meta-llama/llama-3.3-70b-instruct", .offering),
        ("openrouter/meta-llama/llama-3.3-70b-instruct", "meta-llama/llama-3.3-70b-instruct", .offering),
        ("llama-3.3-70b-versatile", "meta-llama/llama-3.3-70b-instruct", .offering),
        ("groq/llama-3.3-70b-versatile", "meta-llama/llama-3.3-70b-instruct", .offering),
        ("together/meta-llama/Llama-3.3-70B-Instruct-Turbo", "meta-llama/llama-3.3-70b-instruct", .offering),
        // OpenRouter renamed it from -07-25; its permanent canonical_slug stays the identity.
        ("qwen/qwen3-235b-a22b-2507", "qwen/qwen3-235b-a22b-07-25", .offering),
        ("claude", nil, nil),
        ("gpt", nil, nil),
        ("gpt-9", nil, nil),
        ("nonsense-model", nil, nil),
    ]

    @Test("each name form resolves to the canonical model", arguments: table.indices)
    func resolves(_ index: Int) throws {
        let (name, id, match) = LookupTests.table[index]
        let catalog = try FullCatalog.pinned()
        let resolution = try catalog.resolve(name)
        #expect(resolution.model?.id == id, "\(name)")
        #expect(resolution.match == match, "\(name)")
        if id == nil { #expect(!resolution.isResolved) }
    }

    @Test("the embedded catalog and the SQLite catalog resolve every name alike", arguments: table.indices)
    func backendsAgree(_ index: Int) throws {
        let name = LookupTests.table[index].name
        let fromSQLite = try FullCatalog.latest().resolve(name)
        let embedded = try LookupTests.embedded.get().resolve(name)
        #expect(fromSQLite.model == embedded.model)
        #expect(fromSQLite.match == embedded.match)
        #expect(fromSQLite.candidates == embedded.candidates)
    }

    @Test("an ambiguous name resolves to nothing and lists the candidates")
    func ambiguous() throws {
        let resolution = try FullCatalog.pinned().resolve("gemma-4-31b-it")
        #expect(resolution.model == nil)
        #expect(resolution.isAmbiguous)
        #expect(resolution.candidates == ["google/gemma-4-31b-it", "pearl-ai/gemma-4-31b-it"])
        // Qualified, it is not ambiguous.
        #expect(try FullCatalog.pinned().resolve("google/gemma-4-31b-it").model?.id == "google/gemma-4-31b-it")
    }

    @Test(
        "an unknown name gets the closest names",
        arguments: [
            ("gpt-9", ["gpt-4", "gpt-5"]), ("claude", ["claude-v2"]), ("grok-4-fast", ["grok-4-latest", "grok-4-0709"]),
        ])
    func suggestions(_ name: String, _ expected: [String]) throws {
        let resolution = try FullCatalog.pinned().resolve(name)
        #expect(resolution.model == nil)
        #expect(!resolution.isAmbiguous)
        for suggestion in expected { #expect(resolution.suggestions.contains(suggestion), "\(resolution.suggestions)") }
        #expect(resolution.suggestions.count <= 5)
    }

    @Test("every name of every model resolves to that model, and canonical ids to themselves")
    func everyName() throws {
        let (problems, checked) = try RepositoryInvariants.nameProblems(try FullCatalog.latest())
        #expect(problems.isEmpty, "\(problems.prefix(20))")
        #expect(checked > 1300)
    }

    @Test("canonical(canonical(x)) == canonical(x) for every model name in the snapshots")
    func idempotent() throws {
        let catalog = try FullCatalog.latest()
        let archive = try FullCatalog.open()
        var names: Set<String> = []
        for version in archive.versions.map(\.date) {
            for record in try archive.models(at: version) {
                names.insert(record.providerModelID)
                names.insert(record.id)
                names.formUnion(record.aliases)
            }
        }
        #expect(names.count > 2000)
        var resolved = 0
        for name in names {
            let first = try catalog.resolve(name)
            guard let model = first.model else { continue }
            resolved += 1
            let second = try catalog.resolve(model.id)
            #expect(second.model?.id == model.id, "\(name) → \(model.id) → \(second.model?.id ?? "nothing")")
            #expect(second.match == .exact)
        }
        #expect(resolved > 1500)
    }

    @Test("families, the newest of a family, successors and offerings")
    func families() throws {
        let catalog = try FullCatalog.pinned()
        let gpt4o = try #require(try catalog.model(id: "openai/gpt-4o-2024-08-06"))
        #expect(gpt4o.family == "openai/gpt-4o")
        try #expect(
            catalog.family(of: gpt4o).map(\.id) == [
                "openai/gpt-4o-2024-05-13", "openai/gpt-4o-2024-08-06", "openai/gpt-4o-2024-11-20",
            ])
        try #expect(catalog.latest(in: "openai/gpt-4o")?.id == "openai/gpt-4o-2024-11-20")
        #expect(catalog.successor(of: "openai/gpt-4o") == "openai/gpt-4.1")
        #expect(gpt4o.aliases.contains(Alias(name: "gpt-4o", rule: .declaredCurrentSnapshot)))
        let offerings = try catalog.offerings(of: gpt4o)
        #expect(offerings.first?.offering.rule == .firstParty)
        #expect(offerings.contains { $0.offering.recordID == "openrouter/openai/gpt-4o" })
        let sonnet = try #require(catalog.resolve("claude-sonnet-4-5").model)
        #expect(sonnet.offerings.map(\.provider).contains("bedrock"))
        #expect(sonnet.offerings.map(\.provider).contains("openrouter"))
        #expect(catalog.families.contains { $0.family == "anthropic/claude-3-5-sonnet" && $0.models.count == 2 })
    }

    @Test("an older version answers as it was; the embedded catalog holds only the newest")
    func asOf() throws {
        let latest = try FullCatalog.pinned()
        let august = try FullCatalog.latest().asOf(CalendarDate(iso: "2025-08-04")!)
        #expect(august.version.description == "2025-08-01")
        try #expect(august.resolve("grok-4").model?.id == "xai/grok-4-0709")
        try #expect(august.resolve("gpt-5").model == nil)
        try #expect(latest.resolve("gpt-5").model?.id == "openai/gpt-5-2025-08-07")
        #expect(throws: CatalogStoreError.self) { try LookupTests.embedded.get().asOf(CalendarDate(iso: "2025-08-01")!) }
    }

    @Test("the embedded catalog is the newest version of a fresh build (run `swift run catalog build` when this fails)")
    func embeddedIsCurrent() throws {
        let fresh = try #require(try FullCatalog.open().embeddedCatalogText())
        let committed = try String(
            contentsOf: Repository.root.appendingPathComponent("Sources/ModelCatalog/Resources/catalog.tsv"), encoding: .utf8)
        #expect(committed == fresh)
        let embedded = try LookupTests.embedded.get().version
        #expect(embedded == (try FullCatalog.open().latestVersion))
        #expect(embedded >= FullCatalog.pinnedDate)
    }
}

/// Costs from real prices, checked to the cent against the captures.
@Suite("Costs")
struct CostTests {
    func cost(_ name: String, _ usage: Usage) throws -> Cost { try FullCatalog.pinned().cost(of: name, usage: usage) }

    @Test("input and output at the creator's prices")
    func basic() throws {
        let gpt4o = try cost("gpt-4o", Usage(inputTokens: 1_000_000, outputTokens: 1_000_000))
        #expect(gpt4o.pricedAs == "openai/gpt-4o-2024-08-06")
        #expect(gpt4o.total == Decimal(string: "12.50"))
        let grok = try cost("grok-4", Usage(inputTokens: 200_000, outputTokens: 40_000))
        #expect(grok.total == Decimal(string: "1.20"))  // 0.2 × 3.00 + 0.04 × 15.00
    }

    @Test("cached reads and one-hour cache writes")
    func caching() throws {
        let usage = Usage(inputTokens: 10_000, cachedInputTokens: 2_000, cacheWrite1hTokens: 5_000, outputTokens: 1_000)
        let sonnet = try cost("claude-sonnet-4-5", usage)
        // 10k × 3 + 2k × 0.30 + 5k × 6 + 1k × 15, per 1M tokens.
        #expect(sonnet.total == Decimal(string: "0.0756"))
        #expect(sonnet.lines.map(\.price.name) == ["input", "cached_input", "cache_write_1h", "output"])
    }

    @Test("prompts above the long-context threshold use the long-context prices, per tier")
    func longContext() throws {
        let standard = try cost("gpt-5.5", Usage(inputTokens: 300_000, outputTokens: 10_000))
        #expect(standard.longContextAbove == 272_000)
        #expect(standard.total == Decimal(string: "3.45"))
        let batch = try cost("gpt-5.5", Usage(inputTokens: 300_000, outputTokens: 10_000, tier: .batch))
        #expect(batch.total == Decimal(string: "1.725"))
        let short = try cost("gpt-5.5", Usage(inputTokens: 200_000, outputTokens: 10_000))
        #expect(short.longContextAbove == nil)
        #expect(short.total == Decimal(string: "1.30"))  // 0.2 × 5 + 0.01 × 30
        let gemini = try cost("gemini-3.1-pro-preview", Usage(inputTokens: 250_000, outputTokens: 1_000))
        #expect(gemini.total == Decimal(string: "1.018"))  // 0.25 × 4 + 0.001 × 18
    }

    @Test("reasoning tokens at the output price where none of their own is listed")
    func reasoning() throws {
        let o3 = try cost("o3", Usage(inputTokens: 1_000, outputTokens: 1_000, reasoningTokens: 3_000))
        #expect(o3.total == Decimal(string: "0.034"))
        #expect(o3.lines.last?.billed == .reasoning)
        #expect(o3.lines.last?.price == PriceKey(.output))
    }

    @Test("a host's id is priced at the host's price")
    func hostPrices() throws {
        let together = try cost("together/deepseek-ai/DeepSeek-V4-Pro", Usage(inputTokens: 1_000_000))
        #expect(together.pricedAs == "together/deepseek-ai/DeepSeek-V4-Pro")
        // The fresh pages of 2026-07-27/28 (1.74), not the API answer carried forward from 2026-05-31 (2.10).
        #expect(together.total == Decimal(string: "1.74"))
        // DeepSeek's 75% promotion ended on 2026-05-31: the list price on 2026-07-28 …
        let deepseek = try cost("deepseek-v4-pro", Usage(inputTokens: 1_000_000))
        #expect(deepseek.total == Decimal(string: "1.74"))
        #expect(deepseek.lines.map(\.price) == [PriceKey(.input)])
        // … and the promotional price while it ran.
        let may = try FullCatalog.latest().asOf(Repository.date("2026-05-08")).cost(
            of: "deepseek-v4-pro", usage: Usage(inputTokens: 1_000_000))
        #expect(may.total == Decimal(string: "0.435"))
        #expect(may.lines.map(\.price) == [PriceKey(.input, tier: .promotion)])
    }

    @Test(
        "a missing or variable price is an error, never $0",
        arguments: [
            (
                "gpt-4o-2024-05-13", Usage(inputTokens: 10, cachedInputTokens: 10),
                "no cached_input price in the catalog; the cost is unknown, not $0"
            ),
            ("openrouter/auto", Usage(inputTokens: 10), "the price varies (input): no fixed cost"),
            (
                "claude-3-haiku-20240307", Usage(inputTokens: 10, tier: .flex),
                "no flex_input price in the catalog; the cost is unknown, not $0"
            ),
            ("gpt-9", Usage(inputTokens: 10), "unknown model; did you mean"),
            ("gemma-4-31b-it", Usage(inputTokens: 10), "ambiguous: could be google/gemma-4-31b-it, pearl-ai/gemma-4-31b-it"),
        ])
    func errors(_ name: String, _ usage: Usage, _ message: String) throws {
        do {
            _ = try cost(name, usage)
            Issue.record("expected an error")
        } catch let error as CostError {
            #expect(error.message.hasPrefix(message), "\(error.message)")
        }
    }
}

/// `ModelName` on every real spelling the pinned version holds.
@Suite("Real spellings")
struct RealSpellingTests {
    @Test("every provider's id and alias parses, prints back as written, and keys to its own key")
    func everyRealSpelling() throws {
        let catalog = try FullCatalog.pinned()
        var spellings = try catalog.records().map(\.providerModelID)
        for id in catalog.modelIDs { spellings += try catalog.model(id: id)?.aliases.map(\.name) ?? [] }
        #expect(spellings.count > 1_000)
        var problems: [String] = []
        for spelling in spellings {
            let name = ModelName(spelling)
            if name.description != spelling || ModelName(name.description) != name {
                problems.append("prints differently: \(spelling)")
            }
            let key = ModelName.key(spelling)
            if ModelName.key(key) != key { problems.append("key is not its own key: \(spelling) → \(key)") }
            if !ModelName.mayHaveStructure(spelling),
                !name.path.isEmpty || name.region != nil || name.dottedNamespace != nil || !name.variants.isEmpty
                    || name.isLatestPointer
            {
                problems.append("has structure the quick check misses: \(spelling)")
            }
        }
        #expect(problems.isEmpty, "\(problems.prefix(10))")
        // Bedrock's ids all split into a dotted namespace and a name without the API version.
        let bedrock = try catalog.records().filter { $0.provider == "bedrock" && !$0.providerModelID.contains(" ") }
        #expect(!bedrock.isEmpty)
        #expect(bedrock.allSatisfy { ModelName($0.providerModelID).dottedNamespace != nil })
    }
}

/// A damaged embedded catalog is an error naming the file and line, never an unknown model.
@Suite("Damaged embedded catalog")
struct DamagedEmbeddedCatalogTests {
    static let committed = Repository.root.appendingPathComponent("Sources/ModelCatalog/Resources/catalog.tsv")

    /// The committed catalog with `edit` applied, written to a temporary file.
    func damaged(_ edit: (inout [String]) -> Void) throws -> URL {
        var lines = try String(contentsOf: DamagedEmbeddedCatalogTests.committed, encoding: .utf8).components(separatedBy: "\n")
        edit(&lines)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("damaged-\(UUID().uuidString).tsv")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func expectCorrupt(_ error: any Error, line: Int) {
        let store = error as? CatalogStoreError
        #expect(store?.code == .corruptData)
        #expect(store?.message.contains("line \(line)") == true, "\(error)")
    }

    @Test("an offering with a rule the catalog never writes fails the open, naming the line")
    func unknownRule() throws {
        var number = 0
        let url = try damaged { lines in
            number = lines.firstIndex { $0.hasPrefix("O\t") }! + 1
            lines[number - 1] = lines[number - 1].replacingOccurrences(of: "\t", with: "\tx", options: .backwards, range: nil)
        }
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try Catalog.embedded(contentsOf: url)
            Issue.record("opened a catalog with a bad rule")
        } catch {
            expectCorrupt(error, line: number)
        }
    }

    @Test("a fact that does not decode is an error when its model is asked for, not an unknown model")
    func badFact() throws {
        var number = 0
        var model = ""
        let url = try damaged { lines in
            // The first record whose model shares its facts: a fact of it, damaged.
            let record = lines.firstIndex { $0.hasPrefix("R\tanthropic/claude-") }!
            model = String(lines[record].split(separator: "\t")[1])
            number = record + 2
            lines[number - 1] = "F\tno_such_field\tt\tx\tfile\tlocator"
        }
        defer { try? FileManager.default.removeItem(at: url) }
        let catalog = try Catalog.embedded(contentsOf: url)
        do {
            let resolution = try catalog.resolve(model)
            Issue.record("resolved \(model) to \(resolution.model?.id ?? "nothing") from a damaged fact")
        } catch {
            expectCorrupt(error, line: number)
        }
    }

    @Test("a damaged index line fails the first name that needs the index, naming the line; known names still resolve")
    func badIndexLine() throws {
        var number = 0
        let url = try damaged { lines in
            number = lines.firstIndex { $0.hasPrefix("K\t") }! + 1
            lines[number - 1] += " 999999"
        }
        defer { try? FileManager.default.removeItem(at: url) }
        let catalog = try Catalog.embedded(contentsOf: url)
        let known = try #require(catalog.modelIDs.first)
        try #expect(catalog.resolve(known).model?.id == known)
        do {
            let resolution = try catalog.resolve("openrouter/openai/gpt-4o")
            Issue.record("resolved a prefixed name to \(resolution.model?.id ?? "nothing") past a damaged index line")
        } catch {
            expectCorrupt(error, line: number)
        }
    }

    @Test("a damaged record line fails reading the records, naming the line")
    func badRecord() throws {
        var number = 0
        let url = try damaged { lines in
            // Not the first record line, which the open reads to find where the records start.
            number = lines.indices.filter { lines[$0].hasPrefix("R\t") }[1] + 1
            lines[number - 1] += "\textra"
        }
        defer { try? FileManager.default.removeItem(at: url) }
        let catalog = try Catalog.embedded(contentsOf: url)
        do {
            _ = try catalog.records()
            Issue.record("read records past a damaged record line")
        } catch {
            expectCorrupt(error, line: number)
        }
    }
}

@Suite("Embedded catalog records")
struct EmbeddedRecordTests {
    @Test("the name index the file carries is the one made from its models; a file without it resolves alike")
    func storedIndexEqualsMade() throws {
        let catalog = try LookupTests.embedded.get()
        let stored = try catalog.index.spellings
        let made = NameIndex.Spellings(catalog.data)
        #expect(stored == made)
        // Not equal for being empty (the embedded catalog is the newest version: no count of it is pinned).
        #expect(!stored.normalized.isEmpty && !stored.namespaces.isEmpty && !stored.exact.isEmpty)
        let names = Set(catalog.index.exact.keys).union(made.exact.keys)
        #expect(try catalog.index.suggestedNames == NameIndex.Suggester(known: names).names)

        // The same file in the previous format, without index lines: made from the models instead.
        let text = try String(contentsOf: DamagedEmbeddedCatalogTests.committed, encoding: .utf8)
        let previous = text.components(separatedBy: "\n").filter { line in
            !["K\t", "N\t", "X\t", "W\t"].contains { line.hasPrefix($0) }
        }.joined(separator: "\n").replacingOccurrences(of: "bulkllm-catalog-3\t", with: "bulkllm-catalog-2\t")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("format-2-\(UUID().uuidString).tsv")
        try previous.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        let old = try Catalog.embedded(contentsOf: url)
        #expect(try old.index.spellings == stored)
        for name in [
            "openrouter/openai/gpt-4o", "us.anthropic.claude-3-7-sonnet-20250219-v1:0", "Claude 3.5 Sonnet", "no-such-model-xyz",
        ] {
            let (left, right) = (try old.resolve(name), try catalog.resolve(name))
            #expect(left.model?.id == right.model?.id && left.suggestions == right.suggestions, "\(name)")
        }
    }

    @Test("names found by scanning the models are the names the table files, hit for hit, as written or not")
    func scannedExactEqualsTable() throws {
        let exact = ExactNames(try FullCatalog.pinned().data.models)
        let table = exact.table.hits
        #expect(table.count > 4_000)
        // A scan compares every name: a sample of names, as written, in capitals and capitalised
        // (every 40th, every 8th with capitals, which lowercasing files twice, every one beyond ASCII).
        let names = table.keys.sorted()
        let sample = names.indices.filter { index in
            let bytes = names[index].utf8
            return index % 40 == 0 || index % 8 == 0 && bytes.contains { $0 >= 65 && $0 <= 90 } || bytes.contains { $0 >= 0x80 }
        }.map { names[$0] }
        #expect(sample.count > 150)
        var queries = sample + sample.map { $0.uppercased() } + sample.map { $0.capitalized }
        queries += ["", "/", "gpt-4o/", "no-such-model", "Gpt-4O", "gpt\u{2011}4o", "ｇｐｔ-4o", "\u{212A}imi-k2", "e\u{301}"]
        var differing: [String] = []
        for query in queries where exact.scan(query) != table[query] { differing.append(query) }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }

    @Test("suggestions are the same whether the names were scanned (the first unknown names) or a word index asked")
    func scannedSuggestionsEqualIndexed() throws {
        let unknown = [
            "gpt-9-ultra", "claude-7-poem", "llama-99b", "gemini-flash-9", "grok-0", "mistral-tiny-9", "sonnet 3.5",
            "qwen-coder-99", "deepseek-r9", "o9-mini", "gpt-4o-mini-search-preview-2099", "nova-pro-9", "command-r-99",
            "titan-9", "phi-9", "jamba-9",
        ]
        #expect(unknown.count >= 2 * NameIndex.Suggester.scansBeforeIndex)
        // In one order the first half is scanned and the second half indexed; in the other, the reverse.
        // Two fresh catalogs of the pinned version, each with its own suggester.
        let forward = try FullCatalog.latest().asOf(FullCatalog.pinnedDate)
        let backward = try FullCatalog.latest().asOf(FullCatalog.pinnedDate)
        let scannedFirst = try unknown.map { try forward.resolve($0).suggestions }
        let indexedFirst = try unknown.reversed().map { try backward.resolve($0).suggestions }.reversed()
        #expect(scannedFirst == Array(indexedFirst))
        #expect(scannedFirst.allSatisfy { !$0.isEmpty })
    }

    @Test("each record found alone (binary search over the file) is the record read with all the others")
    func findEqualsReadAll() throws {
        let data = try LookupTests.embedded.get().data
        let all = try data.records
        #expect(all.count > 1_000)
        func lines(_ key: VersionData.FactsKey) -> Range<Int>? {
            if case .embedded(let lines) = key { return lines.range }
            return nil
        }
        var differing: [String] = []
        for (id, entry) in all {
            let found = try data.recordEntry(id)
            if found?.id != id || found?.provider != entry.provider || found?.providerModelID != entry.providerModelID
                || found?.status != entry.status || found.flatMap({ lines($0.factsKey) }) != lines(entry.factsKey)
            {
                differing.append(id)
            }
        }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
        #expect(try data.recordEntry("no-such/record") == nil)
        #expect(try data.recordEntry("") == nil)
        #expect(try data.recordEntry("zzzz/after-every-record") == nil)
    }
}
