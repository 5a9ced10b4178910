/// The work of ``CatalogDiff``: one pass over each version's sources, records, canonical
/// models and facts, with hash tables for every join.
struct DiffEngine {
    let old: CatalogVersion
    let new: CatalogVersion
    let options: CatalogDiff.Options
    private(set) var changes: [CatalogChange] = []
    private(set) var sourceComparisons: [CatalogDiff.SourceComparison] = []

    /// Capture path → compared in the newer version.
    private var compared: [String: Bool] = [:]
    /// Sources the older version did not read at all: what they newly state is news about the
    /// catalog's coverage, not about the models.
    private var firstRead: Set<String> = []
    private var oldCanonical: [String: String] = [:]
    private var newCanonical: [String: String] = [:]
    private var newOfferingRules: [String: String] = [:]
    /// Models that only non-compared sources list, per source path.
    private var notComparedModels: [String: Int] = [:]
    private var oldModelIDs: Set<String> = []

    init(old: CatalogVersion, new: CatalogVersion, options: CatalogDiff.Options) {
        self.old = old
        self.new = new
        self.options = options
    }

    mutating func run() {
        compareSourceHealth()
        oldCanonical = DiffEngine.canonicalIDs(old.canonical).models
        (newCanonical, newOfferingRules) = DiffEngine.canonicalIDs(new.canonical)
        oldModelIDs = Set(old.canonical.models.map(\.id))

        var newByID: [String: ModelRecord] = [:]
        newByID.reserveCapacity(new.models.count)
        for record in new.models { newByID[record.id] = record }
        var oldIDs: Set<String> = []
        oldIDs.reserveCapacity(old.models.count)

        var gone: [Departure] = []
        for record in old.models {
            oldIDs.insert(record.id)
            if let current = newByID[record.id] {
                if let departure = delisting(record, current) {
                    gone.append(departure)
                } else {
                    compareRecords(record, current, providerModelID: current.providerModelID)
                }
                if current.status != record.status { statusChanged(record, current) }
                remapped(record)
            } else {
                let listing = listingSources(record)
                if listing.contains(where: isCompared) {
                    gone.append(Departure(old: record, current: nil))
                } else {
                    for path in Set(listing) { notComparedModels[path, default: 0] += 1 }
                }
            }
        }
        let arrivals = new.models.filter { !oldIDs.contains($0.id) }

        let newAliases = DiffEngine.aliasTargets(new.canonical)
        var renames = RenameMatcher(arrivals: arrivals, newCanonical: newCanonical, newAliases: newAliases)
        var renamedCanonical: [String: String] = [:]
        var renamedArrivals: Set<String> = []
        var remaining: [Departure] = []
        for departure in gone {
            guard departure.current == nil, let (arrival, evidence) = renames.partner(of: departure.old) else {
                remaining.append(departure)
                continue
            }
            renamedArrivals.insert(arrival.id)
            if let from = oldCanonical[departure.old.id], let to = newCanonical[arrival.id] { renamedCanonical[from] = to }
            changes.append(
                CatalogChange(
                    kind: .renamed, severity: .notable, model: newCanonical[arrival.id], provider: arrival.provider,
                    providerModelID: arrival.providerModelID, old: .text(departure.old.providerModelID),
                    new: .text(arrival.providerModelID),
                    evidence: evidence))
            compareRecords(departure.old, arrival, providerModelID: arrival.providerModelID)
            if arrival.status != departure.old.status { statusChanged(departure.old, arrival) }
        }
        // An id the newer list declares an alias of another listed model was merged into it.
        var departing: [Departure] = []
        let newModels =
            remaining.isEmpty
            ? [:] : Dictionary(new.canonical.models.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for departure in remaining {
            let record = departure.old
            guard departure.current == nil, let target = newAliases[record.provider + "/" + record.providerModelID],
                target.rule.isDeclared,
                let targetRecord = newModels[target.model]?.offerings.first(where: { $0.provider == record.provider }),
                let listed = newByID[targetRecord.recordID], listed.facts.contains(where: \.isModelListing)
            else {
                departing.append(departure)
                continue
            }
            if let from = oldCanonical[record.id] { renamedCanonical[from] = target.model }
            let listing = Set(listed.facts.filter(\.isModelListing).map(\.source.sourcePath)).sorted()
            changes.append(
                CatalogChange(
                    kind: .merged, severity: .notable, model: target.model, provider: record.provider,
                    providerModelID: record.providerModelID, old: .text(record.providerModelID),
                    new: .text(targetRecord.providerModelID),
                    evidence:
                        "\(listing.joined(separator: ", ")) now lists \(record.providerModelID) as an alias of \(targetRecord.providerModelID) (\(target.rule))"
                ))
        }
        reportDepartures(departing)
        for arrival in arrivals where !renamedArrivals.contains(arrival.id) { added(arrival) }
        aliasRetargets(to: newAliases, renamedCanonical: renamedCanonical)
        reportNotCompared()
    }

    // MARK: Sources

    private mutating func compareSourceHealth() {
        var oldReports: [String: SourceReport] = [:]
        for report in old.sources { oldReports[report.capturePath] = report }
        var newReports: [String: SourceReport] = [:]
        for report in new.sources { newReports[report.capturePath] = report }
        let paths = Set(oldReports.keys).union(newReports.keys).sorted()
        sourceComparisons = paths.map { CatalogDiff.SourceComparison(capturePath: $0, old: oldReports[$0], new: newReports[$0]) }
        for comparison in sourceComparisons {
            compared[comparison.capturePath] = comparison.isCompared
            if comparison.isCompared, !(comparison.old?.state.contributesFacts ?? false) {
                firstRead.insert(comparison.capturePath)
            }
        }
    }

    private func isCompared(_ path: String) -> Bool { compared[path] ?? false }

    private mutating func reportNotCompared() {
        for comparison in sourceComparisons where !comparison.isCompared && comparison.new != nil {
            let report = comparison.new!
            let wasCompared = comparison.old?.state.isFresh ?? false
            // A capture of the new date that failed (a challenge page, a truncated body) is news;
            // a date with no capture of a source that was not compared before either is not.
            let captureFailed = report.state == .failed || (report.message?.contains("failed") ?? false)
            var evidence: String
            switch report.state {
            case .stale:
                evidence = report.message ?? "no capture of \(new.date)"
                if let captured = report.captureDate {
                    let days = report.staleDays ?? captured.days(until: new.date)
                    evidence += " (\(days) day\(days == 1 ? "" : "s") old)"
                }
            case .failed: evidence = "failed: " + (report.message ?? "no usable capture")
            case .notParsedYet: evidence = "not parsed yet"
            case .parsed, .partial: evidence = report.state.rawValue
            }
            if let count = notComparedModels[comparison.capturePath], count > 0 {
                evidence += "; \(count) model\(count == 1 ? "" : "s") only it lists not compared"
            }
            changes.append(
                CatalogChange(
                    kind: .notCompared, severity: wasCompared || captureFailed ? .notable : .info, model: nil,
                    provider: comparison.provider, providerModelID: nil, field: comparison.capturePath,
                    old: comparison.old.map { .text($0.state.rawValue) }, new: .text(report.state.rawValue), evidence: evidence))
        }
    }

    // MARK: Lineup

    /// A record gone from the newer version (`current == nil`), or still there only because a
    /// page mentions it while its model list dropped it.
    struct Departure {
        var old: ModelRecord
        var current: ModelRecord?
    }

    private func listingSources(_ record: ModelRecord) -> [String] {
        record.facts.compactMap { $0.field == .listed ? $0.source.sourcePath : nil }
    }

    /// A record whose model list (compared in the newer version) dropped it while a page still
    /// mentions it: for its users, a removal.
    private func delisting(_ old: ModelRecord, _ current: ModelRecord) -> Departure? {
        let oldLists = old.facts.filter(\.isModelListing).map(\.source.sourcePath)
        guard !oldLists.isEmpty, oldLists.contains(where: isCompared), !current.facts.contains(where: \.isModelListing)
        else {
            return nil
        }
        return Departure(old: old, current: current)
    }

    private mutating func reportDepartures(_ departures: [Departure]) {
        var vanished: [String: [Departure]] = [:]
        for departure in departures {
            if let retirement = retirement(departure) {
                changes.append(
                    CatalogChange(
                        kind: .retired, severity: .breaking, model: oldCanonical[departure.old.id],
                        provider: departure.old.provider,
                        providerModelID: departure.old.providerModelID, old: departure.old.value(.shutdown), evidence: retirement)
                )
            } else {
                vanished[departure.old.provider, default: []].append(departure)
            }
        }
        var providerCounts: [String: Int] = [:]
        for record in old.models { providerCounts[record.provider, default: 0] += 1 }
        for (provider, departures) in vanished {
            let before = providerCounts[provider] ?? departures.count
            let share = Double(departures.count) / Double(max(before, 1))
            if departures.count >= options.suspiciousDropMinimum, share > options.suspiciousDropFraction {
                let ids = departures.map(\.old.providerModelID).sorted()
                let shown = ids.prefix(8).joined(separator: ", ") + (ids.count > 8 ? ", … (\(ids.count) in all)" : "")
                let percent = Int((share * 100).rounded())
                changes.append(
                    CatalogChange(
                        kind: .suspiciousDrop, severity: .breaking, model: nil, provider: provider, providerModelID: nil,
                        field: "models", old: .integer(before), new: .integer(before - departures.count),
                        evidence:
                            "\(departures.count) of \(before) models (\(percent)%) gone at once without notice: check the source before believing it (\(shown))",
                        models: ids))
                continue
            }
            for departure in departures {
                changes.append(
                    CatalogChange(
                        kind: .removed, severity: .breaking, model: oldCanonical[departure.old.id], provider: provider,
                        providerModelID: departure.old.providerModelID, old: departure.old.value(.shutdown),
                        evidence: vanishingEvidence(departure)))
            }
        }
    }

    /// The evidence of a retirement: a shutdown date, announced before, that has now passed.
    private func retirement(_ departure: Departure) -> String? {
        let record = departure.current ?? departure.old
        guard let shutdown = (record.value(.shutdown) ?? departure.old.value(.shutdown))?.date, shutdown <= new.date else {
            return nil
        }
        var evidence = "shutdown date \(shutdown) passed"
        if let announced = (record.value(.deprecationAnnounced) ?? departure.old.value(.deprecationAnnounced))?.date {
            evidence += " (announced \(announced))"
        }
        if let replacement = (record.value(.replacement) ?? departure.old.value(.replacement))?.text {
            evidence += "; replacement: \(replacement)"
        }
        return evidence + stillMentioned(departure)
    }

    private func vanishingEvidence(_ departure: Departure) -> String {
        let record = departure.current ?? departure.old
        var evidence: String
        switch record.value(.shutdown) ?? departure.old.value(.shutdown) {
        case .date(let shutdown)?: evidence = "gone before its announced shutdown date \(shutdown)"
        case .unknown(let words)?: evidence = "deprecated without a shutdown date (\(words))"
        default:
            if let announced = record.value(.deprecationAnnounced)?.date {
                evidence = "deprecated \(announced), no shutdown date announced"
            } else {
                evidence = "no deprecation or shutdown was announced"
            }
        }
        return evidence + stillMentioned(departure)
    }

    private func stillMentioned(_ departure: Departure) -> String {
        guard let current = departure.current else { return "" }
        let dropped = Set(departure.old.facts.filter(\.isModelListing).map(\.source.sourcePath)).sorted()
        let pages = Set(listingSources(current)).sorted()
        return "; dropped from \(dropped.joined(separator: ", ")), still mentioned by \(pages.joined(separator: ", "))"
    }

    private mutating func added(_ record: ModelRecord) {
        let model = newCanonical[record.id]
        var evidence = "a new model"
        if let model, oldModelIDs.contains(model) { evidence = "a new offering of \(model)" }
        if record.isPageOnly { evidence += ", only on \(Set(listingSources(record)).sorted().joined(separator: ", "))" }
        changes.append(
            CatalogChange(
                kind: .added, severity: .notable, model: model, provider: record.provider,
                providerModelID: record.providerModelID,
                new: record.value(.displayName), evidence: evidence))
    }

    private mutating func statusChanged(_ old: ModelRecord, _ current: ModelRecord) {
        let severity: CatalogChange.Severity =
            switch current.status {
            case .retired: .breaking
            case .deprecated, .legacy: .notable
            case .active, .preview: .info
            }
        changes.append(
            CatalogChange(
                kind: .statusChanged, severity: severity, model: newCanonical[current.id], provider: current.provider,
                providerModelID: current.providerModelID, field: "status", old: .text(old.status.rawValue),
                new: .text(current.status.rawValue)))
    }

    private mutating func remapped(_ record: ModelRecord) {
        guard let before = oldCanonical[record.id], let after = newCanonical[record.id], before != after else { return }
        changes.append(
            CatalogChange(
                kind: .remapped, severity: .info, model: after, provider: record.provider,
                providerModelID: record.providerModelID,
                field: "canonical_model", old: .text(before), new: .text(after),
                evidence: newOfferingRules[record.id].map { "rule: " + $0 }))
    }

    // MARK: Canonical names

    /// Record id → (canonical id, the rule that matched the record to it).
    static func canonicalIDs(_ catalog: CanonicalCatalog) -> (models: [String: String], rules: [String: String]) {
        var models: [String: String] = [:]
        var rules: [String: String] = [:]
        for model in catalog.models {
            for offering in model.offerings {
                models[offering.recordID] = model.id
                rules[offering.recordID] = offering.rule.description
            }
        }
        return (models, rules)
    }

    /// `creator/alias` → (canonical id, rule), for aliases other than spellings of the id.
    static func aliasTargets(_ catalog: CanonicalCatalog) -> [String: (model: String, rule: MatchRule)] {
        var result: [String: (model: String, rule: MatchRule)] = [:]
        for model in catalog.models {
            for alias in model.aliases where alias.rule != .sameName {
                result[model.creator + "/" + alias.name] = (model.id, alias.rule)
            }
        }
        return result
    }

    private mutating func aliasRetargets(to after: [String: (model: String, rule: MatchRule)], renamedCanonical: [String: String]) {
        let before = DiffEngine.aliasTargets(old.canonical)
        for (name, target) in after {
            guard let previous = before[name], previous.model != target.model, renamedCanonical[previous.model] != target.model
            else {
                continue
            }
            let creator = String(name.prefix { $0 != "/" })
            changes.append(
                CatalogChange(
                    kind: .aliasRetargeted, severity: .notable, model: target.model, provider: creator,
                    providerModelID: String(name.dropFirst(creator.count + 1)), field: "alias", old: .text(previous.model),
                    new: .text(target.model), evidence: "rule: \(target.rule)"))
        }
    }

    // MARK: Facts

    /// The effective value of each single-valued field, and the modalities.
    struct Effective {
        var single: [FactField: SourcedFact] = [:]
        var modalities: [String: SourcedFact] = [:]

        init(_ record: ModelRecord) {
            single.reserveCapacity(record.facts.count)
            for fact in record.facts {
                switch fact.field {
                case .inputModality, .outputModality:
                    guard let text = fact.value.text else { continue }
                    let key = (fact.field == .inputModality ? "input." : "output.") + text
                    if modalities[key] == nil { modalities[key] = fact }
                default:
                    if !fact.field.isMultiValued, single[fact.field] == nil { single[fact.field] = fact }
                }
            }
        }
    }

    private mutating func compareRecords(_ before: ModelRecord, _ after: ModelRecord, providerModelID: String) {
        // Most records are unchanged fact for fact (only their capture dates moved): one linear scan settles them.
        if before.facts.count == after.facts.count,
            zip(before.facts, after.facts).allSatisfy({ $0.field == $1.field && $0.value == $1.value })
        {
            return
        }
        let old = Effective(before)
        let new = Effective(after)
        let context = ChangeContext(model: newCanonical[after.id], provider: after.provider, providerModelID: providerModelID)
        for (field, oldFact) in old.single where new.single[field]?.value != oldFact.value {
            compare(field, oldFact, new.single[field], context)
        }
        for (field, newFact) in new.single where old.single[field] == nil { compare(field, nil, newFact, context) }
        for (key, fact) in old.modalities where new.modalities[key] == nil && isCompared(fact.source.sourcePath) {
            changes.append(context.change(.modalityLost, .breaking, field: key, old: fact.value, new: nil, evidence: nil))
        }
        for (key, fact) in new.modalities where old.modalities[key] == nil && !firstRead.contains(fact.source.sourcePath) {
            changes.append(
                context.change(
                    .modalityGained, .notable, field: key, old: nil, new: fact.value, evidence: "from " + fact.source.file))
        }
    }

    struct ChangeContext {
        var model: String?
        var provider: String
        var providerModelID: String

        func change(
            _ kind: CatalogChange.Kind, _ severity: CatalogChange.Severity, field: String, old: FactValue?, new: FactValue?,
            evidence: String?
        ) -> CatalogChange {
            CatalogChange(
                kind: kind, severity: severity, model: model, provider: provider, providerModelID: providerModelID, field: field,
                old: old,
                new: new, evidence: evidence)
        }
    }

    private mutating func compare(_ field: FactField, _ oldFact: SourcedFact?, _ newFact: SourcedFact?, _ context: ChangeContext)
    {
        // A value that moved because its source was not compared is not a change of the model;
        // a value freshly read that replaces one carried forward is: the winning value changed.
        if let oldFact, !isCompared(oldFact.source.sourcePath) {
            guard let newFact, isCompared(newFact.source.sourcePath) else { return }
        }
        // What a source read for the first time states is coverage, not news, except a
        // deprecation: that a listed model is going away matters however it became known.
        if oldFact == nil, let newFact, firstRead.contains(newFact.source.sourcePath), !field.isLifecycle { return }
        let (old, new) = (oldFact?.value, newFact?.value)
        let evidence = newFact.map { "from " + $0.source.file } ?? oldFact.map { "no longer stated by " + $0.source.sourcePath }
        switch field {
        case .price(let key):
            changes.append(
                context.change(
                    .priceChanged, DiffEngine.priceSeverity(old, new), field: key.name, old: old, new: new, evidence: evidence))
        case .contextWindow, .maxInputTokens, .maxOutputTokens:
            let severity: CatalogChange.Severity =
                switch (old?.integer, new?.integer) {
                case (let before?, let after?): after < before ? .breaking : .notable
                case (nil, _): .info
                case (_, nil): .notable
                }
            changes.append(context.change(.limitChanged, severity, field: field.key, old: old, new: new, evidence: evidence))
        case .capability(let capability):
            let (had, has) = (old?.flag ?? false, new?.flag ?? false)
            if had && !has {
                changes.append(
                    context.change(.capabilityLost, .breaking, field: capability.rawValue, old: old, new: new, evidence: evidence)
                )
            } else if has && !had {
                changes.append(
                    context.change(
                        .capabilityGained, .notable, field: capability.rawValue, old: old, new: new, evidence: evidence))
            }
        case .deprecationAnnounced:
            changes.append(
                context.change(
                    .deprecationAnnounced, old == nil ? .notable : .info, field: field.key, old: old, new: new, evidence: evidence
                ))
        case .shutdown:
            var severity: CatalogChange.Severity = .notable
            if let date = new?.date, self.new.date.days(until: date) <= options.imminentShutdownDays { severity = .breaking }
            let kind: CatalogChange.Kind = old?.date == nil && new?.date != nil ? .shutdownSet : .shutdownMoved
            changes.append(context.change(kind, severity, field: field.key, old: old, new: new, evidence: evidence))
        case .replacement:
            guard new != nil else { return }
            changes.append(context.change(.replacementNamed, .notable, field: field.key, old: old, new: new, evidence: evidence))
        case .displayName:
            changes.append(context.change(.displayNameChanged, .info, field: field.key, old: old, new: new, evidence: evidence))
        case .knowledgeCutoff:
            changes.append(
                context.change(.knowledgeCutoffChanged, .info, field: field.key, old: old, new: new, evidence: evidence))
        case .rateLimit:
            changes.append(context.change(.rateLimitChanged, .info, field: field.key, old: old, new: new, evidence: evidence))
        default:
            return
        }
    }

    /// Up is breaking; down, a switch to or from "variable", or a price no longer stated is
    /// notable; a newly stated price is info.
    static func priceSeverity(_ old: FactValue?, _ new: FactValue?) -> CatalogChange.Severity {
        switch (old, new) {
        case (nil, _): .info
        case (.decimal(let before)?, .decimal(let after)?): after > before ? .breaking : .notable
        default: .notable
        }
    }
}

extension FactField {
    /// Deprecation, shutdown and replacement.
    var isLifecycle: Bool {
        switch self {
        case .deprecationAnnounced, .shutdown, .replacement: true
        default: false
        }
    }
}
