import CatalogCore
import Foundation
package import ModelCatalog

/// `catalog lookup` over many names: the names of a byte stream, one per line, and one JSON
/// answer per name, each distinct name resolved and rendered once.
package struct LookupStream {
    package let catalog: Catalog
    /// Where the catalog was read, for each answer's `catalog` member.
    package let source: String
    private var rendered: [String: (line: String, resolved: Bool)] = [:]
    /// `true` once a name did not resolve (unknown or ambiguous).
    package private(set) var missed = false

    package init(catalog: Catalog, source: String) {
        self.catalog = catalog
        self.source = source
    }

    /// The names of `bytes`, one per line: each line without its line end (`\n` or `\r\n`) and
    /// surrounding whitespace; blank lines skipped.
    package static func names(in bytes: [UInt8]) -> [String] {
        var names: [String] = []
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start < buffer.count {
                var end = start
                while end < buffer.count, buffer[end] != 0x0A { end += 1 }
                var first = start
                var last = end
                if last > first, buffer[last - 1] == 0x0D { last -= 1 }
                var ascii = true
                for index in first..<last where buffer[index] >= 0x80 {
                    ascii = false
                    break
                }
                if ascii {
                    while first < last, buffer[first] == 0x20 || buffer[first] == 0x09 { first += 1 }
                    while last > first, buffer[last - 1] == 0x20 || buffer[last - 1] == 0x09 { last -= 1 }
                    if first < last {
                        names.append(String(decoding: UnsafeBufferPointer(rebasing: buffer[first..<last]), as: UTF8.self))
                    }
                } else {
                    // Other Unicode spaces, as `CharacterSet.whitespaces` knows them.
                    let line = String(decoding: UnsafeBufferPointer(rebasing: buffer[first..<last]), as: UTF8.self)
                        .trimmingCharacters(in: .whitespaces)
                    if !line.isEmpty { names.append(line) }
                }
                start = end + 1
            }
        }
        return names
    }

    /// The JSON answer for `name` (``LookupText/json(_:version:source:)``, made safe for a
    /// terminal), without a line end.
    /// - Throws: ``CatalogStoreError`` when the catalog cannot be read.
    package mutating func answer(_ name: String) throws -> String {
        if let known = rendered[name] {
            if !known.resolved { missed = true }
            return known.line
        }
        let resolution = try catalog.resolve(name)
        let line = SafeText.escapedBlock(LookupText.json(resolution, version: catalog.version, source: source))
        rendered[name] = (line, resolution.isResolved)
        if !resolution.isResolved { missed = true }
        return line
    }

    /// Writes the JSON answers for `names`, one line each, to `sink` in blocks of about 64 KiB.
    /// - Throws: ``CatalogStoreError`` when the catalog cannot be read.
    package mutating func write(_ names: [String], to sink: (UnsafeRawBufferPointer) -> Void) throws {
        var block: [UInt8] = []
        block.reserveCapacity(1 << 16 + 4096)
        for name in names {
            var line = try answer(name)
            line.withUTF8 { block.append(contentsOf: $0) }
            block.append(0x0A)
            if block.count >= 1 << 16 {
                block.withUnsafeBytes(sink)
                block.removeAll(keepingCapacity: true)
            }
        }
        if !block.isEmpty { block.withUnsafeBytes(sink) }
    }
}
