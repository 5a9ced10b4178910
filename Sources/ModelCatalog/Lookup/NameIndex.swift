import CatalogCore
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
    /// Every known name, for suggestions.
    private(set) var names: [String] = []

    /// Prefixes routers and SDKs put before model names.
    static let routerPrefixes = [
        "openrouter/", "bedrock/", "bedrock_converse/", "vertex_ai/", "vertex_ai_beta/", "vertex/", "azure/", "azure_ai/", "gemini/",
        "models/", "together_ai/", "together/", "groq/", "cerebras/", "fireworks_ai/", "litellm/", "publishers/google/models/",
    ]
    static let regionPrefixes = ["us.", "eu.", "apac.", "global.", "us-gov.", "jp.", "au.", "ca."]

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
                if let slash = offering.providerModelID.firstIndex(of: "/") {
                    let namespace = offering.providerModelID[..<slash].lowercased()
                    if namespaces[namespace] == nil { namespaces[namespace] = model.creator }
                    addKey(String(offering.providerModelID[offering.providerModelID.index(after: slash)...]), creator: model.creator, model: index)
                } else if offering.provider == "bedrock", let dot = offering.providerModelID.firstIndex(of: ".") {
                    let namespace = offering.providerModelID[..<dot].lowercased()
                    if namespaces[namespace] == nil { namespaces[namespace] = model.creator }
                } else if !offering.providerModelID.contains(" ") {
                    addKey(offering.providerModelID, creator: model.creator, model: index)
                }
            }
        }
        names = exact.keys.sorted()
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
        let key = NameKey.key(name)
        for scope in [creator + "|" + key, "*|" + key] {
            var list = normalized[scope] ?? []
            if !list.contains(model) { list.append(model) }
            normalized[scope] = list
        }
    }

    /// The best hits for an exact name: the highest-priority kind present.
    func exactHits(_ name: String) -> [Hit]? {
        guard let hits = exact[name] ?? exact[name.lowercased()], !hits.isEmpty else { return nil }
        let best = hits.map(\.kind).min()!
        return hits.filter { $0.kind == best }
    }

    /// Names with a router, region or host-namespace prefix removed, in the order to try.
    func strippedForms(of name: String) -> [String] {
        var forms: [String] = []
        var current = name
        for _ in 0..<4 {
            var changed = false
            let lowered = current.lowercased()
            for prefix in NameIndex.routerPrefixes where lowered.hasPrefix(prefix) {
                current = String(current.dropFirst(prefix.count))
                changed = true
                break
            }
            if !changed {
                for prefix in NameIndex.regionPrefixes where lowered.hasPrefix(prefix) && lowered.dropFirst(prefix.count).contains(".") {
                    current = String(current.dropFirst(prefix.count))
                    changed = true
                    break
                }
            }
            if !changed, let slash = current.firstIndex(of: "/") {
                // A host namespace (`x-ai/grok-4`) → the creator's (`xai/grok-4`), then the bare name.
                let namespace = current[..<slash].lowercased()
                let rest = String(current[current.index(after: slash)...])
                if let creator = namespaces[namespace], creator != namespace {
                    forms.append(creator + "/" + rest)
                }
                current = rest
                changed = true
            } else if !changed, let dot = current.firstIndex(of: "."), namespaces[current[..<dot].lowercased()] != nil {
                current = String(current[current.index(after: dot)...])
                changed = true
            }
            guard changed else { break }
            forms.append(current)
        }
        return forms
    }

    /// Models whose names read the same as `name` once written alike (``NameKey``), within the
    /// creator its namespace names, if any.
    func normalizedHits(_ name: String) -> [Int32] {
        var creator: String?
        var bare = name
        for form in [name] + strippedForms(of: name) {
            if let slash = form.firstIndex(of: "/"), let known = namespaces[form[..<slash].lowercased()] {
                creator = creator ?? known
            }
            bare = form
        }
        if let slash = bare.lastIndex(of: "/") { bare = String(bare[bare.index(after: slash)...]) }
        let key = NameKey.key(bare)
        // A name without a version number (`claude`, `gpt`) names a maker's line, not a model.
        guard !key.hasSuffix("|") else { return [] }
        return normalized[(creator ?? "*") + "|" + key] ?? []
    }

    /// Known names closest to `name`: those sharing the most words, then by edit distance.
    func suggestions(for name: String, limit: Int = 5) -> [String] {
        let words = Set(NameIndex.words(name))
        guard !words.isEmpty else { return [] }
        var scored: [(name: String, shared: Int)] = []
        for candidate in names where !candidate.contains("/") || candidate.split(separator: "/").count == 2 {
            let shared = NameIndex.words(candidate).reduce(0) { $0 + (words.contains($1) ? 1 : 0) }
            if shared > 0 { scored.append((candidate, shared)) }
        }
        let lowered = name.lowercased()
        scored.sort { lhs, rhs in lhs.shared != rhs.shared ? lhs.shared > rhs.shared : lhs.name.count < rhs.name.count }
        var ranked: [(name: String, distance: Int)] = []
        for entry in scored.prefix(50) {
            ranked.append((entry.name, NameIndex.distance(lowered, entry.name.lowercased())))
        }
        ranked.sort { lhs, rhs in lhs.distance != rhs.distance ? lhs.distance < rhs.distance : lhs.name < rhs.name }
        return ranked.prefix(limit).map { $0.name }
    }

    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf8)
        let b = Array(b.utf8)
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
