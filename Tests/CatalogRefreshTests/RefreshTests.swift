import CatalogHTTP
import CatalogCore
import CatalogTestSupport
import FlyingFox
import Foundation
import Testing

@testable import CatalogIngest
@testable import ModelCatalog

/// `catalog refresh` against a real HTTP server on loopback that replays recorded captures.
/// No test touches the internet: every provider host is pointed at the replay server.
@Suite("Refreshing snapshots from the providers", .serialized)
struct RefreshTests {
    /// Test credentials: long, distinctive values that a leak scan can find anywhere.
    static let keys: [String: String] = [
        "OPENAI_API_KEY": "sk-test-openai-1f9c2a7be4d0", "ANTHROPIC_API_KEY": "sk-ant-test-77e1b0c3d9f2",
        "GEMINI_API_KEY": "AIzaTest-gemini-5b8e2f1a9c3d", "MISTRAL_API_KEY": "test-mistral-0a4c8e6b2d1f",
        "DEEPSEEK_API_KEY": "sk-test-deepseek-3e7a9c1b5d0f", "TOGETHER_API_KEY": "test-together-8d2f6b0a4c9e",
        "GROQ_API_KEY": "gsk_test_groq_6c1e9a3f7b2d", "COHERE_API_KEY": "test-cohere-2b7d5f9a1c3e",
        "CEREBRAS_API_KEY": "csk-test-cerebras-9f3b7d1e5a2c",
    ]

    /// Every provider host, pointed at the replay server under a prefix named after it.
    static func baseURLs(_ server: ReplayServer) -> [String: String] {
        let hosts = Set(SourceRegistry.all.compactMap { URLComponents(string: $0.url)?.host })
        return Dictionary(uniqueKeysWithValues: hosts.map { ($0, server.base($0)) })
    }

    /// Remembers the delays refresh asked to sleep, without sleeping.
    actor Sleeps {
        var delays: [Double] = []
        func record(_ delay: Double) { delays.append(delay) }
    }

    /// Collects the progress lines.
    actor Lines {
        var lines: [String] = []
        func append(_ line: String) { lines.append(line) }
    }

    struct Run {
        var report: RefreshJob.Report
        var progress: [String]
        var sleeps: [Double]
    }

    static func refresh(
        _ server: ReplayServer, into folder: URL, date: String, sources: Set<String>?, environment: [String: String] = keys,
        timeout: Double = 10, hostInterval: Double = 0
    ) async throws -> Run {
        let sleeps = Sleeps()
        let lines = Lines()
        let options = RefreshJob.Options(
            snapshots: folder.appendingPathComponent("snapshots"), date: Repository.date(date), sources: sources,
            environment: environment,
            baseURLs: baseURLs(server), timeout: timeout, hostInterval: hostInterval)
        let report = try await RefreshJob.run(
            options, transport: CurlTransport(), now: { Date(timeIntervalSince1970: 1_798_000_000) }, jitter: { 0 },
            sleep: { await sleeps.record($0) }, progress: { line in Task { await lines.append(line) } })
        try await Task.sleep(nanoseconds: 50_000_000)  // let the last progress lines land
        return Run(report: report, progress: await lines.lines, sleeps: await sleeps.delays)
    }

    /// The path a source's request arrives at on the replay server.
    static func routePath(_ source: String) -> String {
        let url = URLComponents(string: SourceRegistry.source(forCapturePath: source)!.url)!
        return "/" + url.host! + url.path
    }

    static func build(_ snapshots: URL, into path: String) throws -> CatalogArchive {
        let writer = try CatalogWriter(path: path)
        let rules = Repository.root.appendingPathComponent("catalog")
        _ = try CatalogBuilder(
            store: SnapshotStore(root: snapshots, displayRoot: "snapshots"), rules: try RulesLoader.load(from: rules),
            rulesFingerprint: RulesLoader.fingerprint(of: rules)
        ).build(into: writer)
        try writer.finish()
        return try CatalogArchive(path: path)
    }

    /// Every byte refresh left in `folder`, and what it printed, must be free of the keys.
    static func expectNoSecrets(in folder: URL, _ texts: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        var leaks: [String] = []
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)
        while let file = files?.nextObject() as? URL {
            guard let data = try? Data(contentsOf: file) else { continue }
            let text = String(decoding: data, as: UTF8.self)
            for key in keys.values where text.contains(key) { leaks.append(file.lastPathComponent) }
        }
        for text in texts { for key in keys.values where text.contains(key) { leaks.append(text) } }
        #expect(leaks.isEmpty, "secrets leaked into \(leaks)", sourceLocation: sourceLocation)
    }

    @Test("refresh of nine model lists replays into the same catalog as the recorded captures of 2025-08-30")
    func fullRefreshThenBuild() async throws {
        let folder = try Repository.temporaryFolder("full")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReplayServer()
        let recorded = try FileManager.default.contentsOfDirectory(
            at: Repository.root.appendingPathComponent("snapshots/2025-08-30"), includingPropertiesForKeys: nil
        ).filter { $0.hasDirectoryPath }.flatMap { provider in
            try FileManager.default.contentsOfDirectory(atPath: provider.path).map { provider.lastPathComponent + "/" + $0 }
        }.sorted()
        #expect(recorded.count == 9)
        for path in recorded { await server.serve(RefreshTests.routePath(path), try Repository.captureData("2025-08-30", path)) }
        try await server.start()
        let run = try await RefreshTests.refresh(server, into: folder, date: "2025-08-30", sources: Set(recorded))
        await server.stop()

        #expect(run.report.outcomes.map(\.capturePath).sorted() == recorded)
        #expect(run.report.outcomes.allSatisfy { $0.state == .fetched })
        #expect(!run.report.hasFailures)
        for path in recorded {
            let saved = try Data(contentsOf: folder.appendingPathComponent("snapshots/2025-08-30/\(path)"))
            #expect(saved == (try Repository.captureData("2025-08-30", path)), "\(path) differs from the recording")
        }
        // Each provider's own way of authenticating.
        let requests = await server.requests
        let openai = try #require(requests.first { $0.path == "/api.openai.com/v1/models" })
        #expect(openai.headers["authorization"] == "Bearer " + RefreshTests.keys["OPENAI_API_KEY"]!)
        #expect(openai.headers["user-agent"]?.hasPrefix("bulkllm-catalog-refresh/") == true)
        let anthropic = try #require(requests.first { $0.path == "/api.anthropic.com/v1/models" })
        #expect(anthropic.headers["x-api-key"] == RefreshTests.keys["ANTHROPIC_API_KEY"])
        #expect(anthropic.headers["anthropic-version"] == "2023-06-01")
        #expect(anthropic.headers["authorization"] == nil)
        let google = try #require(requests.first { $0.path == "/generativelanguage.googleapis.com/v1beta/models" })
        #expect(google.query["key"] == RefreshTests.keys["GEMINI_API_KEY"])
        #expect(google.query["pageSize"] == "1000")

        // The manifest records the provider's address (no key), the status and the injected time.
        let manifest = try #require(
            try SnapshotStore(root: folder.appendingPathComponent("snapshots")).manifest(on: Repository.date("2025-08-30")))
        #expect(manifest.captures.map(\.path) == recorded)
        let googleEntry = try #require(manifest.entry(for: "google/models.json"))
        #expect(googleEntry.url == "https://generativelanguage.googleapis.com/v1beta/models?pageSize=1000")
        #expect(googleEntry.httpStatus == 200)
        #expect(googleEntry.fetchedAt == "2026-12-23T04:26:40Z")
        #expect(googleEntry.sha256 == SHA256.hex(of: [UInt8](try Repository.captureData("2025-08-30", "google/models.json"))))

        // Built, the refreshed snapshot is the recorded one, record for record.
        try Repository.copy("2025-08-30", recorded + ["manifest.json"], to: folder.appendingPathComponent("recorded/2025-08-30"))
        let refreshed = try RefreshTests.build(
            folder.appendingPathComponent("snapshots"), into: folder.appendingPathComponent("a.sqlite").path)
        let original = try RefreshTests.build(
            folder.appendingPathComponent("recorded"), into: folder.appendingPathComponent("b.sqlite").path)
        let models = try refreshed.models()
        #expect(models.count == 371)
        #expect(models == (try original.models()))
        #expect(try refreshed.sources().map(\.state) == (try original.sources()).map(\.state))
        try RefreshTests.expectNoSecrets(in: folder, run.progress + [RefreshJob.summary(run.report)])
    }

    @Test("pages replay too: 2025-11-13's lifecycle, deprecations and models pages build into the recorded catalog")
    func pagesThenBuild() async throws {
        let folder = try Repository.temporaryFolder("pages-build")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReplayServer()
        let recorded = ["bedrock/lifecycle.html", "openai/deprecations.html", "xai/models.html"]
        for path in recorded {
            await server.serve(
                RefreshTests.routePath(path), try Repository.captureData("2025-11-13", path), contentType: "text/html")
        }
        try await server.start()
        let run = try await RefreshTests.refresh(
            server, into: folder, date: "2025-11-13", sources: Set(recorded), environment: [:])
        await server.stop()
        #expect(run.report.outcomes.map(\.state) == [.fetched, .fetched, .fetched])
        try Repository.copy("2025-11-13", recorded + ["manifest.json"], to: folder.appendingPathComponent("recorded/2025-11-13"))
        for path in recorded {
            #expect(
                FileManager.default.contents(atPath: folder.appendingPathComponent("snapshots/2025-11-13/" + path).path)
                    == (try Repository.captureData("2025-11-13", path)))
        }
        let refreshed = try RefreshTests.build(
            folder.appendingPathComponent("snapshots"), into: folder.appendingPathComponent("a.sqlite").path)
        let original = try RefreshTests.build(
            folder.appendingPathComponent("recorded"), into: folder.appendingPathComponent("b.sqlite").path)
        let models = try refreshed.models()
        // 143 models, and the four one-word models the deprecations page prices (ada, babbage, curie, davinci).
        #expect(models.count == 147)
        #expect(models == (try original.models()))
    }

    @Test("per-model pages: the ids tracked by the newest snapshot are fetched again")
    func modelPages() async throws {
        let folder = try Repository.temporaryFolder("model-pages")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pages = ["openai/models/gpt-5.6-sol.html", "openai/models/gpt-5.6-terra.html"]
        try Repository.copy("2026-07-28", pages + ["manifest.json"], to: folder.appendingPathComponent("snapshots/2026-07-28"))
        let server = try ReplayServer()
        for path in pages {
            let id = String(path.dropFirst("openai/models/".count).dropLast(".html".count))
            await server.serve(
                "/developers.openai.com/api/docs/models/" + id, try Repository.captureData("2026-07-28", path),
                contentType: "text/html")
        }
        try await server.start()
        let run = try await RefreshTests.refresh(
            server, into: folder, date: "2026-07-29", sources: ["openai/models/*.html"], environment: [:])
        await server.stop()
        #expect(run.report.outcomes.map(\.capturePath) == pages)
        #expect(run.report.outcomes.map(\.state) == [.fetched, .fetched])
        for path in pages {
            #expect(
                FileManager.default.contents(atPath: folder.appendingPathComponent("snapshots/2026-07-29/" + path).path)
                    == (try Repository.captureData("2026-07-28", path)))
        }
        let manifest = try #require(
            try SnapshotStore(root: folder.appendingPathComponent("snapshots")).manifest(on: Repository.date("2026-07-29")))
        #expect(manifest.entry(for: pages[0])?.url == "https://developers.openai.com/api/docs/models/gpt-5.6-sol")
        #expect(manifest.entry(for: pages[0])?.source == "openai/models/*.html")
    }

    @Test("pagination is followed to the end: Gemini's nextPageToken over three pages, Anthropic's after_id over two")
    func pagination() async throws {
        let folder = try Repository.temporaryFolder("pages")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReplayServer()
        // The recorded lists of 2025-08-30, cut into pages the way the APIs serve them.
        let gemini = [UInt8](try Repository.captureData("2025-08-30", "google/models.json"))
        let models = try PageMerger.items(of: gemini, key: "models")
        #expect(models.count == 63)
        func page(_ items: ArraySlice<ArraySlice<UInt8>>, key: String, trailer: String) -> Data {
            Data("{\"\(key)\": [".utf8 + Array(items.map { Array($0) }.joined(separator: Array(",".utf8))) + "]\(trailer)}".utf8)
        }
        let geminiPages = [
            page(models[0..<25], key: "models", trailer: ", \"nextPageToken\": \"token-2\""),
            page(models[25..<50], key: "models", trailer: ", \"nextPageToken\": \"token-3\""),
            page(models[50...], key: "models", trailer: ""),
        ]
        await server.route("/generativelanguage.googleapis.com/v1beta/models") { request in
            let index = ["token-2": 1, "token-3": 2][request.query["pageToken"] ?? ""] ?? 0
            return HTTPResponse(statusCode: .ok, body: geminiPages[index])
        }
        let claude = [UInt8](try Repository.captureData("2025-08-30", "anthropic/models.json"))
        let claudeModels = try PageMerger.items(of: claude, key: "data")
        #expect(claudeModels.count == 9)
        let claudePages = [
            page(
                claudeModels[0..<5], key: "data",
                trailer: ", \"has_more\": true, \"first_id\": \"a\", \"last_id\": \"claude-page-1-last\""),
            page(claudeModels[5...], key: "data", trailer: ", \"has_more\": false, \"first_id\": \"b\", \"last_id\": \"c\""),
        ]
        await server.route("/api.anthropic.com/v1/models") { request in
            HTTPResponse(statusCode: .ok, body: claudePages[request.query["after_id"] == "claude-page-1-last" ? 1 : 0])
        }
        try await server.start()
        let run = try await RefreshTests.refresh(
            server, into: folder, date: "2026-06-01", sources: ["google/models.json", "anthropic/models.json"])
        await server.stop()

        #expect(run.report.outcomes.map(\.state) == [.fetched, .fetched])
        #expect(run.report.outcomes.map(\.pages) == [2, 3])
        let requests = await server.requests
        #expect(
            requests.filter { $0.path.hasPrefix("/generativelanguage") }.map { $0.query["pageToken"] } == [
                nil, "token-2", "token-3",
            ])
        #expect(
            requests.filter { $0.path.hasPrefix("/generativelanguage") }.allSatisfy {
                $0.query["key"] == RefreshTests.keys["GEMINI_API_KEY"]
            })
        #expect(
            requests.filter { $0.path.hasPrefix("/api.anthropic") }.map { $0.query["after_id"] } == [nil, "claude-page-1-last"])

        // Every model of every page is in the saved capture, which reads as a complete list.
        let store = SnapshotStore(root: folder.appendingPathComponent("snapshots"))
        let saved = try store.read(Repository.date("2026-06-01"), "google/models.json")
        let parsed = try GoogleModelsParser().parse(saved, file: "google/models.json")
        let recorded = try GoogleModelsParser().parse(gemini, file: "google/models.json")
        #expect(parsed.observations.map(\.providerModelID) == recorded.observations.map(\.providerModelID))
        #expect(parsed.observations.count == 63)
        #expect(parsed.completeness == .complete)
        let anthropic = try AnthropicModelsParser().parse(
            try store.read(Repository.date("2026-06-01"), "anthropic/models.json"), file: "a")
        #expect(
            anthropic.observations.map(\.providerModelID)
                == (try AnthropicModelsParser().parse(claude, file: "a")).observations.map(\.providerModelID))
        try RefreshTests.expectNoSecrets(in: folder, run.progress)
    }

    @Test(
        "faults: 429 with Retry-After, 500 then success, a timeout, a truncated body, a challenge page, an empty list, a refused key, a missing key"
    )
    func faults() async throws {
        let folder = try Repository.temporaryFolder("faults")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReplayServer()
        actor Counter {
            var counts: [String: Int] = [:]
            func next(_ name: String) -> Int {
                counts[name, default: 0] += 1
                return counts[name]!
            }
        }
        let counter = Counter()
        let openrouter = try Repository.captureData("2025-07-30", "openrouter/models.json")
        await server.route(RefreshTests.routePath("openrouter/models.json")) { _ in
            await counter.next("openrouter") == 1
                ? HTTPResponse(statusCode: .tooManyRequests, headers: HTTPHeaders([HTTPHeader("Retry-After"): "1"]))
                : HTTPResponse(statusCode: .ok, body: openrouter)
        }
        let mistral = try Repository.captureData("2025-08-30", "mistral/models.json")
        await server.route(RefreshTests.routePath("mistral/models.json")) { _ in
            await counter.next("mistral") == 1
                ? HTTPResponse(statusCode: .internalServerError) : HTTPResponse(statusCode: .ok, body: mistral)
        }
        await server.route(RefreshTests.routePath("together/models.json")) { _ in HTTPResponse(statusCode: .serviceUnavailable) }
        let deepseek = try Repository.captureData("2025-08-30", "deepseek/models.json")
        await server.serve(RefreshTests.routePath("deepseek/models.json"), deepseek.prefix(deepseek.count / 2))
        await server.serve(
            RefreshTests.routePath("openai/pricing.html"), try Repository.captureData("2026-05-08", "openai/pricing.html"),
            contentType: "text/html")
        await server.serve(RefreshTests.routePath("groq/models.json"), Data(#"{"object":"list","data":[]}"#.utf8))
        await server.route(RefreshTests.routePath("cohere/models.json")) { _ in HTTPResponse(statusCode: .unauthorized) }
        await server.route(RefreshTests.routePath("cerebras/models.json")) { _ in
            try await Task.sleep(nanoseconds: 2_500_000_000)
            return HTTPResponse(statusCode: .ok, body: Data("{}".utf8))
        }
        try await server.start()
        var environment = RefreshTests.keys
        environment["XAI_API_KEY"] = nil
        let sources: Set<String> = [
            "openrouter/models.json", "mistral/models.json", "together/models.json", "deepseek/models.json",
            "openai/pricing.html",
            "groq/models.json", "cohere/models.json", "cerebras/models.json", "xai/language-models.json",
        ]
        let run = try await RefreshTests.refresh(
            server, into: folder, date: "2026-06-01", sources: sources, environment: environment, timeout: 1)
        await server.stop()

        let outcomes = Dictionary(uniqueKeysWithValues: run.report.outcomes.map { ($0.capturePath, $0) })
        #expect(outcomes["openrouter/models.json"]?.state == .fetched)
        #expect(outcomes["openrouter/models.json"]?.attempts == 2)
        #expect(outcomes["mistral/models.json"]?.state == .fetched)
        #expect(outcomes["mistral/models.json"]?.attempts == 2)
        // Retry-After: 1 is honoured; the 500 backs off by the policy (1 s base, jitter 0 → 0.5 s).
        // and the always-503 and the timing-out sources back off 0.5, 1, 2 s before giving up.
        #expect(run.sleeps.sorted() == [0.5, 0.5, 0.5, 1, 1, 1, 2, 2])
        #expect(outcomes["together/models.json"]?.state == .failed)
        #expect(outcomes["together/models.json"]?.attempts == 4)
        #expect(outcomes["together/models.json"]?.detail == "HTTP 503 after 4 attempts")
        #expect(outcomes["deepseek/models.json"]?.state == .failed)
        #expect(outcomes["deepseek/models.json"]?.detail.hasPrefix("not content: not valid JSON") == true)
        #expect(outcomes["openai/pricing.html"]?.state == .failed)
        #expect(outcomes["openai/pricing.html"]?.detail.contains("bot-challenge page") == true)
        #expect(
            outcomes["groq/models.json"]?.detail == "HTTP 200 but no model in the answer: not saved as the source's new truth")
        #expect(outcomes["cohere/models.json"]?.detail == "HTTP 401: the credential was refused (check COHERE_API_KEY)")
        #expect(outcomes["cerebras/models.json"]?.state == .failed)
        #expect(outcomes["cerebras/models.json"]?.detail == "no answer within 1 s (4 attempts)")
        #expect(outcomes["xai/language-models.json"]?.state == .skipped)
        #expect(outcomes["xai/language-models.json"]?.detail == "XAI_API_KEY is not set")
        #expect(run.report.hasFailures)

        // Only the good answers are saved, atomically: no partial or temporary file is left.
        let day = folder.appendingPathComponent("snapshots/2026-06-01")
        let files =
            FileManager.default.enumerator(atPath: day.path)?.allObjects.compactMap { $0 as? String }.filter {
                !$0.hasSuffix("/")
            } ?? []
        #expect(Set(files.filter { $0.contains(".") }) == ["manifest.json", "mistral/models.json", "openrouter/models.json"])
        let manifest = try #require(
            try SnapshotStore(root: folder.appendingPathComponent("snapshots")).manifest(on: Repository.date("2026-06-01")))
        #expect(manifest.captures.map(\.path) == ["mistral/models.json", "openrouter/models.json"])
        #expect(run.progress.contains { $0.hasPrefix("retry  openrouter/models.json: HTTP 429, Retry-After 1; again in 1.0 s") })
        #expect(run.progress.contains("skip   xai/language-models.json: XAI_API_KEY is not set"))
        try RefreshTests.expectNoSecrets(in: folder, run.progress + [RefreshJob.summary(run.report)])
    }
}

/// Bedrock's model list needs every request signed with AWS Signature Version 4.
@Suite("Signing Bedrock requests", .serialized)
struct AWSSigningTests {
    @Test("SigV4 matches AWS's get-vanilla test vector and botocore for a Bedrock GET with a query and a session token")
    func vectors() throws {
        let vanilla = AWSSignatureV4(
            accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", region: "us-east-1",
            service: "service")
        let at = try #require(ISO8601DateFormatter().date(from: "2015-08-30T12:36:00Z"))
        let headers = vanilla.headers(for: URL(string: "https://example.amazonaws.com/")!, at: at)
        #expect(headers.map(\.name) == ["X-Amz-Date", "Authorization"])
        #expect(headers[0].value == "20150830T123600Z")
        #expect(
            headers[1].value
                == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
        )
        // Expected value computed with botocore's SigV4Auth for the same request and time.
        let bedrock = AWSSignatureV4(
            accessKeyID: "AKIAEXAMPLEBULKLLM", secretAccessKey: "secretExampleKey/42+bulkllm", sessionToken: "session/token+1",
            region: "us-west-2", service: "bedrock")
        let signed = bedrock.headers(
            for: URL(string: "https://bedrock.us-west-2.amazonaws.com/foundation-models?byOutputModality=TEXT&a=b%20c")!,
            at: try #require(ISO8601DateFormatter().date(from: "2026-11-27T03:30:00Z")))
        #expect(signed.map(\.name) == ["X-Amz-Date", "X-Amz-Security-Token", "Authorization"])
        #expect(
            signed[2].value
                == "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEBULKLLM/20261127/us-west-2/bedrock/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=87eb9da62dc260a824fe426beca8443906d6dc81162762e50b9f4c9450f42457"
        )
    }

    @Test("refresh signs its Bedrock request; the secret key never leaves the process")
    func signedRefresh() async throws {
        let folder = try Repository.temporaryFolder("bedrock")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReplayServer()
        let recorded = try Repository.captureData("2025-07-30", "bedrock/models.json")
        await server.route(RefreshTests.routePath("bedrock/models.json")) { request in
            request.headers[HTTPHeader("Authorization")]?.hasPrefix("AWS4-HMAC-SHA256 ") == true
                ? HTTPResponse(statusCode: .ok, body: recorded) : HTTPResponse(statusCode: .forbidden)
        }
        try await server.start()
        let environment = ["AWS_ACCESS_KEY_ID": "AKIAEXAMPLEBULKLLM", "AWS_SECRET_ACCESS_KEY": "secretExampleKey/42+bulkllm"]
        let run = try await RefreshTests.refresh(
            server, into: folder, date: "2026-06-01", sources: ["bedrock/models.json"], environment: environment)
        await server.stop()
        #expect(run.report.outcomes.map(\.state) == [.fetched])
        let request = try #require(await server.requests.first)
        let url = URL(string: server.base("bedrock.us-west-2.amazonaws.com") + "/foundation-models")!
        let expected = AWSSignatureV4(
            accessKeyID: "AKIAEXAMPLEBULKLLM", secretAccessKey: "secretExampleKey/42+bulkllm", region: "us-west-2",
            service: "bedrock"
        ).headers(for: url, at: Date(timeIntervalSince1970: 1_798_000_000))
        #expect(request.headers["authorization"] == expected.last?.value)
        #expect(request.headers["x-amz-date"] == "20261223T042640Z")
        let saved = FileManager.default.contents(
            atPath: folder.appendingPathComponent("snapshots/2026-06-01/bedrock/models.json").path)
        #expect(saved == recorded)
        let everything =
            try String(contentsOf: folder.appendingPathComponent("snapshots/2026-06-01/manifest.json"), encoding: .utf8)
            + run.progress.joined() + RefreshJob.summary(run.report)
        #expect(!everything.contains("secretExampleKey"))
    }
}

/// The retry policy on its own: attempts, backoff, jitter and Retry-After.
@Suite("Retrying requests")
struct RetryPolicyTests {
    @Test("backoff doubles with jitter; Retry-After in seconds or as a date; some statuses are final")
    func policy() {
        let policy = RetryPolicy(maximumAttempts: 4, baseDelay: 1, maximumDelay: 30, maximumRetryAfter: 120)
        let now = Date(timeIntervalSince1970: 1_798_000_000)
        let timeout = RetryPolicy.Failure.transport(TransportError("no answer", timedOut: true))
        #expect(policy.delay(after: 1, timeout, jitter: 0, now: now) == 0.5)
        #expect(policy.delay(after: 2, timeout, jitter: 1, now: now) == 2)
        #expect(policy.delay(after: 3, timeout, jitter: 0.5, now: now) == 3)
        #expect(policy.delay(after: 4, timeout, jitter: 0, now: now) == nil)
        #expect(policy.delay(after: 1, .status(429, retryAfter: "7"), jitter: 0, now: now) == 7)
        #expect(policy.delay(after: 1, .status(503, retryAfter: "Wed, 23 Dec 2026 04:27:10 GMT"), jitter: 0, now: now) == 30)
        #expect(policy.delay(after: 1, .status(429, retryAfter: "3600"), jitter: 0, now: now) == nil)
        #expect(policy.delay(after: 1, .status(404, retryAfter: nil), jitter: 0, now: now) == nil)
        #expect(policy.delay(after: 1, .status(401, retryAfter: nil), jitter: 0, now: now) == nil)
        #expect(policy.delay(after: 1, .status(502, retryAfter: nil), jitter: 0, now: now) == 0.5)
    }

    @Test("secrets are redacted, also percent-encoded; --base-url overrides keep the path")
    func redactionAndOverrides() throws {
        let redactor = SecretRedactor(secrets: ["AIza/secret+1"])
        #expect(redactor.redact("GET https://x/v1?key=AIza%2Fsecret%2B1 failed") == "GET https://x/v1?key=[redacted] failed")
        #expect(redactor.redact("header AIza/secret+1") == "header [redacted]")
        let url = RefreshPlanner.url(
            "https://api.openai.com/v1/models", query: [("key", "k")],
            baseURLs: ["api.openai.com": "http://127.0.0.1:8080/openai"])
        #expect(url?.absoluteString == "http://127.0.0.1:8080/openai/v1/models?key=k")
        #expect(throws: RefreshError.self) { try RefreshPlanner.baseURLs(["api.openai.com"]) }
        #expect(
            try RefreshPlanner.baseURLs(["openrouter.ai=http://127.0.0.1:9/or"]) == ["openrouter.ai": "http://127.0.0.1:9/or"])
    }
}

/// `catalog refresh` as a user runs it: the built binary against the replay server.
@Suite("catalog refresh on the command line", .serialized)
struct RefreshCommandTests {
    /// Runs the built `catalog` with only `environment` (and a `PATH`).
    static func run(_ arguments: [String], in folder: URL, environment: [String: String]) async throws -> CatalogExecutable.Run {
        try await CatalogExecutable.run(
            arguments, in: folder, environment: environment.merging(["PATH": "/usr/bin:/bin"]) { a, _ in a })
    }

    @Test(
        "exit 0 when every source tried was saved, 1 when one failed, 64 for a bad --base-url; progress on stderr, a table on stdout"
    )
    func exitStatus() async throws {
        let folder = try Repository.temporaryFolder("cli")
        defer { try? FileManager.default.removeItem(at: folder) }
        let server = try ReplayServer()
        await server.serve(
            RefreshTests.routePath("openrouter/models.json"), try Repository.captureData("2025-07-30", "openrouter/models.json"))
        await server.serve(
            RefreshTests.routePath("deepseek/models.json"), Data("<html><body>Just a moment...</body></html>".utf8))
        try await server.start()
        defer { Task { await server.stop() } }
        let overrides = [
            "--base-url", "openrouter.ai=" + server.base("openrouter.ai"), "--base-url",
            "api.deepseek.com=" + server.base("api.deepseek.com"),
        ]

        let good = try await RefreshCommandTests.run(
            ["refresh", "--date", "2026-06-01", "--source", "openrouter/models.json"] + overrides, in: folder, environment: [:])
        #expect(good.status == 0)
        #expect(
            good.output == """
                SOURCE                  RESULT   PAGES   BYTES  DETAIL
                openrouter/models.json  fetched      1  559949

                snapshot 2026-06-01: 1 fetched, 0 unchanged, 0 skipped, 0 failed

                """)
        #expect(good.error.contains("fetch  openrouter/models.json\n"))
        #expect(
            FileManager.default.contents(
                atPath: folder.appendingPathComponent("snapshots/2026-06-01/openrouter/models.json").path)
                == (try Repository.captureData("2025-07-30", "openrouter/models.json")))

        // Run again: the same bytes are already saved; DeepSeek answers with HTML, and Mistral has no key.
        let key = "sk-cli-test-deepseek-4c2e8a"
        let bad = try await RefreshCommandTests.run(
            [
                "refresh", "--date", "2026-06-01", "--source", "openrouter/models.json", "--source", "deepseek/models.json",
                "--source", "mistral/models.json",
            ]
                + overrides, in: folder, environment: ["DEEPSEEK_API_KEY": key])
        #expect(bad.status == 1)
        #expect(
            bad.output == """
                SOURCE                  RESULT     PAGES   BYTES  DETAIL
                mistral/models.json     skipped                   MISTRAL_API_KEY is not set
                deepseek/models.json    failed         1          not content: expected a JSON model list, found an HTML page (<html>) (line 1)
                openrouter/models.json  unchanged      1  559949

                snapshot 2026-06-01: 0 fetched, 1 unchanged, 1 skipped, 1 failed

                """)
        #expect(
            !FileManager.default.fileExists(
                atPath: folder.appendingPathComponent("snapshots/2026-06-01/deepseek/models.json").path))
        #expect(!bad.output.contains(key) && !bad.error.contains(key))

        let wrong = try await RefreshCommandTests.run(["refresh", "--base-url", "openrouter.ai"], in: folder, environment: [:])
        #expect(wrong.status == 64)
        #expect(wrong.error.contains("expected HOST=URL"))
    }
}
