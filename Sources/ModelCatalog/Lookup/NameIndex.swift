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

    /// Every name as written that needs no parsing: canonical ids and creators' ids, aliases,
    /// providers' ids and record ids.
    private let exactNames: ExactNames
    /// Each model's creator, by position.
    private let creators: [String]
    /// What only misses need, made on the first: see ``Spellings``.
    private let lazySpellings: Once<Spellings, CatalogStoreError>
    /// The word index for suggestions, made on the first unknown name.
    private let suggester: Once<Suggester, CatalogStoreError>

    init(_ data: VersionData) {
        creators = data.models.map(\.creator)
        let exactNames = ExactNames(data.models)
        self.exactNames = exactNames
        // The embedded catalog carries both, made when it was written (``EmbeddedCatalog``):
        // read, not rebuilt by parsing every name.
        let stored = data.storedIndex
        let lazySpellings = Once<Spellings, CatalogStoreError> { () throws(CatalogStoreError) in
            try stored?.spellings() ?? Spellings(data)
        }
        self.lazySpellings = lazySpellings
        suggester = Once { () throws(CatalogStoreError) in
            if let suggested = try stored?.suggestedNames() { return Suggester(names: suggested) }
            return Suggester(known: Set(exactNames.table.hits.keys).union(try lazySpellings.value().exact.keys))
        }
    }

    /// The parts of the index made on first use, as a catalog file may carry them.
    struct Stored: Sendable {
        let spellings: @Sendable () throws(CatalogStoreError) -> Spellings?
        let suggestedNames: @Sendable () throws(CatalogStoreError) -> [String]?
    }

    /// The names and keys that take parsing to know: built once, on the first name not known
    /// as written.
    struct Spellings: Sendable, Equatable {
        /// Routers' `maker/name` read as the bare names of open-weight models (`deepseek-chat`).
        var exact: [String: [Hit]] = [:]
        /// Name keys → models (positions, ascending). A key of one creator's names is the models
        /// of that creator among them.
        var normalized: [String: [Int32]] = [:]
        /// Host namespaces (`x-ai`, `deepseek-ai`) → creator.
        var namespaces: [String: String] = [:]

        init(exact: [String: [Hit]], normalized: [String: [Int32]], namespaces: [String: String]) {
            self.exact = exact
            self.normalized = normalized
            self.namespaces = namespaces
        }

        init(_ data: VersionData) {
            normalized.reserveCapacity(data.models.count * 3)
            for (position, model) in data.models.enumerated() {
                let index = Int32(position)
                addKey(model.bareID, model: index)
                namespaces[model.creator] = model.creator
                for alias in model.aliases { addKey(alias.name, model: index) }
                let soldByMaker = model.offerings.contains { $0.rule == .firstParty }
                for (offeringIndex, offering) in model.offerings.enumerated() {
                    // An id without a character that gives structure is a bare name: not parsed.
                    let parsed = ModelName.mayHaveStructure(offering.providerModelID) ? ModelName(offering.providerModelID) : nil
                    if let parsed, let head = parsed.path.first, let name = parsed.afterFirstSegment {
                        let namespace = ModelName.lowercased(head)
                        if namespaces[namespace] == nil { namespaces[namespace] = model.creator }
                        addKey(name, model: index)
                        // For a model its maker does not sell itself (open weights), a router's
                        // `maker/name` is also the model's bare name (`deepseek/deepseek-chat` →
                        // `deepseek-chat`), below every name of its own.
                        if namespaces[namespace] == model.creator, parsed.variants.isEmpty, !soldByMaker {
                            NameIndex.add(name, Hit(model: index, kind: .offering, offering: Int16(offeringIndex)), to: &exact)
                        }
                    } else if offering.provider == "bedrock", let namespace = parsed?.dottedNamespace.map(ModelName.lowercased) {
                        if namespaces[namespace] == nil { namespaces[namespace] = model.creator }
                    } else if !offering.providerModelID.utf8.contains(0x20) {
                        addKey(offering.providerModelID, model: index)
                    }
                }
            }
        }

        private mutating func addKey(_ name: String, model: Int32) {
            normalized[ModelName.key(name), default: []].appendIfMissing(model)
        }
    }

    /// Every name as written → its hits (the whole table, made now if not yet).
    var exact: [String: [Hit]] { exactNames.table.hits }

    /// The names and keys that take parsing to know (made on first use).
    var spellings: Spellings {
        get throws(CatalogStoreError) { try lazySpellings.value() }
    }

    /// The names suggestions are chosen from, in order (made on first use).
    var suggestedNames: [String] {
        get throws(CatalogStoreError) { try suggester.value().names }
    }

    /// The names suggestions come from, and which of them contain a word. The first few
    /// unknown names scan every name's words (a fraction of a millisecond each: all a single
    /// `catalog lookup` needs); after ``scansBeforeIndex`` of them, a word index is made once
    /// (a few milliseconds) and asked instead. Both give the same lists.
    final class Suggester: @unchecked Sendable {
        let names: [String]
        static let scansBeforeIndex = 8
        private let lock = NSLock()
        private var scans = 0
        private var index: WordIndex?

        /// The names of `known` (every name as written or in lowercase) worth suggesting, sorted.
        convenience init(known: Set<String>) {
            // A name is suggested as written when it has no space and no capitals, or when no
            // lowercase twin of it is known.
            self.init(
                names: known.filter { name in
                    let lowered = ModelName.lowercased(name)
                    return !name.utf8.contains(0x20) && name == lowered || !known.contains(lowered)
                }.sorted())
        }

        /// Suggestions from `names`, in the order given (sorted, for suggestions in the same
        /// order in every process).
        init(names: [String]) { self.names = names }

        /// For each of `words`, the positions in `names` of the names that contain it, in order.
        func postings(_ words: [UInt64]) -> [[Int32]] {
            lock.lock()
            if index == nil, scans >= Suggester.scansBeforeIndex { index = WordIndex(names) }
            scans += 1
            let index = self.index
            lock.unlock()
            if let index { return words.map { Array(index.positions(of: $0)) } }
            var lists = [[Int32]](repeating: [], count: words.count)
            for (position, name) in names.enumerated() {
                NameIndex.words(in: name) { word in
                    guard let which = words.firstIndex(of: word), lists[which].last != Int32(position) else { return }
                    lists[which].append(Int32(position))
                }
            }
            return lists
        }

        /// Names with at most one `/` are suggested (not a router's deeper paths).
        func isSuggestible(_ position: Int32) -> Bool {
            names[Int(position)].utf8.count { $0 == UInt8(ascii: "/") } <= 1
        }
    }

    /// Each word of a list of names → the positions of the names that contain it, in order.
    struct WordIndex {
        /// Each word (its 64-bit hash, ``NameIndex/words(in:_:)``) → its number, from 0.
        private var wordNumbers: [UInt64: Int32] = [:]
        /// The positions of the names that contain word `n`, in order, are
        /// `positions[starts[n]..<starts[n + 1]]`: every word's list in one array.
        private var starts: [Int32] = []
        private var positions: [Int32] = []

        init(_ names: [String]) {
            // Two passes, no sort: count each word's names, then place each name in its words' lists.
            var numbered: [Int32] = []
            var counts: [Int32] = []
            var lastPosition: [Int32] = []
            wordNumbers.reserveCapacity(names.count)
            for (position, name) in names.enumerated() {
                NameIndex.words(in: name) { word in
                    let number: Int32
                    if let known = wordNumbers[word] {
                        number = known
                    } else {
                        number = Int32(counts.count)
                        wordNumbers[word] = number
                        counts.append(0)
                        lastPosition.append(-1)
                    }
                    // A word twice in one name counts once.
                    guard lastPosition[Int(number)] != Int32(position) else { return }
                    lastPosition[Int(number)] = Int32(position)
                    counts[Int(number)] += 1
                    numbered.append(number)
                    numbered.append(Int32(position))
                }
            }
            starts = [0]
            starts.reserveCapacity(counts.count + 1)
            for count in counts { starts.append(starts.last! + count) }
            positions = Array(repeating: 0, count: Int(starts.last!))
            var next = starts.dropLast().map { $0 }
            for pair in stride(from: 0, to: numbered.count, by: 2) {
                let number = Int(numbered[pair])
                positions[Int(next[number])] = numbered[pair + 1]
                next[number] += 1
            }
        }

        /// The positions of the names that contain `word`, in order.
        func positions(of word: UInt64) -> ArraySlice<Int32> {
            guard let number = wordNumbers[word].map(Int.init) else { return [] }
            return positions[Int(starts[number])..<Int(starts[number + 1])]
        }
    }

    /// Files `hit` under `name` and, when it has capitals, under its lowercase too.
    static func add(_ name: String, _ hit: Hit, to table: inout [String: [Hit]]) {
        table[name, default: []].appendIfMissing(hit)
        let lowered = ModelName.lowercased(name)
        if lowered != name { table[lowered, default: []].appendIfMissing(hit) }
    }

    /// The best hits for a name as written (or in lowercase): the highest-priority kind present.
    /// Names known only by parsing (``Spellings/exact``) count too, once built, or when the
    /// names as written give only offerings (which a spelling could make ambiguous).
    func exactHits(_ name: String, withSpellings: Bool = false) throws(CatalogStoreError) -> [Hit]? {
        // The name as written, else in lowercase, across both tables, as one table would answer.
        var key = name
        var own = exactNames.hits(name)
        var spelledAsWritten = false
        if own == nil {
            let lowered = ModelName.lowercased(name)
            if lowered != name, try spellings.exact[name] != nil {
                spelledAsWritten = true
            } else if lowered != name {
                key = lowered
                own = exactNames.hits(lowered)
            }
        }
        var hits = own ?? []
        if withSpellings || spelledAsWritten || !hits.isEmpty && hits.allSatisfy({ $0.kind == .offering }) {
            let spelled = try spellings.exact[key] ?? []
            if !spelled.isEmpty {
                for hit in spelled { hits.appendIfMissing(hit) }
                // In the order the models, their kinds and their offerings come in, as if built in one pass.
                hits.sort { ($0.model, $0.kind.rawValue, $0.offering) < ($1.model, $1.kind.rawValue, $1.offering) }
            }
        }
        guard !hits.isEmpty else { return nil }
        if hits.count == 1 { return hits }
        let best = hits.map(\.kind).min()!
        return hits.filter { $0.kind == best }
    }

    /// Spellings of `name` without its router, region or host prefixes, in the order to try:
    /// each path segment dropped in turn (a host namespace also rewritten to its creator's,
    /// `x-ai/grok-4` → `xai/grok-4`), then a Bedrock region, then a dotted host namespace.
    func strippedForms(of name: ModelName) throws(CatalogStoreError) -> [String] {
        let spellings = try spellings
        var forms: [String] = []
        let latestAt = name.isLatestPointer ? name.path.firstIndex { !ModelName.routers.contains($0) } : nil
        for (position, segment) in name.path.prefix(4).enumerated() {
            let head = ModelName.lowercased(segment)
            let rest = name.droppingSegments(position + 1)
            // `~google/gemma-…` names Google's `gemma-…`, whatever others call theirs.
            if !ModelName.routers.contains(head), let creator = spellings.namespaces[head],
                creator != head || position == latestAt
            {
                forms.append(creator + "/" + rest)
            }
            forms.append(rest)
        }
        guard name.path.count < 4 else { return forms }
        if name.region != nil { forms.append(name.withoutDottedPrefixes(keepingNamespace: true)) }
        if let namespace = name.dottedNamespace,
            name.region != nil || spellings.namespaces[ModelName.lowercased(namespace)] != nil
        {
            forms.append(name.withoutDottedPrefixes)
        }
        return forms
    }

    /// Models whose names read the same as `name` once written alike (``ModelName/key``),
    /// within the creator its namespace names, if any.
    func normalizedHits(_ name: ModelName) throws(CatalogStoreError) -> [Int32] {
        let spellings = try spellings
        let creator = name.path.lazy.compactMap { spellings.namespaces[ModelName.lowercased($0)] }.first
        let key = name.key
        // A name without a version number (`claude`, `gpt`) names a maker's line, not a model.
        guard ModelName.keyHasNumber(key), let models = spellings.normalized[key] else { return [] }
        guard let creator else { return models }
        return models.filter { creators[Int($0)] == creator }
    }

    /// Known names closest to `name`: those sharing the most words, then by edit distance.
    func suggestions(for name: String, limit: Int = 5) throws(CatalogStoreError) -> [String] {
        let words = NameIndex.words(name)
        guard !words.isEmpty else { return [] }
        let suggester = try suggester.value()
        let names = suggester.names
        let postings = suggester.postings(words)
        // Words that many names share (`gpt`, single digits) say little: skip them when others exist.
        let informative = postings.filter { $0.count <= 400 }
        var counts: [Int32: UInt8] = [:]
        var touched: [Int32] = []
        for list in informative.isEmpty ? postings : informative {
            for position in list.prefix(2000) where suggester.isSuggestible(position) {
                if counts[position] == nil { touched.append(position) }
                counts[position, default: 0] &+= 1
            }
        }
        guard !touched.isEmpty else { return [] }
        // A total order (shared words, then length, then name), so that the same name gets the
        // same suggestions in every process.
        touched.sort { lhs, rhs in
            let (left, right) = (counts[lhs]!, counts[rhs]!)
            if left != right { return left > right }
            let (leftLength, rightLength) = (names[Int(lhs)].utf8.count, names[Int(rhs)].utf8.count)
            return leftLength != rightLength ? leftLength < rightLength : lhs < rhs
        }
        let query = Array(ModelName.lowercased(name).utf8)
        var ranked: [(position: Int32, distance: Int)] = []
        for position in touched.prefix(40) {
            ranked.append((position, NameIndex.distance(query, Array(ModelName.lowercased(names[Int(position)]).utf8))))
        }
        ranked.sort { lhs, rhs in
            lhs.distance != rhs.distance ? lhs.distance < rhs.distance : names[Int(lhs.position)] < names[Int(rhs.position)]
        }
        return ranked.prefix(limit).map { names[Int($0.position)] }
    }

    /// The distinct words of `text` (runs of letters and digits, lowercased), each as its
    /// 64-bit FNV-1a hash: words are only ever compared, and hashing them allocates nothing.
    static func words(_ text: String) -> [UInt64] {
        var words: [UInt64] = []
        NameIndex.words(in: text) { word in if !words.contains(word) { words.append(word) } }
        return words
    }

    /// Calls `body` with each word of `text` (as ``words(_:)``, repeats included), in order.
    static func words(in text: String, _ body: (UInt64) -> Void) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        var inWord = false
        for byte in text.utf8 {
            let lowered = byte >= 65 && byte <= 90 ? byte + 32 : byte
            if (lowered >= 97 && lowered <= 122) || (lowered >= 48 && lowered <= 57) || lowered >= 128 {
                hash = (hash ^ UInt64(lowered)) &* 0x100_0000_01b3
                inWord = true
            } else if inWord {
                body(hash)
                hash = 0xcbf2_9ce4_8422_2325
                inWord = false
            }
        }
        if inWord { body(hash) }
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

extension Array where Element: Equatable {
    mutating func appendIfMissing(_ element: Element) {
        if !contains(element) { append(element) }
    }
}

/// A value made once, by whoever asks for it first, and kept (a failure too); safe to share
/// between threads.
final class Once<Value: Sendable, Failure: Error>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Value, Failure>?
    private let make: @Sendable () throws(Failure) -> Value

    init(_ make: @escaping @Sendable () throws(Failure) -> Value) { self.make = make }

    func value() throws(Failure) -> Value {
        lock.lock()
        defer { lock.unlock() }
        if result == nil {
            do throws(Failure) { result = .success(try make()) } catch { result = .failure(error) }
        }
        return try result!.get()
    }
}
