import CatalogCore
import CatalogTestSupport
import Foundation
import Testing

@Suite("JSON documents")
struct JSONDocumentTests {
    @Test("reads every kind of value")
    func readsValues() throws {
        let document = try JSONDocument(
            bytes: Array(#"{"a": [1, -2.5, 3e2, true, false, null], "b": {"c": "d\n\u00e9\ud83d\ude00"}, "": 0}"#.utf8))
        let root = document.root
        #expect(root.kind == .object)
        #expect(root.keys == ["a", "b", ""])
        let array = try #require(root["a"]?.array)
        #expect(array.count == 6)
        #expect(array[0].int == 1)
        #expect(array[1].decimal == Decimal(string: "-2.5"))
        #expect(array[1].int == nil)
        #expect(array[2].int == 300)
        #expect(array[3].bool == true)
        #expect(array[4].bool == false)
        #expect(array[5].isNull)
        #expect(root["b"]?["c"]?.string == "d\né😀")
        #expect(root[""]?.int == 0)
        #expect(root["missing"] == nil)
        #expect(array[0]["key"] == nil)
    }

    @Test("keeps number literals exact: prices never pass through Double")
    func exactDecimals() throws {
        let document = try JSONDocument(bytes: Array(#"[0.00000115, 0.1, 10000.0, 123456789012345678901234567890, 5e-05]"#.utf8))
        let values = try #require(document.root.array)
        #expect(values[0].decimal == Decimal(sign: .plus, exponent: -8, significand: 115))
        #expect(values[0].numberText == "0.00000115")
        #expect(values[1].decimal == Decimal(string: "0.1"))
        #expect(values[2].int == 10000)
        #expect(values[3].decimal == Decimal(string: "123456789012345678901234567890"))
        #expect(values[4].decimal == Decimal(sign: .plus, exponent: -5, significand: 5))
    }

    @Test("finds keys written with escapes")
    func escapedKeys() throws {
        let document = try JSONDocument(bytes: Array(#"{"a\u0062c": 1, "x\"y": 2}"#.utf8))
        #expect(document.root["abc"]?.int == 1)
        #expect(document.root["x\"y"]?.int == 2)
    }

    struct BadInput: CustomTestStringConvertible, Sendable {
        let name: String
        let text: [UInt8]
        let line: Int
        let column: Int
        let message: String
        var testDescription: String { name }
    }

    static let badInputs: [BadInput] = [
        BadInput(name: "empty", text: [], line: 1, column: 1, message: "empty input"),
        BadInput(name: "whitespace only", text: Array("  \n ".utf8), line: 2, column: 2, message: "found only whitespace"),
        BadInput(
            name: "truncated object", text: Array("{\n  \"data\": [\n    {\"id\": \"a\"}".utf8), line: 3, column: 16,
            message: "truncated"),
        BadInput(
            name: "truncated string", text: Array(#"{"id": "gpt-4"#.utf8), line: 1, column: 8, message: "unterminated string"),
        BadInput(name: "trailing garbage", text: Array("{} x".utf8), line: 1, column: 4, message: "expected the end of input"),
        BadInput(name: "missing comma", text: Array("[1 2]".utf8), line: 1, column: 4, message: "expected ',' or ']'"),
        BadInput(name: "bare word", text: Array("[nul]".utf8), line: 1, column: 2, message: "expected 'null'"),
        BadInput(name: "leading zero", text: Array("[01]".utf8), line: 1, column: 3, message: "leading zero"),
        BadInput(
            name: "binary", text: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], line: 1, column: 1,
            message: "expected a value, found '0x89'"),
        BadInput(
            name: "control character in string", text: Array("[\"a\u{01}\"]".utf8), line: 1, column: 4,
            message: "control character"),
        BadInput(name: "bad escape", text: Array(#"["\q"]"#.utf8), line: 1, column: 3, message: "invalid escape"),
        BadInput(name: "single quotes", text: Array("{'a': 1}".utf8), line: 1, column: 2, message: "expected a string key"),
        BadInput(
            name: "HTML page", text: Array("<!DOCTYPE html><html></html>".utf8), line: 1, column: 1,
            message: "expected a value, found '<'"),
    ]

    @Test("rejects malformed input with the place and what was expected", arguments: badInputs)
    func rejects(_ input: BadInput) {
        #expect {
            _ = try JSONDocument(bytes: input.text)
        } throws: { error in
            guard let error = error as? JSONSyntaxError else { return false }
            return error.line == input.line && error.column == input.column && error.message.contains(input.message)
        }
    }

    @Test("refuses nesting deeper than the limit instead of overflowing the stack")
    func deepNesting() throws {
        let deep = Array(repeating: UInt8(ascii: "["), count: 100_000) + Array(repeating: UInt8(ascii: "]"), count: 100_000)
        #expect(throws: JSONSyntaxError.self) { _ = try JSONDocument(bytes: deep) }
        let allowed = Array(repeating: UInt8(ascii: "["), count: 500) + Array(repeating: UInt8(ascii: "]"), count: 500)
        #expect(try JSONDocument(bytes: allowed).root.count == 1)
    }

    @Test("every prefix of a real capture is rejected or parsed, never a crash")
    func truncationsOfRealCapture() throws {
        let bytes = try Repository.capture("2025-08-23", "xai/language-models.json")
        var rejected = 0
        for length in stride(from: 0, to: bytes.count, by: 7) {
            if (try? JSONDocument(bytes: Array(bytes[..<length]))) == nil { rejected += 1 }
        }
        // Only the full text is a complete JSON value.
        #expect(rejected == (bytes.count + 6) / 7)
        #expect(try JSONDocument(bytes: bytes).root["models"]?.count == 8)
    }

    @Test("writes stable JSON with escapes")
    func output() {
        let value = JSONOutput.object([
            ("b", .string("x\"\n\u{01}")), ("a", .array([.int(1), .number("2.50"), .null, .bool(true)])),
        ])
        #expect(value.rendered() == #"{"b":"x\"\n\u0001","a":[1,2.50,null,true]}"#)
        #expect(JSONOutput.object([]).rendered(pretty: true) == "{}")
        #expect(JSONOutput.array([.int(1)]).rendered(pretty: true) == "[\n  1\n]")
    }

    @Test("a key given twice reads as absent; both places are reported, in small and large objects and through escapes")
    func duplicateKeys() throws {
        let small = try JSONDocument(bytes: Array(#"{"input": 999999, "output": 8, "input": 2}"#.utf8))
        #expect(small.root["input"] == nil)
        #expect(small.root["output"]?.int == 8)
        #expect(small.root.keys == ["output"])
        #expect(small.duplicateKeys.map(\.key) == ["input"])
        #expect(small.duplicateKeys.map(\.firstOffset) == [1])
        #expect(small.duplicateKeys.map(\.secondOffset) == [31])

        let keys = (0..<20).map { "\"k\($0)\": \($0)" }.joined(separator: ", ")
        let large = try JSONDocument(bytes: Array("{\(keys), \"k7\": 70}".utf8))
        #expect(large.root["k7"] == nil)
        #expect(large.root["k8"]?.int == 8)
        #expect(large.root.count == 21)
        #expect(large.duplicateKeys.map(\.key) == ["k7"])

        let escaped = try JSONDocument(bytes: Array(#"[{"a": 1, "\u0061": 2}, {"a": 3}]"#.utf8))
        #expect(escaped.root[0]?["a"] == nil)
        #expect(escaped.root[1]?["a"]?.int == 3)
        #expect(escaped.duplicateKeys.count == 1)
    }
}
