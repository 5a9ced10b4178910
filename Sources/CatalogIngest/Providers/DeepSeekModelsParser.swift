package import CatalogCore

/// `deepseek/models.json`: `GET https://api.deepseek.com/models` — ids and `owned_by` only;
/// prices and limits are on the pricing page.
package struct DeepSeekModelsParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        try OpenAICompatibleList.parse(bytes, file: file)
    }
}
