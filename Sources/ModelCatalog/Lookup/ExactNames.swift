import CatalogCore
import Synchronization

/// Every name as written that needs no parsing (canonical ids and creators' ids, aliases,
/// providers' ids and record ids) → its hits, as written and in lowercase.
///
/// The table takes milliseconds to make, more than a single `catalog lookup` spends on anything
/// else; so the first ``scansBeforeTable`` lookups scan the models instead (tens of
/// microseconds each, no allocation), and the next one makes the table, which every lookup
/// after asks. Both answer alike: the hits the table files under a name, in the same order.
final class ExactNames: Sendable {
    typealias Hit = NameIndex.Hit

    static let scansBeforeTable = 64
    /// Every name, its hit, and its length in bytes (-1 for a name beyond ASCII, which is
    /// compared as a string), in the order the table files them.
    private let names: [Name]
    private let hits: [Hit]
    private let lengths: [Int32]
    private let made = AtomicLazyReference<Table>()
    private let lookups = Atomic<Int>(0)

    final class Table: Sendable {
        let hits: [String: [Hit]]
        init(_ hits: [String: [Hit]]) { self.hits = hits }
    }

    init(_ models: [VersionData.ModelEntry]) {
        var names: [Name] = []
        var hits: [Hit] = []
        var lengths: [Int32] = []
        names.reserveCapacity(models.count * 6)
        hits.reserveCapacity(models.count * 6)
        lengths.reserveCapacity(models.count * 6)
        ExactNames.forEachName(of: models) { name, hit in
            names.append(name)
            hits.append(hit)
            let ascii = name.head.utf8.allSatisfy { $0 < 0x80 } && name.tail?.utf8.allSatisfy({ $0 < 0x80 }) != false
            lengths.append(ascii ? Int32(name.byteCount) : -1)
        }
        (self.names, self.hits, self.lengths) = (names, hits, lengths)
    }

    /// The hits filed under `name` (as written, or as the lowercase of a name as written).
    func hits(_ name: String) -> [Hit]? {
        if let table = made.load() { return table.hits[name] }
        if lookups.wrappingAdd(1, ordering: .relaxed).oldValue >= ExactNames.scansBeforeTable { return table.hits[name] }
        return scan(name)
    }

    /// The whole table, made now if not yet.
    var table: Table {
        if let table = made.load() { return table }
        var table: [String: [Hit]] = [:]
        table.reserveCapacity(names.count + names.count / 2)
        for position in names.indices { NameIndex.add(names[position].string, hits[position], to: &table) }
        return made.storeIfNil(Table(table))
    }

    /// The hits the table would file under `query`, found by comparing every name.
    func scan(_ query: String) -> [Hit]? {
        var found: [Hit] = []
        // An ASCII query can only be an ASCII name of its length (or a name beyond ASCII).
        let length = query.utf8.allSatisfy { $0 < 0x80 } ? Int32(query.utf8.count) : -1
        for position in lengths.indices where lengths[position] == length || lengths[position] < 0 || length < 0 {
            if names[position].matches(query, ascii: lengths[position] >= 0 && length >= 0) {
                found.appendIfMissing(hits[position])
            }
        }
        return found.isEmpty ? nil : found
    }

    /// A name as written: `head`, or `head/tail`, kept in parts so that comparing it builds nothing.
    struct Name {
        var head: Substring
        var tail: String?

        var string: String { tail.map { head + "/" + $0 } ?? String(head) }

        /// The length of `string` in UTF-8 bytes.
        var byteCount: Int { head.utf8.count + (tail.map { $0.utf8.count + 1 } ?? 0) }

        /// `string == query || ModelName.lowercased(string) == query`, as the table answers.
        /// - Parameter ascii: `true` when both the query and this name are ASCII, compared byte
        ///   by byte (an ASCII string equals only itself, and lowercasing it keeps its length);
        ///   otherwise compared as strings.
        func matches(_ query: String, ascii: Bool) -> Bool {
            guard ascii else { return string == query || ModelName.lowercased(string) == query }
            guard byteCount == query.utf8.count else { return false }
            var same = true
            var folded = true
            var expected = query.utf8.makeIterator()
            func compare(_ bytes: some Sequence<UInt8>) -> Bool {
                for byte in bytes {
                    let want = expected.next()!
                    if byte != want { same = false }
                    if (byte >= 65 && byte <= 90 ? byte + 32 : byte) != want { folded = false }
                    if !same && !folded { return false }
                }
                return true
            }
            guard compare(head.utf8) else { return false }
            if let tail { return compare(CollectionOfOne(UInt8(ascii: "/"))) && compare(tail.utf8) }
            return true
        }
    }

    /// Every name of every model, with its hit, in the order the table files them.
    private static func forEachName(of models: [VersionData.ModelEntry], _ body: (Name, Hit) -> Void) {
        for position in models.indices {
            let model = models[position]
            let index = Int32(position)
            let exact = Hit(model: index, kind: .exact, offering: -1)
            body(Name(head: Substring(model.id)), exact)
            body(Name(head: model.bareName), exact)
            let alias = Hit(model: index, kind: .alias, offering: -1)
            for entry in model.aliases {
                body(Name(head: Substring(entry.name)), alias)
                body(Name(head: Substring(model.creator), tail: entry.name), alias)
            }
            for (offeringIndex, offering) in model.offerings.enumerated() {
                let hit = Hit(model: index, kind: .offering, offering: Int16(offeringIndex))
                body(Name(head: Substring(offering.provider), tail: offering.providerModelID), hit)
                body(Name(head: Substring(offering.providerModelID)), hit)
            }
        }
    }
}
