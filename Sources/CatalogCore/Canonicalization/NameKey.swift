/// The forms a model name takes across providers, reduced to one comparison key, and the
/// snapshot suffixes that make an id specific.
///
/// `NameKey.key` folds the differences that never distinguish two models:
/// - case (`GPT-4o` → `gpt-4o`);
/// - OpenRouter's variant suffixes (`:free`, `:beta`, `:thinking`, `:extended`, `:nitro`,
///   `:floor`, `:online`, `:exacto`) and Bedrock's version and context suffixes (`:0`, `:18k`);
/// - Vertex's `@date` and the `-v2` before it (`claude-3-5-sonnet-v2@20241022`);
/// - date spellings (`-2024-08-06` ⇄ `-20240806`);
/// - version punctuation (`3.5` ⇄ `3-5`);
/// - word order around the version (`claude-3.5-sonnet` ⇄ `claude-sonnet-3-5`,
///   `claude-4.7-opus` ⇄ `claude-opus-4-7`): the words are sorted, the numbers keep their order;
/// - a trailing `-latest`, and a leading `~` (OpenRouter's "latest" notation).
/// Namespaces (`openai/`, `anthropic.`) are not part of the key: callers strip them first.
public enum NameKey {
    /// The comparison key of a bare model name (no namespace).
    /// - Complexity: O(*n*) in the length of the name, working on its UTF-8 bytes.
    public static func key(_ name: String) -> String {
        var bytes = Array(name.utf8)
        if bytes.first == UInt8(ascii: "~") { bytes.removeFirst() }
        // Variant and version suffixes after a colon.
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) { bytes.removeSubrange(colon...) }
        // Tokens: separators are - _ / space @, and a dot between digits (3.5 → 3 5).
        var tokens: [[UInt8]] = []
        var current: [UInt8] = []
        for (index, byte) in bytes.enumerated() {
            var lowered = byte
            if byte >= 65, byte <= 90 { lowered = byte + 32 }
            let isDotBetweenDigits =
                byte == UInt8(ascii: ".") && index > 0 && index + 1 < bytes.count && isDigit(bytes[index - 1]) && isDigit(bytes[index + 1])
            if lowered == UInt8(ascii: "-") || lowered == UInt8(ascii: "_") || lowered == UInt8(ascii: "/") || lowered == UInt8(ascii: " ")
                || lowered == UInt8(ascii: "@") || isDotBetweenDigits
            {
                if !current.isEmpty { tokens.append(current) }
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(lowered)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        if tokens.last == Array("latest".utf8) { tokens.removeLast() }
        // Dates: yyyy mm dd → yyyymmdd.
        var merged: [[UInt8]] = []
        merged.reserveCapacity(tokens.count)
        var index = 0
        while index < tokens.count {
            if index + 2 < tokens.count, isDigits(tokens[index], 4), tokens[index][0] == UInt8(ascii: "2"), tokens[index][1] == UInt8(ascii: "0"),
                isDigits(tokens[index + 1], 2), isDigits(tokens[index + 2], 2)
            {
                merged.append(tokens[index] + tokens[index + 1] + tokens[index + 2])
                index += 3
            } else {
                merged.append(tokens[index])
                index += 1
            }
        }
        // Vertex's and Bedrock's -v1/-v2 before a snapshot date (`claude-3-5-sonnet-v2@20241022`).
        var words: [[UInt8]] = []
        var numbers: [[UInt8]] = []
        for (position, token) in merged.enumerated() {
            let isVersion = token.count >= 2 && token[0] == UInt8(ascii: "v") && token.dropFirst().allSatisfy(isDigit)
            let beforeDate = position + 1 < merged.count && isDigits(merged[position + 1], 8)
            if isVersion, beforeDate, position > 0 { continue }
            if token.allSatisfy(isDigit) { numbers.append(token) } else { words.append(token) }
        }
        words.sort { $0.lexicographicallyPrecedes($1) }
        var key: [UInt8] = []
        key.reserveCapacity(bytes.count + 4)
        for word in words {
            key += word
            key.append(UInt8(ascii: "-"))
        }
        key.append(UInt8(ascii: "|"))
        for number in numbers {
            key.append(UInt8(ascii: "-"))
            key += number
        }
        return String(decoding: key, as: UTF8.self)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    static func isDigits(_ bytes: [UInt8], _ count: Int) -> Bool {
        bytes.count == count && bytes.allSatisfy(isDigit)
    }

    /// Splits a snapshot suffix off an id: `gpt-4o-2024-08-06` → (`gpt-4o`, `2024-08-06`),
    /// `claude-3-5-haiku-20241022` → (`claude-3-5-haiku`, `20241022`),
    /// `gemini-2.5-flash-preview-09-2025` → (`gemini-2.5-flash-preview`, `09-2025`). Weak
    /// suffixes (`-0709`, `-2508`, `-001`) count only when `isKnownStem` says the stem is a name
    /// the provider uses; full dates always count.
    public static func snapshot(of id: String, isKnownStem: (String) -> Bool) -> (stem: String, snapshot: String)? {
        let parts = id.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2 else { return nil }
        let last = parts[parts.count - 1]
        func stem(dropping count: Int) -> String { parts.dropLast(count).joined(separator: "-") }
        if parts.count >= 4, isDigits(parts[parts.count - 3], 4), parts[parts.count - 3].hasPrefix("20"), isDigits(parts[parts.count - 2], 2),
            isDigits(last, 2)
        {
            return (stem(dropping: 3), parts.suffix(3).joined(separator: "-"))
        }
        if isDigits(last, 8), last.hasPrefix("20") { return (stem(dropping: 1), last) }
        if parts.count >= 3, isDigits(parts[parts.count - 2], 2), isDigits(last, 4), last.hasPrefix("20") {
            return (stem(dropping: 2), parts.suffix(2).joined(separator: "-"))
        }
        if parts.count >= 3, isDigits(parts[parts.count - 2], 2), isDigits(last, 2),
            ["preview", "exp"].contains(parts[parts.count - 3]) || isKnownStem(stem(dropping: 2))
        {
            return (stem(dropping: 2), parts.suffix(2).joined(separator: "-"))
        }
        if isDigits(last, 4) || isDigits(last, 3), isKnownStem(stem(dropping: 1)) {
            return (stem(dropping: 1), last)
        }
        return nil
    }

    static func isDigits(_ text: String, _ count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy { $0 >= 48 && $0 <= 57 }
    }

    static func replaceDotsBetweenDigits(_ text: String) -> String {
        var characters = Array(text)
        for index in characters.indices where characters[index] == "." {
            if index > 0, index + 1 < characters.count, characters[index - 1].isNumber, characters[index + 1].isNumber {
                characters[index] = "-"
            }
        }
        return String(characters)
    }
}

extension String {
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for character in self {
            if character == target { result += replacement } else { result.append(character) }
        }
        return result
    }
}
