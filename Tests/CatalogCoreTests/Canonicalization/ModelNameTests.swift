import CatalogCore
import Foundation
import Testing

@Suite("ModelName: every spelling parsed once")
struct ModelNameTests {
    /// A real spelling from the snapshots and the parts it must parse into.
    struct Row: CustomTestStringConvertible, Sendable {
        var text: String
        var path: [String] = []
        var region: String? = nil
        var dotted: String? = nil
        var latest = false
        var stem: String
        var date: String? = nil
        var version: String? = nil
        var variants: [String] = []
        var testDescription: String { text }
    }

    static let rows: [Row] = [
        // OpenAI: plain, dated with dashes, undated alias, "-latest".
        Row(text: "gpt-4o", stem: "gpt-4o"),
        Row(text: "gpt-4o-2024-08-06", stem: "gpt-4o", date: "2024-08-06"),
        Row(text: "gpt-3.5-turbo-0125", stem: "gpt-3.5-turbo-0125"),
        Row(text: "chatgpt-4o-latest", stem: "chatgpt-4o-latest"),
        // Anthropic: compact dates.
        Row(text: "claude-3-5-haiku-20241022", stem: "claude-3-5-haiku", date: "20241022"),
        // Google: model list prefix, month-year and preview dates, Vertex's @version.
        Row(text: "models/gemini-2.5-pro", path: ["models"], stem: "gemini-2.5-pro"),
        Row(text: "gemini-2.5-flash-preview-09-2025", stem: "gemini-2.5-flash-preview", date: "09-2025"),
        Row(text: "gemini-2.5-pro-preview-06-05", stem: "gemini-2.5-pro-preview", date: "06-05"),
        Row(text: "gemini-1.5-pro@001", stem: "gemini-1.5-pro", version: "@001"),
        Row(text: "claude-3-5-sonnet-v2@20241022", stem: "claude-3-5-sonnet", date: "20241022", version: "-v2"),
        // Bedrock: region, dotted namespace, API version, revision and context variants.
        Row(
            text: "us.anthropic.claude-3-7-sonnet-20250219-v1:0", region: "us", dotted: "anthropic", stem: "claude-3-7-sonnet",
            date: "20250219", version: "-v1", variants: ["0"]),
        Row(
            text: "anthropic.claude-3-5-sonnet-20241022-v2:0:18k", dotted: "anthropic", stem: "claude-3-5-sonnet",
            date: "20241022",
            version: "-v2", variants: ["0", "18k"]),
        Row(text: "meta.llama3-70b-instruct-v1:0", dotted: "meta", stem: "llama3-70b-instruct", version: "-v1", variants: ["0"]),
        Row(text: "anthropic.claude-v2:1", dotted: "anthropic", stem: "claude-v2", variants: ["1"]),
        Row(
            text: "us-gov.anthropic.claude-3-haiku-20240307-v1:0", region: "us-gov", dotted: "anthropic", stem: "claude-3-haiku",
            date: "20240307", version: "-v1", variants: ["0"]),
        // OpenRouter: author/slug, variants, the `~` latest pointer.
        Row(text: "openai/gpt-4o", path: ["openai"], stem: "gpt-4o"),
        Row(text: "deepseek/deepseek-chat-v3-0324:free", path: ["deepseek"], stem: "deepseek-chat-v3-0324", variants: ["free"]),
        Row(text: "~anthropic/claude-sonnet-latest", path: ["anthropic"], latest: true, stem: "claude-sonnet-latest"),
        Row(
            text: "openrouter/~anthropic/claude-sonnet-latest", path: ["openrouter", "anthropic"], latest: true,
            stem: "claude-sonnet-latest"),
        Row(text: "anthropic/claude-3.7-sonnet:thinking", path: ["anthropic"], stem: "claude-3.7-sonnet", variants: ["thinking"]),
        // Together and routers before namespaces.
        Row(text: "meta-llama/Llama-3.3-70B-Instruct-Turbo", path: ["meta-llama"], stem: "Llama-3.3-70B-Instruct-Turbo"),
        Row(text: "nim/meta/llama-3.1-70b-instruct", path: ["nim", "meta"], stem: "llama-3.1-70b-instruct"),
        Row(
            text: "bedrock/us.amazon.nova-pro-v1:0", path: ["bedrock"], region: "us", dotted: "amazon", stem: "nova-pro",
            version: "-v1", variants: ["0"]),
        Row(
            text: "publishers/google/models/gemini-2.0-flash-001", path: ["publishers", "google", "models"],
            stem: "gemini-2.0-flash-001"),
        // Dots between digits are versions, never namespaces; display names stay whole.
        Row(text: "claude-instant-1.2", stem: "claude-instant-1.2"),
        Row(text: "embed-english-v3.0", stem: "embed-english-v3.0"),
        Row(text: "Claude 3.5 Haiku", stem: "Claude 3.5 Haiku"),
    ]

    @Test("parses a real spelling into its parts", arguments: rows)
    func parses(_ row: Row) {
        let name = ModelName(row.text)
        #expect(name.path == row.path)
        #expect(name.region == row.region)
        #expect(name.dottedNamespace == row.dotted)
        #expect(name.isLatestPointer == row.latest)
        #expect(name.stem == row.stem)
        #expect(name.date == row.date)
        #expect(name.version == row.version)
        #expect(name.variants == row.variants)
    }

    @Test("prints back what it parsed: parse(print(x)) == x", arguments: rows)
    func roundTrip(_ row: Row) {
        let name = ModelName(row.text)
        #expect(name.description == row.text)
        #expect(ModelName(name.description) == name)
    }

    @Test("a key is its own key", arguments: rows)
    func keyIsIdempotent(_ row: Row) {
        let key = ModelName.key(row.text)
        #expect(ModelName.key(key) == key)
        let parsed = ModelName(row.text).key
        #expect(ModelName.key(parsed) == parsed)
    }

    @Test(
        "spellings of one model share a key",
        arguments: [
            ("gpt-4o-2024-08-06", "GPT-4o-20240806"),
            ("claude-3.5-sonnet", "claude-3-5-sonnet"),
            ("claude-3.5-sonnet", "claude-sonnet-3-5"),
            ("claude-4.7-opus", "claude-opus-4-7"),
            ("claude-3-5-sonnet-v2@20241022", "claude-3-5-sonnet-20241022"),
            ("deepseek-chat:free", "deepseek-chat"),
            ("~claude-sonnet-4-5", "claude-sonnet-4-5-latest"),
        ])
    func sameKey(_ pair: (String, String)) {
        #expect(ModelName.key(pair.0) == ModelName.key(pair.1))
    }

    @Test(
        "different models keep different keys",
        arguments: [
            ("gpt-4o", "gpt-4o-mini"),
            ("claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20241022"),
            ("gpt-4.1", "gpt-4-1106"),
            ("claude-3-5-sonnet-20241022-v2", "claude-3-5-sonnet-20241022"),
        ])
    func differentKeys(_ pair: (String, String)) {
        #expect(ModelName.key(pair.0) != ModelName.key(pair.1))
    }

    @Test("a key without a number names a line of models, not one")
    func lineOfModels() {
        #expect(!ModelName.keyHasNumber(ModelName.key("claude")))
        #expect(!ModelName.keyHasNumber(ModelName.key("claude-v2")))
        #expect(ModelName.keyHasNumber(ModelName.key("claude-2")))
    }

    @Test(
        "a snapshot suffix splits off a full date always and a short one only after a known stem",
        arguments: [
            ("gpt-4o-2024-08-06", false, "gpt-4o", "2024-08-06"),
            ("claude-3-5-haiku-20241022", false, "claude-3-5-haiku", "20241022"),
            ("gemini-2.5-flash-preview-09-2025", false, "gemini-2.5-flash-preview", "09-2025"),
            ("grok-4-0709", true, "grok-4", "0709"),
            ("gemini-2.0-flash-001", true, "gemini-2.0-flash", "001"),
        ])
    func snapshots(_ row: (String, Bool, String, String)) {
        let split = ModelName(row.0).snapshot(isKnownStem: { _ in row.1 })
        #expect(split?.stem == row.2)
        #expect(split?.snapshot == row.3)
        if row.1 { #expect(ModelName(row.0).snapshot(isKnownStem: { _ in false }) == nil) }
    }

    @Test("Bedrock's API version comes off, the date stays")
    func hostVersion() {
        #expect(ModelName("anthropic.claude-3-5-sonnet-20241022-v2:0").withoutHostVersion == "claude-3-5-sonnet-20241022")
        #expect(ModelName("meta.llama3-70b-instruct-v1:0").withoutHostVersion == "llama3-70b-instruct")
        #expect(ModelName("deepseek/deepseek-chat:free").withoutVariants == "deepseek/deepseek-chat")
        #expect(ModelName("openrouter/~anthropic/claude-sonnet-latest").droppingSegments(1) == "~anthropic/claude-sonnet-latest")
        #expect(ModelName("openrouter/~anthropic/claude-sonnet-latest").droppingSegments(2) == "claude-sonnet-latest")
        #expect(ModelName("us.anthropic.claude-3-haiku-20240307-v1:0").withoutRegion == "anthropic.claude-3-haiku-20240307-v1:0")
    }
}
