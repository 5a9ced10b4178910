package import CatalogCore

/// `cerebras/models.json`: `GET https://api.cerebras.ai/v1/models` — ids and `owned_by`;
/// `created` is 0 (not stated).
package struct CerebrasModelsParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        try OpenAICompatibleList.parse(bytes, file: file)
    }
}
