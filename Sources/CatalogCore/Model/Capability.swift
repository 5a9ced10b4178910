/// Something a model can do, as a source states it: call tools, read images, reason, …
///
/// Provider vocabularies differ (`function_calling`, `tools`, `toolUse`); parsers map theirs
/// onto these names so that the same capability compares equal across providers.
public struct Capability: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Calls tools / functions.
    public static let tools = Capability(rawValue: "tools")
    /// Reads images.
    public static let vision = Capability(rawValue: "vision")
    /// Reads PDF documents.
    public static let pdfInput = Capability(rawValue: "pdf_input")
    /// Produces reasoning ("thinking") before answering.
    public static let reasoning = Capability(rawValue: "reasoning")
    /// Follows a JSON schema or JSON mode for its output.
    public static let structuredOutput = Capability(rawValue: "structured_output")
    /// Hears or speaks audio.
    public static let audio = Capability(rawValue: "audio")
    /// Transcribes speech.
    public static let transcription = Capability(rawValue: "transcription")
    /// Speaks text.
    public static let speech = Capability(rawValue: "speech")
    /// Accepted by the provider's batch API.
    public static let batch = Capability(rawValue: "batch")
    /// Supports prompt caching.
    public static let caching = Capability(rawValue: "caching")
    /// Can be fine-tuned.
    public static let fineTuning = Capability(rawValue: "fine_tuning")
    /// Streams its answer.
    public static let streaming = Capability(rawValue: "streaming")
    /// Produces embeddings.
    public static let embeddings = Capability(rawValue: "embeddings")
    /// Chat / text generation.
    public static let chat = Capability(rawValue: "chat")
    /// Fill-in-the-middle code completion.
    public static let fillInTheMiddle = Capability(rawValue: "fill_in_the_middle")
    /// Content moderation / classification.
    public static let moderation = Capability(rawValue: "moderation")
    /// Optical character recognition.
    public static let ocr = Capability(rawValue: "ocr")
    /// Web search built in.
    public static let webSearch = Capability(rawValue: "web_search")
    /// Code execution built in.
    public static let codeExecution = Capability(rawValue: "code_execution")
    /// Citations in answers.
    public static let citations = Capability(rawValue: "citations")
    /// Generates images.
    public static let imageGeneration = Capability(rawValue: "image_generation")
    /// Reranks documents.
    public static let rerank = Capability(rawValue: "rerank")
    /// Returns token log-probabilities.
    public static let logprobs = Capability(rawValue: "logprobs")

    public var description: String { rawValue }
    public static func < (lhs: Capability, rhs: Capability) -> Bool { lhs.rawValue < rhs.rawValue }
}
