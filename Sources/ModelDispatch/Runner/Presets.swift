public import CatalogCore
public import Foundation
public import ModelCatalog
import Yams

/// A named model configuration: the model and how to ask it (`catalog/presets.yaml`).
public struct Preset: Sendable, Hashable {
    /// The name a run or a JSONL line gives (`claude-sonnet-4-5-thinking`).
    public var slug: String
    /// Any name the catalog knows for the model.
    public var model: String?
    public var temperature: Double?
    public var maxTokens: Int?
    /// `low`, `medium` or `high` (OpenAI's `reasoning_effort`).
    public var reasoningEffort: String?
    /// Tokens the model may think (Anthropic's and Gemini's thinking budget).
    public var thinkingBudget: Int?
    /// A system prompt put before the messages of a request that has none.
    public var system: String?
    /// Groups it belongs to (`cheap`, `current`, `reasoning`, a company).
    public var groups: [String]
    /// The preset it inherits every field it does not set from.
    public var base: String?
    /// The file line where it starts.
    public var line: Int

    public init(
        slug: String, model: String? = nil, temperature: Double? = nil, maxTokens: Int? = nil, reasoningEffort: String? = nil,
        thinkingBudget: Int? = nil, system: String? = nil, groups: [String] = [], base: String? = nil, line: Int = 0
    ) {
        self.slug = slug
        self.model = model
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.reasoningEffort = reasoningEffort
        self.thinkingBudget = thinkingBudget
        self.system = system
        self.groups = groups
        self.base = base
        self.line = line
    }

    /// The request `messages` make with this preset's settings (the request's own system
    /// prompt, when it has one, wins).
    public func request(messages: [ChatMessage]) -> ChatRequest {
        var messages = messages
        if let system, !messages.contains(where: { $0.role == .system }) { messages.insert(.system(system), at: 0) }
        return ChatRequest(
            model: model ?? slug, messages: messages, maxTokens: maxTokens, temperature: temperature,
            reasoningEffort: reasoningEffort, thinkingBudget: thinkingBudget)
    }

    /// What makes two presets the same configuration: everything but the names and groups.
    struct Configuration: Hashable {
        var model: String
        var temperature: Double?
        var maxTokens: Int?
        var reasoningEffort: String?
        var thinkingBudget: Int?
        var system: String?
    }
}

/// A presets file that cannot be read, or a preset that does not hold against the catalog.
public struct PresetError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    /// The preset concerned, when one is.
    public var preset: String?
    public var message: String

    public init(file: String, line: Int?, preset: String?, message: String) {
        self.file = file
        self.line = line
        self.preset = preset
        self.message = message
    }

    public var description: String {
        "\(file)\(line.map { ":\($0)" } ?? ""): " + (preset.map { "preset `\($0)`: " } ?? "") + message
    }
}

/// The presets of a file, with `base:` inheritance resolved.
public struct Presets: Sendable {
    /// The file they were read from.
    public var file: String
    /// As written, in file order.
    public var written: [Preset]

    public init(file: String, written: [Preset]) {
        self.file = file
        self.written = written
    }

    /// The preset `slug` with everything it inherits, or why it cannot be had.
    public func resolved(_ slug: String) throws(PresetError) -> Preset {
        guard var preset = written.first(where: { $0.slug == slug }) else {
            let close = written.map(\.slug).filter { $0.contains(slug) || slug.contains($0) }.prefix(5)
            throw PresetError(
                file: file, line: nil, preset: slug,
                message: "no such preset" + (close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?"))
        }
        var seen: [String] = [slug]
        var base = preset.base
        while let name = base {
            guard !seen.contains(name) else {
                throw PresetError(
                    file: file, line: preset.line, preset: slug,
                    message: "`base:` goes round in a circle: \((seen + [name]).joined(separator: " → "))")
            }
            guard let parent = written.first(where: { $0.slug == name }) else {
                throw PresetError(file: file, line: preset.line, preset: slug, message: "`base: \(name)` names no preset")
            }
            seen.append(name)
            preset.model = preset.model ?? parent.model
            preset.temperature = preset.temperature ?? parent.temperature
            preset.maxTokens = preset.maxTokens ?? parent.maxTokens
            preset.reasoningEffort = preset.reasoningEffort ?? parent.reasoningEffort
            preset.thinkingBudget = preset.thinkingBudget ?? parent.thinkingBudget
            preset.system = preset.system ?? parent.system
            if preset.groups.isEmpty { preset.groups = parent.groups }
            base = parent.base
        }
        guard preset.model != nil else {
            throw PresetError(
                file: file, line: preset.line, preset: slug, message: "no `model:` (nor one inherited through `base:`)")
        }
        return preset
    }

    /// Reads a presets file.
    ///
    /// ```yaml
    /// presets:
    ///   - slug: claude-sonnet-4-5
    ///     model: anthropic/claude-sonnet-4-5-20250929
    ///     max_tokens: 4096
    ///     groups: [current, anthropic]
    ///   - slug: claude-sonnet-4-5-thinking
    ///     base: claude-sonnet-4-5
    ///     thinking_budget: 8000
    ///     max_tokens: 16000
    ///     groups: [reasoning, anthropic]
    /// ```
    /// - Throws: ``PresetError`` naming the file, the line and what was expected.
    public static func parse(_ text: String, file: String) throws(PresetError) -> Presets {
        func fail(_ node: Node?, _ preset: String?, _ message: String) -> PresetError {
            PresetError(file: file, line: node?.mark?.line, preset: preset, message: message)
        }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw PresetError(file: file, line: nil, preset: nil, message: "not YAML: \(error)")
        }
        guard let root, let top = root.mapping else { throw fail(root, nil, "expected a mapping with `presets:`") }
        guard let list = top["presets"]?.sequence else { throw fail(root, nil, "expected `presets:` with a list of presets") }
        for key in top.keys where key.string != "presets" {
            throw fail(key, nil, "unknown key `\(key.string ?? "?")`: expected `presets`")
        }
        var presets: [Preset] = []
        for item in list {
            guard let mapping = item.mapping else { throw fail(item, nil, "expected a preset (a mapping with `slug:`)") }
            guard let slug = mapping["slug"]?.string, !slug.isEmpty else { throw fail(item, nil, "a preset needs `slug:`") }
            if let earlier = presets.first(where: { $0.slug == slug }) {
                throw fail(mapping["slug"], slug, "the slug is used twice (first on line \(earlier.line))")
            }
            var preset = Preset(slug: slug, line: item.mark?.line ?? 0)
            for (key, value) in mapping {
                let name = key.string ?? "?"
                func positiveInt() throws(PresetError) -> Int {
                    guard let number = value.string.flatMap({ Int($0) }), number > 0 else {
                        throw fail(value, slug, "`\(name)`: expected a positive whole number")
                    }
                    return number
                }
                switch name {
                case "slug": continue
                case "model": preset.model = value.string
                case "base": preset.base = value.string
                case "system": preset.system = value.string
                case "temperature":
                    guard let number = value.string.flatMap(Double.init), number >= 0, number <= 2 else {
                        throw fail(value, slug, "`temperature`: expected a number from 0 to 2")
                    }
                    preset.temperature = number
                case "max_tokens": preset.maxTokens = try positiveInt()
                case "thinking_budget": preset.thinkingBudget = try positiveInt()
                case "reasoning_effort":
                    guard let effort = value.string, ["minimal", "low", "medium", "high"].contains(effort) else {
                        throw fail(value, slug, "`reasoning_effort`: expected minimal, low, medium or high")
                    }
                    preset.reasoningEffort = effort
                case "groups":
                    guard let groups = value.sequence?.compactMap(\.string), groups.count == value.sequence?.count else {
                        throw fail(value, slug, "`groups`: expected a list of names")
                    }
                    preset.groups = groups
                default:
                    throw fail(
                        key, slug,
                        "unknown key `\(name)`: expected slug, model, base, temperature, max_tokens, reasoning_effort, thinking_budget, system or groups"
                    )
                }
            }
            presets.append(preset)
        }
        return Presets(file: file, written: presets)
    }

    /// Reads the presets file at `path`.
    /// - Throws: ``PresetError`` naming the file, the line and what was expected.
    public static func load(path: String) throws(PresetError) -> Presets {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PresetError(file: path, line: nil, preset: nil, message: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PresetError(file: path, line: nil, preset: nil, message: "not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    /// Every problem of every preset against `catalog` on `today`: a model that does not
    /// resolve (or is ambiguous), one retired or past its shutdown date (with its successor),
    /// parameters the model does not take (a reasoning effort or thinking budget on a model that
    /// does not reason, a thinking budget for an API without one, more output than the model
    /// gives), and one configuration under two names. Empty when all hold.
    public func check(against catalog: Catalog, today: CalendarDate) -> [PresetError] {
        var problems: [PresetError] = []
        var configurations: [Preset.Configuration: String] = [:]
        for written in self.written {
            func problem(_ message: String) {
                problems.append(PresetError(file: file, line: written.line, preset: written.slug, message: message))
            }
            let preset: Preset
            do { preset = try resolved(written.slug) } catch {
                problems.append(error)
                continue
            }
            let name = preset.model!
            let resolution: Resolution
            do { resolution = try catalog.resolve(name) } catch {
                problem("the catalog cannot be read: \(error)")
                continue
            }
            guard let model = resolution.model else {
                if resolution.isAmbiguous {
                    problem("`\(name)` is ambiguous: it could be \(resolution.candidates.joined(separator: ", "))")
                } else {
                    problem(
                        "`\(name)` is not a model the catalog knows"
                            + (resolution.suggestions.isEmpty
                                ? "" : "; did you mean \(resolution.suggestions.joined(separator: ", "))?"))
                }
                continue
            }
            if Router.isRetired(model.record, today: today) { problem(Router.retirement(of: model, in: catalog)) }
            let capabilities = Set(model.record.capabilities.filter(\.supported).map(\.capability))
            if preset.reasoningEffort != nil, !capabilities.contains(.reasoning) {
                problem("`reasoning_effort` is set, but \(model.id) does not reason (the catalog lists no reasoning capability)")
            }
            if preset.thinkingBudget != nil {
                if !capabilities.contains(.reasoning) {
                    problem(
                        "`thinking_budget` is set, but \(model.id) does not reason (the catalog lists no reasoning capability)")
                } else if !["anthropic", "google"].contains(model.record.provider) {
                    problem(
                        "`thinking_budget` is set, but \(model.record.provider)'s API takes no thinking budget (use reasoning_effort)"
                    )
                }
            }
            if let maxTokens = preset.maxTokens, let limit = model.record.maxOutputTokens, maxTokens > limit {
                problem("`max_tokens` \(maxTokens) is more than \(model.id) gives (\(limit) output tokens at most)")
            }
            if let budget = preset.thinkingBudget, let maxTokens = preset.maxTokens, budget >= maxTokens,
                model.record.provider == "anthropic"
            {
                problem(
                    "`thinking_budget` \(budget) must be less than `max_tokens` \(maxTokens) (Anthropic counts thinking in it)")
            }
            let configuration = Preset.Configuration(
                model: model.id, temperature: preset.temperature, maxTokens: preset.maxTokens,
                reasoningEffort: preset.reasoningEffort, thinkingBudget: preset.thinkingBudget, system: preset.system)
            if let other = configurations[configuration] {
                problem("the same configuration as preset `\(other)` (the same model and settings under another name)")
            } else {
                configurations[configuration] = written.slug
            }
        }
        return problems
    }
}

/// Presets with their models' prices and what a given usage would cost on each.
public struct PresetListing: Sendable {
    public struct Row: Sendable {
        public var slug: String
        /// The canonical model, or why it has none.
        public var model: String
        public var groups: [String]
        /// USD per million input and output tokens, at the creator's prices.
        public var inputPrice: Decimal?
        public var outputPrice: Decimal?
        /// The cost of the listing's usage, or `nil` when it cannot be priced.
        public var cost: Decimal?
    }

    public var rows: [Row]
    public var inputTokens: Int
    public var outputTokens: Int

    /// The presets (of `group`, when given) priced for `inputTokens` in and `outputTokens` out.
    public init(_ presets: Presets, catalog: Catalog, group: String?, inputTokens: Int, outputTokens: Int) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        rows = []
        for written in presets.written {
            guard let preset = try? presets.resolved(written.slug) else { continue }
            if let group, !preset.groups.contains(group) { continue }
            var row = Row(slug: preset.slug, model: preset.model ?? "?", groups: preset.groups)
            if let model = try? catalog.resolve(preset.model ?? "").model {
                row.model = model.id
                func price(_ usage: Usage) -> Decimal? { try? catalog.cost(of: model, usage: usage).total }
                row.inputPrice = price(Usage(inputTokens: 1_000_000))
                row.outputPrice = price(Usage(outputTokens: 1_000_000))
                row.cost = price(Usage(inputTokens: inputTokens, outputTokens: outputTokens))
            } else {
                row.model = "\(preset.model ?? "?") (not in the catalog)"
            }
            rows.append(row)
        }
    }

    /// A table for people.
    public var text: String {
        func money(_ value: Decimal?) -> String { value.map(Money.dollars) ?? "-" }
        let header = ["preset", "model", "in $/M", "out $/M", "\(inputTokens) in + \(outputTokens) out", "groups"]
        let table = rows.map { row in
            [
                row.slug, row.model, money(row.inputPrice), money(row.outputPrice), money(row.cost),
                row.groups.joined(separator: ", "),
            ]
        }
        let widths = header.indices.map { column in ([header] + table).map { $0[column].count }.max() ?? 0 }
        return ([header] + table).map { cells in
            cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }.joined(separator: "\n") + "\n"
    }
}
