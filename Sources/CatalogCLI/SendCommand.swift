public import ArgumentParser
import CatalogIngest
public import Foundation
import ModelCatalog
public import ModelDispatch

struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send one prompt to a model through the catalog: the answer, its usage, its cost and who served it.",
        discussion: """
            The model may be any name the catalog knows; the host is chosen among its offerings with a key in the \
            environment (OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, OPENROUTER_API_KEY, XAI_API_KEY, MISTRAL_API_KEY, \
            DEEPSEEK_API_KEY, TOGETHER_API_KEY, GROQ_API_KEY, CEREBRAS_API_KEY). Limits start from --tier's catalog facts, \
            else the limits file, else a conservative default, and are learned from each reply. --format json prints the \
            object docs/dispatch-json.md describes. Exit status: 0 answered, 1 refused or failed, 2 trouble, 64 a malformed argument.
            """)

    @OptionGroup var source: LookupSource
    @Argument(help: "The model: any name the catalog knows.") var model: String
    @Argument(help: "The prompt.") var prompt: String
    @Option(name: .customLong("max-tokens"), help: "The most output tokens (default: the model's output limit).") var maxTokens:
        Int?
    @Option(name: .long, help: "A system prompt.") var system: String?
    @Option(name: .long, help: "Sampling temperature.") var temperature: Double?
    @Option(name: .long, help: "first-party or cheapest.") var route: RouteOrder = .firstParty
    @Option(name: .long, help: "none, sibling or successor: may another model answer?") var fallback: FallbackPolicy = .none
    @Option(name: .customLong("max-cost"), help: "A budget in USD that the request may not exceed.") var maxCost: Decimal?
    @Option(name: .long, help: "The account tier whose catalog rate limits apply (tier_1 … tier_5, developer, free).")
    var tier: String?
    @Option(name: .long, help: "A limits file (default: catalog/rate-limits.yaml when present).") var limits: String?
    @Option(name: .customLong("base-url"), help: "HOST=URL: send HOST's requests to URL instead (repeatable).")
    var baseURL: [String] = []
    @Option(name: .long, help: "Seconds for one attempt's answer.") var timeout: Double = 600
    @Option(name: .long, help: "text or json.") var format: SendFormat = .text

    enum SendFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1") }
        if let maxCost, maxCost <= 0 { throw ValidationError("--max-cost must be positive") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        do { _ = try RefreshPlanner.baseURLs(baseURL) } catch { throw ValidationError("\(error)") }
    }

    func run() async throws {
        try await runReportingTrouble {
            let catalog = try source.open()
            let limitsPath =
                limits ?? (FileManager.default.fileExists(atPath: "catalog/rate-limits.yaml") ? "catalog/rate-limits.yaml" : nil)
            let configuration = Dispatcher.Configuration(
                maxCost: maxCost, route: route, fallback: fallback, tier: tier,
                limits: try limitsPath.map { path throws(RateLimitsError) in try RateLimits.load(path: path) } ?? RateLimits(),
                baseURLs: try RefreshPlanner.baseURLs(baseURL), timeout: timeout)
            let dispatcher = Dispatcher(catalog: catalog, configuration: configuration)
            var messages: [ChatMessage] = []
            if let system { messages.append(.system(system)) }
            messages.append(.user(prompt))
            let record = await dispatcher.dispatch(
                ChatRequest(model: model, messages: messages, maxTokens: maxTokens, temperature: temperature))
            switch format {
            case .text: printOutput(record.text, terminator: "")
            case .json: printOutput(record.jsonLine)
            }
            if case .failure = record.result { throw ExitCode(1) }
        }
    }
}

extension RouteOrder: ExpressibleByArgument {}
extension FallbackPolicy: ExpressibleByArgument {}
extension Decimal: @retroactive ExpressibleByArgument {
    public init?(argument: String) { self.init(string: argument, locale: Locale(identifier: "en_US_POSIX")) }
}
