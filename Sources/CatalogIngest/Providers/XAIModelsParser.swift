package import CatalogCore

/// `xai/models.json`: `GET https://api.x.ai/v1/models` — ids, `created`, `owned_by` only.
package struct XAIModelsParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        try OpenAICompatibleList.parse(bytes, file: file)
    }
}

/// The OpenAI-compatible `{"object": "list", "data": [{"id", "created", "owned_by"}]}` shape
/// that several providers answer with.
enum OpenAICompatibleList {
    static func parse(
        _ bytes: [UInt8], file: String, extra: (inout RecordReader) -> Void = { _ in }
    ) throws(CaptureError) -> ParsedCapture {
        var list = try JSONModelList(bytes, file: file)
        var readers = list.records(try list.array(at: "data"), arrayPath: "data")
        for index in readers.indices {
            readers[index].addUnixDate(.created, from: "created")
            readers[index].addText(.ownedBy, from: "owned_by")
            extra(&readers[index])
        }
        return list.finish(readers)
    }
}
