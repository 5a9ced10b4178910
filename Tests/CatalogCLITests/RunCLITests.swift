import CatalogCore
import CatalogTestSupport
import DispatchTestServer
import Foundation
import Testing

/// `catalog run` and `catalog presets` through the binary, against the loopback server that
/// speaks the three APIs (no test touches the internet).
@Suite(.serialized)
struct RunCLITests {
    static let keys = [
        "OPENAI_API_KEY": "sk-test-openai-0123456789", "ANTHROPIC_API_KEY": "sk-ant-test-0123456789",
        "GEMINI_API_KEY": "AIza-test-0123456789",
    ]
    /// One model per host: the OpenAI, Anthropic and Gemini APIs.
    static let models = ["gpt-4o", "claude-sonnet-4-5", "gemini-3-flash-preview"]

    /// A fresh folder with an input of `count` prompts over the three hosts and a limits file
    /// generous enough that only the server's own limits (if any) hold requests back.
    func workspace(count: Int, models: [String] = models) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulkllm-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let lines = (0..<count).map { index in
            #"{"id": "r\#(index)", "model": "\#(models[index % models.count])", "messages": [{"role": "user", "content": "prompt r\#(index)"}], "max_tokens": 400, "tags": {"batch": "b\#(index % 2)"}}"#
        }
        try (lines.joined(separator: "\n") + "\n").write(
            to: folder.appendingPathComponent("in.jsonl"), atomically: true, encoding: .utf8)
        try """
        defaults:
          requests_per_minute: 1000000
          tokens_per_minute: 1000000000
          concurrent: 64
        """.write(to: folder.appendingPathComponent("limits.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    func arguments(_ folder: URL, _ server: ChatServer, _ extra: [String]) -> [String] {
        let overrides = server.baseURLs.flatMap { ["--base-url", "\($0.key)=\($0.value)"] }
        return [
            "run", folder.appendingPathComponent("in.jsonl").path, "--out", folder.appendingPathComponent("out.jsonl").path,
            "--catalog", FullCatalog.path, "--at", FullCatalog.pinnedDate.description,
            "--limits", folder.appendingPathComponent("limits.yaml").path,
        ] + extra + overrides
    }

    func catalogRun(_ folder: URL, _ server: ChatServer, _ extra: [String] = []) async throws -> CatalogExecutable.Run {
        try await CatalogExecutable.run(arguments(folder, server, extra), in: Repository.root, environment: Self.keys)
    }

    /// The result lines of the output, parsed.
    func resultLines(_ folder: URL) throws -> [[String: Any]] {
        let text = (try? String(contentsOf: folder.appendingPathComponent("out.jsonl"), encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
    }

    static func lineCount(_ folder: URL) -> Int {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("out.jsonl").path) else { return 0 }
        return data.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
    }

    /// Every prompt the server received, over the three APIs.
    func receivedPrompts(_ server: ChatServer) async -> [String] {
        var all: [String] = []
        for api in [ChatServer.API.openai, .anthropic, .gemini] { all += await server.counts(api).prompts }
        return all
    }

    func withServer(_ body: (ChatServer) async throws -> Void) async throws {
        let server = try ChatServer()
        try await server.start()
        do { try await body(server) } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("1,000 prompts over three hosts: 1,000 result lines, every id once, and the server saw each once")
    func thousandPrompts() async throws {
        try await withServer { server in
            let folder = try workspace(count: 1000)
            let run = try await catalogRun(
                folder, server, ["--concurrency", "32", "--stats-json", folder.appendingPathComponent("stats.json").path])
            #expect(run.status == 0, "\(run.error)")
            let results = try resultLines(folder)
            #expect(results.count == 1000)
            #expect(Set(results.compactMap { $0["id"] as? String }) == Set((0..<1000).map { "r\($0)" }))
            #expect(results.allSatisfy { $0["status"] as? String == "ok" })
            // Each line is the object `catalog send --format json` prints, with its id, tags and time.
            let first = try #require(results.first { $0["id"] as? String == "r1" })
            #expect(first["served_by"] as? String == "anthropic/claude-sonnet-4-5-20250929")
            #expect(first["cost_usd"] as? String == "0.0054")
            #expect((first["tags"] as? [String: String]) == ["batch": "b1"])
            #expect((first["finished_at"] as? String)?.hasSuffix("Z") == true)
            let prompts = await receivedPrompts(server)
            #expect(prompts.count == 1000)
            #expect(Set(prompts) == Set((0..<1000).map { "prompt r\($0)" }))
            #expect(await server.counts(.openai).hits == 334)
            #expect(await server.counts(.anthropic).hits == 333)
            #expect(await server.counts(.gemini).hits == 333)
            #expect(run.error.contains("1000 requests: 1000 answered, 0 failed"))
            let stats = try #require(
                try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("stats.json")))
                    as? [String: Any])
            let entries = try #require(stats["entries"] as? [[String: Any]])
            #expect(entries.reduce(0) { $0 + ($1["requests"] as? Int ?? 0) } == 1000)
            // The usage report: per model, per tag, re-priced at the same catalog, and compared.
            let out = folder.appendingPathComponent("out.jsonl").path
            let recorded = results.reduce(Decimal(0)) { $0 + Decimal(string: $1["cost_usd"] as? String ?? "0")! }
            let usage = try await CatalogExecutable.run(
                [
                    "usage", out, "--format", "json", "--catalog", FullCatalog.path, "--at", FullCatalog.pinnedDate.description,
                    "--compare", "gpt-4o-mini",
                ], in: Repository.root)
            #expect(usage.status == 0, "\(usage.error)")
            let report = try #require(try JSONSerialization.jsonObject(with: Data(usage.output.utf8)) as? [String: Any])
            let total = try #require(report["total"] as? [String: Any])
            #expect(total["requests"] as? Int == 1000)
            #expect(total["answered"] as? Int == 1000)
            #expect(Decimal(string: total["cost_usd"] as? String ?? "") == recorded)
            #expect(Decimal(string: report["recorded_cost_usd"] as? String ?? "") == recorded)
            let groups = try #require(report["groups"] as? [[String: Any]])
            #expect(
                groups.map { $0["group"] as? String } == [
                    "anthropic/claude-sonnet-4-5-20250929", "google/gemini-3-flash-preview", "openai/gpt-4o-2024-08-06",
                ])
            #expect(groups.map { $0["requests"] as? Int } == [333, 333, 334])
            let compared = try #require((report["compare"] as? [[String: Any]])?.first)
            #expect(compared["model"] as? String == "openai/gpt-4o-mini-2024-07-18")
            #expect(Decimal(string: compared["cost_usd"] as? String ?? "").map { $0 > 0 && $0 < recorded } == true)
            let byTag = try await CatalogExecutable.run(
                ["usage", out, "--by", "tag.batch", "--format", "csv"], in: Repository.root)
            #expect(byTag.status == 0, "\(byTag.error)")
            let rows = byTag.output.split(separator: "\n")
            #expect(rows.first?.hasPrefix("tag.batch,requests,answered,failed,retries,") == true)
            #expect(
                rows.dropFirst().map { $0.split(separator: ",").prefix(2).joined(separator: ",") } == [
                    "b0,500", "b1,500", "total,1000",
                ])
            // Run again: everything has a result, nothing is sent.
            let again = try await catalogRun(folder, server)
            #expect(again.status == 0, "\(again.error)")
            #expect(again.error.contains("1000 already done"))
            #expect(await receivedPrompts(server).count == 1000)
            #expect(try resultLines(folder).count == 1000)
        }
    }

    @Test("killed with SIGKILL, then resumed: every id once; the server saw at most the concurrency again")
    func resumeAfterKill() async throws {
        try await withServer { server in
            await server.delay(0.005)
            let folder = try workspace(count: 600)
            let concurrency = 8
            let first = try await CatalogExecutable.run(
                arguments(folder, server, ["--concurrency", "\(concurrency)"]), in: Repository.root, environment: Self.keys,
                signal: SIGKILL, when: { RunCLITests.lineCount(folder) >= 150 })
            #expect(first.status == SIGKILL, "the run should have been killed: \(first.error)")
            let done = try resultLines(folder).count
            #expect(done >= 150 && done < 600)
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.jsonl.lock").path))
            let second = try await catalogRun(folder, server, ["--concurrency", "\(concurrency)"])
            #expect(second.status == 0, "\(second.error)")
            let results = try resultLines(folder)
            #expect(results.count == 600)
            #expect(Set(results.compactMap { $0["id"] as? String }).count == 600)
            let hits = await receivedPrompts(server).count
            #expect(hits >= 600 && hits <= 600 + concurrency)
            // The summary says how many went again (those in flight when the first run died).
            if hits > 600 { #expect(second.error.contains("in flight when the last run was killed")) }
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.jsonl.lock").path))
        }
    }

    @Test("stopped with SIGINT: in-flight requests finish, and the resumed run sends nothing twice")
    func resumeAfterInterrupt() async throws {
        try await withServer { server in
            await server.delay(0.005)
            let folder = try workspace(count: 600)
            let first = try await CatalogExecutable.run(
                arguments(folder, server, ["--concurrency", "8"]), in: Repository.root, environment: Self.keys,
                signal: SIGINT, when: { RunCLITests.lineCount(folder) >= 150 })
            #expect(first.status == 130, "\(first.error)")
            #expect(first.error.contains("stopped when asked"))
            // Everything the server answered has its line.
            #expect(try resultLines(folder).count == (await receivedPrompts(server)).count)
            let second = try await catalogRun(folder, server, ["--concurrency", "8"])
            #expect(second.status == 0, "\(second.error)")
            #expect(try resultLines(folder).count == 600)
            let prompts = await receivedPrompts(server)
            #expect(prompts.count == 600)
            #expect(Set(prompts).count == 600)
        }
    }

    @Test("a torn last line is dropped and its request sent again; a second run on a locked output stops at once")
    func tornLineAndLock() async throws {
        try await withServer { server in
            let folder = try workspace(count: 30)
            #expect(try await catalogRun(folder, server).status == 0)
            // A crash mid-write: the last line cut in half.
            let out = folder.appendingPathComponent("out.jsonl")
            var bytes = try Data(contentsOf: out)
            let lastStart = bytes.dropLast().lastIndex(of: 0x0A)! + 1
            let cutID =
                try #require(
                    try JSONSerialization.jsonObject(with: bytes[lastStart...]) as? [String: Any])["id"] as? String
            bytes = bytes.prefix(lastStart + (bytes.count - lastStart) / 2)
            try bytes.write(to: out)
            let resumed = try await catalogRun(folder, server)
            #expect(resumed.status == 0, "\(resumed.error)")
            #expect(resumed.error.contains("a torn last result line"))
            let lines = try resultLines(folder)
            #expect(lines.count == 30)
            #expect(lines.filter { $0["id"] as? String == cutID }.count == 1)
            #expect(await receivedPrompts(server).count == 31)

            // Another run holds the lock: this one stops at once, sends nothing and writes nothing.
            let lock = open(folder.appendingPathComponent("out.jsonl.lock").path, O_RDWR | O_CREAT, 0o644)
            #expect(flock(lock, LOCK_EX | LOCK_NB) == 0)
            defer { close(lock) }
            try (#"{"id": "extra", "model": "gpt-4o", "messages": [{"role": "user", "content": "one more"}]}"# + "\n")
                .appendLine(to: folder.appendingPathComponent("in.jsonl"))
            let locked = try await catalogRun(folder, server)
            #expect(locked.status == 2)
            #expect(locked.error.contains("another run is writing this output"), "\(locked.error)")
            #expect(try resultLines(folder).count == 30)
            #expect(await receivedPrompts(server).count == 31)
        }
    }

    @Test("--max-cost of a few cents: never exceeded, exit 3, and a resumed run does not exceed it either")
    func budget() async throws {
        try await withServer { server in
            let folder = try workspace(count: 100, models: ["claude-sonnet-4-5"])
            let first = try await catalogRun(folder, server, ["--max-cost", "0.05", "--concurrency", "16"])
            #expect(first.status == 3, "\(first.error)")
            #expect(first.error.contains("stopped: the budget cannot take the next request"))
            func spent() throws -> Decimal {
                try resultLines(folder).reduce(Decimal(0)) { $0 + Decimal(string: $1["cost_usd"] as? String ?? "0")! }
            }
            let afterFirst = try spent()
            #expect(afterFirst <= Decimal(string: "0.05")!)
            #expect(afterFirst > 0)
            let answered = try resultLines(folder).count
            #expect(await server.counts(.anthropic).hits == answered)
            let second = try await catalogRun(folder, server, ["--max-cost", "0.05", "--concurrency", "16"])
            #expect(second.status == 3, "\(second.error)")
            #expect(try spent() <= Decimal(string: "0.05")!)
            #expect(await server.counts(.anthropic).hits == (try resultLines(folder)).count)
        }
    }

    @Test("bad lines are named with their line numbers and nothing is sent")
    func badInput() async throws {
        try await withServer { server in
            let folder = try workspace(count: 0)
            let lines = [
                #"{"id": "a", "model": "gpt-4o", "messages": [{"role": "user", "content": "fine"}]}"#,
                #"{"id": "b", "model": "gpt-4o", "messages": [{"role": "user", "content": "cut"#,
                #"{"id": "a", "model": "gpt-4o", "messages": [{"role": "user", "content": "again"}]}"#,
                #"{"id": "c", "messages": [{"role": "user", "content": "no model"}]}"#,
                #"{"id": "d", "model": "claude-sonet-4-5", "messages": [{"role": "user", "content": "misspelt"}]}"#,
                #"{"id": "e", "model": "gpt-4o", "messages": [{"role": "robot", "content": "who"}]}"#,
                #"{"model": "gpt-4o", "messages": [{"role": "user", "content": "no id"}]}"#,
                #"{"id": "f", "model": "gpt-4o", "messages": [], "max_tokens": 5}"#,
                #"{"id": "g", "model": "claude-sonnet-4-5", "messages": [{"role": "user", "content": "json"}], "response_format": {"type": "json_object"}}"#,
            ]
            let input = folder.appendingPathComponent("in.jsonl")
            try (lines.joined(separator: "\n") + "\n").write(to: input, atomically: true, encoding: .utf8)
            for extra in [[String](), ["--dry-run"]] {
                let run = try await catalogRun(folder, server, extra)
                #expect(run.status == 2)
                let path = input.path
                #expect(run.error.contains("\(path):2: not JSON"), "\(run.error)")
                #expect(run.error.contains("\(path):3: id \"a\" is also on line 1"))
                #expect(run.error.contains("\(path):4: no model"))
                #expect(run.error.contains("\(path):5: claude-sonet-4-5: unknown model; did you mean"))
                #expect(run.error.contains("\(path):6: messages[0]: \"role\" must be system, user or assistant"))
                #expect(run.error.contains("\(path):7: no \"id\""))
                #expect(run.error.contains("\(path):8: \"messages\" is empty"))
                #expect(run.error.contains("\(path):9: claude-sonnet-4-5: \"response_format\" is not something Anthropic"))
                #expect(run.error.contains("8 problems in 9 lines: nothing was sent"))
            }
            #expect(await receivedPrompts(server).isEmpty)
            #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out.jsonl").path))
        }
    }

    @Test("--dry-run prices the whole file per model and in all, and sends nothing")
    func dryRun() async throws {
        try await withServer { server in
            let folder = try workspace(count: 30)
            let run = try await catalogRun(folder, server, ["--dry-run"])
            #expect(run.status == 0, "\(run.error)")
            // 10 requests per model, each up to 400 output tokens: Sonnet 4.5 at $15/M out is $0.06 of output.
            #expect(run.output.contains("30 requests; at most"))
            #expect(
                run.output.contains("anthropic/claude-sonnet-4-5-20250929 via anthropic/claude-sonnet-4-5-20250929: 10 requests"))
            #expect(run.output.contains("4000 output tokens"))
            #expect(run.output.contains("  total: $"))
            #expect(await receivedPrompts(server).isEmpty)
        }
    }

    @Test("presets: the committed file holds; a retired model, an unsupported parameter and a duplicate are each named")
    func presets() async throws {
        let committed = try await CatalogExecutable.run(
            ["presets", "--check", "--catalog", FullCatalog.path, "--at", FullCatalog.pinnedDate.description], in: Repository.root
        )
        #expect(committed.status == 0, "\(committed.output)\(committed.error)")
        #expect(committed.output.contains("all hold against the catalog"))

        let folder = try workspace(count: 0)
        let file = folder.appendingPathComponent("presets.yaml")
        try """
        presets:
          - slug: old-haiku
            model: claude-3-5-haiku-20241022
          - slug: gpt-4o-effort
            model: gpt-4o
            reasoning_effort: high
          - slug: gpt-4o
            model: openai/gpt-4o-2024-08-06
            temperature: 0
          - slug: gpt-4o-again
            base: gpt-4o
          - slug: sonnet-huge
            model: claude-sonnet-4-5
            max_tokens: 1000000
        """.write(to: file, atomically: true, encoding: .utf8)
        let bad = try await CatalogExecutable.run(
            [
                "presets", "--check", "--presets", file.path, "--catalog", FullCatalog.path, "--at",
                FullCatalog.pinnedDate.description,
            ],
            in: Repository.root)
        #expect(bad.status == 1)
        #expect(
            bad.output.contains("\(file.path):2: preset `old-haiku`: anthropic/claude-3-5-haiku-20241022 is retired"),
            "\(bad.output)")
        #expect(bad.output.contains("its successor is anthropic/claude-haiku-4-5-20251001"))
        #expect(
            bad.output.contains(
                "\(file.path):4: preset `gpt-4o-effort`: `reasoning_effort` is set, but openai/gpt-4o-2024-08-06 does not reason")
        )
        #expect(bad.output.contains("\(file.path):10: preset `gpt-4o-again`: the same configuration as preset `gpt-4o`"))
        #expect(bad.output.contains("\(file.path):12: preset `sonnet-huge`: `max_tokens` 1000000 is more than"))
        #expect(bad.output.contains("4 problems"))

        let listing = try await CatalogExecutable.run(
            [
                "presets", "--group", "cheap", "--input", "1000000", "--output", "0", "--catalog", FullCatalog.path, "--at",
                FullCatalog.pinnedDate.description,
            ], in: Repository.root)
        #expect(listing.status == 0)
        #expect(listing.output.contains("gpt-4o-mini"))
        #expect(!listing.output.contains("claude-sonnet-4-5 "))
        // A million input tokens of GPT-4o mini cost its input price, $0.15.
        let mini = try #require(listing.output.split(separator: "\n").first { $0.hasPrefix("gpt-4o-mini ") })
        #expect(mini.contains("$0.15"))
    }
}

extension String {
    /// Appends this text to the file at `url`.
    func appendLine(to url: URL) throws {
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(utf8))
    }
}
