import CatalogCore
import CatalogIngest
import CatalogTestSupport
import Foundation
import Testing

/// A broken capture gets a clear error naming the file, the place and what was expected.
@Suite("Bad captures")
struct BadInputTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let source: String
        let bytes: [UInt8]
        let code: CaptureError.Code
        let locator: String?
        let message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        let real = (try? Repository.capture("2026-05-31", "openrouter/models.json")) ?? []
        return [
            Case(name: "empty", source: "openai/models.json", bytes: [], code: .empty, locator: nil, message: "empty (0 bytes)"),
            Case(
                name: "truncated real capture", source: "openrouter/models.json", bytes: Array(real.prefix(real.count / 2)),
                code: .malformed, locator: nil, message: "not valid JSON: unterminated string"),
            Case(
                name: "binary", source: "mistral/models.json", bytes: [0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFE], code: .malformed,
                locator: "line 1, column 1", message: "not valid JSON: expected a value, found '0x1F'"),
            Case(
                name: "an HTML challenge page", source: "anthropic/models.json",
                bytes: Array("\n<!DOCTYPE html><html><head><title>Just a moment...</title></head></html>".utf8),
                code: .notContent,
                locator: "line 1", message: "found an HTML page"),
            Case(
                name: "data is an object", source: "openai/models.json", bytes: Array(#"{"object": "list", "data": {}}"#.utf8),
                code: .unexpectedShape, locator: "$.data", message: "expected an array of models at $.data, found an object"),
            Case(
                name: "wrong top-level keys", source: "google/models.json", bytes: Array(#"{"error": {"code": 403}}"#.utf8),
                code: .unexpectedShape, locator: "$.models", message: "found an object with keys \"error\""),
            Case(
                name: "an array where an object is expected", source: "xai/language-models.json", bytes: Array("[]".utf8),
                code: .unexpectedShape, locator: "$.models", message: "found an array"),
            Case(
                name: "unexpectedly large", source: "deepseek/models.json",
                bytes: Array(repeating: UInt8(ascii: " "), count: (32 << 20) + 1), code: .tooLarge, locator: nil,
                message: "more than the 33554432 bytes"),
        ]
    }()

    @Test("fails the capture with a clear error", arguments: cases)
    func fails(_ input: Case) throws {
        let source = try #require(SourceRegistry.source(forCapturePath: input.source))
        let parser = try #require(ParserRegistry.parser(for: source.id))
        let file = "snapshots/2026-01-01/\(input.source)"
        do {
            _ = try parser.parse(input.bytes, file: file)
            Issue.record("expected \(input.code)")
        } catch {
            #expect(error.code == input.code)
            #expect(error.file == file)
            if let locator = input.locator { #expect(error.locator == locator) }
            #expect(error.message.contains(input.message), "\(error.message)")
            #expect(error.description.hasPrefix(file))
        }
    }

    @Test("a truncated capture names the line and column where it stops")
    func truncatedPlace() throws {
        let real = try Repository.capture("2025-08-23", "xai/language-models.json")
        // Cut after a line break between two members.
        let cut = real.prefix(1000).lastIndex(of: UInt8(ascii: "\n"))! + 1
        do {
            _ = try XAILanguageModelsParser().parse(Array(real.prefix(cut)), file: "f")
            Issue.record("expected an error")
        } catch {
            let lines = real.prefix(cut).filter { $0 == UInt8(ascii: "\n") }.count
            #expect(error.locator == "line \(lines + 1), column 1")
            #expect(error.message == "not valid JSON: unexpected end of input: expected an object key")
        }
    }

    @Test("bad rows are skipped with a warning at their place; the rest is read")
    func badRows() throws {
        let text = #"""
            {"data": [
              {"id": "good-1", "created": 1700000000, "owned_by": "openai"},
              "not an object",
              {"created": 1},
              {"id": "good-2", "created": "yesterday", "owned_by": 7},
              {"id": "good-1", "owned_by": "again"}
            ]}
            """#
        let parsed = try OpenAIModelsParser().parse(Array(text.utf8), file: "snapshots/x/openai/models.json")
        #expect(parsed.observations.map(\.providerModelID) == ["good-1", "good-2", "good-1"])
        #expect(parsed.observations[1].facts.isEmpty)
        let messages = parsed.diagnostics.map { "\($0.locator ?? ""): \($0.message)" }
        #expect(
            messages == [
                "$.data[1]: skipped: expected a model object, found a string",
                "$.data[2]: skipped: the model has no string \"id\"",
                "$.data[4]: the id \"good-1\" appears again (first at $.data[0]); the facts of both entries are kept",
                "$.data[?@.id=='good-2'].created: expected a whole number, found a string; ignored",
                "$.data[?@.id=='good-2'].owned_by: expected a string, found a number; ignored",
            ])
        #expect(parsed.diagnostics.allSatisfy { $0.severity == .warning && $0.file == "snapshots/x/openai/models.json" })
    }

    @Test("a negative OpenRouter price other than -1 is refused, not stored")
    func negativePrice() throws {
        let text = #"{"data": [{"id": "a/b", "pricing": {"prompt": "-0.5", "completion": "-1"}}]}"#
        let parsed = try OpenRouterModelsParser().parse(Array(text.utf8), file: "f")
        let model = try parsed.model("a/b")
        #expect(model.price("input") == nil)
        #expect(model.price("output") == .variable)
        #expect(
            parsed.diagnostics.map(\.message) == ["negative price \"-0.5\" (only \"-1\", meaning variable, is expected); ignored"]
        )
    }
}
