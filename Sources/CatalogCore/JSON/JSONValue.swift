package import Foundation

/// One value inside a ``JSONDocument``: a cheap view that decodes on demand.
///
/// Accessors return `nil` when the value has another kind, so a parser can say exactly
/// what it expected: `item["id"]?.string` is `nil` both for a missing key and for a key
/// that holds a number.
package struct JSONValue: Sendable {
    @usableFromInline let document: JSONDocument
    @usableFromInline let index: Int

    @usableFromInline
    init(document: JSONDocument, index: Int) {
        self.document = document
        self.index = index
    }

    var node: JSONNode { document.nodes[index] }

    /// What kind of value this is.
    package var kind: JSONKind { JSONKind(rawValue: node.kind)! }

    /// `true` for JSON `null`.
    package var isNull: Bool { node.kind == JSONKind.null.rawValue }

    /// Zero-based byte offset of the value in the document.
    package var offset: Int {
        let node = self.node
        return node.kind == JSONKind.string.rawValue ? Int(node.start) - 1 : Int(node.start)
    }

    // MARK: Scalars

    /// The boolean, or `nil` for any other kind.
    package var bool: Bool? {
        switch node.kind {
        case JSONKind.true.rawValue: true
        case JSONKind.false.rawValue: false
        default: nil
        }
    }

    /// The decoded string, or `nil` for any other kind.
    package var string: String? {
        let node = self.node
        guard node.kind == JSONKind.string.rawValue else { return nil }
        return document.bytes.withUnsafeBufferPointer { buffer in
            let slice = UnsafeBufferPointer(rebasing: buffer[Int(node.start)..<Int(node.end)])
            if node.flags & JSONNode.escaped == 0 { return String(decoding: slice, as: UTF8.self) }
            return JSONValue.unescape(slice)
        }
    }

    /// The number's literal text as written (`"0.00000115"`, `"1e-7"`), or `nil` for any other kind.
    package var numberText: String? {
        let node = self.node
        guard node.kind == JSONKind.number.rawValue else { return nil }
        return String(decoding: document.bytes[Int(node.start)..<Int(node.end)], as: UTF8.self)
    }

    /// The number as an `Int` when it is integral and fits: `42`, `10000.0` and `1e3` qualify,
    /// `0.5` does not. `nil` for any other kind.
    package var int: Int? {
        let node = self.node
        guard node.kind == JSONKind.number.rawValue else { return nil }
        if node.flags == 1 {
            var value = 0
            var negative = false
            for position in Int(node.start)..<Int(node.end) {
                let byte = document.bytes[position]
                if byte == UInt8(ascii: "-") {
                    negative = true
                    continue
                }
                let (times, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = times.addingReportingOverflow(Int(byte - 48))
                guard !overflow1, !overflow2 else { return nil }
                value = sum
            }
            return negative ? -value : value
        }
        guard var decimal, abs(decimal) <= Decimal(Int.max) else { return nil }
        var whole = Decimal()
        NSDecimalRound(&whole, &decimal, 0, .plain)
        guard whole == decimal else { return nil }
        return NSDecimalNumber(decimal: whole).intValue
    }

    /// The number as an exact `Decimal` read from its literal text, or `nil` for any other kind.
    package var decimal: Decimal? {
        let node = self.node
        guard node.kind == JSONKind.number.rawValue else { return nil }
        return document.bytes.withUnsafeBufferPointer { buffer in
            DecimalLiteral.parse(UnsafeBufferPointer(rebasing: buffer[Int(node.start)..<Int(node.end)]))
        }
    }

    // MARK: Containers

    /// The number of elements of an array or members of an object; 0 for scalars.
    package var count: Int {
        let node = self.node
        guard node.kind == JSONKind.array.rawValue || node.kind == JSONKind.object.rawValue else { return 0 }
        return Int(node.end)
    }

    /// The elements of an array, or `nil` for any other kind.
    package var array: [JSONValue]? {
        let node = self.node
        guard node.kind == JSONKind.array.rawValue else { return nil }
        var elements: [JSONValue] = []
        elements.reserveCapacity(Int(node.end))
        var child = index + 1
        let end = Int(node.next)
        while child < end {
            elements.append(JSONValue(document: document, index: child))
            child = Int(document.nodes[child].next)
        }
        return elements
    }

    /// The members of an object in document order, or `nil` for any other kind. A key the
    /// object gives twice is left out (see ``JSONDocument/duplicateKeys``).
    package var members: [(key: String, value: JSONValue)]? {
        let node = self.node
        guard node.kind == JSONKind.object.rawValue else { return nil }
        var result: [(key: String, value: JSONValue)] = []
        result.reserveCapacity(Int(node.end))
        var child = index + 1
        let end = Int(node.next)
        while child < end {
            let valueIndex = child + 1
            if document.nodes[child].flags & JSONNode.duplicateKey == 0 {
                let key = JSONValue(document: document, index: child).string ?? ""
                result.append((key, JSONValue(document: document, index: valueIndex)))
            }
            child = Int(document.nodes[valueIndex].next)
        }
        return result
    }

    /// The keys of an object in document order, or an empty array for any other kind.
    package var keys: [String] { members?.map(\.key) ?? [] }

    /// The value of `key` in an object; `nil` when the key is absent, when the object gives it
    /// more than once (see ``JSONDocument/duplicateKeys``), or when this is not an object.
    package subscript(key: String) -> JSONValue? {
        let node = self.node
        guard node.kind == JSONKind.object.rawValue else { return nil }
        var key = key
        return key.withUTF8 { wanted in
            document.bytes.withUnsafeBufferPointer { buffer in
                document.nodes.withUnsafeBufferPointer { nodes in
                    var child = index + 1
                    let end = Int(node.next)
                    while child < end {
                        let keyNode = nodes[child]
                        let length = Int(keyNode.end) - Int(keyNode.start)
                        if keyNode.flags == 0 {
                            if length == wanted.count,
                                memcmp(buffer.baseAddress! + Int(keyNode.start), wanted.baseAddress!, length) == 0
                            {
                                return JSONValue(document: document, index: child + 1)
                            }
                        } else if keyNode.flags & JSONNode.duplicateKey != 0 {
                            // Given twice: neither occurrence is believed.
                        } else if JSONValue(document: document, index: child).string?.utf8.elementsEqual(wanted) == true {
                            return JSONValue(document: document, index: child + 1)
                        }
                        child = Int(nodes[child + 1].next)
                    }
                    return nil
                }
            }
        }
    }

    /// The element at `position` of an array; `nil` when out of range or not an array.
    package subscript(position: Int) -> JSONValue? {
        guard let elements = array, elements.indices.contains(position) else { return nil }
        return elements[position]
    }

    // MARK: Escapes

    static func unescape(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        func appendScalar(_ value: UInt32) {
            let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
            output.append(contentsOf: String(scalar).utf8)
        }
        func hex4(at position: Int) -> UInt32? {
            guard position + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for offset in 0..<4 {
                guard let digit = JSONParser.hexValue(bytes[position + offset]) else { return nil }
                value = value << 4 | digit
            }
            return value
        }
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "\\"), index + 1 < bytes.count else {
                output.append(byte)
                index += 1
                continue
            }
            let escape = bytes[index + 1]
            index += 2
            switch escape {
            case UInt8(ascii: "b"): output.append(0x08)
            case UInt8(ascii: "f"): output.append(0x0C)
            case UInt8(ascii: "n"): output.append(0x0A)
            case UInt8(ascii: "r"): output.append(0x0D)
            case UInt8(ascii: "t"): output.append(0x09)
            case UInt8(ascii: "u"):
                guard let unit = hex4(at: index) else { break }
                index += 4
                if (0xD800..<0xDC00).contains(unit), index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                    bytes[index + 1] == UInt8(ascii: "u"), let low = hex4(at: index + 2), (0xDC00..<0xE000).contains(low)
                {
                    index += 6
                    appendScalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                } else {
                    appendScalar(unit)
                }
            default: output.append(escape)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}

/// Exact decimal conversion of a number literal (`-12.5e-3`), with no binary floating point.
package enum DecimalLiteral {
    /// Parses a JSON-style number literal into an exact `Decimal`, or `nil` when it is not one.
    package static func parse(_ text: some StringProtocol) -> Decimal? {
        var text = String(text)
        return text.withUTF8 { parse($0) }
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Decimal? {
        var index = 0
        var negative = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "+") {
            index += 1
        }
        var significand: UInt64 = 0
        var digits = 0
        var exponent = 0
        var sawDigit = false
        var afterPoint = false
        var overflow = false
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 48, byte <= 57 {
                sawDigit = true
                if significand == 0, byte == 48 {
                    if afterPoint { exponent -= 1 }
                } else if digits < 19 {
                    significand = significand * 10 + UInt64(byte - 48)
                    digits += 1
                    if afterPoint { exponent -= 1 }
                } else {
                    overflow = true
                    if !afterPoint { exponent += 1 }
                }
            } else if byte == UInt8(ascii: "."), !afterPoint {
                afterPoint = true
            } else {
                break
            }
            index += 1
        }
        guard sawDigit else { return nil }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var value = 0
            var sawExponentDigit = false
            while index < bytes.count, bytes[index] >= 48, bytes[index] <= 57 {
                value = min(value * 10 + Int(bytes[index] - 48), 100_000)
                sawExponentDigit = true
                index += 1
            }
            guard sawExponentDigit else { return nil }
            exponent += exponentNegative ? -value : value
        }
        guard index == bytes.count else { return nil }
        if overflow {
            // More than 19 significant digits: let Foundation carry the full precision.
            return Decimal(string: String(decoding: bytes, as: UTF8.self), locale: Locale(identifier: "en_US_POSIX"))
        }
        guard (-128...127).contains(exponent) else {
            return significand == 0 ? Decimal(0) : nil
        }
        return Decimal(sign: negative ? .minus : .plus, exponent: exponent, significand: Decimal(significand))
    }
}
