public import Foundation

/// A parsed JSON text that keeps the original bytes and an index of every value in them.
///
/// Parsing validates the whole text against RFC 8259 once and records where each value
/// starts and ends; strings and numbers are decoded only when read. Numbers keep their
/// literal text, so a price such as `"0.00000115"` or `0.075` becomes an exact `Decimal`
/// without passing through `Double`.
///
/// Not errors: a UTF-8 byte order mark before the value, duplicate keys (the first wins on
/// lookup), numbers of any length.
public struct JSONDocument: Sendable {
    @usableFromInline let bytes: [UInt8]
    @usableFromInline let nodes: [JSONNode]

    /// The deepest nesting of arrays and objects accepted; deeper input is an error, not a crash.
    public static let maximumDepth = 512

    /// Parses `data` as one JSON value.
    /// - Throws: ``JSONSyntaxError`` naming the line, column and what was expected.
    /// - Complexity: O(*n*) in the length of `data`.
    public init(data: Data) throws(JSONSyntaxError) {
        try self.init(bytes: [UInt8](data))
    }

    /// Parses `bytes` as one JSON value.
    public init(bytes: [UInt8]) throws(JSONSyntaxError) {
        var parser = JSONParser(bytes: bytes)
        self.nodes = try parser.parse()
        self.bytes = bytes
    }

    /// The top-level value.
    public var root: JSONValue { JSONValue(document: self, index: 0) }

    /// The number of values in the document (containers, keys excluded, count once each).
    public var valueCount: Int { nodes.count }

    /// One-based line and column of a byte offset, for messages.
    public func lineAndColumn(ofOffset offset: Int) -> (line: Int, column: Int) {
        JSONParser.lineAndColumn(of: offset, in: bytes)
    }
}

/// The kind of a JSON value.
public enum JSONKind: UInt8, Sendable, CustomStringConvertible {
    case null, `false`, `true`, number, string, array, object

    public var description: String {
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
    /// Strings: 1 when the literal holds escapes. Numbers: 1 when integral (no fraction, no exponent).
    var flags: UInt8
    /// Strings: first byte after the opening quote. Numbers: first byte. Containers: the opening bracket.
    var start: UInt32
    /// Strings: the closing quote. Numbers: one past the last byte. Containers: element count.
    var end: UInt32
    /// Index of the node that follows this value and all of its descendants.
    var next: UInt32
}

/// A JSON text that is not valid JSON, with the place it stopped making sense.
public struct JSONSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Zero-based byte offset of the problem.
    public var offset: Int
    /// One-based line of the problem.
    public var line: Int
    /// One-based column (in bytes) of the problem.
    public var column: Int
    /// What was expected, and what was found.
    public var message: String

    public var description: String { "line \(line), column \(column): \(message)" }
}
