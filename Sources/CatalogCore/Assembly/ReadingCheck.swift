package import Foundation

/// Checks a capture's reading before its prices become truth.
///
/// A layout the parser has not seen can be read "successfully" with numbers from the wrong
/// column; a wrong number is worse than a missing one. So a reading is checked:
/// - value by value: a negative price, or one beyond ``maximumPrice``, is dropped with a
///   warning (no model has been priced near it);
/// - as a whole, against what prices always obey: output at least input (when the source's
///   previous reading obeyed it too, or when nearly every model breaks it), cached input and
///   batch prices at most the standard input price, a long-context price at least the base
///   price. Broken for many models at once, the
///   reading fails: the source's last good capture carries forward, reported, instead of a set
///   of new prices;
/// - against the source's previous reading: most of the prices both state moving threefold or
///   more at once fails the reading the same way.
///
/// A single model breaking an invariant is a warning: providers do price oddly now and then.
package enum ReadingCheck {
    /// USD per 1M tokens, or per unit, beyond which a price is not believed.
    package static let maximumPrice: Decimal = 10_000
    /// Models a whole-reading check needs before it can fail a reading.
    package static let minimumModels = 5

    /// The reading with impossible values removed, or an error when it fails as a whole.
    /// - Parameters:
    ///   - previous: the observations of the source's previous good reading, if any.
    package static func verify(_ parsed: ParsedCapture, previous: [Observation]?, file: String) throws(CaptureError)
        -> ParsedCapture
    {
        var checked = checkedNames(parsed, file: file)
        for (index, observation) in checked.observations.enumerated() {
            checked.observations[index].facts = observation.facts.filter { fact in
                guard case .price(let key) = fact.field, let amount = fact.value.decimal else { return true }
                if amount.isNaN || !amount.isFinite || amount < 0 || amount > maximumPrice {
                    checked.diagnostics.append(
                        Diagnostic(
                            .warning, file: file, at: fact.locator,
                            "\(observation.providerModelID) \(key.name): \(amount) USD is not a believable price; dropped"))
                    return false
                }
                return true
            }
        }

        let now = Invariants(checked.observations)
        let before = previous.map(Invariants.init)
        if now.outputBelowInput.checked >= minimumModels {
            let share = now.outputBelowInput.share
            let usedToHold =
                before.map { $0.outputBelowInput.checked >= minimumModels && $0.outputBelowInput.share < 0.2 } ?? false
            if (usedToHold && share >= 0.5) || share >= 0.8 {
                throw CaptureError(
                    .implausible, file: file,
                    "output priced below input for \(now.outputBelowInput.violations) of \(now.outputBelowInput.checked) models (\(now.outputBelowInput.examples)): the columns may have moved; the reading is not believed"
                )
            }
        }
        for invariant in now.discounts where invariant.tally.checked >= 3 && invariant.tally.share >= 0.5 {
            throw CaptureError(
                .implausible, file: file,
                "\(invariant.name) for \(invariant.tally.violations) of \(invariant.tally.checked) models (\(invariant.tally.examples)): \(invariant.why); the reading is not believed"
            )
        }
        for (name, tally) in [("output below input", now.outputBelowInput)] + now.discounts.map({ ($0.name, $0.tally) })
        where tally.violations > 0 {
            checked.diagnostics.append(
                Diagnostic(.warning, file: file, "\(name) for \(tally.violations) of \(tally.checked) models: \(tally.examples)"))
        }

        if let previous {
            let moved = movedPrices(from: previous, to: checked.observations)
            if moved.common >= 10, moved.changed * 2 >= moved.common {
                throw CaptureError(
                    .implausible, file: file,
                    "\(moved.changed) of \(moved.common) prices the previous capture also states moved threefold or more at once (\(moved.examples)); the reading is not believed"
                )
            }
        }
        return checked
    }

    /// The reading without observations whose id is not a believable model id, and without
    /// name-like facts that are not believable names (``Identifier``). Dropping an
    /// observation makes the reading partial, so the model it named is not taken as removed.
    static func checkedNames(_ parsed: ParsedCapture, file: String) -> ParsedCapture {
        var checked = parsed
        var dropped: [Int] = []
        for (index, observation) in parsed.observations.enumerated() {
            let idProblem =
                observation.identifiedByDisplayName
                ? Identifier.nameProblem(observation.providerModelID) : Identifier.problem(observation.providerModelID)
            if let idProblem {
                checked.diagnostics.append(
                    Diagnostic(.warning, file: file, at: observation.locator, "skipped: the model id \(idProblem)"))
                dropped.append(index)
                continue
            }
            // Copy the facts only when one of them must go.
            guard observation.facts.contains(where: { nameProblem(of: $0) != nil }) else { continue }
            checked.observations[index].facts.removeAll { fact in
                guard let problem = nameProblem(of: fact) else { return false }
                checked.diagnostics.append(
                    Diagnostic(.warning, file: file, at: fact.locator, "\(fact.field.key) ignored: the value \(problem)"))
                return true
            }
        }
        guard !dropped.isEmpty else { return checked }
        for index in dropped.reversed() { checked.observations.remove(at: index) }
        if case .complete = checked.completeness {
            checked.completeness = .partial("\(dropped.count) entr\(dropped.count == 1 ? "y" : "ies") had no believable model id")
        }
        return checked
    }

    /// Why a name-like fact's text is not believable (``Identifier``), or `nil`.
    private static func nameProblem(of fact: Fact) -> String? {
        guard case .text(let text) = fact.value else { return nil }
        switch fact.field {
        case .displayName, .family, .ownedBy: return Identifier.nameProblem(text)
        case .alias, .currentSnapshot, .replacement, .canonicalSlug, .huggingFaceID, .hostModelID: return Identifier.problem(text)
        default: return nil
        }
    }

    /// How many models an invariant was checked on, and broke it.
    struct Tally {
        var checked = 0
        var violations = 0
        var names: [String] = []
        var share: Double { checked == 0 ? 0 : Double(violations) / Double(checked) }
        var examples: String { names.prefix(3).joined(separator: ", ") + (names.count > 3 ? ", …" : "") }

        mutating func record(_ name: String, broken: Bool) {
            checked += 1
            if broken {
                violations += 1
                names.append(name)
            }
        }
    }

    struct Invariants {
        var outputBelowInput = Tally()
        var cachedAboveInput = Tally()
        var batchAboveStandard = Tally()
        var longContextBelowBase = Tally()

        /// The invariants every price list obeys, whatever the source did before: broken for
        /// most models, they refuse the reading.
        var discounts: [(name: String, tally: Tally, why: String)] {
            [
                ("cached input above input", cachedAboveInput, "a discount priced higher than the price it discounts"),
                ("batch above standard", batchAboveStandard, "a discount priced higher than the price it discounts"),
                ("long-context price below the base price", longContextBelowBase, "a surcharge priced lower than the base price"),
            ]
        }

        init(_ observations: [Observation]) {
            for observation in observations {
                var prices: [PriceKey: Decimal] = [:]
                for fact in observation.facts {
                    if case .price(let key) = fact.field, let amount = fact.value.decimal, prices[key] == nil {
                        prices[key] = amount
                    }
                }
                let id = observation.providerModelID
                if let input = prices[PriceKey(.input)], let output = prices[PriceKey(.output)], input > 0 {
                    outputBelowInput.record(id, broken: output < input)
                }
                if let input = prices[PriceKey(.input)], let cached = prices[PriceKey(.cachedInput)] {
                    cachedAboveInput.record(id, broken: cached > input)
                }
                if let input = prices[PriceKey(.input)], let batch = prices[PriceKey(.input, tier: .batch)] {
                    batchAboveStandard.record(id, broken: batch > input)
                }
                for (key, amount) in prices where key.aboveInputTokens != nil {
                    guard let base = prices[PriceKey(key.component, tier: key.tier)] else { continue }
                    longContextBelowBase.record(id + " " + key.name, broken: amount < base)
                }
            }
        }
    }

    /// Prices stated by both readings (by model and key), and those that moved threefold or more.
    static func movedPrices(from previous: [Observation], to current: [Observation]) -> (
        common: Int, changed: Int, examples: String
    ) {
        func table(_ observations: [Observation]) -> [String: Decimal] {
            var result: [String: Decimal] = [:]
            for observation in observations {
                for fact in observation.facts {
                    guard case .price(let key) = fact.field, let amount = fact.value.decimal, amount > 0 else { continue }
                    let name = observation.providerModelID + " " + key.name
                    if result[name] == nil { result[name] = amount }
                }
            }
            return result
        }
        let before = table(previous)
        var common = 0
        var changed: [String] = []
        for (name, amount) in table(current) {
            guard let old = before[name] else { continue }
            common += 1
            if amount >= old * 3 || old >= amount * 3 { changed.append("\(name) \(old) → \(amount)") }
        }
        return (common, changed.count, changed.sorted().prefix(3).joined(separator: ", "))
    }
}

extension ReadingCheck {
    /// Prices a maker states that another source contradicts: a canonical model whose maker's
    /// input price is at least twice, or at most half, OpenRouter's price for the same model.
    /// OpenRouter passes the maker's price through for the models the maker serves, so a gap
    /// that wide more likely means a price attributed to the wrong model (a page's `-latest`
    /// endpoint the API maps elsewhere) than a real difference. A warning on the maker's capture,
    /// for a reviewer; both prices stay as their sources state them.
    package static func crossSource(_ canonical: CanonicalCatalog, records: [ModelRecord]) -> [Diagnostic] {
        var byID: [String: ModelRecord] = [:]
        for record in records { byID[record.id] = record }
        var warnings: [Diagnostic] = []
        let key = PriceKey(.input)
        for model in canonical.models {
            guard let makers = model.facts.first(where: { $0.field == .price(key) }), let maker = makers.value.decimal, maker > 0
            else {
                continue
            }
            for offering in model.offerings where offering.provider == "openrouter" {
                guard let router = byID[offering.recordID]?.price(key), router > 0 else { continue }
                guard maker >= router * 2 || router >= maker * 2 else { continue }
                warnings.append(
                    Diagnostic(
                        .warning, file: "snapshots/" + makers.source.file, at: makers.source.locator,
                        "\(model.id): input \(Money.format(maker)) USD/1M here, \(Money.format(router)) at OpenRouter (\(offering.recordID)): one of them may be attributed to the wrong model"
                    ))
            }
        }
        return warnings
    }
}
