import CatalogHTTP
import ArgumentParser
import CatalogCore
import CatalogIngest
import Foundation

struct RefreshCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refresh",
        abstract: "Fetch every source from the providers and save the answers as a new snapshot.",
        discussion: """
            Credentials come from the environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, MISTRAL_API_KEY, \
            XAI_API_KEY, DEEPSEEK_API_KEY, TOGETHER_API_KEY, GROQ_API_KEY, COHERE_API_KEY, CEREBRAS_API_KEY, \
            GOOGLE_CLOUD_ACCESS_TOKEN, and AWS_ACCESS_KEY_ID with AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN for Bedrock); a source whose key is missing is skipped. An answer that is not content (a bot \
            challenge, a login page, an empty list, a truncated body) is a failure and is not saved. Secrets are never \
            written or printed. Exit status: 0 when every source tried was saved, 1 when one failed, 2 on trouble.
            """)

    @Option(name: .long, help: "Only this provider (repeatable).") var provider: [String] = []
    @Option(name: .long, help: "Only this source, such as openai/models.json (repeatable).") var source: [String] = []
    @Option(name: .long, help: "The snapshot date to write (default: today, UTC).") var date: CalendarDate?
    @Option(name: .long, help: "The snapshots folder.") var snapshots: String = "snapshots"
    @Option(name: .customLong("base-url"), help: "HOST=URL: fetch HOST's addresses from URL instead (repeatable).")
    var baseURL: [String] = []
    @Option(name: .long, help: "Seconds to wait for one answer.") var timeout: Double = 30
    @Option(name: .long, help: "Attempts per request, the first included.") var attempts: Int = 4

    func validate() throws {
        let known = Set(SourceRegistry.all.map(\.id.provider))
        for name in provider where !known.contains(name) {
            throw ValidationError("unknown provider \(name); known: \(known.sorted().joined(separator: ", "))")
        }
        for path in source where SourceRegistry.source(forCapturePath: path) == nil {
            throw ValidationError("unknown source \(path); sources are named like openai/models.json")
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        guard attempts >= 1 else { throw ValidationError("--attempts must be at least 1") }
        do { _ = try RefreshPlanner.baseURLs(baseURL) } catch { throw ValidationError("\(error)") }
    }

    func run() async throws {
        try await runReportingTrouble {
            let options = RefreshJob.Options(
                snapshots: URL(fileURLWithPath: snapshots),
                date: date ?? CalendarDate(unixSeconds: Int64(Date().timeIntervalSince1970)),
                providers: provider.isEmpty ? nil : Set(provider), sources: source.isEmpty ? nil : Set(source),
                environment: ProcessInfo.processInfo.environment,
                baseURLs: try RefreshPlanner.baseURLs(baseURL), policy: RetryPolicy(maximumAttempts: attempts), timeout: timeout)
            let report = try await RefreshJob.run(options, transport: CurlTransport(), progress: { printError($0) })
            printOutput(RefreshJob.summary(report), terminator: "")
            if report.hasFailures { throw ExitCode(1) }
        }
    }
}
