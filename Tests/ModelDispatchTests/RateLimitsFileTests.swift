import CatalogTestSupport
import Foundation
import ModelCatalog
import Testing

@testable import ModelDispatch

/// The limits file and the catalog's own rate-limit facts.
struct RateLimitsFileTests {
    @Test("the committed limits file reads, and its rules match by canonical id or family")
    func committedFile() throws {
        let limits = try RateLimits.load(path: Repository.root.appendingPathComponent("catalog/rate-limits.yaml").path)
        #expect(limits.defaults.requestsPerMinute == 60)
        let sonnet = try #require(
            limits.rule(provider: "anthropic", id: "anthropic/claude-sonnet-4-5-20250929", family: "anthropic/claude-sonnet-4-5"))
        #expect(sonnet.group == "claude-sonnet-4")
        #expect(sonnet.figures.inputTokensPerMinute == 30000)
        #expect(
            limits.rule(provider: "anthropic", id: "anthropic/claude-3-5-haiku-20241022", family: "anthropic/claude-3-5-haiku")
                == nil)
        #expect(
            limits.rule(provider: "openrouter", id: "anthropic/claude-sonnet-4-5-20250929", family: "anthropic/claude-sonnet-4-5")
                == nil)
    }

    @Test(
        "a bad limits file names the file, the line and what was expected",
        arguments: [
            ("defaults:\n  requests_per_minute: lots\n", "limits.yaml:2: `requests_per_minute`: expected a positive number"),
            (
                "defaults:\n  requests_per_hour: 5\n",
                "limits.yaml:2: unknown limit `requests_per_hour`: expected requests_per_minute, requests_per_day, tokens_per_minute, tokens_per_day, input_tokens_per_minute, output_tokens_per_minute or concurrent"
            ),
            (
                "providers:\n  anthropic:\n    - group: x\n      requests_per_minute: 5\n",
                "limits.yaml:3: a rule needs `models:` (a canonical id or family pattern)"
            ),
            ("limits: 3\n", "limits.yaml:1: unknown key `limits`: expected `defaults` or `providers`"),
        ])
    func badFiles(text: String, message: String) {
        #expect(throws: RateLimitsError.self) { try RateLimits.parse(text, file: "limits.yaml") }
        do {
            _ = try RateLimits.parse(text, file: "limits.yaml")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test("a tier's rate limits are read from the catalog's facts")
    func catalogTier() throws {
        let catalog = try FullCatalog.pinned()
        let record = try #require(try catalog.record(id: "groq/groq/compound-mini"))
        let figures = try #require(RateLimits.catalogFigures(record, tier: "developer"))
        #expect(figures.requestsPerMinute == 200)
        #expect(figures.tokensPerMinute == 200_000)
        #expect(RateLimits.catalogFigures(record, tier: "tier_9") == nil)
    }
}
