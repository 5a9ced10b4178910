/// How one model's prices, limits and status changed across catalog versions.
public struct ModelHistory: Sendable {
    /// One event in the history.
    public struct Event: Hashable, Sendable {
        public enum Kind: Hashable, Sendable {
            /// The model appears (first time, or again after an absence).
            case listed
            /// The model is absent from this version.
            case unlisted
            /// A tracked field changed (`old`/`new` are `nil` when absent).
            case changed(field: FactField, old: FactValue?, new: FactValue?)
            /// The lifecycle status changed.
            case status(old: ModelStatus, new: ModelStatus)
        }
        public var date: CalendarDate
        public var kind: Kind

        public init(date: CalendarDate, kind: Kind) {
            self.date = date
            self.kind = kind
        }
    }

    public var id: String
    /// Every version date that lists the model.
    public var listedIn: [CalendarDate]
    /// Events in date order.
    public var events: [Event]
    /// The model as of its last appearance.
    public var latest: ModelRecord?
    /// Every price the model has had, as effective-from periods, by key then date.
    public var pricePeriods: [PricePeriod]

    /// The price of `key` in force on `date`, or `nil` when the model had none then (not
    /// listed, or that price not stated).
    public func price(_ key: PriceKey, on date: CalendarDate) -> PricePeriod? {
        pricePeriods.first { $0.key == key && $0.from <= date && ($0.until.map { date < $0 } ?? true) }
    }

    /// Fields whose changes the history reports.
    public static func isTracked(_ field: FactField) -> Bool {
        switch field {
        case .price, .contextWindow, .maxInputTokens, .maxOutputTokens, .shutdown, .deprecationAnnounced, .replacement,
            .displayName, .currentSnapshot:
            true
        default: false
        }
    }

    /// Builds the history from the model's record in each version, oldest first (`nil` where a
    /// version does not list it).
    /// - Complexity: O(*v* · *f*) for *v* versions of *f* facts.
    public init(id: String, versions: [(date: CalendarDate, record: ModelRecord?)]) {
        var builder = Builder(id: id)
        for (date, record) in versions { builder.observe(record, on: date) }
        self = builder.history
    }

    init(id: String, listedIn: [CalendarDate], events: [Event], latest: ModelRecord?, pricePeriods: [PricePeriod]) {
        self.id = id
        self.listedIn = listedIn
        self.events = events
        self.latest = latest
        self.pricePeriods = pricePeriods
    }

    /// Builds a history one version at a time, oldest first, keeping only the model's latest
    /// record: for reading the histories of every model of a catalog in one pass over its
    /// versions, without holding every version in memory.
    public struct Builder: Sendable {
        public let id: String
        private var listedIn: [CalendarDate] = []
        private var events: [Event] = []
        private var previous: ModelRecord?
        private var wasListed = false
        private var prices = PricePeriods()

        public init(id: String) { self.id = id }

        /// Adds the next version: the model's record in it, or `nil` when it does not list it.
        public mutating func observe(_ record: ModelRecord?, on date: CalendarDate) {
            prices.observe(record, on: date)
            guard let record else {
                if wasListed { events.append(Event(date: date, kind: .unlisted)) }
                wasListed = false
                return
            }
            listedIn.append(date)
            if !wasListed { events.append(Event(date: date, kind: .listed)) }
            if let previous {
                if previous.status != record.status {
                    events.append(Event(date: date, kind: .status(old: previous.status, new: record.status)))
                }
                let old = ModelHistory.trackedValues(previous)
                let new = ModelHistory.trackedValues(record)
                for field in Set(old.keys).union(new.keys).sorted() where old[field] != new[field] {
                    events.append(Event(date: date, kind: .changed(field: field, old: old[field], new: new[field])))
                }
            }
            previous = record
            wasListed = true
        }

        /// The history of the versions observed so far.
        public var history: ModelHistory {
            ModelHistory(id: id, listedIn: listedIn, events: events, latest: previous, pricePeriods: prices.periods)
        }
    }

    static func trackedValues(_ record: ModelRecord) -> [FactField: FactValue] {
        var values: [FactField: FactValue] = [:]
        for fact in record.facts where isTracked(fact.field) && values[fact.field] == nil {
            values[fact.field] = fact.value
        }
        return values
    }
}

/// One price of a model over the versions it held: from the first version that saw it until
/// the first that did not (another price, the price no longer stated, or the model unlisted).
public struct PricePeriod: Hashable, Sendable {
    public var key: PriceKey
    public var value: FactValue
    /// The first version that saw this price.
    public var from: CalendarDate
    /// The first version that no longer had it; `nil` while it is still in force in the newest
    /// version given.
    public var until: CalendarDate?
    /// Where the first version read it.
    public var source: FactSource

    public init(key: PriceKey, value: FactValue, from: CalendarDate, until: CalendarDate?, source: FactSource) {
        self.key = key
        self.value = value
        self.from = from
        self.until = until
        self.source = source
    }
}

/// Folds a model's versions, oldest first, into price periods.
struct PricePeriods: Sendable {
    private var open: [PriceKey: Int] = [:]
    private(set) var all: [PricePeriod] = []

    /// Closes what `record` (`nil`: not listed) no longer has, and opens what it newly has.
    mutating func observe(_ record: ModelRecord?, on date: CalendarDate) {
        var current: [PriceKey: SourcedFact] = [:]
        for fact in record?.facts ?? [] {
            if case .price(let key) = fact.field, current[key] == nil { current[key] = fact }
        }
        for (key, index) in open where current[key]?.value != all[index].value {
            all[index].until = date
            open[key] = nil
        }
        for (key, fact) in current where open[key] == nil {
            open[key] = all.count
            all.append(PricePeriod(key: key, value: fact.value, from: date, until: nil, source: fact.source))
        }
    }

    var periods: [PricePeriod] { all.sorted { ($0.key, $0.from) < ($1.key, $1.from) } }
}

/// Folds versions, oldest first, into the history of every id they list: what reading every
/// model's history at once needs, holding one record per id rather than every version.
package struct HistoryFold: Sendable {
    private var builders: [String: ModelHistory.Builder] = [:]

    package init() {}

    /// Adds the next version's records; an id seen before and absent now is unlisted.
    package mutating func observe(_ records: [ModelRecord], on date: CalendarDate) {
        var unseen = Set(builders.keys)
        for record in records {
            builders[record.id, default: ModelHistory.Builder(id: record.id)].observe(record, on: date)
            unseen.remove(record.id)
        }
        for id in unseen { builders[id]!.observe(nil, on: date) }
    }

    /// The history of every id observed, by id.
    package var histories: [String: ModelHistory] { builders.mapValues(\.history) }
}
