package import CatalogCore
import Foundation

/// `mistral/pricing.html`: Mistral's pricing page (Next.js). The model grids live in the flight
/// payload as objects `{"name", "api_endpoint" (or "api" in the page's header grid),
/// "price": [{"value": "Input (/M tokens)", "price_dollar": "<p>$0.5</p>"}, …]}`; the endpoint
/// is the model id (often an alias such as `mistral-medium-latest`).
///
/// Every price object of a model is read in its own unit: per 1M tokens (input, output), per
/// minute of audio (`Audio Input/min`, `$0.004 (audio) / $0.1 (text)`), per 1,000 pages (OCR,
/// annotations; "50% off with batch-APIs" gives the batch price), per 1k characters (speech),
/// and "Free". Objects without an endpoint (tools, fine-tuning services) are not model prices.
/// An endpoint that two entries price differently (`mistral-small-latest` under "Mistral
/// Small 4" and "Mistral Small 3.2") is ambiguous: each entry is kept under its own name, never
/// one price picked for the endpoint.
package struct MistralPricingParser: CaptureParser {
    package init() {}

    struct Entry {
        var index: Int
        var name: String
        var endpoint: String
        var prices: [JSONValue]
        var place: String
    }

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        let payload = FlightPayload(ScriptPayloads.nextFlight(page.document))
        var models = Page.Collector()
        let objects = payload.objects { $0["price"]?.array != nil && $0["name"]?.string != nil }
        var entries: [Entry] = []
        var services: [String] = []
        for (index, object) in objects.enumerated() {
            let name = object["name"]?.string ?? ""
            let place = "flight payload, entry \(index + 1) (\(name))"
            let endpoint = (object["api_endpoint"] ?? object["api"])?.string.map { $0.trimmingCharacters(in: .whitespaces) }
            guard let endpoint, !endpoint.isEmpty else {
                services.append(name)
                continue
            }
            entries.append(
                Entry(index: index, name: name, endpoint: endpoint, prices: object["price"]?.array ?? [], place: place))
        }
        if !services.isEmpty {
            page.note(
                at: "flight payload",
                "priced services without an API endpoint, not model prices: \(services.joined(separator: ", "))")
        }
        // An endpoint two entries give different amounts for the same price is ambiguous.
        var amounts: [String: [PriceKey: Set<Decimal>]] = [:]
        for entry in entries {
            for price in entry.prices {
                let text = AstroValue.stripTags(FlightPayload.text(price["price_dollar"]) ?? "")
                for (key, amount) in MistralPricingParser.read(label: price["value"]?.string ?? "", text: text) {
                    amounts[entry.endpoint, default: [:]][key, default: []].insert(amount)
                }
            }
        }
        let ambiguousEndpoints = Set(
            amounts.compactMap { endpoint, keys in keys.values.contains { $0.count > 1 } ? endpoint : nil })
        for entry in entries {
            let ambiguous = ambiguousEndpoints.contains(entry.endpoint)
            let target = ambiguous ? entry.name : entry.endpoint
            if ambiguous {
                page.warn(
                    at: entry.place,
                    "\(entry.endpoint) is priced differently by several entries of the page; \"\(entry.name)\" is kept under its name"
                )
            }
            models.add(target, .displayName, .text(entry.name), at: entry.place, byDisplayName: ambiguous)
            var stated: [String] = []
            let before = models.priceFacts
            for (position, price) in entry.prices.enumerated() {
                guard let label = price["value"]?.string, let html = FlightPayload.text(price["price_dollar"]) else { continue }
                let text = AstroValue.stripTags(html)
                let place = entry.place + ", price \(position + 1)"
                let read = MistralPricingParser.read(label: label, text: text)
                guard !read.isEmpty else {
                    if text.contains("$") { stated.append("\(label.trimmingCharacters(in: .whitespaces)): \(text)") }
                    continue
                }
                for (key, amount) in read {
                    models.add(target, .price(key), .decimal(amount), at: place, byDisplayName: ambiguous)
                }
            }
            let offersAPrice = entry.prices.contains {
                (FlightPayload.text($0["price_dollar"]) ?? "").contains("$") || MistralPricingParser.isFree($0)
            }
            if offersAPrice || !stated.isEmpty {
                page.offered(
                    entry.name + " (" + entry.endpoint + ")", at: entry.place, read: models.priceFacts > before,
                    stated: stated.joined(separator: "; "), model: target, byDisplayName: ambiguous, into: &models)
            }
        }
        return try page.finish(
            models, expecting: "priced models in the flight payload (objects with \"api_endpoint\" or \"api\" and \"price\")")
    }

    static func isFree(_ price: JSONValue) -> Bool {
        AstroValue.stripTags(FlightPayload.text(price["price_dollar"]) ?? "").lowercased() == "free"
    }

    /// The prices one price object states, by its label and text; empty when it states none
    /// this parser knows (a unit it does not read, or no price at all).
    static func read(label rawLabel: String, text: String) -> [(PriceKey, Decimal)] {
        let label = rawLabel.lowercased().trimmingCharacters(in: .whitespaces)
        let lowered = text.lowercased()
        if lowered == "free", label == "api endpoint" {
            return [(PriceKey(.input), 0), (PriceKey(.output), 0)]
        }
        let amounts = PageText.dollarAmounts(text)
        if label.hasPrefix("input (per min / per m tok)"), amounts.count == 2, lowered.contains("(audio)"),
            lowered.contains("(text)")
        {
            return [(PriceKey(.perAudioMinute), amounts[0]), (PriceKey(.input), amounts[1])]
        }
        guard amounts.count == 1 else { return [] }
        let amount = amounts[0]
        if label == "input (/m tokens)" { return [(PriceKey(.input), amount)] }
        if label == "output (/m tokens)" { return [(PriceKey(.output), amount)] }
        if label == "audio input/min" { return [(PriceKey(.perAudioMinute), amount)] }
        if label == "audio generation", lowered.contains("per 1k characters") {
            return [(PriceKey(.perMillionInputCharacters), Money.shift(amount, by: 3))]
        }
        let perThousandPages =
            lowered.contains("/ 1,000 pages") || lowered.contains("/ 1000 pages") || lowered.contains("/1k pages")
        if perThousandPages, label == "ocr" || label == "annotations" {
            let component: PriceComponent = label == "ocr" ? .perThousandPages : .perThousandAnnotatedPages
            var prices = [(PriceKey(component), amount)]
            if lowered.contains("50% off with batch") { prices.append((PriceKey(component, tier: .batch), amount / 2)) }
            return prices
        }
        return []
    }
}
