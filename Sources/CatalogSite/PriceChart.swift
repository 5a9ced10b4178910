package import CatalogCore
import Foundation

/// A model's price history as an inline SVG: one step line per price component (USD per 1M
/// tokens, standard tier, base prices), a point where each period begins, a dated axis.
package enum PriceChart {
    /// Whether a period is drawn: a price of what a request is billed for (input, cached input,
    /// cache writes, output, reasoning) at the standard tier without a prompt-size threshold,
    /// with an amount (not `variable`). The others (batch and other tiers, long-context,
    /// audio, fine-tuning, other units) are listed in the table under the chart.
    package static func isCharted(_ period: PricePeriod) -> Bool {
        period.key.tier == .standard && period.key.aboveInputTokens == nil && charted.contains(period.key.component)
            && period.value.decimal != nil
    }

    static let charted: Set<PriceComponent> = [.input, .cachedInput, .cacheWrite, .cacheWrite1h, .output, .reasoning]

    static let palette = ["#2563eb", "#dc2626", "#059669", "#d97706", "#7c3aed", "#db2777", "#0891b2", "#65a30d", "#475569"]
    static let (width, height) = (760.0, 280.0)
    static let (left, right, top, bottom) = (64.0, 16.0, 16.0, 40.0)

    /// The SVG for `periods` up to `end` (the version the site shows), or `nil` when none is
    /// charted.
    static func svg(_ periods: [PricePeriod], end: CalendarDate) -> String? {
        let charted = periods.filter(isCharted)
        guard !charted.isEmpty else { return nil }
        let start = charted.map(\.from).min()!
        let last = max(end, charted.compactMap(\.until).max() ?? end)
        let span = Double(max(last.daysSinceEpoch - start.daysSinceEpoch, 1))
        let highest = charted.compactMap { $0.value.decimal.map { NSDecimalNumber(decimal: $0).doubleValue } }.max() ?? 1
        let ceiling = niceCeiling(highest)
        func x(_ date: CalendarDate) -> Double {
            left + (width - left - right) * Double(date.daysSinceEpoch - start.daysSinceEpoch) / span
        }
        func y(_ amount: Decimal) -> Double {
            top + (height - top - bottom) * (1 - NSDecimalNumber(decimal: amount).doubleValue / ceiling)
        }
        func format(_ value: Double) -> String { String(format: "%.1f", value) }

        var svg =
            "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"Price history, USD per 1M tokens\">\n"
        // Horizontal grid and the price axis.
        for step in 0...4 {
            let value = ceiling * Double(step) / 4
            let position = top + (height - top - bottom) * (1 - Double(step) / 4)
            svg +=
                "<line class=\"grid\" x1=\"\(format(left))\" x2=\"\(format(width - right))\" y1=\"\(format(position))\" y2=\"\(format(position))\"/>"
            svg +=
                "<text class=\"axis\" x=\"\(format(left - 6))\" y=\"\(format(position + 4))\" text-anchor=\"end\">$\(axisLabel(value))</text>\n"
        }
        // Dated axis: the first and last dates, and the first of each quarter between.
        var ticks = [start]
        var month = CalendarDate(year: start.year, month: start.month, day: 1)!
        while true {
            month =
                month.month >= 10
                ? CalendarDate(year: month.year + 1, month: 1, day: 1)!
                : CalendarDate(year: month.year, month: month.month + 3 - (month.month - 1) % 3, day: 1)!
            guard month < last else { break }
            if x(month) - x(ticks.last!) > 60, x(last) - x(month) > 60 { ticks.append(month) }
        }
        if last != start { ticks.append(last) }
        for (index, tick) in ticks.enumerated() {
            let anchor = index == 0 ? "start" : index == ticks.count - 1 ? "end" : "middle"
            svg +=
                "<text class=\"axis\" x=\"\(format(x(tick)))\" y=\"\(format(height - bottom + 18))\" text-anchor=\"\(anchor)\">\(tick)</text>"
        }
        svg += "\n"
        let keys = Array(Set(charted.map(\.key))).sorted()
        for (index, key) in keys.enumerated() {
            let colour = palette[index % palette.count]
            let line = charted.filter { $0.key == key }.sorted { $0.from < $1.from }
            var path = ""
            var previousEnd: (date: CalendarDate, y: Double)?
            for period in line {
                let (from, to, level) = (x(period.from), x(period.until ?? last), y(period.value.decimal!))
                if let previousEnd, previousEnd.date == period.from {
                    path += " V\(format(level))"
                } else {
                    path += " M\(format(from)) \(format(level))"
                }
                path += " H\(format(to))"
                previousEnd = period.until.map { ($0, level) }
            }
            svg += "<path class=\"line\" data-price=\"\(key.name)\" stroke=\"\(colour)\" d=\"\(path.dropFirst())\"/>\n"
            for period in line {
                let amount = Money.dollars(period.value.decimal!)
                let until = period.until.map { " until \($0)" } ?? ""
                svg +=
                    "<circle class=\"point\" data-price=\"\(key.name)\" data-from=\"\(period.from)\" cx=\"\(format(x(period.from)))\" cy=\"\(format(y(period.value.decimal!)))\" r=\"4\" fill=\"\(colour)\"><title>\(HTML.escape("\(key.name) \(amount) from \(period.from)\(until) (\(period.source.file))"))</title></circle>\n"
            }
        }
        svg += "</svg>\n<ul class=\"legend\">"
        for (index, key) in keys.enumerated() {
            svg +=
                "<li><span class=\"swatch\" style=\"background:\(palette[index % palette.count])\"></span>\(HTML.escape(key.name))</li>"
        }
        return svg + "</ul>\n"
    }

    /// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value`, for a readable price axis.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(value)))
        for factor in [1.0, 2.0, 2.5, 5.0, 10.0] where factor * magnitude >= value { return factor * magnitude }
        return 10 * magnitude
    }

    static func axisLabel(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value >= 1 { return value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value) }
        var text = String(format: "%.4f", value)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }
}
