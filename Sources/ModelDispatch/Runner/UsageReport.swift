public import CatalogCore
public import Foundation
public import ModelCatalog

/// What result files (of `catalog run`) say, per group: requests, failures, retries, tokens,
/// cost, latency; with totals, and optionally the same usage priced on other models.
public struct UsageReport: Sendable {
    /// How lines are grouped.
    public enum Grouping: Sendable, Hashable {
        /// By the canonical model that served (or was asked for, when none served).
        case model
        /// By the provider that served (the first part of `served_by`).
        case host
        /// By a tag's value (`tag.project`).
        case tag(String)
        /// By the UTC day the request finished.
        case day

        /// `model`, `host`, `day` or `tag.NAME`.
        public init?(_ text: String) {
            switch text {
            case "model": self = .model
            case "host": self = .host
            case "day": self = .day
            default:
                guard text.hasPrefix("tag."), text.count > 4 else { return nil }
                self = .tag(String(text.dropFirst(4)))
            }
        }

        var title: String {
            switch self {
            case .model: "model"
            case .host: "host"
            case .day: "day"
            case .tag(let name): "tag.\(name)"
            }
        }
    }

    /// One group's figures.
    public struct Row: Sendable {
        public var group: String
        public var requests = 0
        public var answered = 0
        public var failures: [String: Int] = [:]
        /// Attempts beyond each request's first.
        public var retries = 0
        public var usage = Usage()
        public var cost: Decimal = 0
        /// Answered requests without a price.
        public var unpriced = 0
        /// Latency of answered requests, milliseconds.
        public var latencyP50 = 0.0
        public var latencyP95 = 0.0
        public var latencyP99 = 0.0
        /// Output and reasoning tokens per second of answered requests' time.
        public var tokensPerSecond = 0.0
    }

    /// The same answered usage priced on another model.
    public struct Comparison: Sendable {
        public var model: String
        /// The cost, or `nil` with the reason when some of it cannot be priced there.
        public var cost: Decimal?
        public var reason: String?
    }

    public var grouping: Grouping
    public var rows: [Row]
    public var total: Row
    /// The catalog date costs were re-priced at, if they were.
    public var repricedAt: CalendarDate?
    public var comparisons: [Comparison]
    /// The cost the results recorded, for comparison with a re-pricing.
    public var recordedCost: Decimal

    /// Reads result files.
    /// - Parameters:
    ///   - reprice: when given, each answer's cost is its usage at that catalog's prices for the
    ///     offering that served it, not the cost recorded.
    ///   - compare: models (any name) to price the same answered usage on.
    /// - Throws: ``RunFileError`` naming the file and line of a line that is not a result.
    public init(
        files: [String], by grouping: Grouping, reprice: (catalog: Catalog, date: CalendarDate)? = nil,
        compare: [String] = [], catalog: Catalog? = nil
    ) throws(RunFileError) {
        struct Accumulator {
            var tally = UsageTally()
            /// Failed requests by the class of their last failure.
            var failures: [String: Int] = [:]
        }
        var groups: [String: Accumulator] = [:]
        var totals = Accumulator()
        var recorded: Decimal = 0
        let compareModels: [(name: String, model: CanonicalModel?)] = compare.map { name in
            (name, (try? (catalog ?? reprice?.catalog)?.resolve(name))??.model)
        }
        var compareCosts: [Decimal?] = compare.map { _ in 0 }
        var compareReasons: [String?] = compare.map { _ in nil }
        let posix = Locale(identifier: "en_US_POSIX")

        for file in files {
            var reader = try LineReader.reading(file)
            defer { reader.close() }
            while let (bytes, terminated) = reader.next() {
                if LineReader.isBlank(bytes) { continue }
                guard let root = try? JSONDocument(bytes: Array(bytes)).root, let status = root["status"]?.string else {
                    if !terminated { continue }  // a torn last line: the run that resumes drops it
                    throw RunFileError(
                        file: file, line: reader.lineNumber, message: "not a result line (a JSON object with \"status\")")
                }
                let key: String =
                    switch grouping {
                    case .model: root["served_model"]?.string ?? root["requested_model"]?.string ?? "(none)"
                    case .host: root["served_by"]?.string.map { String($0.prefix { $0 != "/" }) } ?? "(none)"
                    case .day: root["finished_at"]?.string.map { String($0.prefix(10)) } ?? "(no date)"
                    case .tag(let name):
                        root["tags"]?[name].map { $0.string ?? JSONOutput($0).rendered() } ?? "(none)"
                    }
                let usage = DispatchRecord.usage(from: root["usage"])
                let recordedCost = root["cost_usd"]?.string.flatMap { Decimal(string: $0, locale: posix) }
                recorded += recordedCost ?? 0
                var cost = recordedCost
                if let reprice, status == "ok" {
                    cost = nil
                    if let id = root["served_by"]?.string, let record = try? reprice.catalog.record(id: id) {
                        cost = try? reprice.catalog.cost(of: record, usage: usage).total
                    }
                }
                let latency = (root["latency_ms"]?.numberText).flatMap(Double.init) ?? 0
                let attempts = root["attempts"]?.int ?? 1
                func add(_ accumulator: inout Accumulator) {
                    guard status == "ok" else {
                        accumulator.tally.finished(attempts: attempts, answer: nil)
                        accumulator.failures[root["error"]?["class"]?.string ?? "unknown", default: 0] += 1
                        return
                    }
                    accumulator.tally.finished(attempts: attempts, answer: (latency / 1000, usage, cost))
                }
                add(&groups[key, default: Accumulator()])
                add(&totals)
                if status == "ok" {
                    for (position, entry) in compareModels.enumerated() {
                        guard let model = entry.model else {
                            compareCosts[position] = nil
                            compareReasons[position] = "not a model the catalog knows"
                            continue
                        }
                        do {
                            let price = try (catalog ?? reprice!.catalog).cost(of: model, usage: usage).total
                            compareCosts[position] = compareCosts[position].map { $0 + price }
                        } catch {
                            compareCosts[position] = nil
                            compareReasons[position] = compareReasons[position] ?? "\(error)"
                        }
                    }
                }
            }
        }
        func finish(_ group: String, _ accumulator: Accumulator) -> Row {
            let tally = accumulator.tally
            return Row(
                group: group, requests: tally.requests, answered: tally.answered, failures: accumulator.failures,
                retries: tally.retries, usage: tally.usage, cost: tally.cost, unpriced: tally.unpriced,
                latencyP50: tally.latencyMilliseconds(50), latencyP95: tally.latencyMilliseconds(95),
                latencyP99: tally.latencyMilliseconds(99), tokensPerSecond: tally.tokensPerSecond)
        }
        self.grouping = grouping
        rows = groups.keys.sorted().map { finish($0, groups[$0]!) }
        total = finish("total", totals)
        repricedAt = reprice?.date
        recordedCost = recorded
        comparisons = compareModels.enumerated().map { position, entry in
            Comparison(
                model: entry.model?.id ?? entry.name, cost: compareCosts[position],
                reason: compareCosts[position] == nil ? compareReasons[position] : nil)
        }
    }

    static let columns = [
        "requests", "answered", "failed", "retries", "input", "cached_input", "cache_write", "output", "reasoning", "cost_usd",
        "unpriced", "p50_ms", "p95_ms", "p99_ms", "tokens_per_s",
    ]

    func cells(_ row: Row) -> [String] {
        [
            "\(row.requests)", "\(row.answered)", "\(row.failures.values.reduce(0, +))", "\(row.retries)",
            "\(row.usage.inputTokens)", "\(row.usage.cachedInputTokens)",
            "\(row.usage.cacheWriteTokens + row.usage.cacheWrite1hTokens)", "\(row.usage.outputTokens)",
            "\(row.usage.reasoningTokens)", Money.format(row.cost), "\(row.unpriced)",
            String(format: "%.1f", row.latencyP50), String(format: "%.1f", row.latencyP95),
            String(format: "%.1f", row.latencyP99),
            String(format: "%.1f", row.tokensPerSecond),
        ]
    }

    /// A table for people, then failures by class, then comparisons.
    public var text: String {
        let header = [grouping.title] + UsageReport.columns
        let table = (rows + [total]).map { [$0.group] + cells($0) }
        let widths = header.indices.map { column in ([header] + table).map { $0[column].count }.max() ?? 0 }
        var lines = ([header] + table).map { cells in
            cells.enumerated().map { column, cell in
                column == 0
                    ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }
        let failures = total.failures.sorted { $0.key < $1.key }
        if !failures.isEmpty { lines.append("failures: " + failures.map { "\($0.value) \($0.key)" }.joined(separator: ", ")) }
        if let repricedAt {
            lines.append(
                "costs re-priced at the catalog of \(repricedAt): \(Money.dollars(total.cost)) (the results recorded \(Money.dollars(recordedCost)))"
            )
        }
        for comparison in comparisons {
            lines.append(
                "on \(comparison.model): "
                    + (comparison.cost.map { Money.dollars($0) }
                        ?? "cannot be priced (\(comparison.reason ?? "no price"))"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Comma-separated values with a header line; failures as `failures_CLASS` columns.
    public var csv: String {
        let classes = Set((rows + [total]).flatMap(\.failures.keys)).sorted()
        let header = [grouping.title] + UsageReport.columns + classes.map { "failures_\($0)" }
        func quoted(_ cell: String) -> String {
            cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
        }
        let lines =
            [header.joined(separator: ",")]
            + (rows + [total]).map { row in
                ([row.group] + cells(row) + classes.map { "\(row.failures[$0] ?? 0)" }).map(quoted).joined(separator: ",")
            }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"by", "groups": [...], "total": {...}, "repriced_at"?, "recorded_cost_usd", "compare": [...]}`.
    public var json: String {
        func object(_ row: Row) -> JSONOutput {
            .object([
                ("group", .string(row.group)), ("requests", .int(row.requests)), ("answered", .int(row.answered)),
                ("failures", .object(row.failures.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
                ("retries", .int(row.retries)), ("usage", DispatchRecord.usage(row.usage)),
                ("cost_usd", .string(Money.format(row.cost))), ("unpriced", .int(row.unpriced)),
                (
                    "latency_ms",
                    .object([
                        ("p50", .number(String(format: "%.3f", row.latencyP50))),
                        ("p95", .number(String(format: "%.3f", row.latencyP95))),
                        ("p99", .number(String(format: "%.3f", row.latencyP99))),
                    ])
                ),
                ("tokens_per_second", .number(String(format: "%.3f", row.tokensPerSecond))),
            ])
        }
        var members: [(String, JSONOutput)] = [
            ("by", .string(grouping.title)), ("groups", .array(rows.map(object))), ("total", object(total)),
            ("recorded_cost_usd", .string(Money.format(recordedCost))),
        ]
        if let repricedAt { members.append(("repriced_at", .string(repricedAt.description))) }
        members.append(
            (
                "compare",
                .array(
                    comparisons.map {
                        .object([
                            ("model", .string($0.model)), ("cost_usd", $0.cost.map { .string(Money.format($0)) } ?? .null),
                            ("reason", .string($0.reason)),
                        ])
                    })
            ))
        return JSONOutput.object(members).rendered(pretty: true) + "\n"
    }
}
