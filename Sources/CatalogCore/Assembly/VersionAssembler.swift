/// Turns the observations of every source in force on one date into the models of one
/// catalog version. Pure: no I/O, the same input gives the same output.
public struct VersionAssembler: Sendable {
    /// The observations of one capture in use for the version.
    public struct Input: Sendable {
        /// The capture's path inside a snapshot (`openai/models.json`).
        public var capturePath: String
        public var captureDate: CalendarDate
        public var observations: [Observation]

        public init(capturePath: String, captureDate: CalendarDate, observations: [Observation]) {
            self.capturePath = capturePath
            self.captureDate = captureDate
            self.observations = observations
        }

        var provider: String { String(capturePath.prefix { $0 != "/" }) }
    }

    public var identity: any ModelIdentifying

    public init(identity: any ModelIdentifying = ProviderScopedIdentity()) {
        self.identity = identity
    }

    /// The models of the version dated `date`, sorted by id.
    /// - Complexity: O(*f* log *f*) in the number of facts.
    public func assemble(_ inputs: [Input], on date: CalendarDate) -> [ModelRecord] {
        let ordered = inputs.sorted {
            let left = SourceRegistry.precedence(of: SourceRegistry.source(forCapturePath: $0.capturePath)?.id ?? SourceID("", ""))
            let right = SourceRegistry.precedence(of: SourceRegistry.source(forCapturePath: $1.capturePath)?.id ?? SourceID("", ""))
            return left != right ? left < right : $0.capturePath < $1.capturePath
        }
        struct Pending {
            var provider: String
            var providerModelID: String
            var facts: [SourcedFact]
        }
        var byID: [String: Int] = [:]
        var pending: [Pending] = []
        for input in ordered {
            let provider = input.provider
            let file = input.captureDate.description + "/" + input.capturePath
            for observation in input.observations {
                let id = identity.catalogID(provider: provider, providerModelID: observation.providerModelID)
                let slot: Int
                if let existing = byID[id] {
                    slot = existing
                } else {
                    slot = pending.count
                    byID[id] = slot
                    pending.append(Pending(provider: provider, providerModelID: observation.providerModelID, facts: []))
                }
                for fact in observation.facts {
                    pending[slot].facts.append(
                        SourcedFact(field: fact.field, value: fact.value, source: FactSource(file: file, locator: fact.locator)))
                }
            }
        }
        var records: [ModelRecord] = []
        records.reserveCapacity(pending.count)
        for (id, slot) in byID {
            let entry = pending[slot]
            let facts = VersionAssembler.order(entry.facts)
            records.append(
                ModelRecord(
                    id: id, provider: entry.provider, providerModelID: entry.providerModelID,
                    status: VersionAssembler.status(of: facts, on: date), facts: facts))
        }
        records.sort { $0.id < $1.id }
        return records
    }

    /// Sorts facts by field, keeping source precedence within a field, and drops repeats of
    /// the same value from the same capture.
    static func order(_ facts: [SourcedFact]) -> [SourcedFact] {
        let indexed = facts.enumerated().sorted {
            $0.element.field != $1.element.field ? $0.element.field < $1.element.field : $0.offset < $1.offset
        }
        var result: [SourcedFact] = []
        result.reserveCapacity(facts.count)
        var seen: Set<FactKey> = []
        for (_, fact) in indexed {
            if seen.insert(FactKey(field: fact.field, value: fact.value, file: fact.source.file)).inserted {
                result.append(fact)
            }
        }
        return result
    }

    private struct FactKey: Hashable {
        var field: FactField
        var value: FactValue
        var file: String
    }

    /// The lifecycle status on `date`: retired once the shutdown date has passed, deprecated or
    /// legacy when announced or stated, active otherwise.
    public static func status(of facts: [SourcedFact], on date: CalendarDate) -> ModelStatus {
        var stated: String?
        var shutdown: CalendarDate?
        var deprecated = false
        for fact in facts {
            switch fact.field {
            case .status: if stated == nil { stated = fact.value.text }
            case .shutdown:
                deprecated = true
                if shutdown == nil, let day = fact.value.date { shutdown = day }
            case .deprecationAnnounced, .replacement: deprecated = true
            default: break
            }
        }
        if let shutdown, shutdown <= date { return .retired }
        switch stated {
        case "retired": return .retired
        case "legacy": return .legacy
        case "deprecated": return .deprecated
        default: return deprecated ? .deprecated : .active
        }
    }
}
