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
    @OptionGroup var dispatch: DispatchOptions
    @Option(name: .long, help: "text or json.") var format: SendFormat = .text

    enum SendFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    func validate() throws {
        if let maxTokens, maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1") }
    }

    func run() async throws {
        try await runReportingTrouble {
            let catalog = try source.open()
            let configuration = try dispatch.configuration()
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
