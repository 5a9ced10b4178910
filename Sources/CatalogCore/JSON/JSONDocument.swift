package import Foundation

/// A parsed JSON text that keeps the original bytes and an index of every value in them.
///
/// Parsing validates the whole text against RFC 8259 once and records where each value
/// starts and ends; strings and numbers are decoded only when read. Numbers keep their
/// literal text, so a price such as `"0.00000115"` or `0.075` becomes an exact `Decimal`
/// without passing through `Double`.
///
/// Not errors: a UTF-8 byte order mark before the value, numbers of any length, and duplicate
/// keys. A key an object gives more than once reads as absent: neither value is believed
/// (placed first or last, a duplicate could otherwise slip a wrong price in), and
/// ``duplicateKeys`` names both places so a reader can report it.
package struct JSONDocument: Sendable {
    @usableFromInline let bytes: [UInt8]
    @usableFromInline let nodes: [JSONNode]
    private let duplicateNodes: [(first: Int, second: Int)]

    /// The deepest nesting of arrays and objects accepted; deeper input is an error, not a crash.
    package static let maximumDepth = 512

    /// Parses `data` as one JSON value.
    /// - Throws: ``JSONSyntaxError`` naming the line, column and what was expected.
    /// - Complexity: O(*n*) in the length of `data`.
    package init(data: Data) throws(JSONSyntaxError) {
        try self.init(bytes: [UInt8](data))
    }

    /// Parses `bytes` as one JSON value.
    package init(bytes: [UInt8]) throws(JSONSyntaxError) {
        var parser = JSONParser(bytes: bytes)
        self.nodes = try parser.parse()
        self.bytes = bytes
        self.duplicateNodes = parser.duplicates
    }

    /// A key one object gives more than once.
    package struct DuplicateKey: Sendable, Hashable {
        /// The key as decoded.
        package var key: String
        /// Byte offsets of the first and the repeated occurrence (at their opening quotes).
        package var firstOffset: Int
        package var secondOffset: Int
    }

    /// Where a duplicate key is (`line 3, column 9`, at its repeat) and what is wrong, for a
    /// reader's diagnostic: `the key "input" is given twice in one object (first at line 3,
    /// column 2)`.
    package func describe(_ duplicate: DuplicateKey) -> (locator: String, message: String) {
        let (line, column) = lineAndColumn(ofOffset: duplicate.secondOffset)
        let (firstLine, firstColumn) = lineAndColumn(ofOffset: duplicate.firstOffset)
        return (
            "line \(line), column \(column)",
            "the key \"\(SafeText.escaped(duplicate.key))\" is given twice in one object (first at line \(firstLine), column \(firstColumn))"
        )
    }

    /// Every key given twice in one object, in document order of the repeat. Such keys read as
    /// absent through ``JSONValue/subscript(_:)-(String)`` and ``JSONValue/members``.
    package var duplicateKeys: [DuplicateKey] {
        duplicateNodes.map { pair in
            let first = JSONValue(document: self, index: pair.first)
            let second = JSONValue(document: self, index: pair.second)
            return DuplicateKey(key: first.string ?? "", firstOffset: first.offset, secondOffset: second.offset)
        }
    }

    /// The top-level value.
    package var root: JSONValue { JSONValue(document: self, index: 0) }

    /// The number of values in the document (containers, keys excluded, count once each).
    package var valueCount: Int { nodes.count }

    /// One-based line and column of a byte offset, for messages.
    package func lineAndColumn(ofOffset offset: Int) -> (line: Int, column: Int) {
        TextPosition.lineAndColumn(of: offset, in: bytes)
    }
}

/// The kind of a JSON value.
package enum JSONKind: UInt8, Sendable, CustomStringConvertible {
    case null, `false`, `true`, number, string, array, object

    package var description: String {
        switch self {
        case .null: "null"
        case .false, .true: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

@usableFromInline
struct JSONNode: Sendable {
    /// `JSONKind.rawValue`.
    var kind: UInt8
    /// Strings: ``escaped`` when the literal holds escapes, plus ``duplicateKey`` for an object
    /// key given twice. Numbers: 1 when integral (no fraction, no exponent).
    var flags: UInt8
    static let escaped: UInt8 = 1
    static let duplicateKey: UInt8 = 2
    /// Strings: first byte after the opening quote. Numbers: first byte. Containers: the opening bracket.
    var start: UInt32
    /// Strings: the closing quote. Numbers: one past the last byte. Containers: element count.
    var end: UInt32
    /// Index of the node that follows this value and all of its descendants.
    var next: UInt32
}

/// A JSON text that is not valid JSON, with the place it stopped making sense.
package struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Zero-based byte offset of the problem.
    package var offset: Int
    /// One-based line of the problem.
    package var line: Int
    /// One-based column (in bytes) of the problem.
    package var column: Int
    /// What was expected, and what was found.
    package var message: String

    package var description: String { "line \(line), column \(column): \(message)" }
}
