/// Pairs a record gone from a catalog version with an arrival that is the same model under a
/// new id, and says why.
///
/// The evidence, strongest first:
/// 1. the same OpenRouter `canonical_slug` (and the same variant, `:free` with `:free`);
/// 2. the arrival lists the old id as one of its aliases, or the old id is now an alias of
///    the arrival's canonical model;
/// 3. the same display name, prices, context window and maximum output, and an id that
///    differs only in spelling (`-07-25` ⇄ `-2507`, case, punctuation, two edits).
/// A successor snapshot (`mistral-small-2402` → `mistral-small-2506`: same stem, another
/// date) is never paired by rule 3: it is a new model.
///
/// Each arrival pairs once. - Complexity: O(1) expected per lookup, after O(*n*) indexing.
struct RenameMatcher {
    private let arrivals: [ModelRecord]
    private let newCanonical: [String: String]
    private let newAliases: [String: (model: String, rule: MatchRule)]
    private var bySlug: [String: [Int]] = [:]
    private var byAlias: [String: [Int]] = [:]
    private var byCanonical: [String: [Int]] = [:]
    private var byName: [String: [Int]] = [:]
    private var used: Set<Int> = []

    init(arrivals: [ModelRecord], newCanonical: [String: String], newAliases: [String: (model: String, rule: MatchRule)]) {
        self.arrivals = arrivals
        self.newCanonical = newCanonical
        self.newAliases = newAliases
        for (index, record) in arrivals.enumerated() {
            if let slug = record.value(.canonicalSlug)?.text {
                bySlug[RenameMatcher.key(record.provider, slug, RenameMatcher.variant(record.providerModelID)), default: []]
                    .append(index)
            }
            for alias in record.aliases { byAlias[record.provider + "|" + alias, default: []].append(index) }
            if let canonical = newCanonical[record.id] {
                byCanonical[record.provider + "|" + canonical, default: []].append(index)
            }
            if let name = record.displayName { byName[record.provider + "|" + name.lowercased(), default: []].append(index) }
        }
    }

    /// The arrival that is `old` renamed, with the evidence; `nil` when none is.
    mutating func partner(of old: ModelRecord) -> (ModelRecord, String)? {
        let provider = old.provider
        let variant = RenameMatcher.variant(old.providerModelID)
        if let slug = old.value(.canonicalSlug)?.text, let index = take(bySlug[RenameMatcher.key(provider, slug, variant)]) {
            return (arrivals[index], "same canonical_slug \(slug)")
        }
        if let index = take(byAlias[provider + "|" + old.providerModelID]) {
            return (arrivals[index], "\(arrivals[index].providerModelID) lists \(old.providerModelID) as an alias")
        }
        if let target = newAliases[provider + "/" + old.providerModelID],
            let index = take(byCanonical[provider + "|" + target.model])
        {
            return (arrivals[index], "\(old.providerModelID) is now an alias of \(target.model) (\(target.rule))")
        }
        if let name = old.displayName, let candidates = byName[provider + "|" + name.lowercased()] {
            let index = candidates.first { candidate in
                !used.contains(candidate) && RenameMatcher.sameOffer(old, arrivals[candidate])
                    && RenameMatcher.isRespelling(old.providerModelID, arrivals[candidate].providerModelID)
            }
            if let index {
                used.insert(index)
                return (arrivals[index], "same display name \"\(name)\", prices and limits; the id is respelled")
            }
        }
        return nil
    }

    private mutating func take(_ candidates: [Int]?) -> Int? {
        guard let index = candidates?.first(where: { !used.contains($0) }) else { return nil }
        used.insert(index)
        return index
    }

    static func key(_ provider: String, _ slug: String, _ variant: String) -> String { provider + "|" + slug + "|" + variant }

    /// OpenRouter's variant after the colon (`free` in `…:free`), empty when none.
    static func variant(_ id: String) -> String { ModelName(id).lastVariant }

    static func sameOffer(_ old: ModelRecord, _ new: ModelRecord) -> Bool {
        guard old.contextWindow == new.contextWindow, old.maxOutputTokens == new.maxOutputTokens else { return false }
        let before = old.prices
        let after = new.prices
        return before.count == after.count && zip(before, after).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    /// `true` when two ids name the same thing spelled differently, and the second is not a
    /// successor snapshot of the first.
    static func isRespelling(_ old: String, _ new: String) -> Bool {
        let always: (String) -> Bool = { _ in true }
        if let before = ModelName(old.lowercased()).snapshot(isKnownStem: always),
            let after = ModelName(new.lowercased()).snapshot(isKnownStem: always), before.stem == after.stem
        {
            // The same date written another way (`07-25` and `2507`) is a respelling; another date is a successor.
            return before.snapshot.filter(\.isNumber).sorted() == after.snapshot.filter(\.isNumber).sorted()
        }
        if ModelName.key(old) == ModelName.key(new) { return true }
        return editDistance(Array(old.lowercased().utf8), Array(new.lowercased().utf8), limit: 2) <= 2
    }

    /// Levenshtein distance, giving up (returning `limit + 1`) once it exceeds `limit`.
    static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
                rowMinimum = min(rowMinimum, current[j])
            }
            if rowMinimum > limit { return limit + 1 }
            swap(&previous, &current)
        }
        return a.isEmpty ? b.count : previous[b.count]
    }
}
