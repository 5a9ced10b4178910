import CatalogCore
public import Foundation

/// What a reply's headers say of the sender's limits: for each kind, the limit, what is left and
/// when it is whole again; and, on a 429 or 529, how long to wait.
///
/// Read from OpenAI's and most compatible hosts' `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`
/// (resets as durations: `1s`, `12ms`, `6m0s`) and Anthropic's
/// `anthropic-ratelimit-{requests,tokens,input-tokens,output-tokens}-{limit,remaining,reset}`
/// (resets as RFC 3339 times); `retry-after-ms`, `retry-after` (seconds or an HTTP date) and
/// `x-should-retry`. A value that does not parse is left out, never guessed.
public struct RateLimitReport: Sendable, Equatable {
    /// One limit as reported.
    public struct Figure: Sendable, Equatable {
        public var limit: Double?
        public var remaining: Double?
        /// Seconds from the reply until the limit is whole again.
        public var resetAfter: Double?

        public init(limit: Double? = nil, remaining: Double? = nil, resetAfter: Double? = nil) {
            self.limit = limit
            self.remaining = remaining
            self.resetAfter = resetAfter
        }

        var isEmpty: Bool { limit == nil && remaining == nil && resetAfter == nil }
    }

    public var figures: [LimitKind: Figure] = [:]
    /// Seconds the server asks to wait before the next request.
    public var retryAfter: Double?
    /// Anthropic's `x-should-retry`, when sent.
    public var shouldRetry: Bool?

    public init(figures: [LimitKind: Figure] = [:], retryAfter: Double? = nil, shouldRetry: Bool? = nil) {
        self.figures = figures
        self.retryAfter = retryAfter
        self.shouldRetry = shouldRetry
    }

    /// Reads `headers` (names lower-cased), with `now` the wall-clock time of the reply (for
    /// absolute reset times and HTTP dates).
    public init(headers: [String: String], now: Date) {
        // One pass over the reply's headers (a dozen or so), not a lookup per name we know.
        var openAI: [LimitKind: Figure] = [:]
        var anthropic: [LimitKind: Figure] = [:]
        for (name, value) in headers where name.hasPrefix("x-ratelimit-") || name.hasPrefix("anthropic-ratelimit-") {
            guard let slot = RateLimitReport.headerSlots[name] else { continue }
            var figure = (slot.anthropic ? anthropic[slot.kind] : openAI[slot.kind]) ?? Figure()
            switch slot.field {
            case .limit: figure.limit = RateLimitReport.number(value)
            case .remaining: figure.remaining = RateLimitReport.number(value)
            case .reset: figure.resetAfter = RateLimitReport.resetSeconds(value, now: now)
            }
            if slot.anthropic { anthropic[slot.kind] = figure } else { openAI[slot.kind] = figure }
        }
        // Anthropic's names win where a host sends both.
        for (kind, figure) in openAI where !figure.isEmpty { figures[kind] = figure }
        for (kind, figure) in anthropic {
            var merged = figures[kind] ?? Figure()
            if let limit = figure.limit { merged.limit = limit }
            if let remaining = figure.remaining { merged.remaining = remaining }
            if let reset = figure.resetAfter { merged.resetAfter = reset }
            if !merged.isEmpty { figures[kind] = merged }
        }
        if let milliseconds = headers["retry-after-ms"].flatMap(RateLimitReport.number) {
            retryAfter = max(0, milliseconds / 1000)
        } else if let value = headers["retry-after"] {
            retryAfter =
                RateLimitReport.number(value).map { max(0, $0) }
                ?? HTTPDate.parse(value).map { max(0, $0.timeIntervalSince(now)) }
        }
        if let value = headers["x-should-retry"]?.lowercased() {
            shouldRetry = value == "true" ? true : value == "false" ? false : nil
        }
    }

    enum HeaderField { case limit, remaining, reset }

    /// Every rate-limit header name we read, with what it says: made once.
    static let headerSlots: [String: (kind: LimitKind, field: HeaderField, anthropic: Bool)] = {
        var slots: [String: (kind: LimitKind, field: HeaderField, anthropic: Bool)] = [:]
        let kinds: [(String, LimitKind)] = [
            ("requests", .requests), ("tokens", .totalTokens), ("input-tokens", .inputTokens), ("output-tokens", .outputTokens),
        ]
        for (suffix, kind) in kinds {
            slots["x-ratelimit-limit-\(suffix)"] = (kind, .limit, false)
            slots["x-ratelimit-remaining-\(suffix)"] = (kind, .remaining, false)
            slots["x-ratelimit-reset-\(suffix)"] = (kind, .reset, false)
            slots["anthropic-ratelimit-\(suffix)-limit"] = (kind, .limit, true)
            slots["anthropic-ratelimit-\(suffix)-remaining"] = (kind, .remaining, true)
            slots["anthropic-ratelimit-\(suffix)-reset"] = (kind, .reset, true)
        }
        return slots
    }()

    /// A plain number (`60`, `0.5`).
    static func number(_ text: String) -> Double? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Double(trimmed), value.isFinite else { return nil }
        return value
    }

    /// A reset as seconds from `now`: a duration (`6m0s`, `12ms`, `1.5s`, `20`), an RFC 3339 time
    /// or an HTTP date.
    static func resetSeconds(_ text: String, now: Date) -> Double? {
        if let seconds = DurationText.seconds(text) { return seconds }
        if let time = RFC3339.parse(text) ?? HTTPDate.parse(text) { return max(0, time.timeIntervalSince(now)) }
        return nil
    }
}

/// Durations as providers write them: Go's notation (`6m0s`, `1h2m3.5s`, `12ms`, `250us`) or a
/// plain number of seconds.
public enum DurationText {
    /// The duration in seconds, or `nil` when `text` is not one.
    public static func seconds(_ text: String) -> Double? {
        let bytes = Array(text.utf8.filter { $0 != 0x20 })
        guard !bytes.isEmpty else { return nil }
        if let plain = Double(String(decoding: bytes, as: UTF8.self)), plain.isFinite { return plain >= 0 ? plain : nil }
        var total = 0.0
        var index = 0
        while index < bytes.count {
            let start = index
            while index < bytes.count, (bytes[index] >= 0x30 && bytes[index] <= 0x39) || bytes[index] == 0x2E { index += 1 }
            guard index > start, let value = Double(String(decoding: bytes[start..<index], as: UTF8.self)) else { return nil }
            let unitStart = index
            while index < bytes.count, !(bytes[index] >= 0x30 && bytes[index] <= 0x39), bytes[index] != 0x2E { index += 1 }
            let unit = String(decoding: bytes[unitStart..<index], as: UTF8.self)
            let scale: Double
            switch unit {
            case "h": scale = 3600
            case "m": scale = 60
            case "s": scale = 1
            case "ms": scale = 0.001
            case "us", "µs": scale = 0.000_001
            case "ns": scale = 0.000_000_001
            default: return nil
            }
            total += value * scale
        }
        return total
    }
}

/// RFC 3339 times (`2026-12-02T00:01:02Z`, `2026-12-02T00:01:02.250+01:00`).
public enum RFC3339 {
    /// `date` in UTC to the millisecond: `2026-12-02T03:55:01.123Z`.
    public static func format(_ date: Date) -> String {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let seconds = milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000
        let day = CalendarDate(unixSeconds: seconds)
        let inDay = seconds - Int64(day.daysSinceEpoch) * 86_400
        let fraction = milliseconds - seconds * 1000
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let millis = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
        return "\(day)T\(two(inDay / 3600)):\(two(inDay / 60 % 60)):\(two(inDay % 60)).\(millis)Z"
    }

    public static func parse(_ text: String) -> Date? {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var value = 0
            for index in at..<(at + count) {
                guard b[index] >= 0x30, b[index] <= 0x39 else { return nil }
                value = value * 10 + Int(b[index] - 0x30)
            }
            return value
        }
        guard b.count >= 20, let year = digits(0, 4), b[4] == 0x2D, let month = digits(5, 2), b[7] == 0x2D,
            let day = digits(8, 2), b[10] == 0x54 || b[10] == 0x74 || b[10] == 0x20, let hour = digits(11, 2), b[13] == 0x3A,
            let minute = digits(14, 2), b[16] == 0x3A, let second = digits(17, 2), (1...12).contains(month),
            (1...31).contains(day),
            hour < 24, minute < 60, second <= 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < b.count, b[index] == 0x2E {
            index += 1
            var scale = 0.1
            let start = index
            while index < b.count, b[index] >= 0x30, b[index] <= 0x39 {
                fraction += Double(b[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < b.count else { return nil }
        var offset = 0
        if b[index] == 0x5A || b[index] == 0x7A {
            index += 1
        } else if b[index] == 0x2B || b[index] == 0x2D, let hours = digits(index + 1, 2), b.count > index + 3,
            b[index + 3] == 0x3A,
            let minutes = digits(index + 4, 2)
        {
            offset = (hours * 60 + minutes) * 60 * (b[index] == 0x2B ? 1 : -1)
            index += 6
        } else {
            return nil
        }
        guard index == b.count else { return nil }
        let days = daysFromCivil(year, month, day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}

/// HTTP dates (`Wed, 02 Dec 2026 00:01:02 GMT`, RFC 9110's preferred form).
public enum HTTPDate {
    public static func parse(_ text: String) -> Date? {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ")
        guard parts.count == 6, parts[0].hasSuffix(","), parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]),
            let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"].firstIndex(
                of: String(parts[2]))
        else { return nil }
        let clock = parts[4].split(separator: ":")
        guard clock.count == 3, let hour = Int(clock[0]), let minute = Int(clock[1]), let second = Int(clock[2]),
            (1...31).contains(day),
            hour < 24, minute < 60, second <= 60
        else { return nil }
        let days = RFC3339.daysFromCivil(year, month + 1, day)
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
    }
}
