public import CatalogCore
public import Foundation

/// What a model is for, as far as pricing it goes: a text (chat, completion, reasoning) model
/// is priced per token of text; the others in their own units.
public enum ModelKind: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case text, embedding, moderation, speech, transcription, image, video, music, audio, ocr

    public var description: String { rawValue }

    /// The kind of a provider's model, from what its sources state (output modalities, the
    /// embeddings capability) and else from the words of its id (`tts`, `whisper`,
    /// `transcribe`, `embed`, `moderation`, `image`, `veo`, `sora`, `lyria`, `realtime`, `ocr`).
    public static func of(_ record: ModelRecord, canonical: CanonicalModel?) -> ModelKind {
        let facts = record.facts + (canonical?.facts ?? [])
        let outputs = Set(facts.compactMap { $0.field == .outputModality ? $0.value.text : nil })
        if facts.contains(where: { $0.field == .capability(.embeddings) && $0.value == .flag(true) }) || outputs == ["embeddings"]
        {
            return .embedding
        }
        let words = Set(
            record.providerModelID.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
        func named(_ candidates: [String]) -> Bool { !words.isDisjoint(with: candidates) }
        if named(["embed", "embedding", "embeddings", "e5"]) || record.providerModelID.lowercased().contains("embed") {
            return .embedding
        }
        if named(["moderation", "guard"]) { return .moderation }
        if named(["tts", "orpheus", "sonic", "kokoro"]) || outputs == ["audio"] && !named(["realtime", "audio", "live"]) {
            return .speech
        }
        if named(["whisper", "transcribe", "asr", "stt", "parakeet"]) { return .transcription }
        if named(["ocr"]) { return .ocr }
        if named(["veo", "sora", "video", "kling", "seedance", "hailuo"]) { return .video }
        if named(["lyria"]) { return .music }
        if named(["image", "imagen", "dall", "flux", "banana"]) || outputs == ["image"] { return .image }
        if named(["realtime", "audio", "native", "live", "voxtral"]) && !named(["small"]) { return .audio }
        return .text
    }
}

/// How much of a catalog version can be priced: per provider, the models its model list
/// names, which of them have a price a usage can be costed with, and why the others have none.
///
/// A text model is priceable when ``Catalog/cost(of:usage:)`` prices 1,000 input tokens of it
/// at the provider's own prices (the `catalog cost P/ID --input 1000` a user would run); a model
/// of another kind when it has any price in its own unit (per image, per second, per
/// character). A model that is not priceable says why: no price stated anywhere, stated only
/// in a unit its usage lacks (a text model priced per request), or stated but not read (the
/// page's words are kept as ``FactField/unreadPrice``).
public struct CatalogCoverage: Sendable {
    /// Why a listed model cannot be priced.
    public enum Reason: String, Hashable, Sendable {
        /// No source of this version states a price for it.
        case noPriceStated = "no_price_stated"
        /// Its prices are in units a token usage lacks (per image, per character, per minute).
        case otherUnit = "priced_in_another_unit"
        /// A page states a price for it that its parser could not read.
        case notRead = "not_read"
        /// The source says the price varies.
        case variable

        /// In words, for tables.
        public var words: String {
            switch self {
            case .noPriceStated: "no price stated"
            case .otherUnit: "priced in another unit"
            case .notRead: "stated but not read"
            case .variable: "variable price"
            }
        }
    }

    /// One listed model.
    public struct Entry: Hashable, Sendable {
        /// The provider's record id (`openai/gpt-5.5-2026-04-23`).
        public var id: String
        public var kind: ModelKind
        /// `nil` when the model can be priced.
        public var reason: Reason?
        /// The units it is priced in, or the words of a price not read.
        public var detail: String?

        public var isPriced: Bool { reason == nil }
    }

    /// One provider's coverage.
    public struct Provider: Hashable, Sendable {
        public var provider: String
        /// Every model its model-list API names (not retired), sorted by id.
        public var entries: [Entry]

        public var listed: Int { entries.count }
        public var textModels: [Entry] { entries.filter { $0.kind == .text } }
        public var pricedText: Int { textModels.count { $0.isPriced } }
        /// Priced text models over listed text models, in percent (one decimal); `nil` when
        /// the provider lists no text model.
        public var textCoverage: Decimal? {
            let text = textModels.count
            guard text > 0 else { return nil }
            var ratio = Decimal(pricedText) * 100 / Decimal(text)
            var rounded = Decimal()
            NSDecimalRound(&rounded, &ratio, 1, .plain)
            return rounded
        }
    }

    public var version: CalendarDate
    /// Providers with at least one listed model, sorted.
    public var providers: [Provider]
    /// Where the catalog was read (`catalog/catalog.sqlite`, `embedded catalog`), when known.
    public var source: String?

    /// The coverage of `catalog`'s version, whose provider records are `records`.
    /// - Throws: ``CatalogStoreError`` when a model's stored facts cannot be read.
    public init(catalog: Catalog, records: [ModelRecord]) throws {
        version = catalog.version
        var byProvider: [String: [Entry]] = [:]
        for record in records
        where record.status != .retired && record.values(.listed).contains(.text(SourceKind.modelList.rawValue)) {
            let canonical = try catalog.resolve(record.id).model
            let kind = ModelKind.of(record, canonical: canonical)
            byProvider[record.provider, default: []].append(
                CatalogCoverage.entry(record, canonical: canonical, kind: kind, catalog: catalog))
        }
        providers = byProvider.keys.sorted().map { Provider(provider: $0, entries: byProvider[$0]!.sorted { $0.id < $1.id }) }
    }

    /// One provider's coverage, when it lists any model.
    public func provider(_ name: String) -> Provider? { providers.first { $0.provider == name } }

    static func entry(_ record: ModelRecord, canonical: CanonicalModel?, kind: ModelKind, catalog: Catalog) -> Entry {
        // The creator's own record is priced with the creator's facts (its aliases' prices
        // too); a host's record with its own.
        let firstParty = canonical?.offerings.contains { $0.recordID == record.id && $0.rule == .firstParty } ?? false
        let facts = record.facts + (firstParty ? canonical?.facts ?? [] : [])
        let prices = facts.compactMap { fact -> (PriceKey, FactValue)? in
            if case .price(let key) = fact.field { return (key, fact.value) }
            return nil
        }
        do {
            _ = try catalog.cost(of: record.id, usage: Usage(inputTokens: 1000))
            return Entry(id: record.id, kind: kind, reason: nil, detail: nil)
        } catch let error as CostError {
            let units = Set(prices.filter { $0.1.decimal != nil }.map { $0.0.component.unit }).sorted()
            if kind != .text, !units.isEmpty {
                return Entry(id: record.id, kind: kind, reason: nil, detail: units.joined(separator: ", "))
            }
            if prices.contains(where: { $0.1 == .variable }), error.message.contains("varies") {
                return Entry(id: record.id, kind: kind, reason: .variable, detail: nil)
            }
            if !units.isEmpty {
                return Entry(id: record.id, kind: kind, reason: .otherUnit, detail: units.joined(separator: ", "))
            }
        } catch {}
        if let unread = facts.first(where: { $0.field == .unreadPrice }) {
            return Entry(id: record.id, kind: kind, reason: .notRead, detail: "\(unread.value) (\(unread.source.file))")
        }
        return Entry(id: record.id, kind: kind, reason: .noPriceStated, detail: nil)
    }
}
