public import CatalogCore
import Foundation

/// `mistral/pricing.html`: Mistral's pricing page (Next.js). The model grid lives in the flight
/// payload as objects `{"name", "api", "price": [{"value": "Input (/M tokens)",
/// "price_dollar": "$$1.5"}, …]}`; `api` is the model id (often an alias such as
/// `mistral-medium-latest`). OCR models are priced per 1,000 pages.
public struct MistralPricingParser: CaptureParser {
    public init() {}

    public func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        let payload = FlightPayload(ScriptPayloads.nextFlight(page.document))
        var models = Page.Collector()
        let entries = payload.objects { $0["api"]?.string != nil && $0["price"]?.array != nil && $0["name"]?.string != nil }
        for (index, entry) in entries.enumerated() {
            guard let id = entry["api"]?.string, let name = entry["name"]?.string, !id.isEmpty else { continue }
            let place = "flight payload, model \(index + 1) (\(name))"
            models.add(id, .displayName, .text(name), at: place)
            for (position, price) in (entry["price"]?.array ?? []).enumerated() {
                guard let label = price["value"]?.string?.lowercased(), let text = FlightPayload.text(price["price_dollar"]) else { continue }
                let amounts = PageText.dollarAmounts(text)
                let pricePlace = place + ", price \(position + 1)"
                guard amounts.count == 1 else {
                    page.warn(at: pricePlace, "\(id): expected one USD price, found \"\(text)\"; ignored")
                    continue
                }
                if label.hasPrefix("input") && label.contains("/m tokens") {
                    models.add(id, .price(PriceKey(.input)), .decimal(amounts[0]), at: pricePlace)
                } else if label.hasPrefix("output") && label.contains("/m tokens") {
                    models.add(id, .price(PriceKey(.output)), .decimal(amounts[0]), at: pricePlace)
                } else if label == "ocr", text.contains("1,000 pages") {
                    models.add(id, .price(PriceKey(.perThousandPages)), .decimal(amounts[0]), at: pricePlace)
                } else {
                    page.note(at: pricePlace, "\(id): \"\(price["value"]?.string ?? "")\" \(text) is not a model price; not read")
                }
            }
        }
        return try page.finish(models, expecting: "priced models in the flight payload (objects with \"api\" and \"price\")")
    }
}
