import Foundation

/// A single-pass, non-recursive JSON validator that builds the node index of a
/// ``JSONDocument``.
struct JSONParser {
    let bytes: [UInt8]
    var position = 0
    var nodes: [JSONNode] = []
    /// Keys given more than once in one object, as (first key node, repeated key node).
    var duplicates: [(first: Int, second: Int)] = []

    init(bytes: [UInt8]) {
        self.bytes = bytes
        nodes.reserveCapacity(max(16, bytes.count / 24))
    }

    private enum Container {
        case array(node: Int, count: UInt32)
        case object(node: Int, count: UInt32)
    }

    mutating func parse() throws(JSONSyntaxError) -> [JSONNode] {
        guard bytes.count < Int(UInt32.max) else {
            throw error(at: 0, "input of \(bytes.count) bytes is larger than 4 GiB")
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
        skipWhitespace()
        guard position < bytes.count else {
            throw error(
                at: position,
                bytes.isEmpty ? "empty input: expected a JSON value" : "expected a JSON value, found only whitespace")
        }
        var stack: [Container] = []
        // Parse one value, then unwind containers that are complete.
        var expectValue = true
        while true {
            if expectValue {
                skipWhitespace()
                guard position < bytes.count else { throw error(at: position, "unexpected end of input: expected a value") }
                let byte = bytes[position]
                switch byte {
                case UInt8(ascii: "{"):
                    guard stack.count < JSONDocument.maximumDepth else {
                        throw error(at: position, "nesting deeper than \(JSONDocument.maximumDepth) levels")
                    }
                    nodes.append(JSONNode(kind: JSONKind.object.rawValue, flags: 0, start: UInt32(position), end: 0, next: 0))
                    position += 1
                    skipWhitespace()
                    if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
                        position += 1
                        close(node: nodes.count - 1, count: 0)
                        expectValue = false
                    } else {
                        stack.append(.object(node: nodes.count - 1, count: 0))
                        try parseKey()
                        continue
                    }
                case UInt8(ascii: "["):
                    guard stack.count < JSONDocument.maximumDepth else {
                        throw error(at: position, "nesting deeper than \(JSONDocument.maximumDepth) levels")
                    }
                    nodes.append(JSONNode(kind: JSONKind.array.rawValue, flags: 0, start: UInt32(position), end: 0, next: 0))
                    position += 1
                    skipWhitespace()
                    if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                        position += 1
                        close(node: nodes.count - 1, count: 0)
                        expectValue = false
                    } else {
                        stack.append(.array(node: nodes.count - 1, count: 0))
                        continue
                    }
                case UInt8(ascii: "\""):
                    try parseString()
                    expectValue = false
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    try parseNumber()
                    expectValue = false
                case UInt8(ascii: "t"):
                    try literal("true", kind: .true)
                    expectValue = false
                case UInt8(ascii: "f"):
                    try literal("false", kind: .false)
                    expectValue = false
                case UInt8(ascii: "n"):
                    try literal("null", kind: .null)
                    expectValue = false
                default:
                    throw error(at: position, "expected a value, found \(describe(byte))")
                }
            }
            // A value just ended: attach it to its container.
            guard let top = stack.last else {
                skipWhitespace()
                guard position == bytes.count else {
                    throw error(
                        at: position, "expected the end of input after the top-level value, found \(describe(bytes[position]))")
                }
                return nodes
            }
            skipWhitespace()
            guard position < bytes.count else {
                throw error(
                    at: position,
                    "unexpected end of input: the text is truncated inside \(stack.count) open array(s) or object(s)")
            }
            let byte = bytes[position]
            switch top {
            case .array(let node, let count):
                if byte == UInt8(ascii: ",") {
                    position += 1
                    stack[stack.count - 1] = .array(node: node, count: count + 1)
                    expectValue = true
                } else if byte == UInt8(ascii: "]") {
                    position += 1
                    stack.removeLast()
                    close(node: node, count: count + 1)
                    expectValue = false
                } else {
                    throw error(at: position, "expected ',' or ']' after an array element, found \(describe(byte))")
                }
            case .object(let node, let count):
                if byte == UInt8(ascii: ",") {
                    position += 1
                    stack[stack.count - 1] = .object(node: node, count: count + 1)
                    skipWhitespace()
                    try parseKey()
                    expectValue = true
                } else if byte == UInt8(ascii: "}") {
                    position += 1
                    stack.removeLast()
                    close(node: node, count: count + 1)
                    expectValue = false
                } else {
                    throw error(at: position, "expected ',' or '}' after an object member, found \(describe(byte))")
                }
            }
        }
    }

    private mutating func close(node: Int, count: UInt32) {
        nodes[node].end = count
        nodes[node].next = UInt32(nodes.count)
        if count > 1, nodes[node].kind == JSONKind.object.rawValue { findDuplicateKeys(in: node) }
    }

    /// Marks keys that occur more than once in the object at `node` (both occurrences), and
    /// records them: such a key reads as absent (see ``JSONDocument/duplicateKeys``).
    private mutating func findDuplicateKeys(in node: Int) {
        let end = Int(nodes[node].next)
        if nodes[node].end <= 16 {
            // Small objects (nearly all): compare each key with the ones before it, walking the
            // sibling links, without allocating.
            var later = Int(nodes[node + 2].next)
            while later < end {
                var earlier = node + 1
                while earlier < later {
                    if sameKey(earlier, later) {
                        markDuplicate(earlier, later)
                        break
                    }
                    earlier = Int(nodes[earlier + 1].next)
                }
                later = Int(nodes[later + 1].next)
            }
            return
        }
        var seen: [String: Int] = [:]
        seen.reserveCapacity(Int(nodes[node].end))
        var key = node + 1
        while key < end {
            let text = keyText(key)
            if let earlier = seen[text] { markDuplicate(earlier, key) } else { seen[text] = key }
            key = Int(nodes[key + 1].next)
        }
    }

    private mutating func markDuplicate(_ first: Int, _ second: Int) {
        nodes[first].flags |= JSONNode.duplicateKey
        nodes[second].flags |= JSONNode.duplicateKey
        duplicates.append((first, second))
    }

    private func keyText(_ key: Int) -> String {
        let node = nodes[key]
        return bytes.withUnsafeBufferPointer { buffer in
            let slice = UnsafeBufferPointer(rebasing: buffer[Int(node.start)..<Int(node.end)])
            return node.flags & JSONNode.escaped == 0 ? String(decoding: slice, as: UTF8.self) : JSONValue.unescape(slice)
        }
    }

    private func sameKey(_ a: Int, _ b: Int) -> Bool {
        let first = nodes[a]
        let second = nodes[b]
        if first.flags & JSONNode.escaped != 0 || second.flags & JSONNode.escaped != 0 { return keyText(a) == keyText(b) }
        let length = Int(first.end - first.start)
        guard length == Int(second.end - second.start) else { return false }
        return bytes.withUnsafeBufferPointer { buffer in
            memcmp(buffer.baseAddress! + Int(first.start), buffer.baseAddress! + Int(second.start), length) == 0
        }
    }

    /// Parses `"key" :` and leaves the position at the value.
    private mutating func parseKey() throws(JSONSyntaxError) {
        skipWhitespace()
        guard position < bytes.count else { throw error(at: position, "unexpected end of input: expected an object key") }
        guard bytes[position] == UInt8(ascii: "\"") else {
            throw error(at: position, "expected a string key, found \(describe(bytes[position]))")
        }
        try parseString()
        skipWhitespace()
        guard position < bytes.count else {
            throw error(at: position, "unexpected end of input: expected ':' after an object key")
        }
        guard bytes[position] == UInt8(ascii: ":") else {
            throw error(at: position, "expected ':' after an object key, found \(describe(bytes[position]))")
        }
        position += 1
    }

    private mutating func parseString() throws(JSONSyntaxError) {
        let open = position
        position += 1
        let start = position
        var escaped: UInt8 = 0
        let count = bytes.count
        try bytes.withUnsafeBufferPointer { (buffer) throws(JSONSyntaxError) in
            var index = start
            while index < count {
                let byte = buffer[index]
                if byte == UInt8(ascii: "\"") {
                    break
                } else if byte == UInt8(ascii: "\\") {
                    escaped = 1
                    guard index + 1 < count else { break }
                    switch buffer[index + 1] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                        UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 2
                    case UInt8(ascii: "u"):
                        guard index + 5 < count else {
                            index = count
                            continue
                        }
                        for offset in 2...5 where JSONParser.hexValue(buffer[index + offset]) == nil {
                            throw error(at: index, "invalid \\u escape: expected four hexadecimal digits")
                        }
                        index += 6
                    default:
                        throw error(at: index, "invalid escape sequence \\\(describeRaw(buffer[index + 1]))")
                    }
                } else if byte < 0x20 {
                    throw error(at: index, "control character \(describe(byte)) inside a string must be escaped")
                } else {
                    index += 1
                }
            }
            guard index < count else {
                throw error(at: open, "unterminated string: the text ends before its closing quote")
            }
            position = index
        }
        nodes.append(
            JSONNode(
                kind: JSONKind.string.rawValue, flags: escaped, start: UInt32(start), end: UInt32(position),
                next: UInt32(nodes.count + 1)))
        position += 1
    }

    private mutating func parseNumber() throws(JSONSyntaxError) {
        let start = position
        var integral: UInt8 = 1
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, isDigit(bytes[position]) else {
            throw error(at: position, "expected a digit in a number")
        }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, isDigit(bytes[position]) {
                throw error(at: position, "a number must not have a leading zero")
            }
        } else {
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            integral = 0
            position += 1
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw error(at: position, "expected a digit after the decimal point")
            }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: "e") || bytes[position] == UInt8(ascii: "E") {
            integral = 0
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard position < bytes.count, isDigit(bytes[position]) else {
                throw error(at: position, "expected a digit in the exponent")
            }
            while position < bytes.count, isDigit(bytes[position]) { position += 1 }
        }
        nodes.append(
            JSONNode(
                kind: JSONKind.number.rawValue, flags: integral, start: UInt32(start), end: UInt32(position),
                next: UInt32(nodes.count + 1)))
    }

    private mutating func literal(_ word: StaticString, kind: JSONKind) throws(JSONSyntaxError) {
        let length = word.utf8CodeUnitCount
        let matches = word.withUTF8Buffer { expected in
            guard position + length <= bytes.count else { return false }
            for offset in 0..<length where bytes[position + offset] != expected[offset] { return false }
            return true
        }
        guard matches else { throw error(at: position, "expected '\(word)'") }
        nodes.append(
            JSONNode(
                kind: kind.rawValue, flags: 0, start: UInt32(position), end: UInt32(position + length),
                next: UInt32(nodes.count + 1)))
        position += length
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 48...57: UInt32(byte - 48)
        case 65...70: UInt32(byte - 55)
        case 97...102: UInt32(byte - 87)
        default: nil
        }
    }

    private func describe(_ byte: UInt8) -> String {
        "'\(describeRaw(byte))'"
    }

    private func describeRaw(_ byte: UInt8) -> String {
        if byte >= 0x20, byte < 0x7F { return String(UnicodeScalar(byte)) }
        let hex = String(byte, radix: 16, uppercase: true)
        return "0x" + (hex.count == 1 ? "0" + hex : hex)
    }

    private func error(at offset: Int, _ message: String) -> JSONSyntaxError {
        let (line, column) = TextPosition.lineAndColumn(of: offset, in: bytes)
        return JSONSyntaxError(offset: offset, line: line, column: column, message: message)
    }

}
