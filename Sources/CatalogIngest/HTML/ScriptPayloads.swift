import CatalogCore

/// Data that pages carry in scripts rather than in markup.
package enum ScriptPayloads {
    /// The Next.js flight payload: the strings of every `self.__next_f.push([1, "…"])`, decoded
    /// and joined in order. React Server Components put the page's data there, as lines of
    /// `<id>:<JSON or text>`.
    package static func nextFlight(_ document: HTMLDocument) -> String {
        var payload = ""
        let marker = Array("self.__next_f.push(".utf8)
        for script in document.elements(named: "script") {
            let bytes = Array(script.rawText.utf8)
            var index = 0
            while let start = find(marker, in: bytes, from: index) {
                let argumentStart = start + marker.count
                guard let end = matchingBracket(in: bytes, from: argumentStart) else { break }
                index = end
                guard let document = try? JSONDocument(bytes: Array(bytes[argumentStart..<end])),
                    let items = document.root.array, items.count >= 2, items[0].int == 1, let text = items[1].string
                else { continue }
                payload += text
            }
        }
        return payload
    }

    /// The `props` of every Astro island (`<astro-island props="…">`), with its component URL.
    /// The props are Astro's serialised JSON, where each value is a `[type, value]` pair.
    package static func astroIslands(_ document: HTMLDocument) -> [(component: String, props: String)] {
        document.elements(named: "astro-island").compactMap { island in
            guard let props = island.attribute("props") else { return nil }
            return (island.attribute("component-url") ?? "", props)
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        var index = start
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], Array(haystack[index..<index + needle.count]) == needle { return index }
            index += 1
        }
        return nil
    }

    /// The index of the `)` closing a call whose argument starts at `start`, skipping strings.
    static func matchingBracket(in bytes: [UInt8], from start: Int) -> Int? {
        var depth = 0
        var index = start
        var inString = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString = false }
            } else {
                switch byte {
                case UInt8(ascii: "\""): inString = true
                case UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "("): depth += 1
                case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
                case UInt8(ascii: ")"):
                    if depth == 0 { return index }
                    depth -= 1
                default: break
                }
            }
            index += 1
        }
        return nil
    }
}
