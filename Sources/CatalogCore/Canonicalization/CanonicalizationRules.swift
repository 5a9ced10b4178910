/// Hand-kept knowledge the canonicalizer needs, kept as data under `catalog/` (YAML), each
/// entry with its reason.
package struct CanonicalizationRules: Sendable {
    /// A model maker and how hosts spell it.
    package struct Creator: Sendable, Hashable {
        /// The canonical creator id (`openai`, `meta-llama`).
        package var id: String
        /// The provider that sells the creator's models under the creator's own ids, if any.
        package var firstParty: String?
        /// Namespaces hosts use for the creator (`x-ai` in `x-ai/grok-4`, `meta` in
        /// `meta.llama3-70b`, `deepseek-ai` in `deepseek-ai/DeepSeek-V3`), lowercase.
        package var namespaces: [String]
        /// Starts of bare model names that are the creator's (`claude`, `gpt-`, `gemini`).
        package var namePrefixes: [String]

        package init(id: String, firstParty: String? = nil, namespaces: [String], namePrefixes: [String] = []) {
            self.id = id
            self.firstParty = firstParty
            self.namespaces = namespaces
            self.namePrefixes = namePrefixes
        }
    }

    /// A host id whose canonical model the rules cannot find, stated by hand.
    package struct Correction: Sendable, Hashable {
        package var provider: String
        package var providerModelID: String
        package var canonical: String
        package var reason: String

        package init(provider: String, providerModelID: String, canonical: String, reason: String) {
            self.provider = provider
            self.providerModelID = providerModelID
            self.canonical = canonical
            self.reason = reason
        }
    }

    /// A family and the family that replaces it.
    package struct Successor: Sendable, Hashable {
        package var family: String
        package var successor: String
        package var reason: String

        package init(family: String, successor: String, reason: String) {
            self.family = family
            self.successor = successor
            self.reason = reason
        }
    }

    package var creators: [Creator]
    package var corrections: [Correction]
    package var successors: [Successor]

    package init(creators: [Creator], corrections: [Correction] = [], successors: [Successor] = []) {
        self.creators = creators
        self.corrections = corrections
        self.successors = successors
    }

    /// The creator a host namespace stands for (`x-ai` → `xai`).
    package func creator(forNamespace namespace: String) -> Creator? {
        let lowered = namespace.lowercased()
        return creators.first { $0.namespaces.contains(lowered) || $0.id == lowered }
    }

    /// The creator whose model a bare name is (`claude-3-haiku` → anthropic).
    package func creator(forBareName name: String) -> Creator? {
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
    package func creator(firstParty provider: String) -> Creator? {
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
