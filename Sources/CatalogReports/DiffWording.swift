package import CatalogCore
import Foundation
import ModelCatalog

/// The words of a change, shared by the terminal and markdown renderings.
package enum DiffWording {
    /// What the change is about: `openai gpt-4o`, or a source path.
    package static func subject(_ change: CatalogChange) -> String {
        switch change.kind {
        case .notCompared: change.field ?? change.provider
        case .suspiciousDrop: change.provider
        default: change.provider + " " + (change.providerModelID ?? "")
        }
    }

    /// What changed, in one line (without the subject).
    package static func detail(_ change: CatalogChange, asOf date: CalendarDate, code: (String) -> String = { $0 }) -> String {
        let field = change.field ?? ""
        switch change.kind {
        case .notCompared, .suspiciousDrop, .removed, .retired:
            return change.evidence ?? ""
        case .renamed, .merged:
            return "\(code(text(change.old))) → \(code(text(change.new)))" + because(change)
        case .added:
            return [change.new?.description, change.evidence].compactMap { $0 }.joined(separator: ": ")
        case .aliasRetargeted:
            return "\(code(text(change.old))) → \(code(text(change.new)))" + because(change)
        case .remapped:
            return "\(code(text(change.old))) → \(code(text(change.new)))" + because(change)
        case .priceChanged, .limitChanged:
            let isPrice = change.kind == .priceChanged
            let unit = isPrice ? " " + (PriceKey(name: field)?.component.unit ?? "") : ""
            switch (change.old, change.new) {
            case (nil, let new?): return "\(field) now \(value(new, price: isPrice))\(unit)"
            case (let old?, nil): return "\(field) no longer stated (was \(value(old, price: isPrice)))"
            default:
                var line = "\(field) \(value(change.old, price: isPrice)) → \(value(change.new, price: isPrice))\(unit)"
                if let percent = change.percentChange { line += " (\(signed(percent))%)" }
                return line
            }
        case .capabilityGained, .capabilityLost, .modalityGained, .modalityLost:
            return field
        case .deprecationAnnounced:
            return change.old == nil ? "announced \(text(change.new))" : "announcement \(text(change.old)) → \(text(change.new))"
        case .shutdownSet:
            return "shuts down \(text(change.new))" + inDays(change.new, from: date)
        case .shutdownMoved:
            return change.new == nil
                ? "shutdown date no longer stated (was \(text(change.old)))"
                : "shutdown \(text(change.old)) → \(text(change.new))" + inDays(change.new, from: date)
        case .replacementNamed:
            return change.old == nil
                ? "use \(code(text(change.new)))" : "use \(code(text(change.new))) (was \(code(text(change.old))))"
        case .statusChanged:
            return "\(text(change.old)) → \(text(change.new))"
        case .displayNameChanged, .knowledgeCutoffChanged, .rateLimitChanged:
            let label = change.kind == .rateLimitChanged ? String(field.dropFirst("rate_limit.".count)) + " " : ""
            return "\(label)\(text(change.old, missing: "none")) → \(text(change.new, missing: "none"))"
        }
    }

    static func text(_ value: FactValue?, missing: String = "?") -> String { value?.description ?? missing }

    static func value(_ value: FactValue?, price: Bool) -> String {
        guard let value else { return "none" }
        if price, let amount = value.decimal { return Money.dollars(amount) }
        if let count = value.integer { return grouped(count) }
        return value.description
    }

    /// `128,000`.
    static func grouped(_ count: Int) -> String {
        let digits = String(count.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (count < 0 ? "-" : "") + result
    }

    /// A percent change with its sign: `+59.5`, `-20`, `0`.
    static func signed(_ percent: Decimal) -> String {
        let text = Money.format(percent, minimumFractionDigits: 0)
        return percent > 0 ? "+" + text : text
    }

    private static func because(_ change: CatalogChange) -> String {
        change.evidence.map { " — " + $0 } ?? ""
    }

    /// ` (in 12 days)`, ` (today)`, ` (3 days ago)`.
    private static func inDays(_ value: FactValue?, from date: CalendarDate) -> String {
        guard let shutdown = value?.date else { return "" }
        let days = date.days(until: shutdown)
        switch days {
        case 0: return " (today)"
        case 1: return " (tomorrow)"
        case 2...: return " (in \(days) days)"
        case -1: return " (yesterday)"
        default: return " (\(-days) days ago)"
        }
    }
}
