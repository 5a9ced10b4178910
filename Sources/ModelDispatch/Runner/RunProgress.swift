import CatalogCore
public import Foundation

/// Where a bulk run is: what is done, how fast, what it cost, and the limit nearest its cap.
public struct RunProgress: Sendable {
    /// Requests this run is to send (those without a result when it started).
    public var total: Int
    /// Requests finished this run (answered or failed).
    public var done: Int
    public var answered: Int
    public var failed: Int
    /// Replies with status 429.
    public var rateLimited: Int
    /// What the output records in all (earlier runs included), in USD.
    public var spent: Decimal
    public var budget: Decimal?
    /// Seconds since the run started.
    public var elapsed: Double
    /// The limit nearest its capacity, and how full it is (0 to 1).
    public var busiest: (limit: String, utilisation: Double)?

    /// Requests finished per second.
    public var rate: Double { elapsed > 0 ? Double(done) / elapsed : 0 }

    /// Seconds left at the current rate, when there is one.
    public var remaining: Double? { rate > 0 ? Double(max(0, total - done)) / rate : nil }

    /// One line for a terminal (a bar `width` columns wide, redrawn in place) or for a log.
    public func line(terminal: Bool, width: Int = 30) -> String {
        let money =
            Money.dollars(spent)
            + (budget.map { " of " + Money.dollars($0) } ?? "")
        var parts = [
            "\(done)/\(total)", String(format: "%.1f req/s", rate), "ETA " + (remaining.map(RunProgress.duration) ?? "?"),
            money, "\(failed) failed", "\(rateLimited) × 429",
        ]
        if let busiest {
            parts.append(String(format: "busiest limit %.0f%% (%@)", busiest.utilisation * 100, busiest.limit))
        }
        guard terminal else { return parts.joined(separator: ", ") }
        let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 1
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
        return "\(bar) " + parts.joined(separator: " · ")
    }

    /// `1h02m`, `3m05s` or `42s`.
    static func duration(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded())
        if whole >= 3600 { return String(format: "%dh%02dm", whole / 3600, whole / 60 % 60) }
        if whole >= 60 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return "\(whole)s"
    }

    /// The run's counts, shared by the run and its progress ticker.
    actor Tracker {
        private var value: RunProgress
        init(_ value: RunProgress) { self.value = value }
        func set(_ change: (inout RunProgress) -> Void) { change(&value) }
        var current: RunProgress { value }
    }

    static func current(_ tracker: Tracker, dispatcher: Dispatcher, elapsed: Double) async -> RunProgress {
        var progress = await tracker.current
        progress.elapsed = elapsed
        progress.rateLimited = await dispatcher.statistics().entries.reduce(0) { $0 + $1.rateLimited }
        if let busiest = await dispatcher.limiter.busiest() {
            progress.busiest = (busiest.key.description, busiest.utilisation)
        }
        return progress
    }
}
