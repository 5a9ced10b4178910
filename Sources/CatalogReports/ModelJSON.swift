package import CatalogCore
import ModelCatalog

/// The stable JSON contract for models (documented in the README). Field names and value
/// types never change meaning; new fields may be added.
package enum ModelJSON {
    /// One model object: `id`, `provider`, `provider_model_id`, `display_name`, `aliases`,
    /// `created`, `context_window`, `max_input_tokens`, `max_output_tokens`, `knowledge_cutoff`,
    /// `modalities`, `capabilities`, `prices`, `deprecation`, `status`, `sources`.
    package static func model(_ model: ModelRecord) -> JSONOutput {
        .object(members(model))
    }

    /// The model object plus every fact with its source (`facts`) and the fields whose sources
    /// disagree (`disagreements`), for `catalog show`.
    package static func detailedModel(_ model: ModelRecord, version: CalendarDate, source: String? = nil) -> JSONOutput {
        var members = [("version", JSONOutput.string(version.description))]
        if let source { members.append(("catalog", .string(source))) }
        members += self.members(model)
        members.append(("facts", .array(model.facts.map(fact))))
        members.append(
            (
                "disagreements",
                .array(
                    model.disagreements.map { item in
                        .object([
                            ("field", .string(item.field.key)), ("facts", .array(item.facts.map(fact))),
                            ("winner", .string(item.winner.value.description)), ("reason", .string(item.reason.rawValue)),
                            ("explanation", .string(item.explanation)),
                        ])
                    })
            ))
        return .object(members)
    }

    /// `{"version": …, "models": [...]}`.
    package static func models(_ models: [ModelRecord], version: CalendarDate?, source: String? = nil) -> JSONOutput {
        .object(
            [("version", .string(version?.description))] + (source.map { [("catalog", JSONOutput.string($0))] } ?? [])
                + [("models", .array(models.map(model)))])
    }

    static func members(_ model: ModelRecord) -> [(String, JSONOutput)] {
        let prices = model.prices.map { item -> (String, JSONOutput) in
            (item.key.name, .string(item.value.decimal.map { Money.format($0) } ?? item.value.description))
        }
        let capabilities = model.capabilities.sorted { $0.capability < $1.capability }.map {
            ($0.capability.rawValue, JSONOutput.bool($0.supported))
        }
        var deprecation = JSONOutput.null
        if let value = model.deprecation {
            deprecation = .object([
                ("announced", dateOrUnknown(value.announced)),
                ("shutdown", dateOrUnknown(value.shutdown)),
                ("replacement", .string(value.replacement)),
            ])
        }
        return [
            ("id", .string(model.id)),
            ("provider", .string(model.provider)),
            ("provider_model_id", .string(model.providerModelID)),
            ("display_name", .string(model.displayName)),
            ("aliases", .array(model.aliases.map(JSONOutput.string))),
            ("created", .string(model.created?.description)),
            ("context_window", .int(model.contextWindow)),
            ("max_input_tokens", .int(model.maxInputTokens)),
            ("max_output_tokens", .int(model.maxOutputTokens)),
            ("knowledge_cutoff", .string(model.knowledgeCutoff?.description)),
            (
                "modalities",
                .object([
                    ("input", .array(model.inputModalities.map(JSONOutput.string))),
                    ("output", .array(model.outputModalities.map(JSONOutput.string))),
                ])
            ),
            ("capabilities", .object(capabilities)),
            ("prices", .object(prices)),
            ("deprecation", deprecation),
            ("status", .string(model.status.rawValue)),
            ("listed_by", .array(model.listedBy.map(JSONOutput.string))),
            ("sources", .array(model.sourceFiles.map(JSONOutput.string))),
        ]
    }

    static func dateOrUnknown(_ value: FactValue?) -> JSONOutput {
        switch value {
        case .date(let date)?: .string(date.description)
        case .unknown(let words)?: .object([("unknown", .string(words))])
        case nil: .null
        case let other?: .string(other.description)
        }
    }

    static func fact(_ fact: SourcedFact) -> JSONOutput {
        .object([
            ("field", .string(fact.field.key)),
            ("value", value(fact.value)),
            ("source", .string(fact.source.file)),
            ("locator", .string(fact.source.locator)),
        ])
    }

    static func value(_ value: FactValue) -> JSONOutput {
        switch value {
        case .text(let text): .string(text)
        case .integer(let number): .int(number)
        case .decimal(let amount): .string(Money.format(amount))
        case .date(let date): .string(date.description)
        case .flag(let flag): .bool(flag)
        case .variable: .string("variable")
        case .unknown(let words): .object([("unknown", .string(words))])
        }
    }

    /// The history contract: `{"id", "listed_in": [dates], "events": [{"date", "kind", "field"?, "old"?, "new"?}]}`.
    package static func history(_ history: ModelHistory) -> JSONOutput {
        let events = history.events.map { event -> JSONOutput in
            var members: [(String, JSONOutput)] = [("date", .string(event.date.description))]
            switch event.kind {
            case .listed: members.append(("kind", .string("listed")))
            case .unlisted: members.append(("kind", .string("unlisted")))
            case .status(let old, let new):
                members += [
                    ("kind", .string("changed")), ("field", .string("status")), ("old", .string(old.rawValue)),
                    ("new", .string(new.rawValue)),
                ]
            case .changed(let field, let old, let new):
                members += [
                    ("kind", .string("changed")), ("field", .string(field.key)), ("old", old.map(value) ?? .null),
                    ("new", new.map(value) ?? .null),
                ]
            }
            return .object(members)
        }
        return .object([
            ("id", .string(history.id)),
            ("listed_in", .array(history.listedIn.map { .string($0.description) })),
            ("events", .array(events)),
            ("price_periods", .array(history.pricePeriods.map(pricePeriod))),
        ])
    }

    /// One price period: `{"price", "value", "from", "until", "source"}`.
    static func pricePeriod(_ period: PricePeriod) -> JSONOutput {
        .object([
            ("price", .string(period.key.name)), ("value", value(period.value)), ("from", .string(period.from.description)),
            ("until", .string(period.until?.description)), ("source", .string(period.source.file)),
        ])
    }
}
