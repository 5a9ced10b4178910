public import CatalogCore
public import Foundation

/// One version of the model catalog, for turning any model name into one canonical model with
/// its prices, limits and offerings.
///
/// ```swift
/// import ModelCatalog
///
/// let catalog = try Catalog.embedded()                  // ships inside the library
/// let hit = catalog.resolve("openrouter/openai/gpt-4o")
/// print(hit.model?.id ?? "unknown", hit.match ?? .exact) // openai/gpt-4o-2024-08-06, prefixed
///
/// let usage = Usage(inputTokens: 12_000, outputTokens: 800)
/// let cost = try catalog.cost(of: "gpt-4o", usage: usage)
/// print(cost.total)                                     // a Decimal in USD
/// ```
///
/// Open ``embedded()`` for the newest catalog built from the committed snapshots, or
/// ``init(path:at:)`` for a `catalog.sqlite` built by `catalog build`, at any of its versions
/// (``asOf(_:)``). A `Catalog` is immutable and safe to share between threads.
public final class Catalog: Sendable {
    let data: VersionData
    let index: NameIndex
    /// The archive the version came from, for ``asOf(_:)``; `nil` for the embedded catalog.
    let archive: CatalogArchive?
    /// Answers for names not known as written (prefixed, normalized, ambiguous or unknown),
    /// which cost the most to find: bulk input repeats them.
    private let misses = MissMemo()

    init(data: VersionData, archive: CatalogArchive?) {
        self.data = data
        self.index = NameIndex(data)
        self.archive = archive
    }

    /// The version in force on `date` (the newest on or before it; the newest when `nil`) of the
    /// catalog built at `path`.
    /// - Throws: ``CatalogStoreError`` when the file is not a catalog or has no version by then.
    public convenience init(path: String, at date: CalendarDate? = nil) throws {
        let archive = try CatalogArchive(path: path)
        guard let version = archive.version(at: date) else {
            throw CatalogStoreError(
                .noVersion, path: path, message: "no catalog version on or before \(date?.description ?? "today")")
        }
        self.init(data: try archive.reader.versionData(version), archive: archive)
    }

    /// The catalog that ships inside the library: the newest version of the snapshots
    /// committed with this release, written by `catalog build`.
    public static func embedded() throws -> Catalog {
        #if os(Linux)
            // Where SwiftPM puts a target's resources on Linux: beside the executable, the first
            // place `Bundle.module` looks. Found directly, because making `Bundle.main` reads the
            // executable's whole directory (a build folder: milliseconds).
            if let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
                let bytes = EmbeddedCatalog.Bytes(
                    mapping: (executable as NSString).deletingLastPathComponent + "/bulkllm_ModelCatalog.resources/catalog.tsv")
            {
                return try Catalog(data: EmbeddedCatalog.decode(bytes), archive: nil)
            }
        #endif
        guard let url = Bundle.module.url(forResource: "catalog", withExtension: "tsv") else {
            throw CatalogStoreError(
                .missing, path: "ModelCatalog/Resources/catalog.tsv", message: "the embedded catalog is missing from the bundle")
        }
        return try embedded(contentsOf: url)
    }

    /// Reads a catalog file in the embedded format (`catalog.tsv`, written by `catalog build`).
    public static func embedded(contentsOf url: URL) throws -> Catalog {
        guard let bytes = EmbeddedCatalog.Bytes(mapping: url.path) else {
            throw CatalogStoreError(.missing, path: url.path, message: "cannot read the file")
        }
        return try Catalog(data: EmbeddedCatalog.decode(bytes), archive: nil)
    }

    /// The same catalog as it was on `date` (the newest version on or before it).
    /// - Throws: when the catalog was not opened from a `catalog.sqlite` (the embedded catalog
    ///   holds one version), or has no version by then.
    public func asOf(_ date: CalendarDate) throws -> Catalog {
        guard let archive else {
            throw CatalogStoreError(
                .singleVersion, path: "embedded catalog",
                message: "holds only the version of \(data.version); open a catalog.sqlite for other dates")
        }
        guard let version = archive.version(at: date) else {
            throw CatalogStoreError(.noVersion, path: "catalog", message: "no catalog version on or before \(date)")
        }
        return Catalog(data: try archive.reader.versionData(version), archive: archive)
    }

    /// The date of this version.
    public var version: CalendarDate { data.version }

    /// The ids of every canonical model, sorted.
    public var modelIDs: [String] { data.models.map(\.id) }

    /// Which model `name` is, how it matched, and for misses the closest names.
    ///
    /// Tried in order: the name as written (canonical id, creator id, alias, host id); the name
    /// without router, region or host prefixes; the name written alike (`ModelName.key`). A name
    /// that could mean several models resolves to none and lists them in `candidates`.
    /// - Throws: ``CatalogStoreError`` (``CatalogStoreError/Code/corruptData``) when the
    ///   model's stored facts cannot be read: a damaged catalog is never an unknown name.
    /// - Complexity: one or two hash lookups for known names.
    public func resolve(_ name: String) throws(CatalogStoreError) -> Resolution {
        let trimmed = name.first == " " || name.last == " " ? name.trimmingCharacters(in: .whitespaces) : name
        if let hits = try index.exactHits(trimmed) {
            return try resolution(trimmed, hits: hits, match: nil, matchedName: trimmed)
        }
        if let known = misses.answer(name) { return known }
        return misses.keep(name, try resolveSpelling(name, trimmed: trimmed))
    }

    /// ``resolve(_:)`` for a name not known as written: without prefixes, then written alike.
    private func resolveSpelling(_ name: String, trimmed: String) throws(CatalogStoreError) -> Resolution {
        if let hits = try index.exactHits(trimmed, withSpellings: true) {
            return try resolution(trimmed, hits: hits, match: nil, matchedName: trimmed)
        }
        let parsed = ModelName(trimmed)
        for form in try index.strippedForms(of: parsed) {
            if let hits = try index.exactHits(form, withSpellings: true) {
                return try resolution(trimmed, hits: hits, match: .prefixed, matchedName: form)
            }
        }
        let normalized = try index.normalizedHits(parsed)
        if normalized.count == 1 {
            return Resolution(
                query: name, model: try data.canonicalModel(at: Int(normalized[0])), match: .normalized,
                matchedName: data.models[Int(normalized[0])].id, offering: nil, candidates: [], suggestions: [])
        }
        if normalized.count > 1 {
            return Resolution(
                query: name, model: nil, match: nil, matchedName: nil, offering: nil,
                candidates: normalized.map { data.models[Int($0)].id }.sorted(), suggestions: [])
        }
        return Resolution(
            query: name, model: nil, match: nil, matchedName: nil, offering: nil, candidates: [],
            suggestions: try index.suggestions(for: trimmed))
    }

    private func resolution(
        _ query: String, hits: [NameIndex.Hit], match: Resolution.Match?, matchedName: String
    ) throws(CatalogStoreError) -> Resolution {
        let models = Set(hits.map(\.model))
        guard models.count == 1, let hit = hits.first else {
            return Resolution(
                query: query, model: nil, match: nil, matchedName: nil, offering: nil,
                candidates: models.map { data.models[Int($0)].id }.sorted(), suggestions: [])
        }
        let kindMatch: Resolution.Match =
            switch hit.kind {
            case .exact: .exact
            case .alias: .alias
            case .offering: .offering
            }
        let entry = data.models[Int(hit.model)]
        let offering = hit.kind == .offering && hit.offering >= 0 ? entry.offerings[Int(hit.offering)] : nil
        return Resolution(
            query: query, model: try data.canonicalModel(at: Int(hit.model)), match: match ?? kindMatch, matchedName: matchedName,
            offering: offering, candidates: [], suggestions: [])
    }

    /// The canonical model with this id, or `nil` when the version has none.
    /// - Throws: ``CatalogStoreError`` when its stored facts cannot be read.
    public func model(id: String) throws(CatalogStoreError) -> CanonicalModel? {
        guard let position = data.modelIndex[id] else { return nil }
        return try data.canonicalModel(at: position)
    }

    /// A provider's record of a model it sells (`openrouter/openai/gpt-4o`), with its own
    /// prices and limits, or `nil` when the version has none.
    /// - Throws: ``CatalogStoreError`` when its stored facts cannot be read.
    public func record(id: String) throws(CatalogStoreError) -> ModelRecord? { try data.record(id) }

    /// Every offering of a model with the provider's record.
    /// - Throws: ``CatalogStoreError`` when an offering's record is missing or unreadable.
    public func offerings(of model: CanonicalModel) throws(CatalogStoreError) -> [(offering: Offering, record: ModelRecord)] {
        var result: [(offering: Offering, record: ModelRecord)] = []
        for offering in model.offerings {
            guard let record = try record(id: offering.recordID) else {
                throw CatalogStoreError(
                    .corruptData, path: "catalog version \(version)",
                    message: "\(model.id) is offered as \(offering.recordID), which has no record")
            }
            result.append((offering, record))
        }
        return result
    }

    /// The models of the family `family` (`openai/gpt-4o`), sorted by id.
    /// - Throws: ``CatalogStoreError`` when a model's stored facts cannot be read.
    public func family(_ family: String) throws(CatalogStoreError) -> [CanonicalModel] {
        var models: [CanonicalModel] = []
        for position in data.models.indices where data.models[position].family == family {
            models.append(try data.canonicalModel(at: position))
        }
        return models
    }

    /// The models of the same family as `model`.
    /// - Throws: ``CatalogStoreError`` when a model's stored facts cannot be read.
    public func family(of model: CanonicalModel) throws(CatalogStoreError) -> [CanonicalModel] { try family(model.family) }

    /// The newest model of a family: by stated creation date, then by id.
    /// - Throws: ``CatalogStoreError`` when a model's stored facts cannot be read.
    public func latest(in family: String) throws(CatalogStoreError) -> CanonicalModel? {
        try self.family(family).max { lhs, rhs in
            let (left, right) = (lhs.record.created?.daysSinceEpoch ?? Int.min, rhs.record.created?.daysSinceEpoch ?? Int.min)
            return left != right ? left < right : lhs.id < rhs.id
        }
    }

    /// Every family with its models' ids, sorted.
    public var families: [(family: String, models: [String])] {
        var byFamily: [String: [String]] = [:]
        for model in data.models { byFamily[model.family, default: []].append(model.id) }
        return byFamily.keys.sorted().map { ($0, byFamily[$0]!.sorted()) }
    }

    /// The family that replaces `family`, from the hand-kept successor map.
    public func successor(of family: String) -> String? { data.successors[family] }
}

/// The answers of recent names that needed more than one exact lookup, bounded.
final class MissMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var answers: [String: Resolution] = [:]
    /// Names kept before the memo starts over.
    static let capacity = 4096

    func answer(_ name: String) -> Resolution? {
        lock.lock()
        defer { lock.unlock() }
        return answers[name]
    }

    func keep(_ name: String, _ resolution: Resolution) -> Resolution {
        lock.lock()
        defer { lock.unlock() }
        if answers.count >= MissMemo.capacity { answers.removeAll(keepingCapacity: true) }
        answers[name] = resolution
        return resolution
    }
}
