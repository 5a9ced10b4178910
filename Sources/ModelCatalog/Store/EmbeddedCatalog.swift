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
/// R	<record id>	<provider>	<provider model id>	<status>
/// F	<field>	<kind>	<value>	<file>	<locator>        (the facts of the record above)
/// ```
///
/// Fields are tab-separated, with `\t`, `\n` and `\\` escaped. Models come first: opening the
/// catalog reads them and stops at the first record; the records are read when first asked for,
/// and each one's facts when its model or record is.
enum EmbeddedCatalog {
    static let format = "bulkllm-catalog-2"

    /// The file's bytes, mapped into memory (or held), kept for reading records and facts on
    /// first use.
    final class Bytes: @unchecked Sendable {
        let buffer: UnsafeBufferPointer<UInt8>
        let path: String
        private let mapped: Bool

        /// A copy of `bytes` (tests, other sources).
        init(_ bytes: [UInt8], path: String) {
            let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
            _ = copy.initialize(from: bytes)
            buffer = UnsafeBufferPointer(copy)
            self.path = path
            mapped = false
        }

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
        for id in records.keys.sorted() {
            let entry = records[id]!
            line("R", [id, entry.provider, entry.providerModelID, entry.status.rawValue])
            facts(try data.facts(entry.factsKey, cacheKey: "record:" + id))
        }
        return text
    }

    /// One line of the file: its tag, its bytes without the line end, its number.
    struct Line {
        var tag: UInt8
        var range: Range<Int>
        var number: Int
    }

    /// Calls `body` with each line from `start` (whose number is `number`) until it returns
    /// `false` or the file ends.
    static func lines(
        _ buffer: UnsafeBufferPointer<UInt8>, from start: Int, number: Int, _ body: (Line) throws(CatalogStoreError) -> Bool
    ) throws(CatalogStoreError) {
        guard let base = buffer.baseAddress else { return }
        var start = start
        var number = number
        while start < buffer.count {
            let end: Int
            if let found = memchr(base + start, 0x0A, buffer.count - start) {
                end = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            } else {
                end = buffer.count
            }
            guard try body(Line(tag: base[start], range: start..<end, number: number)) else { return }
            number += 1
            start = end + 1
        }
    }

    static func isFact(_ line: Line, _ buffer: UnsafeBufferPointer<UInt8>) -> Bool {
        line.tag == UInt8(ascii: "F") && line.range.count > 1 && buffer[line.range.lowerBound + 1] == 0x09
    }

    /// Reads a version: its models now, its records on first use, facts when asked for.
    /// - Throws: ``CatalogStoreError`` naming the file and line of anything the format does
    ///   not allow.
    static func decode(_ shared: Bytes) throws(CatalogStoreError) -> VersionData {
        let file = shared.path
        var models: [VersionData.ModelEntry] = []
        var successors: [String: String] = [:]
        var version: CalendarDate?
        var inModel = false
        var factStart: (offset: Int, line: Int)?
        var recordsStart: (offset: Int, line: Int)?

        func corrupt(_ line: Int, _ expected: String) -> CatalogStoreError {
            CatalogStoreError.corrupt(path: file, "line \(line)", expected: expected)
        }
        func status(_ text: String, _ line: Int) throws(CatalogStoreError) -> ModelStatus {
            guard let status = ModelStatus(rawValue: text) else {
                throw corrupt(line, "a status (active, deprecated, retired), not \"\(text)\"")
            }
            return status
        }
        func rule(_ text: String, _ line: Int) throws(CatalogStoreError) -> MatchRule {
            guard let rule = MatchRule(text) else { throw corrupt(line, "a match rule, not \"\(text)\"") }
            return rule
        }

        do {
            let buffer = shared.buffer
            func closeFacts(at end: Int) {
                guard let start = factStart else { return }
                models[models.count - 1].factsKey = .embedded(
                    FactLines(file: shared, range: start.offset..<end))
                factStart = nil
            }
            try lines(buffer, from: 0, number: 1) { (line) throws(CatalogStoreError) in
                if isFact(line, buffer) {
                    guard inModel else { throw corrupt(line.number, "facts after a model or record") }
                    if factStart == nil { factStart = (line.range.lowerBound, line.number) }
                    return true
                }
                closeFacts(at: line.range.lowerBound)
                let fields = EmbeddedCatalog.fields(UnsafeBufferPointer(rebasing: buffer[line.range]))
                if line.number == 1 {
                    guard fields.count == 2, fields[0] == format, let date = CalendarDate(iso: fields[1]) else {
                        throw corrupt(1, "the header \"\(format)<tab>YYYY-MM-DD\"")
                    }
                    version = date
                    return true
                }
                switch (fields.first, fields.count) {
                case ("M", 6):
                    guard !fields[1].isEmpty else { throw corrupt(line.number, "a model id") }
                    models.append(
                        VersionData.ModelEntry(
                            id: fields[1], creator: fields[2], family: fields[3], status: try status(fields[4], line.number),
                            factsKey: fields[5].isEmpty ? .none : .record(fields[5]), offerings: [], aliases: []))
                    inModel = true
                case ("O", 4):
                    guard inModel else { throw corrupt(line.number, "an offering after its model") }
                    models[models.count - 1].offerings.append(
                        Offering(provider: fields[1], providerModelID: fields[2], rule: try rule(fields[3], line.number)))
                case ("A", 3):
                    guard inModel else { throw corrupt(line.number, "an alias after its model") }
                    models[models.count - 1].aliases.append(Alias(name: fields[1], rule: try rule(fields[2], line.number)))
                case ("S", 3):
                    successors[fields[1]] = fields[2]
                    inModel = false
                case ("R", 5):
                    // The records: read on first use.
                    recordsStart = (line.range.lowerBound, line.number)
                    return false
                default:
                    throw corrupt(line.number, "a line M, F, O, A, S or R with its fields")
                }
                return true
            }
            closeFacts(at: buffer.count)
        }
        guard let version else { throw CatalogStoreError(.notACatalog, path: file, message: "expected a \(format) file") }
        let start = recordsStart
        return VersionData(
            version: version, models: models,
            records: { () throws(CatalogStoreError) in
                guard let start else { return [:] }
                return try decodeRecords(shared, from: start.offset, line: start.line)
            },
            findRecord: { (id) throws(CatalogStoreError) in
                guard let start else { return nil }
                return try findRecord(id, in: shared, from: start.offset)
            },
            successors: successors,
            loadStored: { _ in
                throw CatalogStoreError(.corruptData, path: file, message: "stored records are not in an embedded catalog")
            })
    }

    /// The records from `offset` (an `R` line) to the end of the file, each with its fact lines.
    static func decodeRecords(_ file: Bytes, from offset: Int, line: Int) throws(CatalogStoreError) -> [String: VersionData
        .RecordEntry]
    {
        var records: [String: VersionData.RecordEntry] = [:]
        var current: String?
        var factStart: (offset: Int, line: Int)?
        do {
            let buffer = file.buffer
            func closeFacts(at end: Int) {
                guard let start = factStart, let current else { return }
                records[current]?.factsKey = .embedded(FactLines(file: file, range: start.offset..<end))
                factStart = nil
            }
            try lines(buffer, from: offset, number: line) { (line) throws(CatalogStoreError) in
                if isFact(line, buffer) {
                    if factStart == nil { factStart = (line.range.lowerBound, line.number) }
                    return true
                }
                closeFacts(at: line.range.lowerBound)
                let fields = EmbeddedCatalog.fields(UnsafeBufferPointer(rebasing: buffer[line.range]))
                guard fields.count == 5, fields[0] == "R", !fields[1].isEmpty, records[fields[1]] == nil,
                    let status = ModelStatus(rawValue: fields[4])
                else {
                    throw CatalogStoreError.corrupt(
                        path: file.path, "line \(line.number)",
                        expected: "a record: R, a new id, provider, provider model id and status")
                }
                records[fields[1]] = VersionData.RecordEntry(
                    id: fields[1], provider: fields[2], providerModelID: fields[3], status: status, factsKey: .none)
                current = fields[1]
                return true
            }
            closeFacts(at: buffer.count)
        }
        return records
    }

    /// The facts of a run of `F` lines.
    /// - Throws: ``CatalogStoreError`` naming the line of a fact that does not decode.
    static func decodeFacts(_ lines: FactLines) throws(CatalogStoreError) -> [SourcedFact] {
        var facts: [SourcedFact] = []
        let buffer = lines.file.buffer
        var start = lines.range.lowerBound
        while start < lines.range.upperBound {
            var end = start
            while end < lines.range.upperBound, buffer[end] != 0x0A { end += 1 }
            let parts = fields(UnsafeBufferPointer(rebasing: buffer[start..<end]))
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
        let buffer = file.buffer
        /// The start of the first `R` line at or after `position`.
        func recordStart(atOrAfter position: Int) -> Int? {
            var start = position
            if start > offset {
                // Move to the start of the next line unless `position` starts one.
                if buffer[start - 1] != 0x0A {
                    guard let found = memchr(buffer.baseAddress! + start, 0x0A, buffer.count - start) else { return nil }
                    start = buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                }
            }
            while start < buffer.count {
                if buffer[start] == UInt8(ascii: "R"), start + 1 < buffer.count, buffer[start + 1] == 0x09 { return start }
                guard let found = memchr(buffer.baseAddress! + start, 0x0A, buffer.count - start) else { return nil }
                start = buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
            }
            return nil
        }
        func lineEnd(_ start: Int) -> Int {
            guard let found = memchr(buffer.baseAddress! + start, 0x0A, buffer.count - start) else { return buffer.count }
            return buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
        var low = offset
        var high = buffer.count
        while low < high {
            let middle = low + (high - low) / 2
            guard let start = recordStart(atOrAfter: middle), start < high else {
                high = middle
                continue
            }
            let end = lineEnd(start)
            let fields = EmbeddedCatalog.fields(UnsafeBufferPointer(rebasing: buffer[start..<end]))
            guard fields.count == 5, let status = ModelStatus(rawValue: fields[4]) else {
                throw CatalogStoreError.corrupt(
                    path: file.path, "line \(file.lineNumber(at: start))",
                    expected: "a record: R, an id, provider, provider model id and status")
            }
            if fields[1] < id {
                low = start + 1
            } else if id < fields[1] {
                high = middle
            } else {
                // Its facts: the F lines that follow.
                var factsEnd = end + 1
                while factsEnd < buffer.count, buffer[factsEnd] == UInt8(ascii: "F"), factsEnd + 1 < buffer.count,
                    buffer[factsEnd + 1] == 0x09
                {
                    factsEnd = lineEnd(factsEnd) + 1
                }
                let factsRange = (end + 1)..<min(factsEnd, buffer.count)
                return VersionData.RecordEntry(
                    id: fields[1], provider: fields[2], providerModelID: fields[3], status: status,
                    factsKey: factsRange.isEmpty ? .none : .embedded(FactLines(file: file, range: factsRange)))
            }
        }
        return nil
    }

    /// The tab-separated fields of a line, unescaped.
    static func fields(_ line: UnsafeBufferPointer<UInt8>) -> [String] {
        var fields: [String] = []
        fields.reserveCapacity(6)
        var start = 0
        var escaped = false
        for index in 0...line.count {
            if index < line.count {
                let byte = line[index]
                if byte == UInt8(ascii: "\\") { escaped = true }
                guard byte == 0x09 else { continue }
            }
            let slice = UnsafeBufferPointer(rebasing: line[start..<index])
            fields.append(escaped ? unescape(slice) : String(decoding: slice, as: UTF8.self))
            escaped = false
            start = index + 1
        }
        return fields
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
