import CatalogCore
import Foundation
import Testing

@Suite("Checking a reading before its prices become truth")
struct ReadingCheckTests {
    func reading(_ prices: [(String, Decimal, Decimal)]) -> ParsedCapture {
        ParsedCapture(
            observations: prices.map { id, input, output in
                var observation = Observation(providerModelID: id, locator: "row \(id)")
                observation.add(.price(PriceKey(.input)), .decimal(input), at: "input")
                observation.add(.price(PriceKey(.output)), .decimal(output), at: "output")
                return observation
            })
    }

    @Test("impossible values are dropped with a warning; the rest stays")
    func impossibleValues() throws {
        var parsed = reading([("a", 1, 2), ("b", -1, 2)])
        parsed.observations[0].add(.price(PriceKey(.cachedInput)), .decimal(Decimal(string: "1e127")!), at: "cached")
        let checked = try ReadingCheck.verify(parsed, previous: nil, file: "f")
        #expect(checked.observations[0].facts.count == 2)
        #expect(checked.observations[1].facts.map(\.field) == [.price(PriceKey(.output))])
        #expect(checked.diagnostics.map(\.message).contains("b input: -1 USD is not a believable price; dropped"))
    }

    @Test("output below input for nearly every model refuses the reading; for one model it is a warning")
    func outputBelowInput() throws {
        let swapped = reading((1...8).map { ("m\($0)", Decimal(30), Decimal(5)) })
        #expect(throws: CaptureError.self) { try ReadingCheck.verify(swapped, previous: nil, file: "f") }
        do {
            _ = try ReadingCheck.verify(swapped, previous: nil, file: "f")
        } catch {
            #expect(error.code == .implausible)
            #expect(error.message.hasPrefix("output priced below input for 8 of 8 models"))
        }
        let one = reading([("odd", 2, 1)] + (1...7).map { ("m\($0)", Decimal(1), Decimal(4)) })
        let checked = try ReadingCheck.verify(one, previous: nil, file: "f")
        #expect(checked.diagnostics.map(\.message) == ["output below input for 1 of 8 models: odd"])
        // Half the models, where the previous reading had none, is a moved column too.
        let half = reading(
            (1...4).map { ("a\($0)", Decimal(5), Decimal(1)) } + (1...4).map { ("b\($0)", Decimal(1), Decimal(5)) })
        let before = reading(
            (1...4).map { ("a\($0)", Decimal(1), Decimal(5)) } + (1...4).map { ("b\($0)", Decimal(1), Decimal(5)) })
        #expect(throws: CaptureError.self) { try ReadingCheck.verify(half, previous: before.observations, file: "f") }
        #expect(throws: Never.self) { try ReadingCheck.verify(half, previous: nil, file: "f") }
    }

    @Test("most prices moving threefold at once refuses the reading; a price cut does not")
    func movedAtOnce() throws {
        let previous = reading((1...10).map { ("m\($0)", Decimal(1), Decimal(4)) }).observations
        let tenfold = reading((1...10).map { ("m\($0)", Decimal(10), Decimal(40)) })
        #expect(throws: CaptureError.self) { try ReadingCheck.verify(tenfold, previous: previous, file: "f") }
        let cut = reading((1...10).map { ("m\($0)", $0 <= 3 ? Decimal(string: "0.25")! : 1, Decimal(4)) })
        #expect(throws: Never.self) { try ReadingCheck.verify(cut, previous: previous, file: "f") }
    }
}
