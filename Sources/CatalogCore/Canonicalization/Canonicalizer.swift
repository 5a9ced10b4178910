import Foundation

/// Groups the records of one catalog version (each provider's own view of a model) into
/// canonical models: the creator's own id, the creator's other names for it, and every host
/// that sells it. Pure: the same records and rules always give the same result.
///
/// For each creator that sells its own models (the first party):
/// 1. an id another record declares as its alias, or whose record names the snapshot it
///    points to (`current_snapshot`, Mistral's `name`), is an alias of that model;
/// 2. an id ending in a snapshot suffix (`-2024-08-06`, `-20241022`, `-0709`, `-2508`, `-001`)
///    is canonical, in the family of its stem;
/// 3. an undated stem, or a `-latest` name, of a family with snapshots is an alias of the
///    family's newest snapshot (by stated creation date, then by suffix);
/// 4. an id only derived data names that spells a listed id differently (`gpt-3-5-turbo` for
///    `gpt-3.5-turbo`) is an alias of it;
/// 5. every other id is canonical.
///
/// Each host record is matched, in order: by a hand-kept correction; by a host id the creator
/// states (Anthropic's Bedrock and Vertex ids); by OpenRouter's `canonical_slug`; by its name
/// within the creator's names (exact, alias, then ``ModelName/key(_:)``). Models of creators without a
/// first-party API take OpenRouter's `author/slug` when OpenRouter sells them, else the host's
/// name, lowercased.
package struct Canonicalizer: Sendable {
    package var rules: CanonicalizationRules
    /// Merged facts of the previous call, reused when a model's records did not change.
    private let memo = Memo()

    package init(rules: CanonicalizationRules) {
        self.rules = rules
    }

    /// Consecutive versions share most records (the same fact arrays), so a canonical model
    /// whose records are the same arrays as last time keeps last time's merged facts.
    final class Memo: @unchecked Sendable {
        private let lock = NSLock()
        private var merged: [String: (inputs: [[SourcedFact]], facts: [SourcedFact])] = [:]

        func facts(_ id: String, _ inputs: [[SourcedFact]], merge: () -> [SourcedFact]) -> [SourcedFact] {
            lock.lock()
            if let known = merged[id], known.inputs == inputs {
                lock.unlock()
                return known.facts
            }
            lock.unlock()
            let facts = merge()
            lock.lock()
            merged[id] = (inputs, facts)
            lock.unlock()
            return facts
        }
    }

    /// The canonical layer of the version dated `date` whose records are `records`.
    /// - Complexity: O(*n* log *n*) in the number of records.
    package func canonicalize(_ records: [ModelRecord], on date: CalendarDate) -> CanonicalCatalog {
        var byProvider: [String: [ModelRecord]] = [:]
        for record in records { byProvider[record.provider, default: []].append(record) }

        var builder = Builder()
        // First parties.
        for creator in rules.creators {
            guard let provider = creator.firstParty, let own = byProvider[provider] else { continue }
            firstParty(creator: creator.id, records: own, date: date, into: &builder)
        }
        builder.flushAliases()
        // Hosts.
        let firstParties = Set(rules.creators.compactMap(\.firstParty))
        let openRouter = byProvider["openrouter"] ?? []
        let openWeightSlugs = Canonicalizer.openWeightSlugs(openRouter, rules: rules, firstParties: firstParties)
        for (provider, hosted) in byProvider.sorted(by: { $0.key < $1.key }) where !firstParties.contains(provider) {
            for record in hosted {
                let (canonical, rule) = match(record, builder: builder, openWeightSlugs: openWeightSlugs)
                builder.offer(
                    canonical, Offering(provider: provider, providerModelID: record.providerModelID, rule: rule), record: record)
            }
        }
        var successors: [String: String] = [:]
        for successor in rules.successors { successors[successor.family] = successor.successor }
        return CanonicalCatalog(models: builder.finish(on: date, memo: memo), successors: successors)
    }

    // MARK: First party

    private func firstParty(creator: String, records: [ModelRecord], date: CalendarDate, into builder: inout Builder) {
        let byID = Dictionary(records.map { ($0.providerModelID, $0) }, uniquingKeysWith: { first, _ in first })
        let ids = Set(byID.keys)
        var target: [String: (to: String, rule: MatchRule)] = [:]
        // 1a. The snapshot an id says it points to.
        for record in records {
            if let snapshot = record.value(.currentSnapshot)?.text, snapshot != record.providerModelID, ids.contains(snapshot) {
                target[record.providerModelID] = (snapshot, .declaredCurrentSnapshot)
            }
        }
        // 1b. Aliases a record lists, unless the record is itself an alias.
        for record in records.sorted(by: { $0.providerModelID < $1.providerModelID }) where target[record.providerModelID] == nil
        {
            for alias in record.aliases where alias != record.providerModelID && target[alias] == nil {
                if target[record.providerModelID]?.to == alias { continue }
                target[alias] = (record.providerModelID, .declaredAliases)
            }
        }
        // 2. Snapshots and their families.
        let declaredNames = Set(target.keys)
        let knownStem = { (stem: String) in
            ids.contains(stem) || ids.contains(ModelName.latestName(of: stem)) || declaredNames.contains(stem)
        }
        var family: [String: String] = [:]
        var snapshotsOfStem: [String: [String]] = [:]
        for id in ids where target[id] == nil {
            if let split = ModelName(id).snapshot(isKnownStem: knownStem) {
                family[id] = split.stem
                snapshotsOfStem[split.stem, default: []].append(id)
            }
        }
        // 3. Undated stems and -latest names point to the newest snapshot, whether or not the
        //    provider lists the stem as an id of its own.
        func newest(_ snapshots: [String]) -> String {
            // A total order: stated creation date (none sorts first), then id.
            snapshots.max { a, b in
                let (dateA, dateB) = (byID[a]?.created?.daysSinceEpoch ?? Int.min, byID[b]?.created?.daysSinceEpoch ?? Int.min)
                return dateA != dateB ? dateA < dateB : a < b
            }!
        }
        for id in ids.sorted() where target[id] == nil && family[id] == nil {
            let stem = ModelName.latestStem(of: id) ?? id
            guard let snapshots = snapshotsOfStem[stem], !snapshots.isEmpty else { continue }
            target[id] = (newest(snapshots), .derivedNewestSnapshot)
        }
        for (stem, snapshots) in snapshotsOfStem.sorted(by: { $0.key < $1.key }) where !ids.contains(stem) && target[stem] == nil
        {
            target[stem] = (newest(snapshots), .derivedNewestSnapshot)
        }
        // 4. Spellings of listed ids that only derived data uses.
        var listedByKey: [String: [String]] = [:]
        for (id, record) in byID
        where target[id] == nil && !record.isPageOnly && record.listedBy.contains(SourceKind.modelList.rawValue) {
            listedByKey[ModelName.key(id), default: []].append(id)
        }
        for (id, record) in byID.sorted(by: { $0.key < $1.key })
        where target[id] == nil && !record.listedBy.contains(SourceKind.modelList.rawValue) {
            if let same = listedByKey[ModelName.key(id)], same.count == 1, same[0] != id {
                target[id] = (same[0], .sameName)
            }
        }
        // Follow chains to a canonical id.
        func resolve(_ id: String) -> (to: String, rule: MatchRule)? {
            var current = id
            var rule: MatchRule?
            var seen: Set<String> = [id]
            while let next = target[current] {
                rule = rule ?? next.rule
                current = next.to
                guard seen.insert(current).inserted else { return nil }
            }
            guard current != id, let rule else { return nil }
            return (current, rule)
        }
        for id in ids.sorted() {
            let record = byID[id]!
            if let (canonicalID, rule) = resolve(id) {
                builder.alias(creator + "/" + canonicalID, Alias(name: id, rule: rule), record: record)
            } else {
                let canonical = creator + "/" + id
                builder.declare(canonical, creator: creator, family: creator + "/" + (family[id] ?? id), record: record)
                builder.offer(
                    canonical, Offering(provider: record.provider, providerModelID: id, rule: .firstParty), record: nil)
            }
        }
        // Names declared as aliases that the provider does not list as ids of their own.
        for (name, declared) in target.sorted(by: { $0.key < $1.key }) where !ids.contains(name) {
            var canonicalID = declared.to
            var seen: Set<String> = [name]
            while let next = target[canonicalID], seen.insert(canonicalID).inserted { canonicalID = next.to }
            builder.alias(creator + "/" + canonicalID, Alias(name: name, rule: declared.rule), record: nil)
        }
    }

    // MARK: Hosts

    private func match(
        _ record: ModelRecord, builder: Builder, openWeightSlugs: [String: String]
    ) -> (canonical: String, rule: MatchRule) {
        let provider = record.provider
        let id = record.providerModelID
        if let correction = rules.corrections.first(where: { $0.provider == provider && $0.providerModelID == id }) {
            return (correction.canonical, .correction(reason: correction.reason))
        }
        if let stated = builder.hostIDs[provider]?[ModelName(id).withoutRegion] {
            return (stated, .hostIDStatedByCreator)
        }
        let (creator, name) = creatorAndName(record)
        guard let creator else { return (provider + "/" + id.lowercased(), .ownCreatorUnknown) }
        if creator.firstParty != nil {
            if provider == "openrouter", let slug = record.value(.canonicalSlug)?.text,
                let slugName = ModelName(slug).afterFirstSegment,
                let found = builder.find(slugName, creator: creator.id)
            {
                return (found, .openRouterCanonicalSlug)
            }
            if let found = builder.find(name, creator: creator.id) { return (found, .name) }
        }
        let key = creator.id + "|" + ModelName.key(name)
        if let slug = openWeightSlugs[key] {
            return (slug, provider == "openrouter" ? .openRouterSlug : .nameViaOpenRouterSlug)
        }
        let slug = ModelName(name).withoutVariants.lowercased().replacingAll(" ", with: "-")
        return (creator.id + "/" + slug, creator.firstParty == nil ? .ownOpenWeights : .ownNotListedByCreator)
    }

    /// The creator and the bare model name of a host record.
    func creatorAndName(_ record: ModelRecord) -> (CanonicalizationRules.Creator?, String) {
        let parsed = ModelName(record.providerModelID)
        if record.provider == "bedrock", let namespace = parsed.dottedNamespace,
            let creator = rules.creator(forNamespace: namespace)
        {
            return (creator, parsed.withoutHostVersion)
        }
        if let namespace = parsed.path.first, let name = parsed.afterFirstSegment {
            // An unknown namespace is its own creator (OpenRouter's author/slug form).
            let creator =
                rules.creator(forNamespace: namespace) ?? .init(id: namespace.lowercased(), namespaces: [namespace.lowercased()])
            return (creator, name)
        }
        let id = parsed.isLatestPointer ? String(record.providerModelID.dropFirst()) : record.providerModelID
        if let (first, rest) = ModelName.firstWord(of: id) {
            // A page's display name: "Meta Llama 2 13b-chat-v1", "Claude 3.7 Sonnet".
            if let creator = rules.creator(forNamespace: first) {
                return (creator, rules.creator(forBareName: rest) == nil && creator.namePrefixes.isEmpty ? rest : id)
            }
            if let creator = rules.creator(forBareName: id) { return (creator, id) }
        }
        if let creator = rules.creator(forBareName: id) { return (creator, id) }
        if let owner = record.value(.ownedBy)?.text, let creator = rules.creator(forNamespace: owner.replacingAll(" ", with: "-"))
        {
            return (creator, id)
        }
        return (nil, id)
    }

    /// OpenRouter's slugs of open-weight models, by creator and name key.
    static func openWeightSlugs(
        _ openRouter: [ModelRecord], rules: CanonicalizationRules, firstParties: Set<String>
    ) -> [String: String] {
        var slugs: [String: String] = [:]
        for record in openRouter.sorted(by: { $0.providerModelID < $1.providerModelID }) {
            var parsed = ModelName(record.providerModelID)
            if parsed.isLatestPointer { continue }
            parsed.variants = []
            guard let namespace = parsed.path.first, let name = parsed.afterFirstSegment,
                let creator = rules.creator(forNamespace: namespace)
            else {
                continue
            }
            // The identity is OpenRouter's permanent canonical_slug: renaming the model on
            // OpenRouter renames an offering, never the canonical model.
            var identity = name
            if let slug = record.value(.canonicalSlug).flatMap({ $0.text.map(ModelName.init) }),
                let slugNamespace = slug.path.first,
                rules.creator(forNamespace: slugNamespace)?.id == creator.id, let slugName = slug.afterFirstSegment,
                !slugName.isEmpty
            {
                identity = slugName
            }
            var names = [name, identity]
            if let hf = record.value(.huggingFaceID)?.text, let hfName = ModelName(hf).afterFirstSegment {
                names.append(hfName)
            }
            for spelled in names {
                let key = creator.id + "|" + ModelName.key(spelled)
                if slugs[key] == nil { slugs[key] = creator.id + "/" + identity }
            }
        }
        return slugs
    }

    // MARK: Building

    struct Builder {
        struct Entry {
            var creator: String
            var family: String
            var record: ModelRecord?
            var aliasRecords: [ModelRecord] = []
            var offerings: [Offering] = []
            var aliases: [Alias] = []
        }
        var entries: [String: Entry] = [:]
        /// Per creator: exact names (ids and aliases) and name keys → canonical ids.
        var exact: [String: [String: String]] = [:]
        var keys: [String: [String: Set<String>]] = [:]
        /// Per creator: the keys of snapshot stems (`claude-3-7-sonnet` for `…-20250219`).
        var stemKeys: [String: [String: Set<String>]] = [:]
        var displayNames: [String: [String: Set<String>]] = [:]
        /// Per host: the ids the creator states for its models.
        var hostIDs: [String: [String: String]] = [:]

        mutating func declare(_ canonical: String, creator: String, family: String, record: ModelRecord) {
            entries[canonical] = Entry(creator: creator, family: family, record: record)
            index(record.providerModelID, canonical, creator: creator)
            let stem = String(family.dropFirst(creator.count + 1))
            if stem != record.providerModelID {
                stemKeys[creator, default: [:]][ModelName.key(stem), default: []].insert(canonical)
            }
            for fact in record.facts {
                if case .hostModelID(let host) = fact.field, let hostID = fact.value.text {
                    hostIDs[host, default: [:]][hostID] = canonical
                }
                if fact.field == .displayName, let name = fact.value.text {
                    displayNames[creator, default: [:]][name.lowercased(), default: []].insert(canonical)
                }
            }
        }

        mutating func alias(_ canonical: String, _ alias: Alias, record: ModelRecord?) {
            // Aliases are attached once every canonical id of the creator is declared.
            pendingAliases.append((canonical, alias, record))
        }
        var pendingAliases: [(String, Alias, ModelRecord?)] = []

        mutating func index(_ name: String, _ canonical: String, creator: String) {
            if exact[creator, default: [:]][name] == nil { exact[creator, default: [:]][name] = canonical }
            keys[creator, default: [:]][ModelName.key(name), default: []].insert(canonical)
        }

        /// The canonical id `name` means among `creator`'s names, or `nil` when none or several.
        func find(_ name: String, creator: String) -> String? {
            if let hit = exact[creator]?[name] ?? exact[creator]?[name.lowercased()] { return hit }
            if let hits = keys[creator]?[ModelName.key(name)], hits.count == 1 { return hits.first }
            if let hits = displayNames[creator]?[name.lowercased()], hits.count == 1 { return hits.first }
            if let hits = stemKeys[creator]?[ModelName.key(name)], hits.count == 1 { return hits.first }
            return nil
        }

        mutating func flushAliases() {
            guard !pendingAliases.isEmpty else { return }
            // Every first party is declared by now: an alias whose target is not is dropped.
            for (canonical, alias, record) in pendingAliases {
                guard entries[canonical] != nil else { continue }
                entries[canonical]!.aliases.append(alias)
                if let record { entries[canonical]!.aliasRecords.append(record) }
                index(alias.name, canonical, creator: entries[canonical]!.creator)
            }
            pendingAliases.removeAll()
        }

        mutating func offer(_ canonical: String, _ offering: Offering, record: ModelRecord?) {
            if entries[canonical] == nil {
                let creator = String(canonical.prefix { $0 != "/" })
                let name = String(canonical.dropFirst(creator.count + 1))
                let stem = ModelName(name).snapshot(isKnownStem: { _ in false })?.stem ?? name
                entries[canonical] = Entry(creator: creator, family: creator + "/" + stem, record: nil)
            }
            entries[canonical]!.offerings.append(offering)
        }

        mutating func finish(on date: CalendarDate, memo: Memo) -> [CanonicalModel] {
            flushAliases()
            return entries.keys.sorted().map { id in
                let entry = entries[id]!
                let ordered: [SourcedFact]
                if entry.aliasRecords.isEmpty {
                    ordered = entry.record?.facts ?? []
                } else {
                    let inputs =
                        [entry.record?.facts ?? []]
                        + entry.aliasRecords.sorted(by: { $0.providerModelID < $1.providerModelID }).map(\.facts)
                    ordered = memo.facts(id, inputs) { VersionAssembler.order(inputs.flatMap { $0 }) }
                }
                let status = entry.record.map { _ in VersionAssembler.status(of: ordered, on: date) } ?? .active
                return CanonicalModel(
                    id: id, creator: entry.creator, family: entry.family, status: status, facts: ordered,
                    offerings: entry.offerings.sorted(by: Offering.makerFirst),
                    aliases: entry.aliases.sorted())
            }
        }
    }
}
