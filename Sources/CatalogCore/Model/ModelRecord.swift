public import Foundation

/// Where a fact came from: the capture file and the place in it.
public struct FactSource: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The capture, relative to the snapshots folder (`2025-05-21/openai/models.json`).
    public var file: String
    /// The place in the capture (`$.data[3].context_length`).
    public var locator: String

    public init(file: String, locator: String) {
        self.file = file
        self.locator = locator
    }

    /// The capture's snapshot date, read from the file path.
    public var captureDate: CalendarDate? {
        CalendarDate(iso: file.prefix(10))
    }

    /// The source the capture belongs to (`openai/models.json`).
    public var sourcePath: String { String(file.dropFirst(11)) }

    public var description: String { file + " " + locator }
    public static func < (lhs: FactSource, rhs: FactSource) -> Bool { (lhs.file, lhs.locator) < (rhs.file, rhs.locator) }
}

/// A fact as kept in a catalog version: field, value and source.
public struct SourcedFact: Hashable, Sendable {
    public var field: FactField
    public var value: FactValue
    public var source: FactSource

    public init(field: FactField, value: FactValue, source: FactSource) {
        self.field = field
        self.value = value
        self.source = source
    }
}

extension SourcedFact {
    /// `true` for a `listed` fact of a source that lists models (see ``SourceKind/listsModels``).
    public var isModelListing: Bool {
        field == .listed && value.text.flatMap(SourceKind.init(rawValue:))?.listsModels == true
    }
}

/// Lifecycle of a model in one catalog version.
public enum ModelStatus: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Sold with no announced end.
    case active
    /// Still sold, with a deprecation or shutdown announced.
    case deprecated
    /// Marked legacy by its provider (Bedrock's `LEGACY`).
    case legacy
    /// Its shutdown date has passed.
    case retired
    /// Offered as a preview, which the provider may withdraw at short notice.
    case preview
    public var description: String { rawValue }
}

/// Everything one catalog version knows about one model, fact by fact with sources.
///
/// Facts are ordered by field, then by source precedence (an API's own answer first); the
/// first fact of a field is its effective value, and the others are kept so that
/// disagreements between sources can be shown.
public struct ModelRecord: Hashable, Sendable, Identifiable {
    /// The catalog id (`openai/gpt-4o-2024-08-06`).
    public var id: String
    /// Who sells it under ``providerModelID``.
    public var provider: String
    public var providerModelID: String
    /// The lifecycle status as of the version's date.
    public var status: ModelStatus
    public var facts: [SourcedFact]

    public init(id: String, provider: String, providerModelID: String, status: ModelStatus, facts: [SourcedFact]) {
        self.id = id
        self.provider = provider
        self.providerModelID = providerModelID
        self.status = status
        self.facts = facts
    }

    /// Every fact of `field`, effective one first.
    public func facts(_ field: FactField) -> [SourcedFact] { facts.filter { $0.field == field } }

    /// The effective value of a single-valued field.
    public func value(_ field: FactField) -> FactValue? { facts.first { $0.field == field }?.value }

    /// The distinct values of a multi-valued field, in precedence order.
    public func values(_ field: FactField) -> [FactValue] {
        var seen: Set<FactValue> = []
        return facts.compactMap { $0.field == field && seen.insert($0.value).inserted ? $0.value : nil }
    }

    /// The kinds of source that list the model (`model-list`, `pricing-page`, …).
    public var listedBy: [String] { values(.listed).compactMap(\.text) }

    /// `true` when only documentation pages mention the model: no model-list API (nor data
    /// derived from the provider's model docs) lists it.
    public var isPageOnly: Bool {
        !facts.contains(where: \.isModelListing)
    }

    public var displayName: String? { value(.displayName)?.text }
    public var contextWindow: Int? { value(.contextWindow)?.integer }
    public var maxInputTokens: Int? { value(.maxInputTokens)?.integer }
    public var maxOutputTokens: Int? { value(.maxOutputTokens)?.integer }
    public var created: CalendarDate? { value(.created)?.date }
    public var knowledgeCutoff: CalendarDate? { value(.knowledgeCutoff)?.date }
    public var aliases: [String] { values(.alias).compactMap(\.text) }
    public var inputModalities: [String] { values(.inputModality).compactMap(\.text) }
    public var outputModalities: [String] { values(.outputModality).compactMap(\.text) }

    /// Each stated capability and whether the model has it (effective value per capability).
    public var capabilities: [(capability: Capability, supported: Bool)] {
        var seen: Set<Capability> = []
        return facts.compactMap { fact in
            guard case .capability(let capability) = fact.field, let flag = fact.value.flag,
                seen.insert(capability).inserted
            else { return nil }
            return (capability, flag)
        }
    }

    /// The effective price of each price key, in key order. `.variable` prices are included.
    public var prices: [(key: PriceKey, value: FactValue)] {
        var seen: Set<PriceKey> = []
        return facts.compactMap { fact in
            guard case .price(let key) = fact.field, seen.insert(key).inserted else { return nil }
            return (key, fact.value)
        }
    }

    /// The price of one key in USD (per 1M tokens, or per the component's unit), or `nil` when
    /// unknown or variable.
    public func price(_ key: PriceKey) -> Decimal? { value(.price(key))?.decimal }

    /// Deprecation facts, when any is known.
    public var deprecation: Deprecation? {
        let announced = value(.deprecationAnnounced)
        let shutdown = value(.shutdown)
        let replacement = value(.replacement)?.text
        guard announced != nil || shutdown != nil || replacement != nil else { return nil }
        return Deprecation(announced: announced, shutdown: shutdown, replacement: replacement)
    }

    /// The captures this record's facts came from, sorted.
    public var sourceFiles: [String] { Array(Set(facts.map(\.source.file))).sorted() }

    /// Fields whose sources state different values (for single-valued fields only), each with
    /// the value that won and why.
    public var disagreements: [Disagreement] {
        var byField: [FactField: [SourcedFact]] = [:]
        var order: [FactField] = []
        for fact in facts where !fact.field.isMultiValued {
            if byField[fact.field] == nil { order.append(fact.field) }
            byField[fact.field, default: []].append(fact)
        }
        return order.compactMap { field in
            let facts = byField[field]!
            return Set(facts.map(\.value)).count > 1 ? Disagreement(field: field, facts: facts) : nil
        }
    }
}

/// A field whose sources state different values: every fact, the effective one first, and why
/// it won.
public struct Disagreement: Hashable, Sendable {
    /// Why the effective value won over the values that differ from it.
    public enum Reason: String, Hashable, Sendable {
        /// It was read from a newer capture than every differing value, which are carried
        /// forward from earlier dates.
        case fresher
        /// Its capture has the same date as a differing one, and its source comes first in
        /// precedence (a model list API, then the provider's own pages, then derived data).
        case precedence
    }

    public var field: FactField
    /// Every fact of the field, the effective one first.
    public var facts: [SourcedFact]

    public init(field: FactField, facts: [SourcedFact]) {
        self.field = field
        self.facts = facts
    }

    /// The fact in force.
    public var winner: SourcedFact { facts[0] }

    /// The facts whose value differs from the winner's.
    public var losers: [SourcedFact] { facts.filter { $0.value != winner.value } }

    public var reason: Reason {
        let date = winner.source.file.prefix(10)
        return losers.allSatisfy { $0.source.file.prefix(10) < date } ? .fresher : .precedence
    }

    /// One sentence: which value won and why (`2.00 from 2026-07-28/openai/pricing.html: the
    /// freshest capture; 2.50 from 2026-07-01/openai/models/gpt-5.html is carried forward`).
    public var explanation: String {
        let others = losers.map { "\($0.value) from \($0.source.file)" }.joined(separator: ", ")
        switch reason {
        case .fresher:
            return
                "\(winner.value) from \(winner.source.file) wins: the freshest capture; \(others) carried forward from an earlier date"
        case .precedence:
            let kind = SourceRegistry.source(forCapturePath: winner.source.sourcePath)?.kind.rawValue ?? "source"
            return "\(winner.value) from \(winner.source.file) wins by source precedence (\(kind) first) over \(others)"
        }
    }
}

/// A model's announced end of life.
public struct Deprecation: Hashable, Sendable {
    /// When the deprecation was announced (a date, or explicitly unknown).
    public var announced: FactValue?
    /// When it stops answering (a date, or explicitly unknown).
    public var shutdown: FactValue?
    /// What the provider says to use instead.
    public var replacement: String?
}
