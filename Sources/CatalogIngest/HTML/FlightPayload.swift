import CatalogCore
import Foundation

/// The JSON rows of a Next.js flight (React Server Components) payload: lines of
/// `<hex id>:<JSON>`. Rows that are not JSON (module references, text chunks) are skipped.
struct FlightPayload {
    let rows: [JSONDocument]

    init(_ payload: String) {
        var rows: [JSONDocument] = []
        for line in payload.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let body = line[line.index(after: colon)...]
            guard let first = body.first, first == "[" || first == "{" else { continue }
            if let document = try? JSONDocument(bytes: Array(body.utf8)) { rows.append(document) }
        }
        self.rows = rows
    }

    /// Every object, at any depth, for which `matches` holds, in document order.
    func objects(where matches: (JSONValue) -> Bool) -> [JSONValue] {
        var found: [JSONValue] = []
        for row in rows { FlightPayload.walk(row.root, matches, &found) }
        return found
    }

    private static func walk(_ value: JSONValue, _ matches: (JSONValue) -> Bool, _ found: inout [JSONValue]) {
        switch value.kind {
        case .object:
            if matches(value) { found.append(value) }
            for (_, member) in value.members ?? [] { walk(member, matches, &found) }
        case .array:
            for element in value.array ?? [] { walk(element, matches, &found) }
        default: break
        }
    }

    /// A string as the page shows it: React's `$$` escape for a literal `$` undone.
    static func text(_ value: JSONValue?) -> String? {
        value?.string.map { $0.replacingOccurrences(of: "$$", with: "$") }
    }
}
