import CatalogCore
package import Foundation

/// A value of an Astro island's `props`, decoded from Astro's serialisation, where every value
/// is a `[type, payload]` pair: type 0 a plain value (objects have encoded members), type 1 an
/// array of encoded values.
package indirect enum AstroValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number, exactly as written.
    case number(Decimal)
    case string(String)
    case array([AstroValue])
    case object([String: AstroValue])

    /// Decodes a props attribute (`{"rows":[1,[[1,[[0,"gpt-5"],[0,1.25]]]]]}`).
    package static func decodeProps(_ text: String) -> [String: AstroValue]? {
        guard let document = try? JSONDocument(bytes: Array(text.utf8)), let members = document.root.members else { return nil }
        var result: [String: AstroValue] = [:]
        for (key, value) in members { result[key] = decode(value) }
        return result
    }

    static func decode(_ value: JSONValue) -> AstroValue {
        if let pair = value.array, pair.count == 2, let type = pair[0].int {
            switch type {
            case 0: return plain(pair[1])
            case 1: return .array((pair[1].array ?? []).map(decode))
            default: return plain(pair[1])
            }
        }
        return plain(value)
    }

    private static func plain(_ value: JSONValue) -> AstroValue {
        switch value.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number: return value.decimal.map(AstroValue.number) ?? .null
        case .string: return .string(value.string ?? "")
        case .array: return .array((value.array ?? []).map(plain))
        case .object:
            var result: [String: AstroValue] = [:]
            for (key, member) in value.members ?? [] { result[key] = decode(member) }
            return .object(result)
        }
    }

    package subscript(key: String) -> AstroValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    package var array: [AstroValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    package var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    package var number: Decimal? {
        if case .number(let amount) = self { return amount }
        return nil
    }

    /// The text a cell shows: strings as they are, `{"__pricingHtml": "…"}` with its markup
    /// removed, numbers as written; `nil` for null.
    package var cellText: String? {
        switch self {
        case .string(let text): return text
        case .number(let amount): return "\(amount)"
        case .object(let members):
            guard case .string(let html)? = members["__pricingHtml"] ?? members["label"] else { return nil }
            return AstroValue.stripTags(html)
        case .null, .bool, .array: return nil
        }
    }

    static func stripTags(_ html: String) -> String {
        var text = ""
        var inTag = false
        for character in html {
            if character == "<" {
                inTag = true
                text.append(" ")
            } else if character == ">" {
                inTag = false
            } else if !inTag {
                text.append(character)
            }
        }
        return HTMLText.normalize(text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&"))
    }
}
