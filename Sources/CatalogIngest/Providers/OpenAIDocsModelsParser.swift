package import CatalogCore
import Foundation

/// `openai/docs-models.json`: model details extracted from OpenAI's docs site by the earlier
/// Python tool's scraper (a derived format, not an API).
///
/// Two shapes occur:
/// - an array of model pages (`slug`, `current_snapshot`, `snapshots`, `rate_limits`), and
/// - `{"rate_limits": [...], "modalities": [...], "pricing": [...]}`.
///
/// Prices come from `pricing[].values` (USD per 1M tokens, per tier `main`/`batch`/`flex`/
/// `priority`) and `pricing[].snapshots[]`. `modalities[].price_data` is not read: it holds the
/// docs site's placeholder numbers (input 10 / output 30 for most models, gpt-5 included),
/// not prices. `point_to` (the docs' "consider instead" link) is not a deprecation and is not
/// read as a replacement.
package struct OpenAIDocsModelsParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var list = try JSONModelList(bytes, file: file)
        var readers: [RecordReader] = []
        if list.root.kind == .array {
            readers += pages(&list, list.records(try list.array(at: ""), arrayPath: "", idKey: "slug"))
        } else {
            guard list.root["rate_limits"] != nil || list.root["modalities"] != nil || list.root["pricing"] != nil else {
                throw CaptureError(
                    .unexpectedShape, file: file, at: "$",
                    "expected an array of model pages or an object with \"rate_limits\", \"modalities\" and \"pricing\", found keys \(JSONModelList.keyList(list.root))"
                )
            }
            if list.root["rate_limits"] != nil {
                readers += pages(&list, list.records(try list.array(at: "rate_limits"), arrayPath: "rate_limits", idKey: "slug"))
            }
            if list.root["modalities"] != nil {
                for var reader in list.records(try list.array(at: "modalities"), arrayPath: "modalities", idKey: "slug") {
                    modalities(&reader)
                    readers.append(reader)
                }
            }
            if list.root["pricing"] != nil {
                readers += try pricing(&list)
            }
        }
        return list.finish(readers)
    }

    private func pages(_ list: inout JSONModelList, _ readers: [RecordReader]) -> [RecordReader] {
        readers.map { reader in
            var reader = reader
            reader.addText(.displayName, from: "display_name")
            if let snapshot = reader.string("current_snapshot"), snapshot != reader.id {
                reader.add(.currentSnapshot, .text(snapshot), at: "current_snapshot")
            }
            if reader.bool("deprecated") == true {
                reader.add(.status, .text("deprecated"), at: "deprecated")
            }
            for (index, tool) in reader.strings("supported_tools").enumerated() {
                if let capability = OpenAIDocsModelsParser.toolCapabilities[tool] {
                    reader.addCapability(capability, true, at: "supported_tools[\(index)]")
                }
            }
            rateLimits(&reader)
            return reader
        }
    }

    /// `rate_limits.<tier>.<metric>`; or, for a model with several pools, an array of
    /// `{name, rate_limits}` of which the standard pool (`default`, `Standard`) is the model's
    /// own and the others (`Long Context`) are noted as not read.
    private func rateLimits(_ reader: inout RecordReader) {
        guard let found = reader.raw("rate_limits") else { return }
        var tiers: (value: JSONValue, path: String)?
        if let pools = found.array {
            for (index, pool) in pools.enumerated() {
                let name = pool["name"]?.string ?? ""
                let path = "rate_limits[\(index)]"
                if tiers == nil, ["default", "standard"].contains(name.lowercased()), let limits = pool["rate_limits"] {
                    tiers = (limits, path + ".rate_limits")
                } else {
                    reader.note(path, "the rate limits of the pool \"\(SafeText.escaped(name))\" are not read")
                }
            }
        } else {
            tiers = (found, "rate_limits")
        }
        guard let tiers else { return }
        guard let tierMembers = tiers.value.members else {
            reader.warn(tiers.path, "expected an object of rate-limit tiers, found \(tiers.value.kind); ignored")
            return
        }
        for (tier, limits) in tierMembers {
            guard let metrics = limits.members else {
                if !limits.isNull { reader.warn(tiers.path + "." + tier, "expected an object, found \(limits.kind); ignored") }
                continue
            }
            for (metric, amount) in metrics {
                let path = tiers.path + "." + tier + "." + metric
                if let count = amount.int {
                    reader.add(.rateLimit(tier: tier, metric: metric), .integer(count), at: path)
                } else if let text = amount.string, let images = OpenAIDocsModelsParser.imagesPerMinute(text) {
                    // Image models state their request limit as "5 img/min".
                    reader.add(.rateLimit(tier: tier, metric: "images_per_minute"), .integer(images), at: path)
                } else if !amount.isNull {
                    reader.warn(path, "expected a whole number, found \(amount.numberText ?? amount.kind.description); ignored")
                }
            }
        }
    }

    private func modalities(_ reader: inout RecordReader) {
        reader.addModalities(.inputModality, from: "modalities.input")
        reader.addModalities(.outputModality, from: "modalities.output")
        reader.addCount(.contextWindow, from: "context_window")
        reader.addCount(.maxInputTokens, from: "max_input_tokens")
        reader.addCount(.maxOutputTokens, from: "max_output_tokens")
        if let milliseconds = reader.int("knowledge_cutoff"), milliseconds > 0 {
            reader.add(.knowledgeCutoff, .date(CalendarDate(unixSeconds: Int64(milliseconds / 1000))), at: "knowledge_cutoff")
        }
        for (index, feature) in reader.strings("supported_features").enumerated() {
            if let capability = OpenAIDocsModelsParser.featureCapabilities[feature] {
                reader.addCapability(capability, true, at: "supported_features[\(index)]")
            }
        }
        for (index, endpoint) in reader.strings("supported_endpoints").enumerated() {
            if let capability = OpenAIDocsModelsParser.endpointCapabilities[endpoint] {
                reader.addCapability(capability, true, at: "supported_endpoints[\(index)]")
            }
        }
        if let reasoning = reader.bool("reasoning_tokens") {
            reader.addCapability(.reasoning, reasoning, at: "reasoning_tokens")
        }
    }

    private func pricing(_ list: inout JSONModelList) throws(CaptureError) -> [RecordReader] {
        var result: [RecordReader] = []
        for var reader in list.records(try list.array(at: "pricing"), arrayPath: "pricing", idKey: "name") {
            if let snapshot = reader.string("current_snapshot"), snapshot != reader.id {
                reader.add(.currentSnapshot, .text(snapshot), at: "current_snapshot")
            }
            prices(&reader, at: "values")
            var snapshotReaders: [RecordReader] = []
            if let snapshots = reader.elements("snapshots") {
                for (index, snapshot) in snapshots.enumerated() {
                    let place = "snapshots[\(index)]"
                    guard let name = snapshot["name"]?.string, !name.isEmpty else {
                        reader.warn(place, "skipped: the snapshot has no string \"name\"")
                        continue
                    }
                    var snapshotReader = RecordReader(
                        id: name, locator: reader.observation.locator + "." + place, value: snapshot, file: list.file)
                    prices(&snapshotReader, at: "values")
                    snapshotReaders.append(snapshotReader)
                }
            }
            result.append(reader)
            result += snapshotReaders
        }
        return result
    }

    private func prices(_ reader: inout RecordReader, at path: String) {
        let tiers = reader.members(path)
        for (tierName, _) in tiers {
            guard let tier = OpenAIDocsModelsParser.tiers[tierName] else {
                reader.warn(path + "." + tierName, "unknown price tier \"\(tierName)\"; ignored")
                continue
            }
            for (componentName, amount) in reader.members(path + "." + tierName) {
                let place = path + "." + tierName + "." + componentName
                guard let component = OpenAIDocsModelsParser.components[componentName] else {
                    reader.warn(place, "unknown price component \"\(componentName)\"; ignored")
                    continue
                }
                guard let usd = amount.decimal else {
                    if !amount.isNull {
                        reader.warn(place, "expected a price in USD per 1M tokens, found \(amount.kind); ignored")
                    }
                    continue
                }
                reader.add(.price(PriceKey(component, tier: tier)), .decimal(usd), at: place)
            }
        }
    }

    /// `"2500 img/min"` → 2500.
    static func imagesPerMinute(_ text: String) -> Int? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, parts[1] == "img/min" else { return nil }
        return Int(parts[0])
    }

    static let tiers: [String: PriceTier] = ["main": .standard, "batch": .batch, "flex": .flex, "priority": .priority]
    static let components: [String: PriceComponent] = ["input": .input, "cached_input": .cachedInput, "output": .output]
    static let featureCapabilities: [String: Capability] = [
        "function_calling": .tools, "structured_outputs": .structuredOutput, "image_input": .vision,
        "fine_tuning": .fineTuning, "streaming": .streaming, "prompt_caching": .caching, "web_search": .webSearch,
    ]
    static let endpointCapabilities: [String: Capability] = [
        "batch": .batch, "embeddings": .embeddings, "transcription": .transcription, "speech_generation": .speech,
        "image_generation": .imageGeneration, "moderation": .moderation, "chat_completions": .chat,
    ]
    static let toolCapabilities: [String: Capability] = [
        "function_calling": .tools, "web_search": .webSearch, "code_interpreter": .codeExecution,
    ]
}
