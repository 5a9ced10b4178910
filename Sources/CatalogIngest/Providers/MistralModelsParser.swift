package import CatalogCore

/// `mistral/models.json`: `GET https://api.mistral.ai/v1/models`.
///
/// `{"data": [{"id", "name", "capabilities": {…}, "max_context_length", "aliases",
/// "deprecation", "deprecation_replacement_model"?}]}`. `deprecation` is the date the model
/// stops answering. `name` is not a display name: it is the snapshot the id resolves to
/// (`mistral-medium-latest` has `name` `mistral-medium-2508`). `created` is not read: Mistral fills it with the time of the request.
/// The same id can appear twice in one answer (seen 2026-05-31); both entries are kept.
package struct MistralModelsParser: CaptureParser {
    package init() {}

    static let capabilities: [String: Capability] = [
        "completion_chat": .chat, "function_calling": .tools, "reasoning": .reasoning, "completion_fim": .fillInTheMiddle,
        "fine_tuning": .fineTuning, "vision": .vision, "ocr": .ocr, "moderation": .moderation, "audio": .audio,
        "audio_transcription": .transcription, "audio_speech": .speech,
    ]

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var list = try JSONModelList(bytes, file: file)
        var readers = list.records(try list.array(at: "data"), arrayPath: "data")
        for index in readers.indices {
            // `name` is the snapshot an alias points to (`mistral-medium-latest` → `mistral-medium-2508`).
            if let name = readers[index].string("name"), name != readers[index].id, !name.isEmpty {
                readers[index].add(.currentSnapshot, .text(name), at: "name")
            }
            readers[index].addText(.ownedBy, from: "owned_by")
            readers[index].addCount(.contextWindow, from: "max_context_length")
            for (position, alias) in readers[index].strings("aliases").enumerated() where alias != readers[index].id {
                readers[index].add(.alias, .text(alias), at: "aliases[\(position)]")
            }
            for (name, _) in readers[index].members("capabilities") {
                guard let capability = MistralModelsParser.capabilities[name],
                    let supported = readers[index].bool("capabilities." + name)
                else { continue }
                readers[index].addCapability(capability, supported, at: "capabilities." + name)
            }
            readers[index].addISODate(.shutdown, from: "deprecation")
            readers[index].addText(.replacement, from: "deprecation_replacement_model")
        }
        return list.finish(readers)
    }
}
