/// What a model id or a model name read from a capture may hold.
///
/// An id is printed, compared, used as a key and as part of a locator; a capture's bytes
/// are not trusted to be one. A value that fails these checks is refused where it is read,
/// with the reason, instead of entering the catalog: an id with an invisible byte order mark
/// prints like the real id but is another model; a NUL truncates it in C APIs; control
/// characters drive the terminal; `../` is path syntax, not a name.
package enum Identifier {
    /// The longest id accepted, in UTF-8 bytes (real ids are under 100).
    package static let maximumIDBytes = 256
    /// The longest display name, family or owner accepted, in UTF-8 bytes.
    package static let maximumNameBytes = 256

    /// Why `id` cannot be a model id, or `nil` when it can. The text completes "the id …".
    package static func problem(_ id: String) -> String? {
        if let problem = textProblem(id, limit: maximumIDBytes) { return problem }
        if id.hasPrefix("/") || id.utf8.contains(UInt8(ascii: "\\"))
            || id.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." || $0 == "." })
        {
            return "\"\(SafeText.escaped(id))\" is path syntax, not a model id"
        }
        return nil
    }

    /// Why `name` cannot be a display name, family or owner, or `nil` when it can.
    package static func nameProblem(_ name: String) -> String? {
        textProblem(name, limit: maximumNameBytes)
    }

    private static func textProblem(_ text: String, limit: Int) -> String? {
        // Nearly every id and name is printable ASCII: check those bytes alone.
        var ascii = true
        var count = 0
        for byte in text.utf8 {
            count += 1
            if byte < 0x20 || byte > 0x7E { ascii = false }
        }
        if ascii, count > 0, count <= limit, text.utf8.first != 0x20, text.utf8.last != 0x20 { return nil }
        let bytes = count
        if bytes > limit { return "is \(bytes) bytes long, more than the \(limit) allowed" }
        if text.unicodeScalars.allSatisfy(\.properties.isWhitespace) { return "is empty or only whitespace" }
        for scalar in text.unicodeScalars {
            if scalar == "\u{FFFD}" {
                return "\"\(SafeText.escaped(text))\" holds U+FFFD, the mark of bytes that were not valid UTF-8"
            }
            if SafeText.mustEscape(scalar) {
                return
                    "\"\(SafeText.escaped(text))\" holds the invisible or control character \(SafeText.escaped(String(scalar)))"
            }
        }
        if text.unicodeScalars.first!.properties.isWhitespace || text.unicodeScalars.last!.properties.isWhitespace {
            return "\"\(text)\" begins or ends with whitespace"
        }
        return nil
    }
}
