package import CatalogCore

/// `bedrock/models.json`: AWS Bedrock `ListFoundationModels` (`modelSummaries`).
///
/// Lifecycle `LEGACY` is read as status "legacy". `converse.maxTokensMaximum` is the largest
/// output. Some captures have the region redacted in ARNs (`<AWS_REGION>`); ARNs are not read.
package struct BedrockModelsParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var list = try JSONModelList(bytes, file: file)
        var readers = list.records(try list.array(at: "modelSummaries"), arrayPath: "modelSummaries", idKey: "modelId")
        for index in readers.indices {
            var reader = readers[index]
            reader.addText(.displayName, from: "modelName")
            reader.addText(.ownedBy, from: "providerName")
            reader.addText(.family, from: "modelFamily")
            reader.addModalities(.inputModality, from: "inputModalities")
            reader.addModalities(.outputModality, from: "outputModalities")
            reader.addCount(.maxOutputTokens, from: "converse.maxTokensMaximum")
            if let streaming = reader.bool("responseStreamingSupported") {
                reader.addCapability(.streaming, streaming, at: "responseStreamingSupported")
            }
            if let batch = reader.bool("batchSupported.baseModelSupported") {
                reader.addCapability(.batch, batch, at: "batchSupported.baseModelSupported")
            }
            if let caching = reader.bool("explicitPromptCaching.isSupported") {
                reader.addCapability(.caching, caching, at: "explicitPromptCaching.isSupported")
            }
            if let embedded = reader.bool("converse.reasoningSupported.embedded"), embedded {
                reader.addCapability(.reasoning, true, at: "converse.reasoningSupported.embedded")
            }
            for (position, customization) in reader.strings("customizationsSupported").enumerated()
            where customization == "FINE_TUNING" {
                reader.addCapability(.fineTuning, true, at: "customizationsSupported[\(position)]")
            }
            if let status = reader.string("modelLifecycle.status") {
                reader.add(.status, .text(status.lowercased()), at: "modelLifecycle.status")
            }
            readers[index] = reader
        }
        return list.finish(readers)
    }
}
