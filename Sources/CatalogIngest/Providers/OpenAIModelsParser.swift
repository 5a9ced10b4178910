package import CatalogCore

/// `openai/models.json`: `GET https://api.openai.com/v1/models`.
///
/// `{"object": "list", "data": [{"id", "created", "owned_by", "shutdown_date"?}]}`. Newer
/// answers add `shutdown_date` (a Unix time or an ISO date) to models with an announced
/// shutdown.
package struct OpenAIModelsParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var list = try JSONModelList(bytes, file: file)
        var readers = list.records(try list.array(at: "data"), arrayPath: "data")
        for index in readers.indices {
            readers[index].addUnixDate(.created, from: "created")
            readers[index].addText(.ownedBy, from: "owned_by")
            readers[index].addShutdownDate(from: "shutdown_date")
        }
        return list.finish(readers)
    }
}

extension RecordReader {
    /// A shutdown date given either as Unix seconds or as an ISO date.
    mutating func addShutdownDate(from path: String) {
        guard let found = raw(path) else { return }
        if found.kind == .number {
            addUnixDate(.shutdown, from: path)
        } else {
            addISODate(.shutdown, from: path)
        }
    }
}
