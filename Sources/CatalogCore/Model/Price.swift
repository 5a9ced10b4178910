public import Foundation

/// What a price is charged for. Token components are in USD per 1M tokens; the others
/// name their unit (`per_request`, `per_image`, `per_web_search`).
public struct PriceComponent: RawRepresentable, Hashable, Comparable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Prompt (input) text tokens.
    public static let input = PriceComponent(rawValue: "input")
    /// Prompt tokens read from the prompt cache.
    public static let cachedInput = PriceComponent(rawValue: "cached_input")
    /// Prompt tokens written to the prompt cache (5-minute cache where the provider has several).
    public static let cacheWrite = PriceComponent(rawValue: "cache_write")
    /// Prompt tokens written to a one-hour prompt cache.
    public static let cacheWrite1h = PriceComponent(rawValue: "cache_write_1h")
    /// Completion (output) tokens.
    public static let output = PriceComponent(rawValue: "output")
    /// Reasoning tokens, where they are priced apart from output.
    public static let reasoning = PriceComponent(rawValue: "reasoning")
    /// Audio input tokens.
    public static let inputAudio = PriceComponent(rawValue: "input_audio")
    /// Audio output tokens.
    public static let outputAudio = PriceComponent(rawValue: "output_audio")
    /// Cached audio input tokens.
    public static let cachedInputAudio = PriceComponent(rawValue: "cached_input_audio")
    /// Image input tokens.
    public static let inputImageTokens = PriceComponent(rawValue: "input_image_tokens")
    /// Cached image input tokens.
    public static let cachedInputImageTokens = PriceComponent(rawValue: "cached_input_image_tokens")
    /// Image output tokens.
    public static let outputImageTokens = PriceComponent(rawValue: "output_image_tokens")
    /// USD per request.
    public static let perRequest = PriceComponent(rawValue: "per_request")
    /// USD per input image.
    public static let perInputImage = PriceComponent(rawValue: "per_input_image")
    /// USD per generated image.
    public static let perOutputImage = PriceComponent(rawValue: "per_output_image")
    /// USD per 1M input characters (text-to-speech models priced by characters).
    public static let perMillionInputCharacters = PriceComponent(rawValue: "per_1m_input_characters")
    /// USD per hour of audio (transcription).
    public static let perAudioHour = PriceComponent(rawValue: "per_audio_hour")
    /// USD per 1,000 pages (document OCR).
    public static let perThousandPages = PriceComponent(rawValue: "per_1k_pages")
    /// USD per web search (or per search source, as the provider bills it).
    public static let perWebSearch = PriceComponent(rawValue: "per_web_search")
    /// USD per minute of audio input (transcription billed by duration).
    public static let perAudioMinute = PriceComponent(rawValue: "per_audio_minute")
    /// USD per 1,000 pages annotated (document annotation beside OCR).
    public static let perThousandAnnotatedPages = PriceComponent(rawValue: "per_1k_annotated_pages")
    /// USD per second of generated video at `resolution` (`720p`), or at the only one offered.
    public static func perVideoSecond(_ resolution: String? = nil) -> PriceComponent {
        PriceComponent(rawValue: "per_video_second" + (resolution.map { "_" + $0.lowercased() } ?? ""))
    }
    /// USD per query grounded with a maps service (Google Maps grounding).
    public static let perMapsQuery = PriceComponent(rawValue: "per_maps_query")
    /// USD per 1M cached tokens per hour of cache storage.
    public static let cacheStoragePerHour = PriceComponent(rawValue: "cache_storage_per_hour")
    /// Video input tokens.
    public static let inputVideo = PriceComponent(rawValue: "input_video")
    /// USD per 1M output characters (models priced by characters).
    public static let perMillionOutputCharacters = PriceComponent(rawValue: "per_1m_output_characters")
    /// USD per second of video input.
    public static let perInputVideoSecond = PriceComponent(rawValue: "per_input_video_second")
    /// USD per second of audio input.
    public static let perInputAudioSecond = PriceComponent(rawValue: "per_input_audio_second")
    /// USD per frame of video input.
    public static let perInputVideoFrame = PriceComponent(rawValue: "per_input_video_frame")
    /// USD per megapixel of generated image.
    public static let perOutputMegapixel = PriceComponent(rawValue: "per_output_megapixel")
    /// USD per generated video (at the provider's default length and resolution).
    public static let perOutputVideo = PriceComponent(rawValue: "per_output_video")
    /// USD per generated song or clip (music models priced per piece).
    public static let perOutputClip = PriceComponent(rawValue: "per_output_clip")

    /// `true` for prices in USD per 1M tokens; `false` for the per-unit components.
    public var isPerMillionTokens: Bool { !rawValue.hasPrefix("per_") && !rawValue.hasPrefix("training_per_hour") }

    /// The unit the price is in, for display: `USD/1M tokens`, `USD/request`.
    public var unit: String {
        switch self {
        case .perRequest: "USD/request"
        case .perInputImage: "USD/input image"
        case .perOutputImage: "USD/image"
        case .perWebSearch: "USD/search"
        case .perMillionInputCharacters: "USD/1M characters"
        case .perThousandPages: "USD/1,000 pages"
        case .perAudioHour: "USD/audio hour"
        case .perAudioMinute: "USD/audio minute"
        case .perThousandAnnotatedPages: "USD/1,000 annotated pages"
        case .perOutputClip: "USD/clip"
        case .perMapsQuery: "USD/maps query"
        case .perOutputMegapixel: "USD/megapixel"
        case .perMillionOutputCharacters: "USD/1M output characters"
        case .perInputVideoSecond: "USD/input video second"
        case .perInputAudioSecond: "USD/input audio second"
        case .perInputVideoFrame: "USD/input video frame"
        case .perOutputVideo: "USD/video"
        case .cacheStoragePerHour: "USD/1M tokens per hour"
        default:
            rawValue.hasPrefix("per_video_second")
                ? "USD/video second" : rawValue.hasPrefix("training_per_hour") ? "USD/training hour" : "USD/1M tokens"
        }
    }

    public var description: String { rawValue }

    static let order: [PriceComponent] = [
        .input, .cachedInput, .cacheWrite, .cacheWrite1h, .output, .reasoning, .inputAudio, .cachedInputAudio,
        .outputAudio, .inputImageTokens, .cachedInputImageTokens, .outputImageTokens, .perRequest, .perInputImage,
        .perOutputImage, .perWebSearch, .perMillionInputCharacters, .perThousandPages, .perThousandAnnotatedPages, .perAudioHour,
        .perAudioMinute, .perOutputClip, .perMapsQuery, .cacheStoragePerHour, .inputVideo, .perOutputMegapixel, .perOutputVideo,
    ]

    public static func < (lhs: PriceComponent, rhs: PriceComponent) -> Bool {
        let left = order.firstIndex(of: lhs) ?? order.count
        let right = order.firstIndex(of: rhs) ?? order.count
        return left != right ? left < right : lhs.rawValue < rhs.rawValue
    }
}

/// The service tier a price applies to.
public enum PriceTier: String, Hashable, Comparable, Sendable, CaseIterable, CustomStringConvertible {
    /// The default, synchronous price.
    case standard
    /// The asynchronous batch API.
    case batch
    /// OpenAI's flex processing.
    case flex
    /// Priority processing.
    case priority
    /// Faster output at a premium (Anthropic's fast mode).
    case fast
    /// A time-bounded promotional price: in force until the model's `promotion.ends` date, and
    /// never the standard price.
    case promotion

    public var description: String { rawValue }
    public static func < (lhs: PriceTier, rhs: PriceTier) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Which price: the component, the tier and, for long-context pricing, the prompt size above
/// which it applies.
///
/// Its ``name`` is the key used in the JSON contract and the text export: `input`,
/// `cached_input`, `batch_output`, `input_above_200k`, `priority_output_above_272k`.
public struct PriceKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var component: PriceComponent
    public var tier: PriceTier
    /// Prompt tokens above which this price applies; `nil` for the base price.
    public var aboveInputTokens: Int?

    public init(_ component: PriceComponent, tier: PriceTier = .standard, aboveInputTokens: Int? = nil) {
        self.component = component
        self.tier = tier
        self.aboveInputTokens = aboveInputTokens
    }

    /// The contract name: `[tier_]component[_above_<N>]`.
    public var name: String {
        var name = tier == .standard ? component.rawValue : tier.rawValue + "_" + component.rawValue
        if let aboveInputTokens { name += "_above_" + PriceKey.compactCount(aboveInputTokens) }
        return name
    }

    /// Parses a contract name back into a key.
    public init?(name: String) {
        var rest = Substring(name)
        var threshold: Int?
        if let range = rest.range(of: "_above_") {
            guard let count = PriceKey.parseCompactCount(rest[range.upperBound...]) else { return nil }
            threshold = count
            rest = rest[..<range.lowerBound]
        }
        var tier = PriceTier.standard
        for candidate in PriceTier.allCases where candidate != .standard && rest.hasPrefix(candidate.rawValue + "_") {
            tier = candidate
            rest = rest.dropFirst(candidate.rawValue.count + 1)
        }
        guard !rest.isEmpty else { return nil }
        self.init(PriceComponent(rawValue: String(rest)), tier: tier, aboveInputTokens: threshold)
    }

    public var description: String { name }

    public static func < (lhs: PriceKey, rhs: PriceKey) -> Bool {
        if lhs.tier != rhs.tier { return lhs.tier < rhs.tier }
        if lhs.aboveInputTokens != rhs.aboveInputTokens { return (lhs.aboveInputTokens ?? -1) < (rhs.aboveInputTokens ?? -1) }
        return lhs.component < rhs.component
    }

    static func compactCount(_ count: Int) -> String {
        if count >= 1_000_000, count % 1_000_000 == 0 { return String(count / 1_000_000) + "m" }
        if count >= 1000, count % 1000 == 0 { return String(count / 1000) + "k" }
        return String(count)
    }

    static func parseCompactCount(_ text: Substring) -> Int? {
        if text.hasSuffix("k") { return Int(text.dropLast()).map { $0 * 1000 } }
        if text.hasSuffix("m") { return Int(text.dropLast()).map { $0 * 1_000_000 } }
        return Int(text)
    }
}

/// Decimal formatting and unit conversion for money.
public enum Money {
    /// Formats an amount with at least two fraction digits and no more than it needs:
    /// `2.5` → `"2.50"`, `0.075` → `"0.075"`, `10` → `"10.00"`. Never scientific notation.
    public static func format(_ amount: Decimal, minimumFractionDigits: Int = 2) -> String {
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 12, .plain)
        let negative = rounded < 0
        let magnitude = negative ? -rounded : rounded
        // Decimal's description is plain positional notation for the magnitudes prices have.
        var text = "\(magnitude)"
        if !text.contains(".") { text += "." }
        let fraction = text.split(separator: ".", omittingEmptySubsequences: false)[1].count
        if fraction < minimumFractionDigits { text += String(repeating: "0", count: minimumFractionDigits - fraction) }
        if text.hasSuffix(".") { text.removeLast() }
        return (negative ? "-" : "") + text
    }

    /// ``format(_:minimumFractionDigits:)`` in US dollars for people: `$2.50`, `$0.075`.
    public static func dollars(_ amount: Decimal) -> String { "$" + format(amount) }

    /// Rounds to 12 decimal places, which removes the noise of prices a source wrote as
    /// binary floating point (`0.18000000000000002` → `0.18`) and keeps every real digit.
    public static func removingBinaryNoise(_ amount: Decimal) -> Decimal {
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 12, .plain)
        return rounded
    }

    /// Moves the decimal point: `shift(0.00000115, by: 6)` is `1.15`. Exact.
    public static func shift(_ amount: Decimal, by powerOfTen: Int) -> Decimal {
        var value = amount
        var result = Decimal()
        _ = NSDecimalMultiplyByPowerOf10(&result, &value, Int16(powerOfTen), .plain)
        return result
    }

    /// The relative change from `old` to `new` in percent, rounded to one decimal place
    /// (`2.40` → `2.20` is `-8.3`); `nil` when `old` is zero.
    public static func percentChange(from old: Decimal, to new: Decimal) -> Decimal? {
        guard old != 0 else { return nil }
        var ratio = (new - old) / old * 100
        var rounded = Decimal()
        NSDecimalRound(&rounded, &ratio, 1, .plain)
        return rounded
    }
}
