import CatalogCore
import CatalogTestSupport
import DispatchTestServer
import Foundation
import Testing

/// `catalog send` against the loopback server that speaks the three APIs.
@Suite(.serialized)
struct SendCLITests {
    static let keys = [
        "OPENAI_API_KEY": "sk-test-openai-0123456789", "ANTHROPIC_API_KEY": "sk-ant-test-0123456789",
        "GEMINI_API_KEY": "AIza-test-0123456789",
    ]

    func send(_ arguments: [String], _ server: ChatServer, environment: [String: String] = keys) async throws
        -> CatalogExecutable.Run
    {
        let overrides = server.baseURLs.flatMap { ["--base-url", "\($0.key)=\($0.value)"] }
        return try await CatalogExecutable.run(
            ["send", "--catalog", FullCatalog.path, "--at", FullCatalog.pinnedDate.description] + arguments + overrides,
            in: Repository.root,
            environment: environment)
    }

    func object(_ run: CatalogExecutable.Run) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(run.output.utf8)) as? [String: Any])
    }

    @Test("each API answers through the binary; --format json prints the documented object")
    func threeAPIs() async throws {
        let server = try ChatServer()
        try await server.start()
        defer { Task { await server.stop() } }

        let openai = try await send(["gpt-4o", "Say hello.", "--max-tokens", "400", "--format", "json"], server)
        #expect(openai.status == 0, "\(openai.error)")
        let json = try object(openai)
        #expect(json["status"] as? String == "ok")
        #expect(json["requested_model"] as? String == "gpt-4o")
        #expect(json["served_model"] as? String == "openai/gpt-4o-2024-08-06")
        #expect(json["served_by"] as? String == "openai/gpt-4o-2024-08-06")
        #expect(json["attempts"] as? Int == 1)
        #expect(json["cost_usd"] as? String == "0.00475")
        #expect(json["text"] as? String == "Hello from openai.")
        #expect(json["finish_reason"] as? String == "stop")
        let usage = try #require(json["usage"] as? [String: Any])
        #expect(usage["input"] as? Int == 200)
        #expect(usage["cached_input"] as? Int == 1000)
        #expect(usage["output"] as? Int == 100)
        #expect(usage["reasoning"] as? Int == 200)
        #expect(json["error"] == nil)

        let anthropic = try await send(
            ["claude-sonnet-4-5", "Say hello.", "--system", "Be brief.", "--max-tokens", "400"], server)
        #expect(anthropic.status == 0, "\(anthropic.error)")
        #expect(
            anthropic.output.hasPrefix(
                "Hello from anthropic.\n\nusage: 200 input, 1000 cached input, 300 output\ncost: $0.0054\n"))
        #expect(
            anthropic.output.contains(
                "served by: anthropic/claude-sonnet-4-5-20250929 at api.anthropic.com for claude-sonnet-4-5"))

        let gemini = try await send(["gemini-3-flash-preview", "Say hello.", "--max-tokens", "400", "--format", "json"], server)
        #expect(gemini.status == 0, "\(gemini.error)")
        #expect(try object(gemini)["served_by"] as? String == "google/gemini-3-flash-preview")
        #expect(await server.counts(.gemini).models == ["gemini-3-flash-preview"])

        for run in [openai, anthropic, gemini] {
            for key in Self.keys.values { #expect(!run.output.contains(key) && !run.error.contains(key)) }
        }
    }

    @Test("exit 1 with the error object when nothing can serve the name; 64 on a malformed argument")
    func failures() async throws {
        let server = try ChatServer()
        try await server.start()
        defer { Task { await server.stop() } }
        let unknown = try await send(["claude-sonet-4-5", "hi", "--format", "json"], server)
        #expect(unknown.status == 1)
        let json = try object(unknown)
        #expect(json["status"] as? String == "error")
        let error = try #require(json["error"] as? [String: Any])
        #expect(error["class"] as? String == "unroutable")
        #expect((error["message"] as? String)?.hasPrefix("unknown model; did you mean") == true)

        await server.fail(.openai, with: 401)
        let refused = try await send(["gpt-4o", "hi"], server, environment: ["OPENAI_API_KEY": "sk-wrong-0123456789"])
        #expect(refused.status == 1)
        #expect(refused.output.hasPrefix("error: gpt-4o: HTTP 401, authentication: scripted failure"))
        #expect(!refused.output.contains("sk-wrong-0123456789"))

        let bad = try await CatalogExecutable.run(["send", "gpt-4o", "hi", "--base-url", "nonsense"], in: Repository.root)
        #expect(bad.status == 64)  // a malformed argument, as for every command
        #expect(bad.error.contains("expected HOST=URL"))
        #expect(await server.counts(.openai).hits == 1)
    }
}
