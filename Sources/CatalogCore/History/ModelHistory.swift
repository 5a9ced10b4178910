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
        self.id = id
        var listedIn: [CalendarDate] = []
        var events: [Event] = []
        var previous: ModelRecord?
        var wasListed = false
        for (date, record) in versions {
            guard let record else {
                if wasListed { events.append(Event(date: date, kind: .unlisted)) }
                wasListed = false
                continue
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
        self.listedIn = listedIn
        self.events = events
        self.latest = previous
    }

    static func trackedValues(_ record: ModelRecord) -> [FactField: FactValue] {
        var values: [FactField: FactValue] = [:]
        for fact in record.facts where isTracked(fact.field) && values[fact.field] == nil {
            values[fact.field] = fact.value
        }
        return values
    }
}
