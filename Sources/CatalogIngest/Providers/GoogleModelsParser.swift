package import CatalogCore

/// `google/models.json`: `GET https://generativelanguage.googleapis.com/v1beta/models` (Gemini API).
///
/// `{"models": [{"name": "models/<id>", "version", "displayName", "inputTokenLimit",
/// "outputTokenLimit", "supportedGenerationMethods", "thinking"?}], "nextPageToken"?}`.
/// A `nextPageToken` means the capture holds one page only (the 2025-05..2025-08 captures
/// of the earlier tool): the list is partial and missing models were not removed.
/// `inputTokenLimit` is what Google calls the context window.
package struct GoogleModelsParser: CaptureParser {
    package init() {}

    static let methods: [String: Capability] = [
        "generateContent": .chat, "embedContent": .embeddings, "batchGenerateContent": .batch,
        "createCachedContent": .caching, "createTunedModel": .fineTuning, "bidiGenerateContent": .audio,
    ]

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var list = try JSONModelList(bytes, file: file)
        var readers = list.records(try list.array(at: "models"), arrayPath: "models", idKey: "name") { name in
            guard name.hasPrefix("models/"), name.count > 7 else { return nil }
            return String(name.dropFirst(7))
        }
        for index in readers.indices {
            readers[index].addText(.displayName, from: "displayName")
            readers[index].addCount(.contextWindow, from: "inputTokenLimit")
            readers[index].addCount(.maxOutputTokens, from: "outputTokenLimit")
            for (position, method) in readers[index].strings("supportedGenerationMethods").enumerated() {
                if let capability = GoogleModelsParser.methods[method] {
                    readers[index].addCapability(capability, true, at: "supportedGenerationMethods[\(position)]")
                }
            }
            if readers[index].bool("thinking") == true {
                readers[index].addCapability(.reasoning, true, at: "thinking")
            }
        }
        let token = list.root["nextPageToken"]?.string ?? ""
        return list.finish(
            readers, completeness: token.isEmpty ? .complete : .partial("nextPageToken present: only the first page was captured")
        )
    }
}
