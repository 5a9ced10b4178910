package import CatalogCore
package import Foundation

/// Reading the prose values of documentation pages: prices, token counts and dates, with
/// explicit unknowns instead of guesses.
package enum PageText {
    /// Every dollar amount in `text`, in order: `$2.50 / MTok` → 2.50, `$1,200` → 1200.
    package static func dollarAmounts(_ text: String) -> [Decimal] {
        var result: [Decimal] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            if scalars[index] == "$" {
                var digits = ""
                var cursor = index + 1
                while cursor < scalars.count {
                    let scalar = scalars[cursor]
                    if ("0"..."9").contains(scalar) || scalar == "." {
                        digits.unicodeScalars.append(scalar)
                    } else if scalar == ",", cursor + 1 < scalars.count, ("0"..."9").contains(scalars[cursor + 1]) {
                        // thousands separator
                    } else {
                        break
                    }
                    cursor += 1
                }
                while digits.hasSuffix(".") { digits.removeLast() }
                if let amount = DecimalLiteral.parse(digits) { result.append(amount) }
                index = cursor
            } else {
                index += 1
            }
        }
        return result
    }

    /// Every dollar amount with the words after it, up to the next amount, lowercased:
    /// `$5 / input MTok $25 / output MTok` → (5, "/ input mtok"), (25, "/ output mtok").
    package static func labelledAmounts(_ text: String) -> [(amount: Decimal, words: String)] {
        let parts = text.components(separatedBy: "$").dropFirst()
        return parts.compactMap { part in
            guard let amount = dollarAmounts("$" + part).first else { return nil }
            let words = part.drop { $0.isNumber || $0 == "." || $0 == "," }
            return (amount, words.lowercased().trimmingCharacters(in: .whitespaces))
        }
    }

    /// `true` when a cell says there is no price (`-`, `—`, `N/A`, `Not available`).
    package static func isAbsent(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.isEmpty
            || ["-", "–", "—", "n/a", "na", "not available", "not supported", "unavailable", "none"].contains(lowered)
    }

    /// A token count written for people: `200K tokens` → 200000, `1M` → 1000000, `128,000` →
    /// 128000, `MAXIMUM: 384K` → 384000. The first count in the text; `nil` when there is none.
    package static func tokenCount(_ text: String) -> Int? {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard ("0"..."9").contains(scalars[index]) else {
                index += 1
                continue
            }
            var digits = ""
            while index < scalars.count, ("0"..."9").contains(scalars[index]) || scalars[index] == "," || scalars[index] == "." {
                if scalars[index] != "," { digits.unicodeScalars.append(scalars[index]) }
                index += 1
            }
            while index < scalars.count, scalars[index] == " " { index += 1 }
            var multiplier: Decimal = 1
            if index < scalars.count {
                switch scalars[index] {
                case "K", "k": multiplier = 1000
                case "M": multiplier = 1_000_000
                default: break
                }
            }
            guard let value = DecimalLiteral.parse(digits) else { return nil }
            let count = value * multiplier
            return NSDecimalNumber(decimal: count).intValue
        }
        return nil
    }

    /// Rate limits written as `300K TPM1K RPM`, `2M tpm 480 rpm`, `50rps`: each count followed
    /// by its metric (lowercased), in order.
    package static func rateLimits(_ text: String, metrics: [String] = ["tpm", "rpm", "rps", "rpd", "tpd", "ash", "ipm"]) -> [(
        metric: String, count: Int
    )] {
        let characters = Array(text.lowercased())
        var result: [(metric: String, count: Int)] = []
        var index = 0
        while index < characters.count {
            guard characters[index].isNumber else {
                index += 1
                continue
            }
            var number = ""
            while index < characters.count, characters[index].isNumber || characters[index] == "." || characters[index] == "," {
                if characters[index] != "," { number.append(characters[index]) }
                index += 1
            }
            var multiplier: Decimal = 1
            if index < characters.count, characters[index] == "k" || characters[index] == "m" {
                // A unit letter only when a metric follows (`1k rpm`), not the metric itself (`1m` … `rpm`).
                let rest = String(characters[(index + 1)...]).trimmingCharacters(in: .whitespaces)
                if metrics.contains(where: { rest.hasPrefix($0) }) {
                    multiplier = characters[index] == "k" ? 1000 : 1_000_000
                    index += 1
                }
            }
            while index < characters.count, characters[index] == " " { index += 1 }
            let rest = String(characters[index...])
            guard let metric = metrics.first(where: { rest.hasPrefix($0) }), let value = DecimalLiteral.parse(number) else {
                continue
            }
            result.append((metric, NSDecimalNumber(decimal: value * multiplier).intValue))
            index += metric.count
        }
        return result
    }

    private static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5, "june": 6,
        "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10, "oct": 10,
        "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]

    /// The first full date in `text`: `June 17, 2026`, `Jun 17 2026`, `17 June 2026`,
    /// `2026-06-17`, `2026/06/17`. A month without a day (`June 2026`) is not a date.
    package static func date(in text: String) -> CalendarDate? {
        let words = text.replacingOccurrences(of: ",", with: " ").split(whereSeparator: { $0 == " " || $0 == "\u{00A0}" })
        for (index, word) in words.enumerated() {
            let lowered = word.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".:;()"))
            if lowered.count == 10, let iso = CalendarDate(iso: lowered.replacingOccurrences(of: "/", with: "-")) { return iso }
            // US month/day/year: 9/23/2024
            let parts = lowered.split(separator: "/")
            if parts.count == 3, let month = Int(parts[0]), let day = Int(parts[1]), let year = Int(parts[2]),
                parts[2].count == 4,
                let date = CalendarDate(year: year, month: month, day: day)
            {
                return date
            }
            if let month = months[lowered] {
                // Month Day Year
                if index + 2 < words.count, let day = Int(words[index + 1].filter(\.isNumber)),
                    let year = Int(words[index + 2].prefix(4).filter(\.isNumber)), year > 1900,
                    let date = CalendarDate(year: year, month: month, day: day)
                {
                    return date
                }
                // Day Month Year
                if index >= 1, index + 1 < words.count, let day = Int(words[index - 1].filter(\.isNumber)),
                    let year = Int(words[index + 1].prefix(4).filter(\.isNumber)), year > 1900,
                    let date = CalendarDate(year: year, month: month, day: day)
                {
                    return date
                }
            }
        }
        return nil
    }

    /// A date cell as a fact value: a date, an explicit unknown with its words ("Not sooner
    /// than April 16, 2027" → unknown "not sooner than 2027-04-16"; "No shutdown date
    /// announced"), or `nil` for an empty or `N/A` cell. Never a guess.
    package static func dateValue(_ text: String) -> FactValue? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if isAbsent(trimmed) || trimmed.lowercased() == "tbd" { return nil }
        let lowered = trimmed.lowercased()
        if let date = date(in: trimmed) {
            for hedge in ["not sooner than", "no sooner than", "not before", "no earlier than", "after", "earliest"]
            where lowered.hasPrefix(hedge) {
                return .unknown("\(hedge) \(date)")
            }
            return .date(date)
        }
        return .unknown(trimmed)
    }
}
