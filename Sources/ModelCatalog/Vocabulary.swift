public import CatalogCore

// The words of the catalog, defined with the build that produces them (CatalogCore) and named
// here so that `import ModelCatalog` alone is enough to write them. Nothing else of CatalogCore
// is public: its parsers, assembler, canonicalizer and JSON reader are the package's own.

/// A day on the calendar, in UTC (`2026-07-28`).
public typealias CalendarDate = CatalogCore.CalendarDate
/// One model as its creator names it, with every provider that sells it and its other names.
public typealias CanonicalModel = CatalogCore.CanonicalModel
/// One provider selling a canonical model under its own id.
public typealias Offering = CatalogCore.Offering
/// Another name of a canonical model, and why.
public typealias Alias = CatalogCore.Alias
/// Why a provider's id or another name belongs to a canonical model.
public typealias MatchRule = CatalogCore.MatchRule
/// One provider's record of one model in one catalog version, with its sourced facts.
public typealias ModelRecord = CatalogCore.ModelRecord
/// Active, deprecated or retired.
public typealias ModelStatus = CatalogCore.ModelStatus
/// A deprecation: announced, shutdown and replacement, as stated.
public typealias Deprecation = CatalogCore.Deprecation
/// Two sources stating different values for one field.
public typealias Disagreement = CatalogCore.Disagreement
/// What a provider can do with a model (`tools`, `vision`, `reasoning`…).
public typealias Capability = CatalogCore.Capability
/// A field of a record (`context_window`, `price.input`…).
public typealias FactField = CatalogCore.FactField
/// A fact's value: text, integer, decimal, date, boolean, or stated as unknown or variable.
public typealias FactValue = CatalogCore.FactValue
/// A fact as a parser read it, before it is placed in a capture.
public typealias Fact = CatalogCore.Fact
/// Where a fact was read: the capture file and the place in it.
public typealias FactSource = CatalogCore.FactSource
/// A fact with its source.
public typealias SourcedFact = CatalogCore.SourcedFact
/// A price: its component, tier and long-context threshold (`batch_input_above_272k`).
public typealias PriceKey = CatalogCore.PriceKey
/// What a price is for (`input`, `output`, `cached_input`, `per_request`…).
public typealias PriceComponent = CatalogCore.PriceComponent
/// Standard, batch, flex, priority, fast, or a promotion.
public typealias PriceTier = CatalogCore.PriceTier
/// Formatting and shifting of USD amounts, exactly.
public typealias Money = CatalogCore.Money
/// What changed between two catalog versions.
public typealias CatalogDiff = CatalogCore.CatalogDiff
/// One change of a diff, with its severity and evidence.
public typealias CatalogChange = CatalogCore.CatalogChange
/// How one model's prices, limits and status changed across versions.
public typealias ModelHistory = CatalogCore.ModelHistory
/// One price's value over a run of versions.
public typealias PricePeriod = CatalogCore.PricePeriod
/// How one source fared in one version (parsed, partial, stale, failed…).
public typealias SourceReport = CatalogCore.SourceReport
/// The state of a source in a version.
public typealias SourceState = CatalogCore.SourceState
