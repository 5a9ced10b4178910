/// Finds the provider model id a page means by a display name (`Claude Haiku 3.5`).
///
/// Rules, in order (a name no rule resolves becomes a page-only model under its name, never an
/// arbitrary pick):
/// 1. the models of the same provider whose stated display name is the same, ignoring case —
///    all of them, since the provider itself names them alike (Bedrock's `Claude 3.5 Sonnet v2`
///    is the on-demand id and its provisioned context variants);
/// 2. the one model whose display name has the same words (`GLM-5.1` and `GLM 5.1`);
/// 3. the one model id of the same provider with the same words: `Claude Haiku 3.5` and
///    `claude-3-5-haiku-20241022` both have {claude, haiku, 3, 5} once snapshot dates are set
///    aside; of an undated id and its own dated snapshots (`gpt-5.5`, `gpt-5.5-2026-04-23`),
///    the undated one. Two other such ids leave the name unresolved.
struct DisplayNameIndex {
    private var byName: [String: Set<String>] = [:]
    private var byWords: [String: Set<String>] = [:]
    private var byNameWords: [String: Set<String>] = [:]

    init(_ inputs: [(provider: String, observations: [Observation])]) {
        // Only providers with observations to resolve need an index.
        var wanted: Set<String> = []
        for (provider, observations) in inputs where observations.contains(where: \.identifiedByDisplayName) {
            wanted.insert(provider)
        }
        for (provider, observations) in inputs where wanted.contains(provider) {
            for observation in observations where !observation.identifiedByDisplayName {
                byWords[provider + "|" + DisplayNameIndex.words(observation.providerModelID), default: []].insert(
                    observation.providerModelID)
                for fact in observation.facts where fact.field == .displayName {
                    if let name = fact.value.text {
                        byName[provider + "|" + name.lowercased(), default: []].insert(observation.providerModelID)
                        byNameWords[provider + "|" + DisplayNameIndex.words(name), default: []].insert(
                            observation.providerModelID)
                    }
                }
            }
        }
    }

    /// The ids `name` stands for, sorted; empty when no rule resolves it.
    func resolve(_ name: String, provider: String) -> [String] {
        if let ids = byName[provider + "|" + name.lowercased()], !ids.isEmpty { return ids.sorted() }
        let words = provider + "|" + DisplayNameIndex.words(name)
        if let ids = byNameWords[words], ids.count == 1 { return Array(ids) }
        if let ids = byWords[provider + "|" + DisplayNameIndex.words(name)] {
            if ids.count == 1 { return Array(ids) }
            // An undated id and its dated snapshots (`gpt-5.5`, `gpt-5.5-2026-04-23`): the
            // name is the undated id's, which points at the snapshot in force.
            let undated = ids.filter { ModelName($0).snapshot(isKnownStem: ids.contains) == nil }
            if undated.count == 1, let stem = undated.first,
                ids.allSatisfy({ $0 == stem || ModelName($0).snapshot(isKnownStem: ids.contains)?.stem == stem })
            {
                return [stem]
            }
        }
        return []
    }

    /// The sorted words of a name or id, without snapshot dates (`20241022`, `2024-10-22`).
    static func words(_ text: String) -> String {
        var words: [String] = []
        var current = ""
        for scalar in text.lowercased().unicodeScalars {
            let isWordScalar =
                scalar.isASCII
                ? (("a"..."z").contains(scalar) || ("0"..."9").contains(scalar))
                : scalar.properties.isAlphabetic || scalar.properties.numericType != nil
            if isWordScalar {
                current.unicodeScalars.append(scalar)
            } else if !current.isEmpty {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        // Drop dates: an 8-digit word, or year-month-day as three words.
        var kept: [String] = []
        var index = 0
        while index < words.count {
            let word = words[index]
            if word.utf8.count == 8, word.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), word.hasPrefix("20") {
                index += 1
                continue
            }
            if word.count == 4, word.hasPrefix("20"), word.allSatisfy(\.isNumber), index + 2 < words.count,
                words[index + 1].count == 2, words[index + 2].count == 2, words[index + 1].allSatisfy(\.isNumber),
                words[index + 2].allSatisfy(\.isNumber)
            {
                index += 3
                continue
            }
            kept.append(word)
            index += 1
        }
        return kept.sorted().joined(separator: " ")
    }
}
