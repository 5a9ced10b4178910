public import Foundation
public import ModelCatalog

/// One message of a conversation.
public struct ChatMessage: Hashable, Sendable {
    /// Who speaks.
    public enum Role: String, Hashable, Sendable {
        case system, user, assistant
    }

    public var role: Role
    public var content: String

    public init(role: Role, content: String) {
        self.role = role
        self.content = content
    }

    /// A user's message.
    public static func user(_ content: String) -> ChatMessage { ChatMessage(role: .user, content: content) }
    /// A system prompt.
    public static func system(_ content: String) -> ChatMessage { ChatMessage(role: .system, content: content) }
    /// An earlier answer of the model.
    public static func assistant(_ content: String) -> ChatMessage { ChatMessage(role: .assistant, content: content) }
}

/// A chat request, in the catalog's terms: any name the catalog knows for a model, and the
/// messages. Which host serves it is the dispatcher's choice (``Dispatcher/Configuration``).
public struct ChatRequest: Sendable {
    /// Any name of the model: canonical id, alias, a host's id (`claude-sonnet-4-5`,
    /// `openrouter/anthropic/claude-sonnet-4.5`).
    public var model: String
    public var messages: [ChatMessage]
    /// The most output (reasoning included) the reply may have. When `nil`, the model's own
    /// output limit from the catalog, else 4,096; it is always sent, so that the worst case
    /// the budget reserves is a bound the provider enforces.
    public var maxTokens: Int?
    public var temperature: Double?
    /// `low`, `medium` or `high`, for models that reason (OpenAI's `reasoning_effort`).
    public var reasoningEffort: String?
    /// Tokens the model may think before answering, for the APIs that take a budget
    /// (Anthropic's `thinking.budget_tokens`, Gemini's `thinkingConfig.thinkingBudget`).
    public var thinkingBudget: Int?
    /// An OpenAI-style `response_format` object as JSON text (`{"type": "json_object"}`), sent as
    /// it is to OpenAI-compatible hosts; Gemini gets JSON output (and the schema of a
    /// `json_schema`); Anthropic's API has none, and such a request is refused before sending.
    public var responseFormat: String?
    /// Capabilities the answer needs (kept when falling back to another model).
    public var requiredCapabilities: Set<Capability>
    /// The most this request may be expected to cost (USD): a fallback model is used only
    /// within it; without it, only one no dearer than the model named.
    public var maxCost: Decimal?
    /// The priority lane when requests wait for a limit.
    public var lane: Lane
    /// Whose quota the request counts against, when the configuration sets tenant quotas.
    public var tenant: String?

    public init(
        model: String, messages: [ChatMessage], maxTokens: Int? = nil, temperature: Double? = nil, reasoningEffort: String? = nil,
        requiredCapabilities: Set<Capability> = [], maxCost: Decimal? = nil, lane: Lane = .normal, tenant: String? = nil,
        thinkingBudget: Int? = nil, responseFormat: String? = nil
    ) {
        self.thinkingBudget = thinkingBudget
        self.responseFormat = responseFormat
        self.maxCost = maxCost
        self.model = model
        self.messages = messages
        self.maxTokens = maxTokens
        self.temperature = temperature
        self.reasoningEffort = reasoningEffort
        self.requiredCapabilities = requiredCapabilities
        self.lane = lane
        self.tenant = tenant
    }

    /// The prompt's UTF-8 size in bytes: no byte-level tokenizer makes more tokens than bytes.
    var promptBytes: Int { messages.reduce(0) { $0 + $1.content.utf8.count } }

    /// The prompt tokens expected (about four bytes a token, plus each message's framing): what
    /// a request reserves on token limits before its reply says what it used.
    var estimatedInputTokens: Int { (promptBytes + 3) / 4 + 4 * messages.count + 3 }

    /// No more prompt tokens than this (one per byte, plus framing): what the budget reserves.
    var maximumInputTokens: Int { promptBytes + 8 * messages.count + 8 }
}
