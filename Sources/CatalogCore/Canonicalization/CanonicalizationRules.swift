/// Hand-kept knowledge the canonicalizer needs, kept as data under `catalog/` (YAML), each
/// entry with its reason.
public struct CanonicalizationRules: Sendable {
    /// A model maker and how hosts spell it.
    public struct Creator: Sendable, Hashable {
        /// The canonical creator id (`openai`, `meta-llama`).
        public var id: String
        /// The provider that sells the creator's models under the creator's own ids, if any.
        public var firstParty: String?
        /// Namespaces hosts use for the creator (`x-ai` in `x-ai/grok-4`, `meta` in
        /// `meta.llama3-70b`, `deepseek-ai` in `deepseek-ai/DeepSeek-V3`), lowercase.
        public var namespaces: [String]
        /// Starts of bare model names that are the creator's (`claude`, `gpt-`, `gemini`).
        public var namePrefixes: [String]

        public init(id: String, firstParty: String? = nil, namespaces: [String], namePrefixes: [String] = []) {
            self.id = id
            self.firstParty = firstParty
            self.namespaces = namespaces
            self.namePrefixes = namePrefixes
        }
    }

    /// A host id whose canonical model the rules cannot find, stated by hand.
    public struct Correction: Sendable, Hashable {
        public var provider: String
        public var providerModelID: String
        public var canonical: String
        public var reason: String

        public init(provider: String, providerModelID: String, canonical: String, reason: String) {
            self.provider = provider
            self.providerModelID = providerModelID
            self.canonical = canonical
            self.reason = reason
        }
    }

    /// A family and the family that replaces it.
    public struct Successor: Sendable, Hashable {
        public var family: String
        public var successor: String
        public var reason: String

        public init(family: String, successor: String, reason: String) {
            self.family = family
            self.successor = successor
            self.reason = reason
        }
    }

    public var creators: [Creator]
    public var corrections: [Correction]
    public var successors: [Successor]

    public init(creators: [Creator], corrections: [Correction] = [], successors: [Successor] = []) {
        self.creators = creators
        self.corrections = corrections
        self.successors = successors
    }

    /// The creator a host namespace stands for (`x-ai` → `xai`).
    public func creator(forNamespace namespace: String) -> Creator? {
        let lowered = namespace.lowercased()
        return creators.first { $0.namespaces.contains(lowered) || $0.id == lowered }
    }

    /// The creator whose model a bare name is (`claude-3-haiku` → anthropic).
    public func creator(forBareName name: String) -> Creator? {
        let lowered = name.lowercased()
        var best: (creator: Creator, length: Int)?
        for creator in creators {
            for prefix in creator.namePrefixes where lowered.hasPrefix(prefix) && prefix.count > (best?.length ?? 0) {
                best = (creator, prefix.count)
            }
        }
        return best?.creator
    }

    /// The creator whose first-party provider is `provider`.
    public func creator(firstParty provider: String) -> Creator? {
        creators.first { $0.firstParty == provider }
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
