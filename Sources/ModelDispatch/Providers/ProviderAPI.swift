import CatalogCore
import CatalogHTTP
import Foundation
import ModelCatalog

/// The chat APIs dispatch speaks.
public enum ProviderAPI: String, Hashable, Sendable {
    /// `POST {base}/chat/completions` (OpenAI and the hosts compatible with it).
    case openAIChat = "openai-chat"
    /// `POST {base}/messages`.
    case anthropicMessages = "anthropic-messages"
    /// `POST {base}/models/{model}:generateContent`.
    case geminiGenerateContent = "gemini-generate-content"
}

/// A host dispatch can send to: the catalog's provider, its API, its address and the
/// environment variable holding its key (the same ones `catalog refresh` reads).
public struct ProviderHost: Hashable, Sendable {
    /// The provider as the catalog names it (`openai`, `anthropic`, `google`).
    public let provider: String
    public let api: ProviderAPI
    /// The API's root (`https://api.openai.com/v1`); a `--base-url HOST=URL` replaces its host.
    public let baseURL: String
    /// The environment variable of the API key.
    public let keyVariable: String

    /// The host name a `--base-url` override names (`api.openai.com`); read from `baseURL` once.
    public let host: String

    init(provider: String, api: ProviderAPI, baseURL: String, keyVariable: String) {
        self.provider = provider
        self.api = api
        self.baseURL = baseURL
        self.keyVariable = keyVariable
        self.host = URLComponents(string: baseURL)?.host ?? provider
    }

    /// Every host with an adapter.
    public static let all: [ProviderHost] = [
        ProviderHost(provider: "openai", api: .openAIChat, baseURL: "https://api.openai.com/v1", keyVariable: "OPENAI_API_KEY"),
        ProviderHost(
            provider: "anthropic", api: .anthropicMessages, baseURL: "https://api.anthropic.com/v1",
            keyVariable: "ANTHROPIC_API_KEY"),
        ProviderHost(
            provider: "google", api: .geminiGenerateContent, baseURL: "https://generativelanguage.googleapis.com/v1beta",
            keyVariable: "GEMINI_API_KEY"),
        ProviderHost(
            provider: "openrouter", api: .openAIChat, baseURL: "https://openrouter.ai/api/v1", keyVariable: "OPENROUTER_API_KEY"),
        ProviderHost(provider: "xai", api: .openAIChat, baseURL: "https://api.x.ai/v1", keyVariable: "XAI_API_KEY"),
        ProviderHost(provider: "mistral", api: .openAIChat, baseURL: "https://api.mistral.ai/v1", keyVariable: "MISTRAL_API_KEY"),
        ProviderHost(
            provider: "deepseek", api: .openAIChat, baseURL: "https://api.deepseek.com/v1", keyVariable: "DEEPSEEK_API_KEY"),
        ProviderHost(
            provider: "together", api: .openAIChat, baseURL: "https://api.together.xyz/v1", keyVariable: "TOGETHER_API_KEY"),
        ProviderHost(provider: "groq", api: .openAIChat, baseURL: "https://api.groq.com/openai/v1", keyVariable: "GROQ_API_KEY"),
        ProviderHost(
            provider: "cerebras", api: .openAIChat, baseURL: "https://api.cerebras.ai/v1", keyVariable: "CEREBRAS_API_KEY"),
    ]

    /// The host of a catalog provider, if dispatch speaks its API.
    public static func named(_ provider: String) -> ProviderHost? { all.first { $0.provider == provider } }

    /// The API root after `--base-url` overrides (host name → URL).
    func root(_ overrides: [String: String]) -> String {
        guard let replacement = overrides[host], var components = URLComponents(string: baseURL),
            let base = URLComponents(string: replacement)
        else { return baseURL }
        components.scheme = base.scheme
        components.host = base.host
        components.port = base.port
        let prefix = base.path.hasSuffix("/") ? String(base.path.dropLast()) : base.path
        components.path = prefix + components.path
        return components.url?.absoluteString ?? baseURL
    }
}

/// What an adapter read from a successful reply.
struct ProviderOutcome: Sendable {
    var text: String
    var finishReason: String?
    /// In the catalog's terms: counts that do not overlap.
    var usage: Usage
    /// `false` when the reply had no usage at all (then the reservation stands).
    var hasUsage: Bool
    /// What the host says it charged (OpenRouter's `usage.cost`).
    var providerCost: Decimal?
}

/// A reply that is not an answer, classified.
struct ProviderFailure: Error, Sendable {
    var failure: FailureClass
    var status: Int?
    var message: String
    /// A wait the body asks for (Gemini's `RetryInfo.retryDelay`).
    var retryAfter: Double?
}

/// One provider API: the request it sends and how its reply is read.
protocol ChatAdapter: Sendable {
    /// The request to send, or why this API cannot carry it (nothing is sent).
    func encode(_ request: ChatRequest, model: String, maxTokens: Int, root: String, key: String, timeout: Double)
        throws(ProviderFailure) -> HTTPRequest
    func decode(_ body: [UInt8]) throws(ProviderFailure) -> ProviderOutcome
}

extension ProviderAPI {
    func adapter(provider: String) -> any ChatAdapter {
        switch self {
        case .openAIChat: OpenAIChatAdapter(provider: provider)
        case .anthropicMessages: AnthropicMessagesAdapter()
        case .geminiGenerateContent: GeminiAdapter()
        }
    }
}

extension ProviderFailure {
    /// A failed reply: its status, and the provider's error object where it has one
    /// (`{"error": {"message", "type", "code", "status", "details"}}`).
    static func from(status: Int, body: [UInt8]) -> ProviderFailure {
        var message = ""
        var code: String?
        var retryAfter: Double?
        if let document = try? JSONDocument(bytes: body), let error = document.root["error"] {
            message = error["message"]?.string ?? ""
            code = error["code"]?.string ?? error["type"]?.string ?? error["status"]?.string
            for detail in error["details"]?.array ?? [] {
                if let delay = detail["retryDelay"]?.string { retryAfter = DurationText.seconds(delay) }
                if let reason = detail["reason"]?.string, code == nil { code = reason }
            }
        } else if !body.isEmpty {
            message = String(decoding: body.prefix(300), as: UTF8.self)
        }
        let failure = FailureClass.classify(status: status, code: code, message: message)
        return ProviderFailure(
            failure: failure, status: status,
            message: message.isEmpty ? "HTTP \(status)" : message + (code.map { " (\($0))" } ?? ""), retryAfter: retryAfter)
    }

    static func invalid(_ message: String) -> ProviderFailure {
        ProviderFailure(failure: .invalidReply, status: 200, message: message)
    }

    /// A request this API cannot carry: nothing is sent.
    static func unsendable(_ message: String) -> ProviderFailure {
        ProviderFailure(failure: .badRequest, status: nil, message: message)
    }

    /// The root of a reply that must be JSON.
    static func root(of body: [UInt8]) throws(ProviderFailure) -> JSONValue {
        do { return try JSONDocument(bytes: body).root } catch { throw .invalid("the reply is not JSON: \(error)") }
    }
}

extension ChatRequest {
    /// ``responseFormat`` as a JSON object, read for an adapter.
    /// - Throws: when it is not one (nothing is sent).
    func responseFormatObject() throws(ProviderFailure) -> JSONValue? {
        guard let responseFormat else { return nil }
        guard let value = try? JSONDocument(bytes: Array(responseFormat.utf8)).root, value.kind == .object else {
            throw .unsendable("response_format is not a JSON object")
        }
        return value
    }
}

/// Request bodies are written as JSON text with members in a fixed order.
extension JSONOutput {
    var bytes: [UInt8] { utf8() }
}

/// The integer a JSON number holds, or 0 when it is absent or null.
func count(_ value: JSONValue?) -> Int { value?.int ?? 0 }
