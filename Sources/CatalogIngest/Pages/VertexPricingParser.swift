package import CatalogCore
import Foundation

/// `vertex/pricing.html`: the Vertex AI (Gemini Enterprise Agent Platform) generative AI
/// pricing page. Every table whose first column is "Model" is a model price table, read by its
/// column titles; models are named for people (joined to Vertex ids when the version is
/// assembled):
/// - Gemini: `Model | Type | Price (/1M tokens) <= 200K input tokens | > 200K … | cached …`
///   under a tier heading (Standard, Priority, Flex/Batch); a row per token type. A cell with
///   a global and a non-global price gives both (`input`, `input_in_non-global`).
/// - `Model | Type | Price | Price with Batch API` (Gemini 2.0, by tokens or by modality: the
///   type names the unit, `Input text ($/M char)`, `Input image ($/image)`, `Input video
///   ($/sec)`), and its context-cache tables (`Storage (M tok-hour) | Price`).
/// - Partner models (Claude, Llama, Mistral, DeepSeek, Qwen, gpt-oss, Grok…): cells of labelled
///   prices `Input: $5.00 Output: $25.00 Batch Input: $2.50 5m Cache Write: $6.25 Cache Hit:
///   $0.50`; for Claude a second column holds the prices above 200K input tokens. Tables headed
///   by a region (`us-east5`, `EU Multi-Region (eu)`) give that region's prices
///   (`input_in_us-east5`).
/// - Imagen, Veo, Lyria and embedding models: a price per image, per second of video (by
///   resolution; `_video_only` where the model also sells video with audio), per clip, per
///   1,000 characters or tokens (converted to per 1M), per frame; tuning per 1M training tokens.
/// Rows that name a feature billed across models (grounding) are not a model's price. A price
/// in a column the table does not title, or a type or label the parser does not know, is an
/// entry not read (a warning), never a guess.
package struct VertexPricingParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        var models = Page.Collector()
        var sawGemini = false
        for table in page.tables() {
            let titles = table.columnTitles.map { $0.lowercased() }
            guard let first = titles.first, first == "model" || first == "open source model" else { continue }
            if titles.count >= 3, titles[1] == "type", titles[2].contains("/1m tokens") { sawGemini = true }
            let context = Context(table: table, titles: titles, heading: table.heading)
            for (offset, row) in table.bodyRows.enumerated() {
                let rowIndex = table.headerRowCount + offset
                let place = table.locator(row: rowIndex)
                let name = row[0].text
                // A feature billed across models, or a model's heading row.
                if name.hasPrefix("Grounding") || name.hasPrefix("Web Grounding") { continue }
                guard row.dropFirst().contains(where: { VertexPricingParser.statesAmount($0.text) }) else { continue }
                let before = models.priceFacts
                var unread: [String] = []
                let names = VertexPricingParser.modelNames(row, titles: titles)
                let prices = VertexPricingParser.prices(row, context, unread: &unread)
                for name in names {
                    for (key, amount) in prices {
                        models.add(name.0, .price(key), .decimal(amount), at: place, byDisplayName: true)
                    }
                    if let status = name.1 { models.add(name.0, .status, .text(status), at: place, byDisplayName: true) }
                }
                // Title-less columns holding an amount: the row is shifted off its headings.
                for (column, cell) in row.enumerated() where column >= titles.count || titles[column].isEmpty {
                    if VertexPricingParser.statesAmount(cell.text) {
                        unread.append("an amount in an untitled column: \(cell.text)")
                    }
                }
                let entry = names.map(\.0).joined(separator: ", ")
                // A row shifted off its headings has no trustworthy model name to keep its words under.
                let shifted = unread.contains { $0.contains("untitled column") || $0.contains("usage column") }
                page.offered(
                    entry.isEmpty ? name : entry, at: place, read: models.priceFacts > before && unread.isEmpty,
                    stated: unread.joined(separator: "; "), model: shifted ? nil : names.first?.0, byDisplayName: true,
                    into: &models)
            }
        }
        guard sawGemini else {
            throw page.layoutError("expected Gemini pricing tables with columns \"Model\", \"Type\" and \"Price (/1M tokens) …\"")
        }
        return try page.finish(models, expecting: "priced models")
    }

    /// What a table says about every row: its titles, tiers and region.
    struct Context {
        var table: HTMLTable
        var titles: [String]
        var heading: String

        var tiers: [PriceTier] { VertexPricingParser.tiers(heading) }

        /// The region a partner-model table is priced for; `nil` for global or uniform prices.
        var region: String? {
            let lowered = heading.lowercased()
            if lowered == "global" || lowered.contains("uniform pricing") || lowered.contains("models") || lowered == "gemma" {
                return nil
            }
            // "US Multi-Region (us)" → "us"; "us-east5" stays.
            if let open = heading.lastIndex(of: "("), let close = heading.lastIndex(of: ")"), open < close {
                return String(heading[heading.index(after: open)..<close]).lowercased()
            }
            return lowered.contains(" ") ? nil : lowered
        }
    }

    /// The models a row prices (`Imagen 2, Imagen 1` is two), each with a status marker.
    static func modelNames(_ row: [HTMLTable.Cell], titles: [String]) -> [(String, String?)] {
        var name = row[0].text
        // A row without a model names the feature it prices (`Virtual Try-On`).
        if name.isEmpty, titles.count > 1, titles[1] == "feature" { name = row[1].text }
        let parts = name.contains(", Imagen") ? name.components(separatedBy: ", ") : [name]
        return parts.map { AnthropicPricingParser.splitStatus($0) }.filter { !$0.name.isEmpty }.map { ($0.name, $0.status) }
    }

    static func statesAmount(_ text: String) -> Bool { !PageText.dollarAmounts(text).isEmpty }

    /// Every price a row states, by its table's kind.
    static func prices(_ row: [HTMLTable.Cell], _ context: Context, unread: inout [String]) -> [(PriceKey, Decimal)] {
        let titles = context.titles
        func column(_ matches: (String) -> Bool) -> Int? { titles.firstIndex(where: matches) }
        var result: [(PriceKey, Decimal)] = []
        if titles.count >= 3, titles[1] == "type", titles[2].contains("/1m tokens") {
            // Gemini token tables.
            guard let family = tokenFamily(row[1].text) else {
                unread.append("type \"\(row[1].text)\"")
                return []
            }
            for index in 2..<titles.count where statesAmount(row[index].text) {
                let title = titles[index]
                guard let component = title.contains("cached") ? family.cached : family.base else {
                    unread.append("\(row[1].text) under \"\(title)\": \(row[index].text)")
                    continue
                }
                let threshold = title.contains("> 200k") ? 200_000 : nil
                for (amount, region) in globalAndRegional(row[index].text) {
                    for tier in context.tiers {
                        result.append((PriceKey(component.inRegion(region), tier: tier, aboveInputTokens: threshold), amount))
                    }
                }
            }
        } else if titles.count >= 3, titles[1] == "type", titles[2] == "price" || titles[2].hasPrefix("storage") {
            // `Price | Price with Batch API`, or a context cache `Storage | Price`.
            guard let unit = typeUnit(row[1].text) else {
                unread.append("type \"\(row[1].text)\"")
                return []
            }
            for index in 2..<titles.count where !titles[index].isEmpty && statesAmount(row[index].text) {
                let amount = PageText.dollarAmounts(row[index].text)[0]
                if titles[index].hasPrefix("storage") {
                    result.append((PriceKey(PriceComponent(rawValue: "cache_storage_per_hour" + unit.storageSuffix)), amount))
                } else if titles[2].hasPrefix("storage") {
                    result.append((PriceKey(PriceComponent(rawValue: "cached_" + unit.component.rawValue)), amount))
                } else {
                    let tier: PriceTier = titles[index].contains("batch") ? .batch : .standard
                    result.append((PriceKey(unit.component, tier: tier), amount * unit.scale))
                }
            }
        } else if titles.count >= 2, titles[1] == "pricing" || titles[1].contains("/1m tokens") {
            // Partner models: labelled prices, per region.
            for index in 1..<titles.count where statesAmount(row[index].text) {
                let threshold = titles[index].contains("> 200k") ? 200_000 : nil
                let read: [(PriceKey, Decimal)]
                do {
                    read = try LabelledPrices.readAll(row[index].text)
                } catch {
                    // A cell that contradicts itself: the whole row is refused.
                    unread.append(error.message)
                    return []
                }
                for (key, amount) in read {
                    result.append(
                        (PriceKey(key.component.inRegion(context.region), tier: key.tier, aboveInputTokens: threshold), amount))
                }
            }
        } else if let price = column({ $0 == "price" }), titles.contains("feature") || titles.contains("description") {
            // Imagen, Veo, Lyria, multimodal embeddings: the unit is in the price.
            let text = row[price].text
            guard let amount = PageText.dollarAmounts(text).first else { return [] }
            let feature = column({ $0 == "feature" }).map { row[$0].text.lowercased() } ?? ""
            let type = column({ $0 == "type" }).map { row[$0].text } ?? ""
            let lowered = text.lowercased()
            if let resolutionColumn = column({ $0 == "output resolution" }), lowered.contains("/second") {
                let suffix: String
                if feature.hasPrefix("video + audio") {
                    suffix = ""
                } else if feature == "video generation" {
                    let withAudio = context.table.bodyRows.contains {
                        $0[0].text == row[0].text && $0[1].text.lowercased().hasPrefix("video + audio")
                    }
                    suffix = withAudio ? "_video_only" : ""
                } else {
                    suffix = "_" + slug(feature)
                }
                for resolution in row[resolutionColumn].text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber })
                {
                    result.append(
                        (
                            PriceKey(
                                PriceComponent(rawValue: PriceComponent.perVideoSecond(String(resolution)).rawValue + suffix)),
                            amount
                        ))
                }
            } else if !type.isEmpty, let unit = typeUnit(type) {
                result.append((PriceKey(unit.component), amount * unit.scale))
            } else if lowered.contains("song") || lowered.contains("per 30 seconds") {
                result.append((PriceKey(.perOutputClip), amount))
            } else if lowered.contains("/ 1k characters input") {
                result.append((PriceKey(.perMillionInputCharacters), amount * 1000))
            } else if lowered.contains("image input") {
                result.append((PriceKey(.perInputImage), amount))
            } else if lowered.contains("per second of video") {
                result.append(
                    (
                        PriceKey(
                            PriceComponent(
                                rawValue: "per_input_video_second_" + slug(feature.components(separatedBy: "video").last ?? ""))),
                        amount
                    ))
            } else if lowered.contains("per image") || lowered.contains("/image") {
                let component: PriceComponent =
                    switch feature {
                    case "upscaling": PriceComponent(rawValue: "per_upscaled_image")
                    case "image editing": PriceComponent(rawValue: "per_edited_image")
                    case "visual captioning", "visual q&a": .perInputImage
                    default: .perOutputImage
                    }
                result.append((PriceKey(component), amount))
            } else {
                unread.append(text)
            }
        } else if let price = column({
            $0.hasPrefix("price per 1,000") || $0 == "price per million characters" || $0.hasPrefix("price (/1m training")
        }) {
            result += perThousand(row, titles: titles, price: price, unread: &unread)
        } else if titles.count >= 4, titles[1] == "feature", titles[2] == "type" {
            // Context cache storage, or the Gemini 1.5 table of several units per cell.
            for index in 3..<titles.count where !titles[index].isEmpty && statesAmount(row[index].text) {
                let threshold = titles[index].contains("> 200k") ? 200_000 : titles[index].contains("> 128k") ? 128_000 : nil
                result += severalUnits(
                    type: row[2].text, feature: row[1].text, text: row[index].text, threshold: threshold, unread: &unread)
            }
        } else {
            unread.append("a table with columns \(titles.joined(separator: ", "))")
        }
        return result
    }

    /// `Online requests: $0.00015 Batch requests: $0.00012` per 1,000 tokens or characters;
    /// `$10 per million characters`; `$25` per 1M training tokens or characters.
    static func perThousand(_ row: [HTMLTable.Cell], titles: [String], price: Int, unread: inout [String]) -> [(
        PriceKey, Decimal
    )] {
        let title = titles[price]
        let text = row[price].text
        let type = titles.count > 1 ? row[1].text.lowercased() : ""
        if title.hasPrefix("price (/1m training") {
            let name = title.contains("characters") ? "training_per_1m_characters" : "training"
            return PageText.dollarAmounts(text).first.map { [(PriceKey(PriceComponent(rawValue: name)), $0)] } ?? []
        }
        let usage = titles.firstIndex(of: "usage").map { row[$0].text.lowercased() } ?? ""
        let characters = title.contains("characters")
        let output = type.hasPrefix("output") || usage.contains("output")
        let base: PriceComponent =
            characters ? (output ? .perMillionOutputCharacters : .perMillionInputCharacters) : (output ? .output : .input)
        let scale: Decimal = title == "price per million characters" ? 1 : 1000
        if title == "price per million characters" {
            // A row shifted off its headings names no input or output in its usage column.
            guard usage.contains("input") || usage.contains("output") else {
                unread.append("the usage column says \"\(usage)\", not input or output characters: \(text)")
                return []
            }
            return PageText.dollarAmounts(text).first.map { [(PriceKey(base), $0)] } ?? []
        }
        // "Input: Output: Batch Input: Batch Output:" beside "Online requests: $x … Batch requests: …".
        let labels =
            type.contains(":")
            ? type.components(separatedBy: ":").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } : []
        let values = text.components(separatedBy: "requests:").dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        var result: [(PriceKey, Decimal)] = []
        for (index, value) in values.enumerated() {
            guard let amount = PageText.dollarAmounts(value).first else { continue }
            let label = index < labels.count ? labels[index] : (index == 0 ? "online" : "batch")
            let isBatch = label.contains("batch")
            let component: PriceComponent =
                labels.isEmpty
                ? base
                : (label.hasSuffix("output")
                    ? (characters ? .perMillionOutputCharacters : .output) : (characters ? .perMillionInputCharacters : .input))
            result.append((PriceKey(component, tier: isBatch ? .batch : .standard), amount * scale))
        }
        if result.isEmpty { unread.append(text) }
        return result
    }

    /// `Image Input Video Input Text Input Audio Input` beside `$0.00002 / image $0.00002 /
    /// second $0.00001875 / 1k characters $0.000002 / second`; `$4.5 (/M Tok/hr)` storage;
    /// `$8 / M tokens` training.
    static func severalUnits(type: String, feature: String, text: String, threshold: Int?, unread: inout [String]) -> [(
        PriceKey, Decimal
    )] {
        let lowered = text.lowercased()
        if feature.lowercased().contains("storage") || lowered.contains("/m tok/hr") {
            return PageText.dollarAmounts(text).first.map { [(PriceKey(.cacheStoragePerHour, aboveInputTokens: threshold), $0)] }
                ?? []
        }
        if feature.lowercased().hasPrefix("tuning") {
            return PageText.dollarAmounts(text).first.map { [(PriceKey(PriceComponent(rawValue: "training")), $0)] } ?? []
        }
        let modalities = type.lowercased().components(separatedBy: " ").filter {
            ["image", "video", "text", "audio"].contains($0)
        }
        let isOutput = type.lowercased().contains("output")
        let amounts = PageText.labelledAmounts(text)
        guard amounts.count == modalities.count else {
            unread.append("\(amounts.count) amounts for \(modalities.count) types: \(text)")
            return []
        }
        var result: [(PriceKey, Decimal)] = []
        for ((amount, words), modality) in zip(amounts, modalities) {
            let component: PriceComponent?
            var scale: Decimal = 1
            switch (modality, words) {
            case ("image", let words) where words.hasPrefix("/ image"): component = .perInputImage
            case ("video", let words) where words.hasPrefix("/ second"): component = .perInputVideoSecond
            case ("audio", let words) where words.hasPrefix("/ second"): component = .perInputAudioSecond
            case ("text", let words) where words.hasPrefix("/ 1k characters"):
                component = isOutput ? .perMillionOutputCharacters : .perMillionInputCharacters
                scale = 1000
            default: component = nil
            }
            guard let component else {
                unread.append("\(modality) at \(words)")
                continue
            }
            result.append((PriceKey(component, aboveInputTokens: threshold), amount * scale))
        }
        return result
    }

    /// The unit a row's type names: `Input text ($/M char)`, `Input image ($/image)`, `Input
    /// video ($/sec)`, `Input video ($/per frame)`, `Input text ($/1M tokens)`, `1M Input audio tokens`.
    static func typeUnit(_ type: String) -> (component: PriceComponent, scale: Decimal, storageSuffix: String)? {
        let lowered = type.lowercased()
        let output = lowered.contains("output")
        if lowered.contains("($/m char)") {
            return (output ? .perMillionOutputCharacters : .perMillionInputCharacters, 1, "_per_1m_characters")
        }
        if lowered.contains("($/image)") { return (output ? .perOutputImage : .perInputImage, 1, "_per_image") }
        if lowered.contains("($/sec)") {
            if lowered.contains("video") { return (.perInputVideoSecond, 1, "_per_video_second") }
            if lowered.contains("audio") { return (.perInputAudioSecond, 1, "_per_audio_second") }
            return nil
        }
        if lowered.contains("($/per frame)") { return (.perInputVideoFrame, 1, "_per_video_frame") }
        if lowered.contains("($/1m tokens)") || lowered.contains("1m ") && lowered.contains("tokens") {
            if lowered.contains("tuning") || lowered.contains("training") { return (PriceComponent(rawValue: "training"), 1, "") }
            let modality =
                lowered.contains("audio")
                ? "audio"
                : lowered.contains("image") && !lowered.contains("video")
                    ? "image"
                    : lowered.contains("video") ? "video" : "text"
            let component: PriceComponent =
                switch (output, modality) {
                case (true, "audio"): .outputAudio
                case (true, "image"): .outputImageTokens
                case (true, _): .output
                case (false, "audio"): .inputAudio
                case (false, "video"): .inputVideo
                case (false, _): .input
                }
            return (component, 1, "")
        }
        return nil
    }

    /// `$0.25 (Global) $0.275 (Non-global)*` → (0.25, nil), (0.275, "non-global"); a plain
    /// amount is the global price.
    static func globalAndRegional(_ text: String) -> [(Decimal, String?)] {
        let labelled = PageText.labelledAmounts(text)
        guard labelled.count > 1 else { return labelled.map { ($0.amount, nil) } }
        return labelled.map { amount, words in (amount, words.hasPrefix("(non-global)") ? "non-global" : nil) }
    }

    static func slug(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "_")
    }

    /// `Standard` → standard; `Flex/Batch` → flex and batch; `Priority` → priority.
    static func tiers(_ heading: String) -> [PriceTier] {
        let lowered = heading.lowercased()
        var tiers: [PriceTier] = []
        if lowered.contains("flex") { tiers.append(.flex) }
        if lowered.contains("batch") { tiers.append(.batch) }
        if lowered.contains("priority") { tiers.append(.priority) }
        return tiers.isEmpty ? [.standard] : tiers
    }

    /// The components a row's type names: base and cached.
    static func tokenFamily(_ type: String) -> (base: PriceComponent?, cached: PriceComponent?)? {
        let lowered = type.lowercased()
        if lowered.contains("output") {
            if lowered.contains("image") { return (.outputImageTokens, nil) }
            if lowered.contains("audio"), !lowered.contains("text") { return (.outputAudio, nil) }
            return (.output, nil)
        }
        if lowered.contains("input") {
            let audioOnly =
                lowered.contains("audio") && !lowered.contains("text") && !lowered.contains("image") && !lowered.contains("video")
            return audioOnly ? (.inputAudio, .cachedInputAudio) : (.input, .cachedInput)
        }
        return nil
    }
}

extension PriceComponent {
    /// The component priced in `region` (`input_in_us-east5`), or itself for the global price.
    func inRegion(_ region: String?) -> PriceComponent {
        guard let region else { return self }
        return PriceComponent(rawValue: rawValue + "_in_" + region)
    }
}

/// Prices written as labels and amounts: `Input: $5.00 Output: $25.00 Batch Input: $2.50
/// 5m Cache Write: $6.25 Cache Hit: $0.50 / million tokens`. An amount in parentheses after
/// "or" (`(or $0.0003/page)`) is another way of billing and is skipped.
enum LabelledPrices {
    static let labels: [(String, PriceKey)] = [
        ("5m batch cache write", PriceKey(.cacheWrite, tier: .batch)),
        ("1h batch cache write", PriceKey(.cacheWrite1h, tier: .batch)),
        ("batch cache write", PriceKey(.cacheWrite, tier: .batch)), ("batch cache hit", PriceKey(.cachedInput, tier: .batch)),
        ("batch input", PriceKey(.input, tier: .batch)), ("batch output", PriceKey(.output, tier: .batch)),
        ("5m cache write", PriceKey(.cacheWrite)), ("1h cache write", PriceKey(.cacheWrite1h)),
        ("cache write", PriceKey(.cacheWrite)),
        ("cache hit", PriceKey(.cachedInput)), ("input", PriceKey(.input)), ("output", PriceKey(.output)),
    ]

    static func read(_ text: String) -> [(PriceKey, Decimal)] {
        var result: [(PriceKey, Decimal)] = []
        var seen: Set<PriceKey> = []
        let parts = text.components(separatedBy: ":")
        guard parts.count > 1 else { return [] }
        // parts[i] ends with a label; parts[i + 1] starts with its amount.
        for index in 0..<(parts.count - 1) {
            let before = parts[index].lowercased().trimmingCharacters(in: .whitespaces)
            guard let (_, key) = labels.first(where: { before.hasSuffix($0.0) }) else { continue }
            let valueText = parts[index + 1].components(separatedBy: "(or")[0]
            guard let amount = PageText.dollarAmounts(valueText).first, seen.insert(key).inserted else { continue }
            result.append((key, amount))
        }
        return result
    }

    struct Refusal: Error {
        var message: String
    }

    /// Every labelled amount of a cell (`Label: $N`); a label the parser does not know, or one
    /// stated twice with different amounts, refuses the cell.
    static func readAll(_ text: String) throws(Refusal) -> [(PriceKey, Decimal)] {
        var result: [(PriceKey, Decimal)] = []
        var seen: [PriceKey: Decimal] = [:]
        let parts = text.components(separatedBy: ":")
        for index in 0..<max(0, parts.count - 1) {
            let valueText = parts[index + 1].components(separatedBy: "(or")[0]
            guard valueText.trimmingCharacters(in: .whitespaces).hasPrefix("$"),
                let amount = PageText.dollarAmounts(valueText).first
            else {
                continue
            }
            let before = parts[index].lowercased().trimmingCharacters(in: .whitespaces)
            guard let (label, key) = labels.first(where: { before.hasSuffix($0.0) }) else {
                throw Refusal(
                    message: "an amount under a label the parser does not know: \"\(parts[index].suffix(30))\": \(amount)")
            }
            if let earlier = seen[key] {
                guard earlier == amount else {
                    throw Refusal(message: "\"\(label)\" is stated twice, as \(earlier) and \(amount): \(text)")
                }
                continue
            }
            seen[key] = amount
            result.append((key, amount))
        }
        return result
    }
}
