public import CatalogCore

/// `cerebras/models.json`: `GET https://api.cerebras.ai/v1/models` — ids and `owned_by`;
/// `created` is 0 (not stated).
public struct CerebrasModelsParser: CaptureParser {
    public init() {}

    public func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        try OpenAICompatibleList.parse(bytes, file: file)
    }
}
