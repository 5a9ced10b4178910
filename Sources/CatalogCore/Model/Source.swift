/// One thing fetched from a provider, named by its fixed place in a snapshot:
/// `openai/models.json`, `anthropic/pricing.html`, `openai/models/*.html`.
package struct SourceID: Hashable, Comparable, Sendable, CustomStringConvertible {
    package var provider: String
    /// The file inside the provider's folder; may contain one `*` for per-model pages.
    package var file: String

    package init(_ provider: String, _ file: String) {
        self.provider = provider
        self.file = file
    }

    /// Parses `provider/file`.
    package init?(path: String) {
        guard let slash = path.firstIndex(of: "/") else { return nil }
        let provider = String(path[..<slash])
        let file = String(path[path.index(after: slash)...])
        guard !provider.isEmpty, !file.isEmpty else { return nil }
        self.init(provider, file)
    }

    package var path: String { provider + "/" + file }
    package var description: String { path }
    package static func < (lhs: SourceID, rhs: SourceID) -> Bool { lhs.path < rhs.path }
}

/// What a source is: an API answer listing models, or a documentation page.
package enum SourceKind: String, Hashable, Sendable {
    case modelList = "model-list"
    case pricingPage = "pricing-page"
    case modelsPage = "models-page"
    case deprecationsPage = "deprecations-page"
    case modelPage = "model-page"
    case derived

    /// `true` for the kinds that say a model is sold (a model list, or data derived from the
    /// provider's model docs), not merely mentioned on a page.
    package var listsModels: Bool { self == .modelList || self == .derived }
}

/// The format of a capture's bytes.
package enum CaptureFormat: String, Hashable, Sendable {
    case json, html, markdown
}

/// A registered source: its fixed file name, where it is fetched from and what it holds.
package struct SourceDescriptor: Hashable, Sendable {
    package var id: SourceID
    package var kind: SourceKind
    package var format: CaptureFormat
    /// The address it is fetched from. `{id}` stands for the model id in per-model pages.
    package var url: String
    /// The environment variable holding the credential, when the source needs one.
    package var credential: String?
    /// The largest capture accepted, in bytes; a bigger one is an error, not a slow build.
    package var maximumBytes: Int

    package init(
        _ provider: String, _ file: String, kind: SourceKind, format: CaptureFormat, url: String,
        credential: String? = nil, maximumBytes: Int = 32 << 20
    ) {
        self.id = SourceID(provider, file)
        self.kind = kind
        self.format = format
        self.url = url
        self.credential = credential
        self.maximumBytes = maximumBytes
    }

    /// `true` when a file path inside the provider folder belongs to this source
    /// (`models/gpt-5.html` belongs to `models/*.html`).
    package func matches(file: String) -> Bool {
        guard wildcard != nil else { return file == id.file }
        return modelID(inFile: file) != nil
    }

    /// `true` for a source of one page per model (`models/*.html`).
    package var isPerModel: Bool { wildcard != nil }

    /// The capture path of one model's page of a per-model source (`gpt-5` →
    /// `openai/models/gpt-5.html`); `nil` for other sources.
    package func capturePath(forModel modelID: String) -> String? {
        guard let (prefix, suffix) = wildcard else { return nil }
        return id.provider + "/" + prefix + modelID + suffix
    }

    /// The model a capture path of a per-model source names (`openai/models/gpt-5.html` →
    /// `gpt-5`); `nil` when the path is not one of its pages.
    package func modelID(inCapturePath path: String) -> String? {
        guard path.hasPrefix(id.provider + "/") else { return nil }
        return modelID(inFile: String(path.dropFirst(id.provider.count + 1)))
    }

    /// The part of `file` that the `*` stands for, when `file` is one of this source's pages.
    private func modelID(inFile file: String) -> String? {
        guard let (prefix, suffix) = wildcard, file.count > prefix.count + suffix.count, file.hasPrefix(prefix),
            file.hasSuffix(suffix)
        else { return nil }
        let middle = file.dropFirst(prefix.count).dropLast(suffix.count)
        return middle.contains("/") ? nil : String(middle)
    }

    /// The file name around its `*`, for a per-model source.
    private var wildcard: (prefix: Substring, suffix: Substring)? {
        guard let star = id.file.firstIndex(of: "*") else { return nil }
        return (id.file[..<star], id.file[id.file.index(after: star)...])
    }
}

/// Every source bulkllm knows, in the order their facts take precedence within a provider:
/// the provider's API answer first, then its own pages (a model's page before the pricing
/// page before the deprecations page), then data derived by others.
package enum SourceRegistry {
    package static let all: [SourceDescriptor] = [
        .init(
            "openai", "models.json", kind: .modelList, format: .json, url: "https://api.openai.com/v1/models",
            credential: "OPENAI_API_KEY"),
        .init(
            "openai", "models/*.html", kind: .modelPage, format: .html, url: "https://developers.openai.com/api/docs/models/{id}"),
        .init("openai", "pricing.html", kind: .pricingPage, format: .html, url: "https://developers.openai.com/api/docs/pricing"),
        .init(
            "openai", "deprecations.html", kind: .deprecationsPage, format: .html,
            url: "https://platform.openai.com/docs/deprecations"),
        // Derived by an earlier scraper, so it yields to OpenAI's own answers and pages.
        .init("openai", "docs-models.json", kind: .derived, format: .json, url: "https://platform.openai.com/docs/models"),
        .init(
            "anthropic", "models.json", kind: .modelList, format: .json, url: "https://api.anthropic.com/v1/models?limit=1000",
            credential: "ANTHROPIC_API_KEY"),
        .init(
            "anthropic", "models.html", kind: .modelsPage, format: .html,
            url: "https://platform.claude.com/docs/en/about-claude/models/overview"),
        .init(
            "anthropic", "pricing.html", kind: .pricingPage, format: .html,
            url: "https://platform.claude.com/docs/en/about-claude/pricing"),
        .init(
            "anthropic", "deprecations.html", kind: .deprecationsPage, format: .html,
            url: "https://docs.anthropic.com/en/docs/about-claude/model-deprecations"),
        .init(
            "google", "models.json", kind: .modelList, format: .json,
            url: "https://generativelanguage.googleapis.com/v1beta/models?pageSize=1000", credential: "GEMINI_API_KEY"),
        .init("google", "models.html", kind: .modelsPage, format: .html, url: "https://ai.google.dev/gemini-api/docs/models"),
        .init("google", "pricing.html", kind: .pricingPage, format: .html, url: "https://ai.google.dev/gemini-api/docs/pricing"),
        .init(
            "google", "deprecations.html", kind: .deprecationsPage, format: .html,
            url: "https://ai.google.dev/gemini-api/docs/deprecations"),
        .init(
            "mistral", "models.json", kind: .modelList, format: .json, url: "https://api.mistral.ai/v1/models",
            credential: "MISTRAL_API_KEY"),
        .init("mistral", "pricing.html", kind: .pricingPage, format: .html, url: "https://mistral.ai/pricing"),
        .init(
            "xai", "language-models.json", kind: .modelList, format: .json, url: "https://api.x.ai/v1/language-models",
            credential: "XAI_API_KEY"),
        .init(
            "xai", "models.json", kind: .modelList, format: .json, url: "https://api.x.ai/v1/models", credential: "XAI_API_KEY"),
        .init("xai", "models.html", kind: .modelsPage, format: .html, url: "https://docs.x.ai/docs/models"),
        .init(
            "deepseek", "models.json", kind: .modelList, format: .json, url: "https://api.deepseek.com/models",
            credential: "DEEPSEEK_API_KEY"),
        .init(
            "deepseek", "pricing.html", kind: .pricingPage, format: .html,
            url: "https://api-docs.deepseek.com/quick_start/pricing"),
        .init("openrouter", "models.json", kind: .modelList, format: .json, url: "https://openrouter.ai/api/v1/models"),
        .init(
            "together", "models.json", kind: .modelList, format: .json, url: "https://api.together.xyz/v1/models",
            credential: "TOGETHER_API_KEY"),
        .init(
            "together", "models.html", kind: .modelsPage, format: .html, url: "https://docs.together.ai/docs/serverless/models"),
        .init("together", "pricing.html", kind: .pricingPage, format: .html, url: "https://www.together.ai/pricing"),
        .init(
            "groq", "models.json", kind: .modelList, format: .json, url: "https://api.groq.com/openai/v1/models",
            credential: "GROQ_API_KEY"),
        .init("groq", "models.md", kind: .modelsPage, format: .markdown, url: "https://console.groq.com/docs/models.md"),
        .init(
            "cohere", "models.json", kind: .modelList, format: .json, url: "https://api.cohere.com/v1/models?page_size=1000",
            credential: "COHERE_API_KEY"),
        .init(
            "cerebras", "models.json", kind: .modelList, format: .json, url: "https://api.cerebras.ai/v1/models",
            credential: "CEREBRAS_API_KEY"),
        .init("cerebras", "pricing.html", kind: .pricingPage, format: .html, url: "https://www.cerebras.ai/pricing"),
        .init(
            "bedrock", "models.json", kind: .modelList, format: .json,
            url: "https://bedrock.us-west-2.amazonaws.com/foundation-models", credential: "AWS_ACCESS_KEY_ID"),
        .init(
            "bedrock", "lifecycle.html", kind: .deprecationsPage, format: .html,
            url: "https://docs.aws.amazon.com/bedrock/latest/userguide/model-lifecycle.html"),
        .init(
            "vertex", "models.json", kind: .modelList, format: .json,
            url: "https://aiplatform.googleapis.com/v1beta1/publishers/google/models?pageSize=100",
            credential: "GOOGLE_CLOUD_ACCESS_TOKEN"),
        .init(
            "vertex", "pricing.html", kind: .pricingPage, format: .html,
            url: "https://cloud.google.com/vertex-ai/generative-ai/pricing"),
    ]

    private static let byPath: [String: SourceDescriptor] = Dictionary(uniqueKeysWithValues: all.map { ($0.id.path, $0) })

    /// The source a file inside a snapshot belongs to (`openai/models/gpt-5.html` →
    /// `openai/models/*.html`), or `nil` for an unregistered file.
    package static func source(forCapturePath path: String) -> SourceDescriptor? {
        if let exact = byPath[path] { return exact }
        guard let id = SourceID(path: path) else { return nil }
        return all.first { $0.id.provider == id.provider && $0.matches(file: id.file) }
    }

    /// The source with this id.
    package static func source(_ id: SourceID) -> SourceDescriptor? { byPath[id.path] }

    /// The rank of a source in precedence order (lower wins).
    package static func precedence(of id: SourceID) -> Int {
        all.firstIndex { $0.id == id } ?? all.count
    }
}
