import CatalogCore
import Foundation

/// One catalog version in memory: the canonical models with their names, the providers'
/// records, and where to read facts from (read on first use, then kept).
final class VersionData: @unchecked Sendable {
    struct ModelEntry {
        var id: String
        var creator: String
        var family: String
        var status: ModelStatus
        var factsKey: FactsKey
        var offerings: [Offering]
        var aliases: [Alias]

        /// The id without its creator (`gpt-4o-2024-08-06` for `openai/gpt-4o-2024-08-06`).
        var bareName: Substring { Substring(id.utf8.dropFirst(creator.utf8.count + 1)) }
        /// ``bareName`` as a string.
        var bareID: String { String(bareName) }
    }

    struct RecordEntry {
        var id: String
        var provider: String
        var providerModelID: String
        var status: ModelStatus
        var factsKey: FactsKey
    }

    /// Where a model's or record's facts are.
    enum FactsKey {
        /// A stored record of the SQLite catalog.
        case stored(Int)
        /// Fact lines of the embedded catalog.
        case embedded(EmbeddedCatalog.FactLines)
        /// Another record's facts (a canonical model that is its creator's record unchanged).
        case record(String)
        /// No facts (a model only hosts sell).
        case none
    }

    let version: CalendarDate
    let models: [ModelEntry]
    let modelIndex: [String: Int]
    /// The providers' records by id: read when first asked for (the embedded catalog keeps them
    /// after its models, and a lookup by name needs only the models).
    var records: [String: RecordEntry] {
        get throws(CatalogStoreError) { try recordsOnce.value() }
    }
    private let recordsOnce: Once<[String: RecordEntry], CatalogStoreError>
    /// One record by id without reading the others, when the source can (the embedded catalog).
    private let findRecord: (@Sendable (String) throws(CatalogStoreError) -> RecordEntry?)?
    let successors: [String: String]
    /// The parts of the name index made on first use, when the source carries them (the
    /// embedded catalog); `nil` to make them from the models.
    let storedIndex: NameIndex.Stored?
    private let loadStored: @Sendable (Int) throws -> [SourcedFact]
    private let lock = NSLock()
    private var factCache: [String: [SourcedFact]] = [:]
    private var modelCache: [CanonicalModel?]
    private var modelPrices: [String: [PriceKey: PriceEntry]] = [:]
    private var recordPrices: [String: [PriceKey: PriceEntry]] = [:]

    convenience init(
        version: CalendarDate, models: [ModelEntry], records: [String: RecordEntry], successors: [String: String],
        loadStored: @escaping @Sendable (Int) throws -> [SourcedFact]
    ) {
        self.init(version: version, models: models, records: { records }, successors: successors, loadStored: loadStored)
    }

    init(
        version: CalendarDate, models: [ModelEntry],
        records: @escaping @Sendable () throws(CatalogStoreError) -> [String: RecordEntry],
        findRecord: (@Sendable (String) throws(CatalogStoreError) -> RecordEntry?)? = nil,
        successors: [String: String], storedIndex: NameIndex.Stored? = nil,
        loadStored: @escaping @Sendable (Int) throws -> [SourcedFact]
    ) {
        self.findRecord = findRecord
        self.storedIndex = storedIndex
        self.version = version
        self.models = models.sorted { $0.id < $1.id }
        var index: [String: Int] = [:]
        for (position, model) in self.models.enumerated() { index[model.id] = position }
        self.modelIndex = index
        self.recordsOnce = Once(records)
        self.successors = successors
        self.loadStored = loadStored
        self.modelCache = Array(repeating: nil, count: models.count)
    }

    /// The facts behind `key`, decoded once.
    func facts(_ key: FactsKey, cacheKey: String) throws(CatalogStoreError) -> [SourcedFact] {
        lock.lock()
        if let cached = factCache[cacheKey] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let facts: [SourcedFact]
        switch key {
        case .stored(let record):
            do {
                facts = try loadStored(record)
            } catch {
                throw CatalogStoreError.wrapping(error, path: "catalog version \(version)", place: cacheKey)
            }
        case .embedded(let lines): facts = try EmbeddedCatalog.decodeFacts(lines)
        case .none: facts = []
        case .record(let id):
            guard let record = try recordEntry(id) else {
                throw CatalogStoreError(
                    .corruptData, path: "catalog version \(version)",
                    message: "\(cacheKey) takes its facts from record \(id), which is missing")
            }
            return try self.facts(record.factsKey, cacheKey: "record:" + id)
        }
        lock.lock()
        factCache[cacheKey] = facts
        lock.unlock()
        return facts
    }

    func canonicalModel(at position: Int) throws(CatalogStoreError) -> CanonicalModel {
        lock.lock()
        if let cached = modelCache[position] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        let entry = models[position]
        let model = CanonicalModel(
            id: entry.id, creator: entry.creator, family: entry.family, status: entry.status,
            facts: try facts(entry.factsKey, cacheKey: "model:" + entry.id), offerings: entry.offerings, aliases: entry.aliases)
        lock.lock()
        modelCache[position] = model
        lock.unlock()
        return model
    }

    /// The record `id`: found alone when the source can, else from all the records.
    func recordEntry(_ id: String) throws(CatalogStoreError) -> RecordEntry? {
        if let findRecord { return try findRecord(id) }
        return try records[id]
    }

    /// The effective price of each key for a set of facts, computed once per model or record.
    func prices(_ id: String, isRecord: Bool, _ facts: () -> [SourcedFact]) -> [PriceKey: PriceEntry] {
        lock.lock()
        if let cached = isRecord ? recordPrices[id] : modelPrices[id] {
            lock.unlock()
            return cached
        }
        lock.unlock()
        var table: [PriceKey: PriceEntry] = [:]
        var promotionEnds: CalendarDate?
        for fact in facts() {
            if case .price(let key) = fact.field, table[key] == nil { table[key] = PriceEntry(fact.value) }
            if fact.field == .promotionEnds, promotionEnds == nil { promotionEnds = fact.value.date }
        }
        // A promotion in force on the version's date is what a standard request is billed.
        if let promotionEnds, promotionEnds >= version {
            for (key, entry) in table where key.tier == .promotion {
                let standard = PriceKey(key.component, tier: .standard, aboveInputTokens: key.aboveInputTokens)
                table[standard] = PriceEntry(entry.value, billedAs: key)
            }
        }
        lock.lock()
        if isRecord { recordPrices[id] = table } else { modelPrices[id] = table }
        lock.unlock()
        return table
    }

    func record(_ id: String) throws(CatalogStoreError) -> ModelRecord? {
        guard let entry = try recordEntry(id) else { return nil }
        return ModelRecord(
            id: entry.id, provider: entry.provider, providerModelID: entry.providerModelID, status: entry.status,
            facts: try facts(entry.factsKey, cacheKey: "record:" + id))
    }
}

/// A price ready for arithmetic: its value and, for exact amounts that fit, the integer
/// significand and exponent (so that a cost needs no `Decimal` multiplication).
struct PriceEntry: Sendable {
    let value: FactValue
    let significand: UInt64?
    let exponent: Int
    /// The price really billed, when it is not the key it stands under (a promotion in force).
    let billedAs: PriceKey?

    init(_ value: FactValue, billedAs: PriceKey? = nil) {
        self.value = value
        self.billedAs = billedAs
        if case .decimal(let amount) = value, amount >= 0, amount.significand <= Decimal(UInt64(UInt32.max)) {
            significand = NSDecimalNumber(decimal: amount.significand).uint64Value
            exponent = amount.exponent
        } else {
            significand = nil
            exponent = 0
        }
    }
}
