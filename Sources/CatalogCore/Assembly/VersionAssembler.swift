/// Turns the observations of every source in force on one date into the models of one
/// catalog version. The same input always gives the same output.
///
/// Consecutive versions mostly share their captures, so the assembler remembers the ordered
/// facts of each model by which observations made it, and reuses them (the same array
/// storage) when the next version has the same observations: the writer then recognises an
/// unchanged record without comparing its facts one by one.
package struct VersionAssembler: Sendable {
    /// The observations of one capture in use for the version.
    package struct Input: Sendable {
        /// The capture's path inside a snapshot (`openai/models.json`).
        package var capturePath: String
        package var captureDate: CalendarDate
        package var observations: [Observation]
        /// Identifies this list of observations: two inputs with the same `partID` must hold
        /// the same observations. Used only to reuse work between versions.
        package var partID: Int

        package init(capturePath: String, captureDate: CalendarDate, observations: [Observation], partID: Int) {
            self.capturePath = capturePath
            self.captureDate = captureDate
            self.observations = observations
            self.partID = partID
        }

        var provider: String { String(capturePath.prefix { $0 != "/" }) }
    }

    package var identity: any ModelIdentifying
    /// Ordered facts by the observations that made them, from the previous call.
    private var memo: [[Int]: [SourcedFact]] = [:]

    package init(identity: any ModelIdentifying = ProviderScopedIdentity()) {
        self.identity = identity
    }

    /// The models of the version dated `date`, sorted by id.
    /// - Complexity: O(*f* log *f*) in the number of facts of models whose observations
    ///   changed since the previous call; O(*m*) for the others.
    package mutating func assemble(_ inputs: [Input], on date: CalendarDate) -> [ModelRecord] {
        let ordered = inputs.sorted {
            let left = VersionAssembler.precedence($0.capturePath)
            let right = VersionAssembler.precedence($1.capturePath)
            return left != right ? left < right : ($0.capturePath, $0.captureDate) < ($1.capturePath, $1.captureDate)
        }
        struct Pending {
            var provider: String
            var providerModelID: String
            /// (position in `ordered`, index of the observation) pairs, in precedence order.
            var parts: [(input: Int, observation: Int)]
        }
        let names = DisplayNameIndex(ordered.map { ($0.provider, $0.observations) })
        var byID: [String: Int] = [:]
        var pending: [Pending] = []
        for (inputIndex, input) in ordered.enumerated() {
            let provider = input.provider
            for (observationIndex, observation) in input.observations.enumerated() {
                var targets = [observation.providerModelID]
                if observation.identifiedByDisplayName {
                    let resolved = names.resolve(observation.providerModelID, provider: provider)
                    if !resolved.isEmpty { targets = resolved }
                }
                for providerModelID in targets {
                    let id = identity.catalogID(provider: provider, providerModelID: providerModelID)
                    if let slot = byID[id] {
                        pending[slot].parts.append((inputIndex, observationIndex))
                    } else {
                        byID[id] = pending.count
                        pending.append(
                            Pending(provider: provider, providerModelID: providerModelID, parts: [(inputIndex, observationIndex)])
                        )
                    }
                }
            }
        }
        var nextMemo: [[Int]: [SourcedFact]] = [:]
        nextMemo.reserveCapacity(pending.count)
        var records: [ModelRecord] = []
        records.reserveCapacity(pending.count)
        for (id, slot) in byID {
            let entry = pending[slot]
            var signature: [Int] = []
            signature.reserveCapacity(entry.parts.count * 2)
            for part in entry.parts {
                signature.append(ordered[part.input].partID)
                signature.append(part.observation)
            }
            let facts: [SourcedFact]
            if let known = memo[signature] ?? nextMemo[signature] {
                facts = known
            } else {
                var collected: [SourcedFact] = []
                for part in entry.parts {
                    let input = ordered[part.input]
                    let file = input.captureDate.description + "/" + input.capturePath
                    let observation = input.observations[part.observation]
                    let kind = SourceRegistry.source(forCapturePath: input.capturePath)?.kind.rawValue ?? "unregistered"
                    collected.append(
                        SourcedFact(
                            field: .listed, value: .text(kind), source: FactSource(file: file, locator: observation.locator)))
                    for fact in observation.facts {
                        collected.append(
                            SourcedFact(
                                field: fact.field, value: fact.value, source: FactSource(file: file, locator: fact.locator)))
                    }
                }
                facts = VersionAssembler.order(collected)
            }
            nextMemo[signature] = facts
            records.append(
                ModelRecord(
                    id: id, provider: entry.provider, providerModelID: entry.providerModelID,
                    status: VersionAssembler.status(of: facts, on: date), facts: facts))
        }
        memo = nextMemo
        records.sort { $0.id < $1.id }
        return records
    }

    private static func precedence(_ capturePath: String) -> Int {
        SourceRegistry.precedence(of: SourceRegistry.source(forCapturePath: capturePath)?.id ?? SourceID("", ""))
    }

    /// Sorts facts by field and, within a single-valued field, the freshest capture first, then
    /// source precedence (the order `facts` come in) among captures of the same date; drops
    /// repeats of the same value from the same capture.
    ///
    /// The freshest capture wins because a source carried forward from an earlier date says
    /// what was true then: a price a pricing page cut today beats the price a model page stated
    /// a month ago, however much the model page is otherwise preferred.
    static func order(_ facts: [SourcedFact]) -> [SourcedFact] {
        let ranks = facts.map(\.field.rank)
        // ISO dates compare as text; every capture path starts with its date.
        let dates = facts.map { $0.source.file.utf8.prefix(10) }
        var indices = Array(facts.indices)
        indices.sort { a, b in
            if ranks[a] != ranks[b] { return ranks[a] < ranks[b] }
            let (left, right) = (facts[a].field, facts[b].field)
            if left != right { return left < right }
            // Multi-valued fields keep every value, in precedence order.
            if !left.isMultiValued, !dates[a].elementsEqual(dates[b]) { return dates[b].lexicographicallyPrecedes(dates[a]) }
            return a < b
        }
        var result: [SourcedFact] = []
        result.reserveCapacity(facts.count)
        var groupStart = 0
        for index in indices {
            let fact = facts[index]
            if let last = result.last, last.field != fact.field { groupStart = result.count }
            // Repeats are rare and only within a field's group: a short scan beats hashing.
            var repeated = false
            for earlier in result[groupStart...] where earlier.value == fact.value && earlier.source.file == fact.source.file {
                repeated = true
                break
            }
            if !repeated { result.append(fact) }
        }
        return result
    }

    /// The lifecycle status on `date`: retired once the shutdown date has passed, deprecated or
    /// legacy when announced or stated, active otherwise.
    package static func status(of facts: [SourcedFact], on date: CalendarDate) -> ModelStatus {
        var stated: String?
        var shutdown: CalendarDate?
        var deprecated = false
        for fact in facts {
            switch fact.field {
            case .status: if stated == nil { stated = fact.value.text }
            case .shutdown:
                // "Not sooner than …" is an explicit unknown, not an announced end.
                if let day = fact.value.date {
                    deprecated = true
                    if shutdown == nil { shutdown = day }
                }
            case .deprecationAnnounced:
                if fact.value.date != nil { deprecated = true }
            case .replacement: deprecated = true
            default: break
            }
        }
        if let shutdown, shutdown <= date { return .retired }
        switch stated {
        case "retired": return .retired
        case "legacy": return .legacy
        case "deprecated": return .deprecated
        case "preview": return deprecated ? .deprecated : .preview
        default: return deprecated ? .deprecated : .active
        }
    }
}
