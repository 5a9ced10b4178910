import CatalogCore
import Foundation

/// The catalog file shipped inside the library (`catalog.tsv`): the newest version, one line
/// per model, offering, alias, successor, record and fact, so that a refresh shows a small diff
/// and opening it is a scan for line ends, not a parse.
///
/// ```
/// bulkllm-catalog-2	2026-07-28
/// M	<model id>	<creator>	<family>	<status>	<record whose facts it has, or empty>
/// F	…                                                (the model's own facts, when it has no such record)
/// O	<provider>	<provider model id>	<match rule>     (the model's offerings)
/// A	<name>	<match rule>                             (the model's aliases)
/// S	<family>	<successor family>
/// K	<name key>	<model positions>                   (the name index's parts made on first use:
/// N	<host namespace>	<creator>                        keys of names written alike, namespaces,
/// X	<name>	<model>:<offering>…                       routers' names read as bare names, and
/// W	<name>                                            the names suggestions come from)
/// R	<record id>	<provider>	<provider model id>	<status>
/// F	<field>	<kind>	<value>	<file>	<locator>        (the facts of the record above)
/// ```
///
/// Fields are tab-separated, with `\t`, `\n` and `\\` escaped. Models come first, sorted by id (a
/// model position is its place among them, from 0): opening the catalog reads them, steps over
/// the index lines and stops at the first record; the index is read on the first name not known
/// as written (``NameIndex``), the records when first asked for, and each one's facts when its
/// model or record is. A `bulkllm-catalog-2` file is the same without index lines: the index is
/// then made from the models.
enum EmbeddedCatalog {
    static let format = "bulkllm-catalog-3"
    /// Formats this reader also reads.
    static let readableFormats: Set<String> = [format, "bulkllm-catalog-2"]

    /// The file's bytes, mapped into memory (or held), kept for reading records and facts on
    /// first use.
    final class Bytes: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<UInt8>
        let path: String
        private let mapped: Bool

        /// The file at `path`, mapped read-only: opening reads no byte it does not need.
        init?(mapping path: String) {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { return nil }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
            let size = Int(status.st_size)
            self.path = path
            if size == 0 {
                buffer = UnsafeBufferPointer(UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 0))
                mapped = false
                return
            }
            guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED else { return nil }
            buffer = UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: size)
            mapped = true
        }

        deinit {
            if mapped, let base = buffer.baseAddress {
                munmap(UnsafeMutableRawPointer(mutating: base), buffer.count)
            } else {
                UnsafeMutableBufferPointer(mutating: buffer).deallocate()
            }
        }

        /// Where the line starting at `start` ends (its `\n`, or the end of the file).
        func lineEnd(from start: Int) -> Int {
            guard start < buffer.count, let base = buffer.baseAddress,
                let found = memchr(base + start, 0x0A, buffer.count - start)
            else { return buffer.count }
            return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }

        /// `true` when the line at `start` has the tag `tag` (`F`, `R`…).
        func isLine(_ tag: Character, at start: Int) -> Bool {
            start + 1 < buffer.count && buffer[start] == tag.asciiValue! && buffer[start + 1] == 0x09
        }

        /// The `F` lines from `start` on, up to the start of the next other line.
        func factRun(from start: Int) -> Range<Int> {
            run(from: start) { $0 == UInt8(ascii: "F") }
        }

        /// The lines from `start` on whose tags `isTag` accepts, up to the start of the next other line.
        func run(from start: Int, while isTag: (UInt8) -> Bool) -> Range<Int> {
            var end = start
            while end + 1 < buffer.count, isTag(buffer[end]), buffer[end + 1] == 0x09 { end = lineEnd(from: end) + 1 }
            return start..<min(end, buffer.count)
        }

        /// The fields of the line from `start` to `end` as byte ranges, escapes left in, into
        /// `ranges` (reused from line to line: no allocation per line).
        func fieldRanges(_ start: Int, _ end: Int, into ranges: inout [Range<Int>]) {
            ranges.removeAll(keepingCapacity: true)
            var fieldStart = start
            while let tab = memchr(buffer.baseAddress! + fieldStart, 0x09, end - fieldStart) {
                let position = buffer.baseAddress!.distance(to: tab.assumingMemoryBound(to: UInt8.self))
                ranges.append(fieldStart..<position)
                fieldStart = position + 1
            }
            ranges.append(fieldStart..<end)
        }

        /// The unescaped text of the bytes in `range` (a field).
        func text(_ range: Range<Int>) -> String {
            let bytes = UnsafeBufferPointer(rebasing: buffer[range])
            return bytes.contains(UInt8(ascii: "\\")) ? EmbeddedCatalog.unescape(bytes) : String(decoding: bytes, as: UTF8.self)
        }

        /// The tag of a line from its first field (`M`, `K`…): its one byte, or 0 for any other field.
        func tag(_ range: Range<Int>) -> UInt8 { range.count == 1 ? buffer[range.lowerBound] : 0 }

        /// The unescaped fields of the line from `start` to `end`.
        func fields(_ start: Int, _ end: Int) -> [String] {
            var ranges: [Range<Int>] = []
            fieldRanges(start, end, into: &ranges)
            return ranges.map(text)
        }

        /// The 1-based number of the line at `offset`, counted only when an error names it.
        func lineNumber(at offset: Int) -> Int {
            var count = 1
            for index in 0..<min(offset, buffer.count) where buffer[index] == 0x0A { count += 1 }
            return count
        }
    }

    /// A run of fact lines in the file.
    struct FactLines: Sendable {
        let file: Bytes
        let range: Range<Int>
    }

    /// The text of one version.
    static func encode(_ data: VersionData) throws -> String {
        var text = format + "\t" + data.version.description + "\n"
        func line(_ tag: String, _ fields: [String]) {
            text += tag
            for field in fields { text += "\t" + escape(field) }
            text += "\n"
        }
        func facts(_ list: [SourcedFact]) {
            for fact in list {
                line("F", [fact.field.key, fact.value.storageTag, fact.value.storageText, fact.source.file, fact.source.locator])
            }
        }
        let records = try data.records
        for entry in data.models {
            let modelFacts = try data.facts(entry.factsKey, cacheKey: "model:" + entry.id)
            let sharesRecord =
                try records[entry.id].map { try data.facts($0.factsKey, cacheKey: "record:" + entry.id) == modelFacts } ?? false
            line("M", [entry.id, entry.creator, entry.family, entry.status.rawValue, sharesRecord ? entry.id : ""])
            if !sharesRecord { facts(modelFacts) }
            for offering in entry.offerings {
                line("O", [offering.provider, offering.providerModelID, offering.rule.description])
            }
            for alias in entry.aliases { line("A", [alias.name, alias.rule.description]) }
        }
        for (family, successor) in data.successors.sorted(by: { $0.key < $1.key }) { line("S", [family, successor]) }
        let index = NameIndex(data)
        let spellings = try index.spellings
        for (key, models) in spellings.normalized.sorted(by: { $0.key < $1.key }) {
            line("K", [key, models.map(String.init).joined(separator: " ")])
        }
        for (namespace, creator) in spellings.namespaces.sorted(by: { $0.key < $1.key }) { line("N", [namespace, creator]) }
        for (name, hits) in spellings.exact.sorted(by: { $0.key < $1.key }) {
            line("X", [name, hits.map { "\($0.model):\($0.offering)" }.joined(separator: " ")])
        }
        for name in try index.suggestedNames { line("W", [name]) }
        for id in records.keys.sorted() {
            let entry = records[id]!
            line("R", [id, entry.provider, entry.providerModelID, entry.status.rawValue])
            facts(try data.facts(entry.factsKey, cacheKey: "record:" + id))
        }
        return text
    }

    /// Reads a version: its models now, its records on first use, facts when asked for.
    /// - Throws: ``CatalogStoreError`` naming the file and line of anything the format does
    ///   not allow.
    static func decode(_ file: Bytes) throws(CatalogStoreError) -> VersionData {
        func corrupt(at offset: Int, _ expected: String) -> CatalogStoreError {
            CatalogStoreError.corrupt(path: file.path, "line \(file.lineNumber(at: offset))", expected: expected)
        }
        func status(_ text: String, at offset: Int) throws(CatalogStoreError) -> ModelStatus {
            guard let status = ModelStatus(rawValue: text) else {
                throw corrupt(at: offset, "a status (active, deprecated, retired), not \"\(text)\"")
            }
            return status
        }
        func rule(_ text: String, at offset: Int) throws(CatalogStoreError) -> MatchRule {
            guard let rule = MatchRule(text) else { throw corrupt(at: offset, "a match rule, not \"\(text)\"") }
            return rule
        }

        let header = file.fields(0, file.lineEnd(from: 0))
        guard header.count == 2, readableFormats.contains(header[0]), let version = CalendarDate(iso: header[1]) else {
            guard file.buffer.isEmpty else { throw corrupt(at: 0, "the header \"\(format)<tab>YYYY-MM-DD\"") }
            throw CatalogStoreError(.notACatalog, path: file.path, message: "expected a \(format) file")
        }
        var models: [VersionData.ModelEntry] = []
        var successors: [String: String] = [:]
        var inModel = false
        var recordsStart: Int?
        var spellingLines: Range<Int>?
        var suggestionLines: Range<Int>?
        var fields: [Range<Int>] = []
        var start = file.lineEnd(from: 0) + 1
        lines: while start < file.buffer.count {
            // The index lines are stepped over, to be read on first use.
            if file.isLine("K", at: start) || file.isLine("N", at: start) || file.isLine("X", at: start) {
                guard spellingLines == nil, suggestionLines == nil else {
                    throw corrupt(at: start, "the K, N and X lines in one run, before the W lines")
                }
                spellingLines = file.run(from: start) {
                    $0 == UInt8(ascii: "K") || $0 == UInt8(ascii: "N") || $0 == UInt8(ascii: "X")
                }
                start = spellingLines!.upperBound
                inModel = false
                continue
            }
            if file.isLine("W", at: start) {
                guard suggestionLines == nil else { throw corrupt(at: start, "the W lines in one run") }
                suggestionLines = file.run(from: start) { $0 == UInt8(ascii: "W") }
                start = suggestionLines!.upperBound
                inModel = false
                continue
            }
            let end = file.lineEnd(from: start)
            file.fieldRanges(start, end, into: &fields)
            var next = end + 1
            switch (file.tag(fields[0]), fields.count) {
            case (UInt8(ascii: "M"), 6):
                let id = file.text(fields[1])
                guard !id.isEmpty else { throw corrupt(at: start, "a model id") }
                // Model positions in the index are places in this order.
                guard models.last.map({ $0.id < id }) ?? true else {
                    throw corrupt(at: start, "models sorted by id, \"\(id)\" after \"\(models.last!.id)\"")
                }
                // The model's own facts: the F lines that follow.
                let facts = file.factRun(from: next)
                models.append(
                    VersionData.ModelEntry(
                        id: id, creator: file.text(fields[2]), family: file.text(fields[3]),
                        status: try status(file.text(fields[4]), at: start),
                        factsKey: !facts.isEmpty
                            ? .embedded(FactLines(file: file, range: facts))
                            : fields[5].isEmpty ? .none : .record(file.text(fields[5])),
                        offerings: [], aliases: []))
                inModel = true
                next = facts.upperBound
            case (UInt8(ascii: "O"), 4):
                guard inModel else { throw corrupt(at: start, "an offering after its model") }
                models[models.count - 1].offerings.append(
                    Offering(
                        provider: file.text(fields[1]), providerModelID: file.text(fields[2]),
                        rule: try rule(file.text(fields[3]), at: start)))
            case (UInt8(ascii: "A"), 3):
                guard inModel else { throw corrupt(at: start, "an alias after its model") }
                models[models.count - 1].aliases.append(
                    Alias(name: file.text(fields[1]), rule: try rule(file.text(fields[2]), at: start)))
            case (UInt8(ascii: "S"), 3):
                successors[file.text(fields[1])] = file.text(fields[2])
                inModel = false
            case (UInt8(ascii: "R"), 5):
                // The records: read on first use.
                recordsStart = start
                break lines
            case (UInt8(ascii: "F"), _):
                throw corrupt(at: start, "facts right after their model or record")
            default:
                throw corrupt(at: start, "a line M, F, O, A, S or R with its fields")
            }
            start = next
        }
        let records = recordsStart
        let decodedModels = models
        let (spellingRange, suggestionRange) = (spellingLines, suggestionLines)
        let storedIndex = NameIndex.Stored(
            spellings: { () throws(CatalogStoreError) in
                try spellingRange.map { (lines) throws(CatalogStoreError) in
                    try decodeSpellings(file, lines, models: decodedModels)
                }
            },
            suggestedNames: { () throws(CatalogStoreError) in
                try suggestionRange.map { (lines) throws(CatalogStoreError) in try decodeSuggestedNames(file, lines) }
            })
        return VersionData(
            version: version, models: models,
            records: { () throws(CatalogStoreError) in
                guard let records else { return [:] }
                return try decodeRecords(file, from: records)
            },
            findRecord: { (id) throws(CatalogStoreError) in
                guard let records else { return nil }
                return try findRecord(id, in: file, from: records)
            },
            successors: successors, storedIndex: storedIndex,
            loadStored: { _ in
                throw CatalogStoreError(.corruptData, path: file.path, message: "stored records are not in an embedded catalog")
            })
    }

    /// The name index's keys, namespaces and spelled names, from their lines.
    static func decodeSpellings(
        _ file: Bytes, _ range: Range<Int>, models: [VersionData.ModelEntry]
    ) throws(CatalogStoreError) -> NameIndex.Spellings {
        var exact: [String: [NameIndex.Hit]] = [:]
        var normalized: [String: [Int32]] = [:]
        var namespaces: [String: String] = [:]
        normalized.reserveCapacity(models.count * 3)
        var fields: [Range<Int>] = []
        var numbers: [Int] = []
        var start = range.lowerBound
        while start < range.upperBound {
            let end = file.lineEnd(from: start)
            file.fieldRanges(start, end, into: &fields)
            func corrupt(_ expected: String) -> CatalogStoreError {
                CatalogStoreError.corrupt(path: file.path, "line \(file.lineNumber(at: start))", expected: expected)
            }
            switch (file.tag(fields[0]), fields.count) {
            case (UInt8(ascii: "K"), 3):
                let key = file.text(fields[1])
                let positions = EmbeddedCatalog.numbers(in: fields[2], of: file, into: &numbers) ? numbers.map(Int32.init) : []
                guard normalized[key] == nil, !positions.isEmpty,
                    zip(positions, positions.dropFirst()).allSatisfy({ $0 < $1 }), Int(positions.last!) < models.count
                else {
                    throw corrupt("K, a name key not seen before and model positions, ascending and space-separated")
                }
                normalized[key] = positions
            case (UInt8(ascii: "N"), 3):
                let namespace = file.text(fields[1])
                guard namespaces[namespace] == nil, !fields[2].isEmpty else {
                    throw corrupt("N, a namespace not seen before and a creator")
                }
                namespaces[namespace] = file.text(fields[2])
            case (UInt8(ascii: "X"), 3):
                // model:offering pairs: numbers in twos.
                var hits: [NameIndex.Hit] = []
                if EmbeddedCatalog.numbers(in: fields[2], of: file, into: &numbers, pairs: true), numbers.count % 2 == 0 {
                    for pair in stride(from: 0, to: numbers.count, by: 2) {
                        let (model, offering) = (numbers[pair], numbers[pair + 1])
                        guard model < models.count, offering < models[model].offerings.count else {
                            hits = []
                            break
                        }
                        hits.append(NameIndex.Hit(model: Int32(model), kind: .offering, offering: Int16(offering)))
                    }
                }
                let name = file.text(fields[1])
                guard exact[name] == nil, !hits.isEmpty else {
                    throw corrupt("X, a name not seen before and model:offering positions, space-separated")
                }
                exact[name] = hits
            default:
                throw corrupt("an index line K, N or X with its fields")
            }
            start = end + 1
        }
        return NameIndex.Spellings(exact: exact, normalized: normalized, namespaces: namespaces)
    }

    /// The decimal numbers of the bytes in `range`, separated by single spaces (and, for `pairs`,
    /// written `a:b`), into `numbers`; `false` for anything else.
    private static func numbers(in range: Range<Int>, of file: Bytes, into numbers: inout [Int], pairs: Bool = false) -> Bool {
        numbers.removeAll(keepingCapacity: true)
        var value = 0
        var digits = 0
        var colon = false
        for index in range {
            let byte = file.buffer[index]
            if byte >= 48, byte <= 57, digits < 9 {
                value = value * 10 + Int(byte - 48)
                digits += 1
                continue
            }
            guard digits > 0 else { return false }
            if pairs, byte == UInt8(ascii: ":"), !colon {
                colon = true
            } else if byte == 0x20, colon == pairs {
                colon = false
            } else {
                return false
            }
            numbers.append(value)
            (value, digits) = (0, 0)
        }
        guard digits > 0, colon == pairs else { return false }
        numbers.append(value)
        return true
    }

    /// The names suggestions come from, in order, from their `W` lines.
    static func decodeSuggestedNames(_ file: Bytes, _ range: Range<Int>) throws(CatalogStoreError) -> [String] {
        var names: [String] = []
        var fields: [Range<Int>] = []
        var start = range.lowerBound
        while start < range.upperBound {
            let end = file.lineEnd(from: start)
            file.fieldRanges(start, end, into: &fields)
            let name = fields.count == 2 ? file.text(fields[1]) : ""
            guard !name.isEmpty, names.last.map({ $0 < name }) ?? true else {
                throw CatalogStoreError.corrupt(
                    path: file.path, "line \(file.lineNumber(at: start))", expected: "W and a name, in sorted order")
            }
            names.append(name)
            start = end + 1
        }
        return names
    }

    /// The record whose `R` line starts at `start`, with its fact lines, and where the next
    /// line after them starts.
    static func record(at start: Int, in file: Bytes) throws(CatalogStoreError) -> (entry: VersionData.RecordEntry, next: Int) {
        let end = file.lineEnd(from: start)
        let fields = file.fields(start, end)
        guard fields.count == 5, fields[0] == "R", !fields[1].isEmpty, let status = ModelStatus(rawValue: fields[4]) else {
            throw CatalogStoreError.corrupt(
                path: file.path, "line \(file.lineNumber(at: start))",
                expected: "a record: R, an id, provider, provider model id and status")
        }
        let facts = file.factRun(from: end + 1)
        let entry = VersionData.RecordEntry(
            id: fields[1], provider: fields[2], providerModelID: fields[3], status: status,
            factsKey: facts.isEmpty ? .none : .embedded(FactLines(file: file, range: facts)))
        return (entry, facts.upperBound)
    }

    /// The records from `offset` (an `R` line) to the end of the file, each with its fact lines.
    static func decodeRecords(_ file: Bytes, from offset: Int) throws(CatalogStoreError) -> [String: VersionData.RecordEntry] {
        var records: [String: VersionData.RecordEntry] = [:]
        var start = offset
        while start < file.buffer.count {
            let (entry, next) = try record(at: start, in: file)
            guard records[entry.id] == nil else {
                throw CatalogStoreError.corrupt(
                    path: file.path, "line \(file.lineNumber(at: start))",
                    expected: "a record: R, a new id, provider, provider model id and status")
            }
            records[entry.id] = entry
            start = next
        }
        return records
    }

    /// The facts of a run of `F` lines.
    /// - Throws: ``CatalogStoreError`` naming the line of a fact that does not decode.
    static func decodeFacts(_ lines: FactLines) throws(CatalogStoreError) -> [SourcedFact] {
        var facts: [SourcedFact] = []
        var start = lines.range.lowerBound
        while start < lines.range.upperBound {
            let end = min(lines.file.lineEnd(from: start), lines.range.upperBound)
            let parts = lines.file.fields(start, end)
            guard parts.count == 6, let field = FactField(key: parts[1]),
                let value = FactValue(storageTag: parts[2], storageText: parts[3])
            else {
                throw CatalogStoreError.corrupt(
                    path: lines.file.path, "line \(lines.file.lineNumber(at: start))",
                    expected: "a fact: F, a known field, a kind and value that decode, a file and a locator")
            }
            facts.append(SourcedFact(field: field, value: value, source: FactSource(file: parts[4], locator: parts[5])))
            start = end + 1
        }
        return facts
    }

    /// The record `id`, found by binary search over the records from `offset` (sorted by id),
    /// without reading the others.
    static func findRecord(_ id: String, in file: Bytes, from offset: Int) throws(CatalogStoreError) -> VersionData.RecordEntry? {
        /// The start of the first `R` line at or after `position`.
        func recordStart(atOrAfter position: Int) -> Int? {
            // The start of the line at or after `position`.
            var start = position > offset && file.buffer[position - 1] != 0x0A ? file.lineEnd(from: position) + 1 : position
            while start < file.buffer.count {
                if file.isLine("R", at: start) { return start }
                start = file.lineEnd(from: start) + 1
            }
            return nil
        }
        var low = offset
        var high = file.buffer.count
        while low < high {
            let middle = low + (high - low) / 2
            guard let start = recordStart(atOrAfter: middle), start < high else {
                high = middle
                continue
            }
            let (entry, _) = try record(at: start, in: file)
            if entry.id < id {
                low = start + 1
            } else if id < entry.id {
                high = middle
            } else {
                return entry
            }
        }
        return nil
    }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == UInt8(ascii: "\\") }) else { return text }
        var result = ""
        for character in text {
            switch character {
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\\": result += "\\\\"
            default: result.append(character)
            }
        }
        return result
    }

    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var escaping = false
        for byte in bytes {
            if escaping {
                switch byte {
                case UInt8(ascii: "t"): result.append(0x09)
                case UInt8(ascii: "n"): result.append(0x0A)
                default: result.append(byte)
                }
                escaping = false
            } else if byte == UInt8(ascii: "\\") {
                escaping = true
            } else {
                result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }
}
