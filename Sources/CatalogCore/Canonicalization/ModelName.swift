/// A model name as any provider, router or SDK spells it, parsed once into its parts. The
/// only parser of model names in the project: the canonicalizer and the lookup index both read
/// names through it.
///
/// ```
/// openrouter/~anthropic/claude-sonnet-latest:thinking
/// ╰─ path ─╯╰───────╯ namespace (after the routers), `~` is isLatestPointer
///                      ╰─ stem ───────────────╯ ╰ variants ╯
/// bedrock/us.anthropic.claude-3-5-sonnet-20241022-v2:0:18k
///         ╰╯ region    ╰─ stem ────────╯ ╰ date ╯╰ version ╯╰ variants (`0` is Bedrock's revision) ╯
/// vertex_ai/claude-3-5-sonnet-v2@20241022        gemini-1.5-pro@001
///                            ╰ version ╯╰ date ╯                ╰ version ╯
/// ```
///
/// Parsing keeps every character: `ModelName(text).description == text`, so a name prints as
/// it was written. What never distinguishes two models is folded only by ``key``.
package struct ModelName: Hashable, Sendable, CustomStringConvertible {
    /// Slash-separated segments before the model's own segment, as written (without a `~`):
    /// routers and SDK paths (`openrouter`, `models`, `publishers/google/models` as three), then
    /// the host namespace (`openai` in `openrouter/openai/gpt-4o`).
    package var path: [String]
    /// A Bedrock cross-region prefix (`us` in `us.anthropic.claude-…`): a known region before
    /// a dot, with another dot after it.
    package var region: String?
    /// A dotted host namespace (`anthropic` in `anthropic.claude-…`, `meta` in `meta.llama3-…`).
    package var dottedNamespace: String?
    /// OpenRouter's `~` ("the newest model of this line") before the first segment that is not
    /// a router.
    package var isLatestPointer: Bool
    /// The name without its snapshot date, host version or variants (`claude-3-5-sonnet`).
    package var stem: String
    /// A full snapshot date as written (`20241022`, `2024-08-06`, `09-2025`; `07-18` after
    /// `preview` or `exp`). Shorter snapshot suffixes (`-0709`, `-001`) are dates only for a
    /// stem the provider knows: see ``snapshot(isKnownStem:)``.
    package var date: String?
    /// `-` or `@` (Vertex), before ``date``.
    package var dateSeparator: Character
    /// A host's API version, with its separator as written: Bedrock's `-v1`, `-v2` after a date
    /// and `-1` before a revision; Vertex's `-v2` before `@date` and `@001`.
    package var version: String?
    /// `true` when ``version`` comes before the date (`claude-3-5-sonnet-v2@20241022`).
    package var versionBeforeDate: Bool
    /// What follows colons: OpenRouter's variants (`free`, `thinking`), Bedrock's revision and
    /// context size (`0`, `18k`).
    package var variants: [String]

    /// Path segments routers and SDKs put before model names (`openrouter/…`, `vertex_ai/…`,
    /// `models/…`, `publishers/google/models/…`): never a model's namespace.
    package static let routers: Set<String> = [
        "openrouter", "bedrock", "bedrock_converse", "vertex_ai", "vertex_ai_beta", "vertex", "azure", "azure_ai", "gemini",
        "models", "together_ai", "together", "groq", "cerebras", "fireworks_ai", "litellm", "publishers",
    ]
    /// Bedrock's cross-region inference prefixes.
    package static let regions: Set<String> = ["us", "eu", "apac", "global", "us-gov", "jp", "au", "ca"]

    /// Parses `text`; every string is some name, so parsing cannot fail.
    /// - Complexity: O(*n*) in the length of the text.
    package init(_ text: String) {
        // Separators are ASCII: searched in the UTF-8 view, whose indices slice the text.
        var own = Substring(text)
        path = []
        if text.utf8.contains(UInt8(ascii: "/")) {
            var segments = text.split(separator: "/", omittingEmptySubsequences: false)
            own = segments.removeLast()
            path = segments.map(String.init)
        }
        isLatestPointer = false
        if let first = path.firstIndex(where: { !ModelName.routers.contains($0) }) {
            if path[first].hasPrefix("~"), !ModelName.routers.contains(String(path[first].dropFirst())) {
                path[first].removeFirst()
                isLatestPointer = true
            }
        } else if own.utf8.first == UInt8(ascii: "~") {
            own = own.dropFirst()
            isLatestPointer = true
        }
        // Variants after the first colon.
        var body = own
        variants = []
        if let colon = own.utf8.firstIndex(of: UInt8(ascii: ":")) {
            body = own[..<colon]
            variants = own[own.utf8.index(after: colon)...].split(separator: ":", omittingEmptySubsequences: false).map(
                String.init)
        }
        // Region and dotted namespace.
        region = nil
        dottedNamespace = nil
        if let dot = body.utf8.firstIndex(of: UInt8(ascii: ".")),
            ModelName.regions.contains(ModelName.lowercased(String(body[..<dot]))),
            body.utf8[body.utf8.index(after: dot)...].contains(UInt8(ascii: "."))
        {
            region = String(body[..<dot])
            body = body[body.utf8.index(after: dot)...]
        }
        if let head = ModelName.dottedHead(body) {
            dottedNamespace = String(body[..<head])
            body = body[body.utf8.index(after: head)...]
        }
        // Host version and date.
        version = nil
        versionBeforeDate = false
        date = nil
        dateSeparator = "-"
        var rest = body
        let dash = UInt8(ascii: "-")
        if let at = rest.utf8.lastIndex(of: UInt8(ascii: "@")) {
            let after = rest[rest.utf8.index(after: at)...]
            rest = rest[..<at]
            if ModelName.isDigits(after, 8), after.utf8.first == UInt8(ascii: "2"),
                after.utf8.dropFirst().first == UInt8(ascii: "0")
            {
                date = String(after)
                dateSeparator = "@"
                if let last = rest.utf8.lastIndex(of: dash), last > rest.startIndex,
                    ModelName.isVersionWord(rest.utf8[rest.utf8.index(after: last)...])
                {
                    version = String(rest[last...])
                    versionBeforeDate = true
                    rest = rest[..<last]
                }
            } else {
                version = "@" + after
            }
        } else if let last = rest.utf8.lastIndex(of: dash), last > rest.startIndex {
            // Bedrock's API version: `-v1` always, `-vN` after a date, `-1` before a revision.
            let word = rest.utf8[rest.utf8.index(after: last)...]
            let before = rest[..<last]
            let afterDate =
                before.utf8.lastIndex(of: dash).map { ModelName.isDigits(before[before.utf8.index(after: $0)...], 8) } ?? false
            let isV1 = word.elementsEqual("v1".utf8)
            if ModelName.isVersionWord(word) && (isV1 || afterDate) || !variants.isEmpty && word.elementsEqual("1".utf8) {
                version = String(rest[last...])
                rest = before
            }
        }
        if date == nil, let split = ModelName.split(rest, isKnownStem: { _ in false }) {
            date = String(split.snapshot)
            rest = split.stem
        }
        stem = String(rest)
    }

    /// The name as written.
    package var description: String {
        var text = ""
        let latestAt = isLatestPointer ? path.firstIndex(where: { !ModelName.routers.contains($0) }) : nil
        for (position, segment) in path.enumerated() {
            if position == latestAt { text += "~" }
            text += segment + "/"
        }
        if isLatestPointer, latestAt == nil { text += "~" }
        if let region { text += region + "." }
        if let dottedNamespace { text += dottedNamespace + "." }
        return text + name + variants.map { ":" + $0 }.joined()
    }

    /// The model's own name: stem, date and host version as written, without namespaces or
    /// variants (`claude-3-5-sonnet-20241022-v2`).
    package var name: String {
        var text = stem
        if versionBeforeDate, let version { text += version }
        if let date { text += String(dateSeparator) + date }
        if !versionBeforeDate, let version { text += version }
        return text
    }

    /// The name without the host's API version (`claude-3-5-sonnet-20241022` for Bedrock's
    /// `…-20241022-v2:0`, `llama3-70b-instruct` for `…-instruct-v1:0`).
    package var withoutHostVersion: String {
        stem + (date.map { String(dateSeparator) + $0 } ?? "")
    }

    /// The namespace of a slash-separated name: its last path segment unless that is a router
    /// (`openai` in `openrouter/openai/gpt-4o`; `nil` in `models/gemini-2.5-pro`).
    package var namespace: String? {
        guard let last = path.last, !ModelName.routers.contains(last) else { return nil }
        return last
    }

    /// The text after the first `n` path segments (`openai/gpt-4o` for
    /// `openrouter/openai/gpt-4o` and 1).
    package func droppingSegments(_ count: Int) -> String {
        var copy = self
        copy.path.removeFirst(min(count, path.count))
        if copy.isLatestPointer, count > 0,
            path.firstIndex(where: { !ModelName.routers.contains($0) }).map({ $0 < count }) == true
        {
            copy.isLatestPointer = false
        }
        return copy.description
    }

    /// The model's own segment without the region and dotted namespace (`claude-…-v2:0` for
    /// `us.anthropic.claude-…-v2:0`).
    package var withoutDottedPrefixes: String { withoutDottedPrefixes(keepingNamespace: false) }

    /// The model's own segment without the region, and without the dotted namespace unless
    /// `keepingNamespace`.
    package func withoutDottedPrefixes(keepingNamespace: Bool) -> String {
        var copy = self
        copy.path = []
        copy.isLatestPointer = false
        copy.region = nil
        if !keepingNamespace { copy.dottedNamespace = nil }
        return copy.description
    }

    /// The name as written without a Bedrock region (`anthropic.claude-…` for
    /// `us.anthropic.claude-…`).
    package var withoutRegion: String {
        var copy = self
        copy.region = nil
        return copy.description
    }

    /// The text after the first path segment (`openai/gpt-4o` for `openrouter/openai/gpt-4o`),
    /// or `nil` for a name without one.
    package var afterFirstSegment: String? { path.isEmpty ? nil : droppingSegments(1) }

    /// The name without variants (`deepseek/deepseek-chat` for `deepseek/deepseek-chat:free`).
    package var withoutVariants: String {
        var copy = self
        copy.variants = []
        return copy.description
    }

    /// The id a `-latest` name stands for the newest of (`mistral-large` for
    /// `mistral-large-latest`), or `nil` for another name.
    package static func latestStem(of id: String) -> String? {
        id.hasSuffix("-latest") && id.utf8.count > "-latest".utf8.count ? String(id.dropLast("-latest".count)) : nil
    }

    /// The `-latest` name of a stem (`mistral-large-latest` for `mistral-large`).
    package static func latestName(of stem: String) -> String { stem + "-latest" }

    /// The last variant (`free` in `deepseek/deepseek-chat:free`), empty when none.
    package var lastVariant: String { variants.last ?? "" }

    /// A display name's first word and the rest (`("Meta", "Llama 2 13b-chat-v1")` for
    /// `Meta Llama 2 13b-chat-v1`), or `nil` for a name without a space.
    package static func firstWord(of displayName: String) -> (first: String, rest: String)? {
        guard let space = displayName.utf8.firstIndex(of: 0x20) else { return nil }
        return (String(displayName[..<space]), String(displayName[displayName.utf8.index(after: space)...]))
    }

    /// The comparison key of the model's own name (``key(_:)`` of ``name``).
    package var key: String { ModelName.key(name) }

    // MARK: Snapshots

    /// Splits a snapshot suffix off the whole name: `gpt-4o-2024-08-06` → (`gpt-4o`,
    /// `2024-08-06`), `claude-3-5-haiku-20241022` → (`claude-3-5-haiku`, `20241022`),
    /// `gemini-2.5-flash-preview-09-2025` → (`gemini-2.5-flash-preview`, `09-2025`). Weak
    /// suffixes (`-0709`, `-2508`, `-001`) count only when `isKnownStem` says the stem is a name
    /// the provider uses; full dates always count.
    package func snapshot(isKnownStem: (String) -> Bool) -> (stem: String, snapshot: String)? {
        let text = description
        return ModelName.split(Substring(text), isKnownStem: isKnownStem).map { (String($0.stem), String($0.snapshot)) }
    }

    /// The snapshot split of `text`; full dates, and weak suffixes after a known stem.
    private static func split(_ text: Substring, isKnownStem: (String) -> Bool) -> (stem: Substring, snapshot: Substring)? {
        // The last four dash-separated parts, found from the end without splitting the whole.
        let utf8 = text.utf8
        var starts: [String.Index] = []  // starts of the last parts, last first
        starts.reserveCapacity(4)
        var end = utf8.endIndex
        var parts: [Substring] = []  // the last parts, last first
        parts.reserveCapacity(4)
        while parts.count < 4 {
            guard let dash = utf8[..<end].lastIndex(of: UInt8(ascii: "-")) else {
                parts.append(text[..<end])
                starts.append(text.startIndex)
                break
            }
            let start = utf8.index(after: dash)
            parts.append(text[start..<end])
            starts.append(start)
            end = dash
        }
        let count = parts.count == 4 && end > text.startIndex ? Int.max : parts.count  // more parts than were read
        guard count >= 2 else { return nil }
        func part(_ fromEnd: Int) -> Substring { parts[fromEnd - 1] }
        func cut(_ n: Int) -> (Substring, Substring) {
            let start = starts[n - 1]
            return (text[..<utf8.index(before: start)], text[start...])
        }
        func isYear(_ part: Substring) -> Bool {
            isDigits(part, 4) && part.utf8.first == UInt8(ascii: "2") && part.utf8.dropFirst().first == UInt8(ascii: "0")
        }
        let last = part(1)
        if count >= 4, isYear(part(3)), isDigits(part(2), 2), isDigits(last, 2) { return cut(3) }
        if isDigits(last, 8), last.utf8.first == UInt8(ascii: "2"), last.utf8.dropFirst().first == UInt8(ascii: "0") {
            return cut(1)
        }
        if count >= 3, isDigits(part(2), 2), isYear(last) { return cut(2) }
        if count >= 3, isDigits(part(2), 2), isDigits(last, 2),
            part(3) == "preview" || part(3) == "exp" || isKnownStem(String(cut(2).0))
        {
            return cut(2)
        }
        if isDigits(last, 4) || isDigits(last, 3), isKnownStem(String(cut(1).0)) { return cut(1) }
        return nil
    }

    // MARK: Keys

    /// The comparison key of a bare model name (no namespace), folding what never
    /// distinguishes two models:
    /// - case (`GPT-4o` → `gpt-4o`);
    /// - variants and revisions after a colon (`:free`, `:thinking`, `:0`, `:18k`);
    /// - Vertex's `-v2` before `@date` (`claude-3-5-sonnet-v2@20241022`);
    /// - date spellings (`-2024-08-06` ⇄ `-20240806`);
    /// - version punctuation (`3.5` ⇄ `3-5`);
    /// - word order around the version (`claude-3.5-sonnet` ⇄ `claude-sonnet-3-5`): the words
    ///   are sorted, the numbers keep their order, version words (`v2`) come last;
    /// - the word `latest`, and a leading `~` (OpenRouter's "latest" notation).
    ///
    /// A key is its own key: `key(key(x)) == key(x)`.
    /// - Complexity: O(*n*) in the length of the name, working on its UTF-8 bytes.
    package static func key(_ name: String) -> String {
        // Lowercased bytes, without a leading `~` and what follows a colon.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(name.utf8.count)
        for (offset, byte) in name.utf8.enumerated() {
            if offset == 0, byte == UInt8(ascii: "~") { continue }
            if byte == UInt8(ascii: ":") { break }
            bytes.append(byte >= 65 && byte <= 90 ? byte + 32 : byte)
        }
        return bytes.withUnsafeBufferPointer { key(tokensOf: $0) }
    }

    /// ``key(_:)`` of lowercased bytes.
    private static func key(tokensOf bytes: UnsafeBufferPointer<UInt8>) -> String {
        // Tokens: separators are - _ / space @, and a dot between digits (3.5 → 3 5).
        var tokens: [Range<Int>] = []
        tokens.reserveCapacity(8)
        var tokenStart = -1
        for index in 0..<bytes.count {
            let byte = bytes[index]
            let isSeparator =
                byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "/") || byte == UInt8(ascii: " ")
                || byte == UInt8(ascii: "@")
                || byte == UInt8(ascii: ".") && index > 0 && index + 1 < bytes.count && isDigit(bytes[index - 1])
                    && isDigit(bytes[index + 1])
            if isSeparator {
                if tokenStart >= 0 { tokens.append(tokenStart..<index) }
                tokenStart = -1
            } else if tokenStart < 0 {
                tokenStart = index
            }
        }
        if tokenStart >= 0 { tokens.append(tokenStart..<bytes.count) }
        func isDigits(_ token: Range<Int>, _ count: Int) -> Bool {
            token.count == count && token.allSatisfy { isDigit(bytes[$0]) }
        }
        func isYear(_ token: Range<Int>) -> Bool {
            isDigits(token, 4) && bytes[token.lowerBound] == UInt8(ascii: "2") && bytes[token.lowerBound + 1] == UInt8(ascii: "0")
        }
        /// `true` when the tokens from `position` start a date: `yyyymmdd`, or `yyyy mm dd`.
        func isDate(at position: Int) -> Bool {
            guard position < tokens.count else { return false }
            if isDigits(tokens[position], 8) { return true }
            return position + 2 < tokens.count && isYear(tokens[position]) && isDigits(tokens[position + 1], 2)
                && isDigits(tokens[position + 2], 2)
        }
        var words: [Range<Int>] = []
        var numbers: [Range<Int>] = []
        var versions: [Range<Int>] = []
        for (position, token) in tokens.enumerated() {
            if token.count == 6, bytes[token].elementsEqual(latestWord) { continue }
            if token.count >= 2, bytes[token.lowerBound] == UInt8(ascii: "v"),
                bytes[(token.lowerBound + 1)..<token.upperBound].allSatisfy(isDigit)
            {
                // Vertex's and Bedrock's -v1/-v2 before a snapshot date.
                if position > 0, isDate(at: position + 1) { continue }
                versions.append(token)
            } else if token.allSatisfy({ isDigit(bytes[$0]) }) {
                numbers.append(token)
            } else {
                words.append(token)
            }
        }
        words.sort { bytes[$0].lexicographicallyPrecedes(bytes[$1]) }
        var key: [UInt8] = []
        key.reserveCapacity(bytes.count + 4)
        func append(_ token: Range<Int>, separated: Bool) {
            if separated, !key.isEmpty { key.append(UInt8(ascii: "-")) }
            key.append(contentsOf: bytes[token])
        }
        for word in words { append(word, separated: true) }
        // Dates: yyyy mm dd → yyyymmdd, among the numbers.
        var index = 0
        while index < numbers.count {
            if index + 2 < numbers.count, isYear(numbers[index]), numbers[index + 1].count == 2, numbers[index + 2].count == 2 {
                append(numbers[index], separated: true)
                append(numbers[index + 1], separated: false)
                append(numbers[index + 2], separated: false)
                index += 3
            } else {
                append(numbers[index], separated: true)
                index += 1
            }
        }
        for version in versions { append(version, separated: true) }
        return String(decoding: key, as: UTF8.self)
    }

    /// `true` when a key names a line of models rather than one (no number: `claude`, `gpt`).
    package static func keyHasNumber(_ key: String) -> Bool {
        key.utf8.split(separator: UInt8(ascii: "-")).contains { $0.allSatisfy(isDigit) }
    }

    private static let latestWord = Array("latest".utf8)

    // MARK: Characters

    /// The text before the first dot when that dot is a namespace separator (Bedrock's
    /// `anthropic.claude-…`): a head of letters, digits, `-` and `_` that starts with a letter,
    /// and a letter after the dot (`gpt-3.5`, `flux.1.1-pro` have none).
    private static func dottedHead(_ text: Substring) -> String.Index? {
        let utf8 = text.utf8
        guard let dot = utf8.firstIndex(of: UInt8(ascii: ".")), dot > utf8.startIndex, utf8.index(after: dot) < utf8.endIndex
        else { return nil }
        let head = utf8[..<dot]
        guard let first = head.first, isLetter(first), isLetter(utf8[utf8.index(after: dot)]),
            head.allSatisfy({ isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") })
        else { return nil }
        return dot
    }

    private static func isVersionWord<S: Sequence<UInt8>>(_ token: S) -> Bool {
        var count = 0
        for byte in token {
            if count == 0 {
                guard byte == UInt8(ascii: "v") else { return false }
            } else {
                guard isDigit(byte) else { return false }
            }
            count += 1
        }
        return count >= 2
    }

    /// `true` when `tokens` start with a date: `yyyymmdd`, or `yyyy mm dd`.
    private static func isDate(_ tokens: ArraySlice<[UInt8]>) -> Bool {
        let first = tokens[tokens.startIndex]
        if first.count == 8 { return first.allSatisfy(isDigit) }
        guard tokens.count >= 3, first.count == 4, first[0] == UInt8(ascii: "2"), first[1] == UInt8(ascii: "0"),
            first.allSatisfy(isDigit)
        else {
            return false
        }
        let (month, day) = (tokens[tokens.startIndex + 1], tokens[tokens.startIndex + 2])
        return month.count == 2 && day.count == 2 && month.allSatisfy(isDigit) && day.allSatisfy(isDigit)
    }

    /// `name` in lowercase, without Unicode case mapping when it is ASCII.
    package static func lowercased(_ name: String) -> String {
        var hasUpper = false
        for byte in name.utf8 {
            if byte >= 0x80 { return name.lowercased() }
            if byte >= 65, byte <= 90 { hasUpper = true }
        }
        guard hasUpper else { return name }
        return String(decoding: name.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// `true` when `text` has a character that gives a name structure (`/`, `.`, `@`, `:`, `~`):
    /// a name without one parses to its stem and date alone.
    package static func mayHaveStructure(_ text: String) -> Bool {
        text.utf8.contains {
            $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "@") || $0 == UInt8(ascii: ":")
                || $0 == UInt8(ascii: "~")
        }
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
    static func isLetter(_ byte: UInt8) -> Bool { byte | 0x20 >= 97 && byte | 0x20 <= 122 }

    static func isDigits(_ text: Substring, _ count: Int) -> Bool {
        text.utf8.count == count && text.utf8.allSatisfy(isDigit)
    }
}
