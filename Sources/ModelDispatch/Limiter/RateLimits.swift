import CatalogCore
public import Foundation
public import ModelCatalog
import Yams

/// The limits a request starts with, before its host's replies state their own: the catalog's
/// `rate_limit.<tier>.*` facts for a chosen tier, else a hand-kept limits file
/// (`catalog/rate-limits.yaml`), else a conservative default. Whatever they say, the first request
/// to a host and model goes alone, and its reply's headers replace them.
public struct RateLimits: Sendable, Hashable {
    /// Limits for one scope; `nil` is no limit of that kind.
    public struct Figures: Sendable, Hashable {
        public var requestsPerMinute: Double?
        public var requestsPerDay: Double?
        public var tokensPerMinute: Double?
        public var tokensPerDay: Double?
        public var inputTokensPerMinute: Double?
        public var outputTokensPerMinute: Double?
        public var concurrent: Double?

        public init(
            requestsPerMinute: Double? = nil, requestsPerDay: Double? = nil, tokensPerMinute: Double? = nil,
            tokensPerDay: Double? = nil,
            inputTokensPerMinute: Double? = nil, outputTokensPerMinute: Double? = nil, concurrent: Double? = nil
        ) {
            self.requestsPerMinute = requestsPerMinute
            self.requestsPerDay = requestsPerDay
            self.tokensPerMinute = tokensPerMinute
            self.tokensPerDay = tokensPerDay
            self.inputTokensPerMinute = inputTokensPerMinute
            self.outputTokensPerMinute = outputTokensPerMinute
            self.concurrent = concurrent
        }

        /// `self` with `other`'s figures where `self` has none.
        func filling(from other: Figures) -> Figures {
            Figures(
                requestsPerMinute: requestsPerMinute ?? other.requestsPerMinute,
                requestsPerDay: requestsPerDay ?? other.requestsPerDay,
                tokensPerMinute: tokensPerMinute ?? other.tokensPerMinute, tokensPerDay: tokensPerDay ?? other.tokensPerDay,
                inputTokensPerMinute: inputTokensPerMinute ?? other.inputTokensPerMinute,
                outputTokensPerMinute: outputTokensPerMinute ?? other.outputTokensPerMinute,
                concurrent: concurrent ?? other.concurrent)
        }
    }

    /// A rule of the limits file: models of a provider that match `pattern`, optionally sharing
    /// one pool (`group`).
    public struct Rule: Sendable, Hashable {
        public var provider: String
        /// A canonical id or family, with `*` for any text (`anthropic/claude-sonnet-4*`).
        public var pattern: String
        public var group: String?
        public var figures: Figures
        /// Where the rule is written, for messages.
        public var line: Int

        public func matches(_ id: String, family: String) -> Bool {
            RateLimits.glob(pattern, id) || RateLimits.glob(pattern, family)
        }
    }

    /// What applies where nothing else says: 60 requests and 100,000 tokens a minute, 64 at once.
    public var defaults = Figures(requestsPerMinute: 60, tokensPerMinute: 100_000, concurrent: 64)
    public var rules: [Rule] = []

    public init(defaults: Figures? = nil, rules: [Rule] = []) {
        if let defaults { self.defaults = defaults }
        self.rules = rules
    }

    /// The first rule for `provider` that matches a model.
    public func rule(provider: String, id: String, family: String) -> Rule? {
        rules.first { $0.provider == provider && $0.matches(id, family: family) }
    }

    /// The catalog's figures for `tier` on a record (`rate_limit.tier_1.rpm`), if it states any.
    static func catalogFigures(_ record: ModelRecord, tier: String) -> Figures? {
        var figures = Figures()
        var any = false
        for fact in record.facts {
            guard case .rateLimit(let factTier, let metric) = fact.field, factTier == tier, let value = fact.value.number else {
                continue
            }
            let number = NSDecimalNumber(decimal: value).doubleValue
            switch metric {
            case "rpm": figures.requestsPerMinute = figures.requestsPerMinute ?? number
            case "rpd": figures.requestsPerDay = figures.requestsPerDay ?? number
            case "tpm": figures.tokensPerMinute = figures.tokensPerMinute ?? number
            case "tpd": figures.tokensPerDay = figures.tokensPerDay ?? number
            case "itpm": figures.inputTokensPerMinute = figures.inputTokensPerMinute ?? number
            case "otpm": figures.outputTokensPerMinute = figures.outputTokensPerMinute ?? number
            default: continue
            }
            any = true
        }
        return any ? figures : nil
    }

    /// Reads a limits file.
    ///
    /// ```yaml
    /// defaults:
    ///   requests_per_minute: 60
    ///   tokens_per_minute: 100000
    ///   concurrent: 64
    /// providers:
    ///   anthropic:
    ///     - models: anthropic/claude-sonnet-4*
    ///       group: sonnet-4
    ///       requests_per_minute: 50
    ///       input_tokens_per_minute: 30000
    ///       output_tokens_per_minute: 8000
    /// ```
    /// - Throws: ``RateLimitsError`` naming the file, the line and what was expected.
    public static func parse(_ text: String, file: String) throws(RateLimitsError) -> RateLimits {
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch {
            throw RateLimitsError(file: file, line: nil, message: "not YAML: \(error)")
        }
        guard let root, let top = root.mapping else { throw RateLimitsError(file: file, line: 1, message: "expected a mapping") }
        var limits = RateLimits()
        for (key, value) in top {
            switch key.string {
            case "defaults":
                limits.defaults = try figures(value, file: file).filling(from: limits.defaults)
            case "providers":
                guard let providers = value.mapping else {
                    throw RateLimitsError(
                        file: file, line: line(value), message: "providers: expected a mapping of provider to rules")
                }
                for (provider, list) in providers {
                    guard let name = provider.string, let items = list.sequence else {
                        throw RateLimitsError(
                            file: file, line: line(list), message: "expected a list of rules under a provider name")
                    }
                    for item in items {
                        guard let pattern = item.mapping?["models"]?.string, !pattern.isEmpty else {
                            throw RateLimitsError(
                                file: file, line: line(item), message: "a rule needs `models:` (a canonical id or family pattern)"
                            )
                        }
                        limits.rules.append(
                            Rule(
                                provider: name, pattern: pattern, group: item.mapping?["group"]?.string,
                                figures: try figures(item, file: file, skipping: ["models", "group"]), line: line(item) ?? 0))
                    }
                }
            default:
                throw RateLimitsError(
                    file: file, line: line(key), message: "unknown key `\(key.string ?? "?")`: expected `defaults` or `providers`"
                )
            }
        }
        return limits
    }

    /// Reads the limits file at `path`.
    /// - Throws: ``RateLimitsError`` naming the file, the line and what was expected.
    public static func load(path: String) throws(RateLimitsError) -> RateLimits {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RateLimitsError(file: path, line: nil, message: "cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw RateLimitsError(file: path, line: nil, message: "not UTF-8 text")
        }
        return try parse(text, file: path)
    }

    private static func figures(_ node: Node, file: String, skipping: Set<String> = []) throws(RateLimitsError) -> Figures {
        guard let mapping = node.mapping else {
            throw RateLimitsError(file: file, line: line(node), message: "expected a mapping of limits")
        }
        var figures = Figures()
        for (key, value) in mapping {
            guard let name = key.string, !skipping.contains(name) else { continue }
            guard let number = value.string.flatMap(Double.init), number > 0 else {
                throw RateLimitsError(file: file, line: line(value), message: "`\(name)`: expected a positive number")
            }
            switch name {
            case "requests_per_minute": figures.requestsPerMinute = number
            case "requests_per_day": figures.requestsPerDay = number
            case "tokens_per_minute": figures.tokensPerMinute = number
            case "tokens_per_day": figures.tokensPerDay = number
            case "input_tokens_per_minute": figures.inputTokensPerMinute = number
            case "output_tokens_per_minute": figures.outputTokensPerMinute = number
            case "concurrent": figures.concurrent = number
            default:
                throw RateLimitsError(
                    file: file, line: line(key),
                    message:
                        "unknown limit `\(name)`: expected requests_per_minute, requests_per_day, tokens_per_minute, tokens_per_day, input_tokens_per_minute, output_tokens_per_minute or concurrent"
                )
            }
        }
        return figures
    }

    private static func line(_ node: Node) -> Int? { node.mark.map { $0.line } }

    /// `*` matches any text, including none.
    static func glob(_ pattern: String, _ text: String) -> Bool {
        let parts = pattern.split(separator: "*", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return pattern == text }
        var rest = Substring(text)
        guard rest.hasPrefix(parts[0]) else { return false }
        rest = rest.dropFirst(parts[0].count)
        for part in parts.dropFirst().dropLast() {
            guard let range = rest.range(of: part) else { return false }
            rest = rest[range.upperBound...]
        }
        return rest.hasSuffix(parts.last!)
    }
}

/// A limits file that cannot be read.
public struct RateLimitsError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var message: String
    public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }
}
