public import CatalogCore
import Foundation

/// Every name of every model of one version, for resolving names in well under a microsecond
/// when they are known as written.
struct NameIndex: Sendable {
    enum Kind: UInt8, Comparable {
        case exact = 0
        case alias = 1
        case offering = 2
        static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    struct Hit: Hashable {
        var model: Int32
        var kind: Kind
        /// Position of the offering in the model's offerings, for `.offering`.
        var offering: Int16
    }

    private(set) var exact: [String: [Hit]] = [:]
    /// `creator|key` and `*|key` → models.
    private(set) var normalized: [String: [Int32]] = [:]
    /// Host namespaces (`x-ai`, `deepseek-ai`) → creator.
    private(set) var namespaces: [String: String] = [:]
    /// The word index for suggestions, built on the first unknown name.
    private let suggester = Suggester()

    init(_ data: VersionData) {
        for (position, model) in data.models.enumerated() {
            let index = Int32(position)
            let bare = String(model.id.dropFirst(model.creator.count + 1))
            add(model.id, Hit(model: index, kind: .exact, offering: -1))
            add(bare, Hit(model: index, kind: .exact, offering: -1))
            addKey(bare, creator: model.creator, model: index)
            namespaces[model.creator] = model.creator
            for alias in model.aliases {
                add(alias.name, Hit(model: index, kind: .alias, offering: -1))
                add(model.creator + "/" + alias.name, Hit(model: index, kind: .alias, offering: -1))
                addKey(alias.name, creator: model.creator, model: index)
            }
            for (offeringIndex, offering) in model.offerings.enumerated() {
                let hit = Hit(model: index, kind: .offering, offering: Int16(offeringIndex))
                add(offering.recordID, hit)
                add(offering.providerModelID, hit)
                let parsed = ModelName(offering.providerModelID)
                if let head = parsed.path.first, let name = parsed.afterFirstSegment {
                    let namespace = head.lowercased()
                    if namespaces[namespace] == nil { namespaces[namespace] = model.creator }
                    addKey(name, creator: model.creator, model: index)
                    // For a model its maker does not sell itself (open weights), a router's
                    // `maker/name` is also the model's bare name (`deepseek/deepseek-chat` →
                    // `deepseek-chat`), below every name of its own.
                    if namespaces[namespace] == model.creator, parsed.variants.isEmpty,
                        !model.offerings.contains(where: { $0.rule == .firstParty })
                    {
                        add(name, hit)
                    }
                } else if offering.provider == "bedrock", let namespace = parsed.dottedNamespace?.lowercased() {
                    if namespaces[namespace] == nil { namespaces[namespace] = model.creator }
                } else if !offering.providerModelID.contains(" ") {
                    addKey(offering.providerModelID, creator: model.creator, model: index)
                }
            }
        }
    }

    /// Word postings over every known name, for suggestions.
    final class Suggester: @unchecked Sendable {
        private let lock = NSLock()
        private var built = false
        private(set) var names: [String] = []
        /// Word → positions in `names` of the names that contain it.
        private(set) var postings: [String: [Int32]] = [:]
        /// Each name's lowercased bytes, for edit distances; empty for names not to suggest.
        private(set) var suggestible: [[UInt8]] = []

        func prepare(_ exact: [String: [Hit]]) {
            lock.lock()
            defer { lock.unlock() }
            guard !built else { return }
            names = exact.keys.filter { !$0.contains(" ") && $0 == $0.lowercased() || exact[$0.lowercased()] == nil }.sorted()
            suggestible.reserveCapacity(names.count)
            for (position, name) in names.enumerated() {
                for word in Set(NameIndex.words(name)) { postings[word, default: []].append(Int32(position)) }
                let slashes = name.utf8.filter { $0 == UInt8(ascii: "/") }.count
                suggestible.append(slashes <= 1 ? Array(name.lowercased().utf8) : [])
            }
            built = true
        }
    }

    private mutating func add(_ name: String, _ hit: Hit) {
        var hits = exact[name] ?? []
        if !hits.contains(hit) { hits.append(hit) }
        exact[name] = hits
        let lowered = name.lowercased()
        if lowered != name {
            var lowerHits = exact[lowered] ?? []
            if !lowerHits.contains(hit) { lowerHits.append(hit) }
            exact[lowered] = lowerHits
        }
    }

    private mutating func addKey(_ name: String, creator: String, model: Int32) {
        let key = ModelName.key(name)
        for scope in [creator + "|" + key, "*|" + key] {
            var list = normalized[scope] ?? []
            if !list.contains(model) { list.append(model) }
            normalized[scope] = list
        }
    }

    /// The best hits for an exact name: the highest-priority kind present.
    func exactHits(_ name: String) -> [Hit]? {
        guard let hits = exact[name] ?? exact[name.lowercased()], !hits.isEmpty else { return nil }
        if hits.count == 1 { return hits }
        let best = hits.map(\.kind).min()!
        return hits.filter { $0.kind == best }
    }

    /// Spellings of `name` without its router, region or host prefixes, in the order to try:
    /// each path segment dropped in turn (a host namespace also rewritten to its creator's,
    /// `x-ai/grok-4` → `xai/grok-4`), then a Bedrock region, then a dotted host namespace.
    func strippedForms(of name: ModelName) -> [String] {
        var forms: [String] = []
        let latestAt = name.isLatestPointer ? name.path.firstIndex { !ModelName.routers.contains($0) } : nil
        for (position, segment) in name.path.prefix(4).enumerated() {
            let head = segment.lowercased()
            let rest = name.droppingSegments(position + 1)
            // `~google/gemma-…` names Google's `gemma-…`, whatever others call theirs.
            if !ModelName.routers.contains(head), let creator = namespaces[head], creator != head || position == latestAt {
                forms.append(creator + "/" + rest)
            }
            forms.append(rest)
        }
        guard name.path.count < 4 else { return forms }
        if name.region != nil { forms.append(name.withoutDottedPrefixes(keepingNamespace: true)) }
        if let namespace = name.dottedNamespace, name.region != nil || namespaces[namespace.lowercased()] != nil {
            forms.append(name.withoutDottedPrefixes)
        }
        return forms
    }

    /// Models whose names read the same as `name` once written alike (``ModelName/key``),
    /// within the creator its namespace names, if any.
    func normalizedHits(_ name: ModelName) -> [Int32] {
        let creator = name.path.lazy.compactMap { self.namespaces[$0.lowercased()] }.first
        let key = name.key
        // A name without a version number (`claude`, `gpt`) names a maker's line, not a model.
        guard ModelName.keyHasNumber(key) else { return [] }
        return normalized[(creator ?? "*") + "|" + key] ?? []
    }

    /// Known names closest to `name`: those sharing the most words, then by edit distance.
    func suggestions(for name: String, limit: Int = 5) -> [String] {
        let words = Set(NameIndex.words(name))
        guard !words.isEmpty else { return [] }
        suggester.prepare(exact)
        let names = suggester.names
        let postings = suggester.postings
        let suggestible = suggester.suggestible
        // Words that many names share (`gpt`, single digits) say little: skip them when others exist.
        let informative = words.filter { (postings[$0]?.count ?? 0) <= 400 }
        var counts = [UInt8](repeating: 0, count: names.count)
        var touched: [Int32] = []
        for word in informative.isEmpty ? words : informative {
            for position in (postings[word] ?? []).prefix(2000) where !suggestible[Int(position)].isEmpty {
                if counts[Int(position)] == 0 { touched.append(position) }
                counts[Int(position)] &+= 1
            }
        }
        guard !touched.isEmpty else { return [] }
        // A total order (shared words, then length, then name), so that the same name gets the
        // same suggestions in every process.
        touched.sort { lhs, rhs in
            let (left, right) = (counts[Int(lhs)], counts[Int(rhs)])
            if left != right { return left > right }
            let (leftLength, rightLength) = (suggestible[Int(lhs)].count, suggestible[Int(rhs)].count)
            return leftLength != rightLength ? leftLength < rightLength : lhs < rhs
        }
        let query = Array(name.lowercased().utf8)
        var ranked: [(position: Int32, distance: Int)] = []
        for position in touched.prefix(40) {
            ranked.append((position, NameIndex.distance(query, suggestible[Int(position)])))
        }
        ranked.sort { lhs, rhs in
            lhs.distance != rhs.distance ? lhs.distance < rhs.distance : names[Int(lhs.position)] < names[Int(rhs.position)]
        }
        return ranked.prefix(limit).map { names[Int($0.position)] }
    }

    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        for byte in text.utf8 {
            let lowered = byte >= 65 && byte <= 90 ? byte + 32 : byte
            if (lowered >= 97 && lowered <= 122) || (lowered >= 48 && lowered <= 57) || lowered >= 128 {
                current.append(lowered)
            } else if !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = Array(repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
