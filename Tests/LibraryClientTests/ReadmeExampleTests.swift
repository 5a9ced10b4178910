// A client of the library, as another package writes one: it imports ModelCatalog and nothing
// else, and depends on no other target. Its body is the README's library example, line for
// line, so that the documented API compiles against the public surface alone and cannot drift.
import Foundation
import ModelCatalog
import Testing

/// The README's example (the block after `import ModelCatalog` in "The library"), compiled.
/// Not run: it reads `catalog/catalog.sqlite`, which `catalog build` writes, and its values are
/// the newest catalog's.
func readmeExample() throws {
    // README begins
    let catalog = try Catalog.embedded()

    let hit = try catalog.resolve("openrouter/openai/gpt-4o")
    hit.model?.id  // "openai/gpt-4o-2024-08-06"
    hit.match  // .offering (how it matched: exact, alias, offering, prefixed, normalized)
    hit.offering?.recordID  // "openrouter/openai/gpt-4o"

    try catalog.resolve("claude-4.7-opus").model?.id  // "anthropic/claude-opus-4-7" (normalized)
    try catalog.resolve("gemma-4-31b-it").candidates  // ambiguous: two models, none picked
    try catalog.resolve("gpt-9").suggestions  // closest known names

    let cost = try catalog.cost(of: "gpt-5.5", usage: Usage(inputTokens: 300_000, outputTokens: 10_000, tier: .batch))
    cost.total  // 1.725 (Decimal, USD): the long-context batch prices above 272K prompt tokens
    cost.lines  // input and output, each with its price key, quantity and rate

    let model = try catalog.model(id: "openai/gpt-4o-2024-08-06")!
    try catalog.offerings(of: model)  // each host's id, matching rule and own record (prices, limits)
    try catalog.family(of: model)  // gpt-4o-2024-05-13, -08-06, -11-20
    try catalog.latest(in: "openai/gpt-4o")  // the newest snapshot
    catalog.successor(of: "openai/gpt-4o")  // "openai/gpt-4.1", from catalog/successors.yaml

    do {
        _ = try catalog.cost(of: "gpt-9", usage: Usage(inputTokens: 1_000))
    } catch let error as CostError where error.code == .unknownModel {
        error.suggestions  // the closest known names; also .ambiguous, .missingPrice, …
    }

    // Any version of a catalog built with `catalog build`:
    let archive = try CatalogArchive(path: "catalog/catalog.sqlite")
    let then = try archive.catalog(at: CalendarDate(iso: "2025-08-01")!)

    // What changed between two versions, and what a model cost on a date:
    let diff = try archive.diff(from: CalendarDate(iso: "2025-07-21")!)  // to the newest version
    diff.changes.filter { $0.severity == .breaking }  // CatalogChange: kind, model, provider, field, old, new, evidence
    let history = try archive.history(of: "openrouter/moonshotai/kimi-k2")!
    history.price(PriceKey(.input), on: CalendarDate(iso: "2025-08-01")!)?.value  // 0.0878, read from 2025-07-30's capture
    // README ends
    _ = (hit, cost, then, diff, history)
}

@Suite("The README's library example")
struct ReadmeExampleTests {
    /// Compared line by line, with runs of spaces as one (the formatter aligns comments its own way).
    @Test("compiles against the public API alone, and is the README's text")
    func matchesReadme() throws {
        let here = URL(fileURLWithPath: #filePath)
        let root = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let source = try String(contentsOf: here, encoding: .utf8)
        let start = try #require(readme.range(of: "```swift\nimport ModelCatalog\n"))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let documented = readme[start.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.filter { !$0.isEmpty }
        let begins = try #require(source.range(of: "// README begins\n"))
        let ends = try #require(source.range(of: "    // README ends"))
        let compiled = source[begins.upperBound..<ends.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.filter { !$0.isEmpty }
        #expect(documented.count > 20)
        #expect(compiled == documented)
    }
}
