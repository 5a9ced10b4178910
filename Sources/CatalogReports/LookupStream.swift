import CatalogCore
import Foundation
package import ModelCatalog

/// `catalog lookup` over many names: the names of a byte stream, one per line, and one JSON
/// answer per name, each distinct name resolved and rendered once, and each distinct input line
/// read once: a repeated line is answered from its bytes, without making a string of it.
package struct LookupStream {
    package let catalog: Catalog
    /// Where the catalog was read, for each answer's `catalog` member.
    package let source: String
    /// Each distinct name's answer: its JSON line (with its line end) and whether it resolved.
    private var answers: [(line: [UInt8], resolved: Bool)] = []
    /// Names → their place in `answers`.
    private var answerOfName: [String: Int32] = [:]
    /// Input lines, by their bytes → their place in `answers` (``LineTable/blank`` for a blank line).
    private var answerOfLine = LineTable()
    /// `true` once a name did not resolve (unknown or ambiguous).
    package private(set) var missed = false

    package init(catalog: Catalog, source: String) {
        self.catalog = catalog
        self.source = source
    }

    /// Calls `body` with every byte readable from `descriptor` (standard input: 0) until its
    /// end, which it then is at: a file is mapped and read in place, anything else (a pipe) read.
    /// - Throws: `POSIXError` when reading fails, and what `body` throws.
    package static func withContents<Result>(
        of descriptor: Int32, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
    ) throws -> Result {
        var status = stat()
        let offset = Int(lseek(descriptor, 0, SEEK_CUR))
        if fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, offset >= 0, Int(status.st_size) > offset,
            let address = mmap(nil, Int(status.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED
        {
            defer { munmap(address, Int(status.st_size)) }
            lseek(descriptor, 0, SEEK_END)
            let bytes = address.assumingMemoryBound(to: UInt8.self) + offset
            return try body(UnsafeBufferPointer(start: bytes, count: Int(status.st_size) - offset))
        }
        return try readAll(descriptor).withUnsafeBufferPointer(body)
    }

    /// Every byte readable from `descriptor` until its end.
    private static func readAll(_ descriptor: Int32) throws -> [UInt8] {
        var capacity = 1 << 16
        var bytes: [UInt8] = []
        while true {
            var failure: Int32 = 0
            let more = try [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
                while count < capacity {
                    let received = read(descriptor, buffer.baseAddress! + count, capacity - count)
                    if received < 0, errno == EINTR { continue }
                    if received < 0 { failure = errno }
                    if received <= 0 { break }
                    count += received
                }
                if failure != 0 { throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO) }
            }
            let full = more.count == capacity
            if bytes.isEmpty { bytes = more } else { bytes += more }
            // A buffer filled to the brim may have more behind it; one not filled is the end.
            guard full else { return bytes }
            capacity = min(capacity * 2, 1 << 24)
        }
    }

    /// The names of `bytes`, one per line: each line without its line end (`\n` or `\r\n`) and
    /// surrounding whitespace; blank lines skipped.
    package static func names(in bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var names: [String] = []
        forEachLine(of: bytes) { line in
            if let name = name(ofLine: line) { names.append(name) }
        }
        return names
    }

    /// Calls `body` with each line of `buffer`, without its `\n`.
    private static func forEachLine(of buffer: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void)
        rethrows
    {
        guard let base = buffer.baseAddress else { return }
        var start = 0
        while start < buffer.count {
            let end =
                memchr(base + start, 0x0A, buffer.count - start).map { base.distance(to: $0.assumingMemoryBound(to: UInt8.self)) }
                ?? buffer.count
            try body(UnsafeBufferPointer(rebasing: buffer[start..<end]))
            start = end + 1
        }
    }

    /// The name on a line: without a `\r` at its end and surrounding whitespace; `nil` when blank.
    private static func name(ofLine line: UnsafeBufferPointer<UInt8>) -> String? {
        var first = 0
        var last = line.count
        if last > first, line[last - 1] == 0x0D { last -= 1 }
        guard line[first..<last].contains(where: { $0 >= 0x80 }) else {
            while first < last, line[first] == 0x20 || line[first] == 0x09 { first += 1 }
            while last > first, line[last - 1] == 0x20 || line[last - 1] == 0x09 { last -= 1 }
            return first < last ? String(decoding: UnsafeBufferPointer(rebasing: line[first..<last]), as: UTF8.self) : nil
        }
        // Other Unicode spaces, as `CharacterSet.whitespaces` knows them.
        let name = String(decoding: UnsafeBufferPointer(rebasing: line[first..<last]), as: UTF8.self)
            .trimmingCharacters(in: .whitespaces)
        return name.isEmpty ? nil : name
    }

    /// The place in `answers` of the answer for `name`, resolved and rendered on first use.
    private mutating func answer(_ name: String) throws(CatalogStoreError) -> Int32 {
        if let known = answerOfName[name] { return known }
        let resolution = try catalog.resolve(name)
        var line = Array(SafeText.escapedBlock(LookupText.json(resolution, version: catalog.version, source: source)).utf8)
        line.append(0x0A)
        answers.append((line, resolution.isResolved))
        answerOfName[name] = Int32(answers.count - 1)
        return Int32(answers.count - 1)
    }

    /// Writes the JSON answers for `names`, one line each, to `sink` in blocks of about 64 KiB.
    /// - Throws: ``CatalogStoreError`` when the catalog cannot be read.
    package mutating func write(_ names: [String], to sink: (UnsafeRawBufferPointer) -> Void) throws {
        var output = Output()
        for name in names { emit(try answer(name), into: &output, sink) }
        output.flush(sink)
    }

    /// Writes the JSON answers for the names of `bytes` (one per line, as ``names(in:)`` reads
    /// them), one line each, to `sink` in blocks of about 64 KiB.
    /// - Throws: ``CatalogStoreError`` when the catalog cannot be read.
    package mutating func write(lines bytes: UnsafeBufferPointer<UInt8>, to sink: (UnsafeRawBufferPointer) -> Void) throws {
        var output = Output()
        try LookupStream.forEachLine(of: bytes) { line in
            var place = answerOfLine.value(for: line)
            if place == nil {
                place =
                    try LookupStream.name(ofLine: line).map { name throws(CatalogStoreError) in try answer(name) }
                    ?? LineTable.blank
                answerOfLine.insert(line, place!)
            }
            if place! != LineTable.blank { emit(place!, into: &output, sink) }
        }
        output.flush(sink)
    }

    private mutating func emit(_ place: Int32, into output: inout Output, _ sink: (UnsafeRawBufferPointer) -> Void) {
        let answer = answers[Int(place)]
        if !answer.resolved { missed = true }
        output.append(answer.line, sink)
    }

    /// Bytes gathered into blocks of about 64 KiB for the sink.
    private struct Output {
        var block: [UInt8] = []

        init() { block.reserveCapacity(1 << 16 + 4096) }

        mutating func append(_ bytes: [UInt8], _ sink: (UnsafeRawBufferPointer) -> Void) {
            block.append(contentsOf: bytes)
            if block.count >= 1 << 16 {
                block.withUnsafeBytes(sink)
                block.removeAll(keepingCapacity: true)
            }
        }

        mutating func flush(_ sink: (UnsafeRawBufferPointer) -> Void) {
            if !block.isEmpty { block.withUnsafeBytes(sink) }
            block.removeAll(keepingCapacity: true)
        }
    }
}

/// Byte strings → numbers, by open addressing on their 64-bit FNV-1a hash: a lookup makes no
/// string and allocates nothing.
struct LineTable {
    /// The value of a blank line.
    static let blank: Int32 = -1
    /// 1 + the entry's place, or 0 for an empty slot; a power of two long.
    private var slots = [Int32](repeating: 0, count: 64)
    private var hashes: [UInt64] = []
    private var keys: [[UInt8]] = []
    private var values: [Int32] = []

    /// The value stored for `bytes`, if any.
    func value(for bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = LineTable.hash(bytes)
        var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
        while slots[slot] != 0 {
            let entry = Int(slots[slot]) - 1
            if hashes[entry] == hash, LineTable.same(keys[entry], bytes) { return values[entry] }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    /// Stores `value` for `bytes` (not yet in the table).
    mutating func insert(_ bytes: UnsafeBufferPointer<UInt8>, _ value: Int32) {
        hashes.append(LineTable.hash(bytes))
        keys.append(Array(bytes))
        values.append(value)
        if hashes.count * 2 > slots.count {
            slots = [Int32](repeating: 0, count: slots.count * 2)
            for entry in hashes.indices { place(entry) }
        } else {
            place(hashes.count - 1)
        }
    }

    private mutating func place(_ entry: Int) {
        var slot = Int(truncatingIfNeeded: hashes[entry]) & (slots.count - 1)
        while slots[slot] != 0 { slot = (slot + 1) & (slots.count - 1) }
        slots[slot] = Int32(entry + 1)
    }

    private static func same(_ key: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard key.count == bytes.count else { return false }
        guard !bytes.isEmpty else { return true }
        return key.withUnsafeBytes { memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) } == 0
    }

    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
    }
}
