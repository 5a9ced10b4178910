import CatalogCore
import Foundation
import Testing

@Suite("Dates, money, price keys, fields")
struct ValueTests {
    @Test func calendarDates() throws {
        let date = try #require(CalendarDate(iso: "2025-07-30"))
        #expect(date.description == "2025-07-30")
        #expect(CalendarDate(iso: "2025-02-29") == nil)
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2025-7-30") == nil)
        #expect(CalendarDate(iso: "2025-13-01") == nil)
        #expect(CalendarDate(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(date.adding(days: 2).description == "2025-08-01")
        #expect(CalendarDate(iso: "2025-03-25")!.days(until: CalendarDate(iso: "2026-07-28")!) == 490)
        // grok-4-0709's `created` in the xAI capture.
        #expect(CalendarDate(unixSeconds: 1_752_019_200).description == "2025-07-09")
        #expect(CalendarDate(unixSeconds: -1).description == "1969-12-31")
        for days in stride(from: -800_000, through: 800_000, by: 997) {
            #expect(CalendarDate(daysSinceEpoch: days).daysSinceEpoch == days)
        }
    }

    @Test(arguments: [
        ("2.5", "2.50"), ("10", "10.00"), ("0.075", "0.075"), ("0.0625", "0.0625"), ("0", "0.00"), ("-1.5", "-1.50"),
        ("0.00000004", "0.00000004"), ("1234567.891", "1234567.891"),
    ])
    func moneyFormat(_ amount: String, _ text: String) {
        #expect(Money.format(Decimal(string: amount)!) == text)
    }

    @Test func unitConversion() {
        // OpenRouter: USD per token → per 1M tokens.
        #expect(Money.shift(DecimalLiteral.parse("0.00000115")!, by: 6) == Decimal(string: "1.15"))
        // xAI: 30000 × 1e-10 USD per token = 3.00 per 1M tokens.
        #expect(Money.shift(30000, by: -4) == 3)
        #expect(Money.removingBinaryNoise(DecimalLiteral.parse("0.18000000000000002")!) == Decimal(string: "0.18"))
        #expect(Money.removingBinaryNoise(DecimalLiteral.parse("0.060000000000000005")!) == Decimal(string: "0.06"))
    }

    @Test(arguments: [
        "input", "cached_input", "batch_output", "input_above_200k", "priority_cached_input_above_272k", "per_web_search",
    ])
    func priceKeyNames(_ name: String) throws {
        let key = try #require(PriceKey(name: name))
        #expect(key.name == name)
    }

    @Test func priceKeyParts() throws {
        let key = try #require(PriceKey(name: "flex_output_above_1m"))
        #expect(key.component == .output)
        #expect(key.tier == .flex)
        #expect(key.aboveInputTokens == 1_000_000)
        #expect(PriceComponent.perRequest.isPerMillionTokens == false)
        #expect(PriceComponent.cacheWrite.isPerMillionTokens)
    }

    @Test(arguments: [
        FactField.displayName, .alias, .contextWindow, .capability(.tools), .price(PriceKey(.input, tier: .batch)),
        .rateLimit(tier: "tier_1", metric: "rpm"), .shutdown, .canonicalSlug,
    ])
    func fieldKeys(_ field: FactField) {
        #expect(FactField(key: field.key) == field)
    }

    @Test(arguments: [
        FactValue.text("a|b"), .integer(-3), .decimal(Decimal(string: "0.00000115")!), .date(CalendarDate(iso: "2026-01-31")!),
        .flag(true), .flag(false), .variable, .unknown("No shutdown date announced"),
    ])
    func factValueStorage(_ value: FactValue) {
        #expect(FactValue(storageTag: value.storageTag, storageText: value.storageText) == value)
    }

    @Test("SHA-256 matches the FIPS 180-4 test vectors")
    func sha256Vectors() {
        #expect(SHA256.hex(of: [UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(of: Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(of: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex(of: Array(repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        var chunked = SHA256()
        for chunk in stride(from: 0, to: 1_000_000, by: 4093) {
            chunked.update(Array(repeating: UInt8(ascii: "a"), count: min(4093, 1_000_000 - chunk)))
        }
        #expect(chunked.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
