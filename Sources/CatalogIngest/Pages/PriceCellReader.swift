import CatalogCore
import Foundation

/// Reads the price cells of Google's pricing pages, which state several prices in one cell:
/// `$2.00, prompts <= 200k tokens $4.00, prompts > 200k tokens`,
/// `$0.25 (text / image / video) $0.50 (audio)`,
/// `$0.75 (text) $3.00 or $0.005/min (audio)`,
/// `$3 (text and thinking) $60.00 (images) Equivalent to $0.045 per 0.5K image …`.
///
/// Each dollar amount is read with the words after it: a prompt-size condition (`> 200k`
/// makes a long-context price), a modality in parentheses (audio, image), or a unit that is not
/// per 1M tokens (`/min`, `per hour`, `/ 1,000 …`, `per 0.5K image`), which is skipped. An
/// amount after "or" is an alternative way of billing the same thing and is skipped; text
/// after "Equivalent to" is an illustration.
enum PriceCellReader {
    struct Price: Equatable {
        var amount: Decimal
        /// `text`, `audio`, `image`, or `nil` when the cell names no modality.
        var modality: String?
        var aboveInputTokens: Int?
        var unit: Unit = .perMillionTokens
    }

    enum Unit: Equatable {
        case perMillionTokens
        case perImage
        /// Cache storage: USD per 1M tokens per hour.
        case perMillionTokensPerHour
    }

    static func read(_ text: String) -> [Price] {
        var body = text
        if let range = body.range(of: "Equivalent to", options: .caseInsensitive) { body = String(body[..<range.lowerBound]) }
        let scalars = Array(body.unicodeScalars)
        // Positions of every "$<number>".
        var spans: [(start: Int, end: Int, amount: Decimal)] = []
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "$" else {
                index += 1
                continue
            }
            var digits = ""
            var cursor = index + 1
            while cursor < scalars.count,
                ("0"..."9").contains(scalars[cursor]) || scalars[cursor] == "." || scalars[cursor] == ","
            {
                if scalars[cursor] != "," { digits.unicodeScalars.append(scalars[cursor]) }
                cursor += 1
            }
            while digits.hasSuffix(".") { digits.removeLast() }
            if let amount = DecimalLiteral.parse(digits) { spans.append((index, cursor, amount)) }
            index = cursor
        }
        var prices: [Price] = []
        for (position, span) in spans.enumerated() {
            let before = String(String.UnicodeScalarView(scalars[max(0, span.start - 4)..<span.start])).lowercased()
            if before.hasSuffix("or ") { continue }
            let nextStart = position + 1 < spans.count ? spans[position + 1].start : scalars.count
            var after = String(String.UnicodeScalarView(scalars[span.end..<nextStart])).lowercased()
            // The qualifier of an amount followed by "or $…" is the text after the alternative.
            var lookahead = position + 1
            while after.trimmingCharacters(in: .whitespaces) == "or", lookahead < spans.count {
                let end = lookahead + 1 < spans.count ? spans[lookahead + 1].start : scalars.count
                after = String(String.UnicodeScalarView(scalars[spans[lookahead].end..<end])).lowercased()
                lookahead += 1
            }
            var trimmed = after.trimmingCharacters(in: .whitespaces)
            var unit = Unit.perMillionTokens
            for spelled in ["/ 1,000,000 tokens", "/ 1m tokens", "per 1m tokens"] where trimmed.hasPrefix(spelled) {
                trimmed = String(trimmed.dropFirst(spelled.count)).trimmingCharacters(in: .whitespaces)
            }
            if trimmed.contains("per hour") {
                // "$1.00 / 1,000,000 tokens per hour (storage price)".
                if after.contains("1,000,000 tokens per hour") || after.contains("1m tokens per hour") {
                    prices.append(
                        Price(amount: span.amount, modality: nil, aboveInputTokens: nil, unit: .perMillionTokensPerHour))
                }
                continue
            }
            if trimmed.hasPrefix("per image") {
                unit = .perImage
            } else if trimmed.hasPrefix("/") || trimmed.hasPrefix("per ") {
                continue
            }
            var price = Price(amount: span.amount, modality: nil, aboveInputTokens: nil, unit: unit)
            if let greater = trimmed.range(of: "> ") ?? trimmed.range(of: ">") {
                price.aboveInputTokens = PageText.tokenCount(String(trimmed[greater.upperBound...]))
            }
            if trimmed.contains("(audio") || trimmed.hasPrefix("audio") {
                price.modality = "audio"
            } else if trimmed.contains("(image") || trimmed.contains("(images") {
                price.modality = "image"
            } else if trimmed.contains("(text") {
                price.modality = "text"
            }
            prices.append(price)
        }
        return prices
    }
}
