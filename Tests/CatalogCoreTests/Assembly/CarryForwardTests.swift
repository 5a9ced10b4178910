import CatalogCore
import Foundation
import Testing

/// The rule that a failed or partial source never removes models, on hand-built sequences of
/// one source's results (no files).
@Suite("Carry-forward: which capture is in force")
struct CarryForwardTests {
    static let path = "openai/models.json"
    static let days = (1...5).map { CalendarDate(iso: "2026-03-0\($0)")! }

    func list(_ ids: [String], partial: String? = nil) -> CarryForward.Result {
        let observations = ids.map { id in
            var observation = Observation(providerModelID: id, locator: "$.data[?@.id=='\(id)']")
            observation.add(.listed, .text("model-list"), at: "$.data")
            return observation
        }
        let parsed = ParsedCapture(observations: observations, completeness: partial.map { .partial($0) } ?? .complete)
        return .parsed(parsed, sha256: nil, bytes: 100)
    }

    func failure(_ day: Int) -> CarryForward.Result {
        .failed(CaptureError(.malformed, file: "2026-03-0\(day)/\(CarryForwardTests.path)", "expected JSON"), bytes: 12)
    }

    /// Applies one result per day (`nil`: no capture that day); returns each day's models and report.
    func run(_ results: [CarryForward.Result?]) -> [(ids: [String], report: SourceReport?)] {
        var carry = CarryForward()
        var days: [(ids: [String], report: SourceReport?)] = []
        for (index, result) in results.enumerated() {
            let date = CarryForwardTests.days[index]
            let captures =
                result.map {
                    [CarryForward.Capture(path: CarryForwardTests.path, display: "\(date)/\(CarryForwardTests.path)", result: $0)]
                } ?? []
            let outcome = carry.apply(date, captures)
            let ids = outcome.inputs.flatMap { $0.observations.map(\.providerModelID) }.sorted()
            days.append((ids, outcome.reports.first { $0.capturePath == CarryForwardTests.path }))
        }
        return days
    }

    @Test("a failed capture carries the last good one forward, stale, and removes nothing")
    func failed() {
        let days = run([list(["gpt-4o", "gpt-5"]), failure(2)])
        #expect(days[1].ids == ["gpt-4o", "gpt-5"])
        #expect(days[1].report?.state == .stale)
        #expect(days[1].report?.captureDate == CarryForwardTests.days[0])
        #expect(days[1].report?.staleDays == 1)
        #expect(days[1].report?.message?.contains("failed") == true)
    }

    @Test("a failure with nothing before it is a failed source that contributes nothing")
    func failedFirst() {
        let days = run([failure(1)])
        #expect(days[0].ids.isEmpty)
        #expect(days[0].report?.state == .failed)
        #expect(days[0].report?.modelCount == 0)
    }

    @Test("a first page only keeps the models it lacks from the capture they came from")
    func partial() {
        var carry = CarryForward()
        _ = carry.apply(CarryForwardTests.days[0], [capture(list(["a", "b", "c"]), day: 0)])
        let outcome = carry.apply(CarryForwardTests.days[1], [capture(list(["a", "d"], partial: "first page only"), day: 1)])
        let byDate = Dictionary(grouping: outcome.inputs, by: \.captureDate).mapValues {
            $0.flatMap { $0.observations.map(\.providerModelID) }.sorted()
        }
        #expect(byDate[CarryForwardTests.days[1]] == ["a", "d"])
        #expect(byDate[CarryForwardTests.days[0]] == ["b", "c"])
        let report = outcome.reports.first
        #expect(report?.state == .partial)
        #expect(report?.message == "first page only")
        #expect(report?.contributingDates == [CarryForwardTests.days[1], CarryForwardTests.days[0]])
        #expect(report?.modelCount == 4)
    }

    func capture(_ result: CarryForward.Result, day: Int) -> CarryForward.Capture {
        CarryForward.Capture(
            path: CarryForwardTests.path, display: "\(CarryForwardTests.days[day])/\(CarryForwardTests.path)", result: result)
    }

    @Test("a day without a capture keeps the last one, stale, and says how old it is")
    func stale() {
        let days = run([list(["gpt-4o"]), nil, nil])
        #expect(days[2].ids == ["gpt-4o"])
        #expect(days[2].report?.state == .stale)
        #expect(days[2].report?.staleDays == 2)
    }

    @Test("a source that recovers is fresh again, from its new capture alone")
    func recovered() {
        let days = run([list(["gpt-4o", "gpt-5"]), failure(2), list(["gpt-5", "gpt-6"])])
        #expect(days[2].ids == ["gpt-5", "gpt-6"])
        #expect(days[2].report?.state == .parsed)
        #expect(days[2].report?.staleDays == nil)
        #expect(days[2].report?.contributingDates == [CarryForwardTests.days[2]])
    }

    @Test("only a whole, fresh list removes a model")
    func removedForReal() {
        let days = run([list(["a", "b", "c"]), list(["a"], partial: "first page only"), failure(3), list(["a", "c"])])
        #expect(days[1].ids == ["a", "b", "c"])
        #expect(days[2].ids == ["a", "b", "c"])
        #expect(days[3].ids == ["a", "c"])
    }

    @Test("a reading that fails its checks is a failed capture: the last good one carries forward")
    func implausible() {
        // Output priced below input for every model: the columns have moved.
        func priced(input: Decimal, output: Decimal) -> CarryForward.Result {
            let observations = (1...ReadingCheck.minimumModels).map { index in
                var observation = Observation(providerModelID: "model-\(index)", locator: "row \(index)")
                observation.add(.price(PriceKey(.input)), .decimal(input), at: "row \(index), column 2")
                observation.add(.price(PriceKey(.output)), .decimal(output), at: "row \(index), column 3")
                return observation
            }
            return .parsed(ParsedCapture(observations: observations), sha256: nil, bytes: 50)
        }
        var carry = CarryForward()
        _ = carry.apply(CarryForwardTests.days[0], [capture(priced(input: 1, output: 4), day: 0)])
        let outcome = carry.apply(CarryForwardTests.days[1], [capture(priced(input: 4, output: 1), day: 1)])
        #expect(outcome.reports.first?.state == .stale)
        #expect(outcome.diagnostics.contains { $0.message.contains("not believed") })
        let inputs = outcome.inputs.flatMap(\.observations)
        #expect(inputs.allSatisfy { $0.facts.first { $0.field == .price(PriceKey(.input)) }?.value == .decimal(1) })
    }
}
