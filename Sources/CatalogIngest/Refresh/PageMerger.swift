import CatalogCore

/// Joins the pages of a paginated model list into one capture: the items of every page, byte
/// for byte as served, in one array under the same key. A list that fits one page is saved
/// exactly as served.
enum PageMerger {
    /// The next page's token of a page: Gemini's `nextPageToken`, or Anthropic's `last_id`
    /// when `has_more` is true; `nil` on the last page.
    static func continuation(of page: [UInt8], _ pagination: FetchTarget.Pagination) throws(JSONSyntaxError) -> String? {
        let root = try JSONDocument(bytes: page).root
        switch pagination {
        case .none: return nil
        case .pageToken:
            guard let token = root["nextPageToken"]?.string, !token.isEmpty else { return nil }
            return token
        case .afterID:
            guard root["has_more"]?.bool == true, let last = root["last_id"]?.string, !last.isEmpty else { return nil }
            return last
        }
    }

    /// The raw bytes of each item of the top-level array `key`.
    static func items(of page: [UInt8], key: String) throws(JSONSyntaxError) -> [ArraySlice<UInt8>] {
        let document = try JSONDocument(bytes: page)
        guard let array = document.root[key]?.array else { return [] }
        return array.map { item in page[item.offset..<RawJSON.end(of: page, from: item.offset)] }
    }

    /// One JSON object holding every page's items under `key`, then the `trailer` members
    /// (raw JSON values) in order.
    static func merge(_ pages: [[UInt8]], key: String, trailer: [(String, String)] = []) throws(JSONSyntaxError) -> [UInt8] {
        if pages.count == 1 { return pages[0] }
        var output: [UInt8] = Array("{\"\(key)\": [".utf8)
        var first = true
        for page in pages {
            for item in try items(of: page, key: key) {
                output += first ? Array("\n  ".utf8) : Array(",\n  ".utf8)
                output += item
                first = false
            }
        }
        output += Array("\n]".utf8)
        for (name, value) in trailer { output += Array(", \"\(name)\": \(value)".utf8) }
        output += Array("}\n".utf8)
        return output
    }
}

/// Byte-level helpers over JSON that a ``JSONDocument`` has already validated.
enum RawJSON {
    /// The offset just past the value starting at `start`.
    static func end(of bytes: [UInt8], from start: Int) -> Int {
        var index = start
        var depth = 0
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") {
                    inString = false
                    if depth == 0 { return index + 1 }
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    if depth == 0 { return index }
                    depth -= 1
                    if depth == 0 { return index + 1 }
                case UInt8(ascii: ","), UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
                    if depth == 0 { return index }
                default: break
                }
            }
            index += 1
        }
        return bytes.count
    }
}
