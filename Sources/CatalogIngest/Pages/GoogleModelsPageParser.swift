package import CatalogCore
import Foundation

/// `google/models.html`: the Gemini models overview, a gallery of cards, each a heading
/// linking to `/gemini-api/docs/models/<id>` with the model's name and a status badge
/// (`<span class="model-status">Preview</span>`, `Deprecated`). Links to family pages without a
/// version (`/models/imagen`) are not model ids and are skipped.
package struct GoogleModelsPageParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        let page = try Page(bytes, file: file)
        var models = Page.Collector()
        for heading in page.document.select("//h3[contains(@class, 'gemini-model-name')]") {
            guard let link = heading.elements(named: "a").first, let href = link.attribute("href"),
                let range = href.range(of: "/docs/models/")
            else { continue }
            let id = String(href[range.upperBound...].prefix { $0 != "#" && $0 != "?" })
            guard PageModelID.parse(id) == id, id.contains(where: \.isNumber) else { continue }
            let place = "line \(heading.line)"
            let status = link.elements(named: "span").first { $0.attribute("class")?.contains("model-status") == true }?.text()
            var name = link.text()
            if let status, name.hasSuffix(status) { name = String(name.dropLast(status.count)).trimmingCharacters(in: .whitespaces) }
            models.touch(id, at: place)
            if !name.isEmpty { models.add(id, .displayName, .text(name), at: place) }
            if status?.lowercased() == "deprecated" { models.add(id, .status, .text("deprecated"), at: place) }
        }
        return try page.finish(models, expecting: "model cards (h3.gemini-model-name linking to /docs/models/<id>)")
    }
}
