package import CatalogCore
import Foundation
import ModelCatalog

/// The renderings of a ``CatalogDiff``: for the terminal, for a pull-request comment, and the
/// stable JSON contract (documented in `docs/diff-json.md`).
package enum DiffReport {
    // MARK: Terminal

    /// Changes grouped by severity, one line each; coloured with ANSI escapes when `colour`.
    package static func text(_ diff: CatalogDiff, colour: Bool = false) -> String {
        func paint(_ text: String, _ code: String) -> String { colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var text = paint(SafeText.escaped("catalog diff \(diff.from) → \(diff.to)"), "1") + ": " + summary(diff) + "\n"
        let quietSources = diff.changes.filter { $0.kind == .notCompared && $0.severity == .info }
        for severity in CatalogChange.Severity.allCases {
            let changes = diff.changes.filter { $0.severity == severity && !($0.kind == .notCompared && $0.severity == .info) }
            guard !changes.isEmpty else { continue }
            let headingColour = severity == .breaking ? "1;31" : severity == .notable ? "1;33" : "2"
            text += "\n" + paint(severity.rawValue.uppercased() + " (\(changes.count))", headingColour) + "\n"
            var table = TextTable(header: ["KIND", "MODEL", "CHANGE"])
            for change in changes {
                table.append([kindLabel(change), DiffWording.subject(change), DiffWording.detail(change, asOf: diff.to)])
            }
            // Indent under the heading and drop the header row: the heading says enough.
            text += table.rendered().split(separator: "\n").dropFirst().map { "  " + $0 + "\n" }.joined()
        }
        if !quietSources.isEmpty {
            let paths = quietSources.compactMap(\.field)
            text +=
                "\n"
                + paint("carried forward, not compared (\(paths.count)): " + SafeText.escaped(paths.joined(separator: ", ")), "2")
                + "\n"
        }
        if diff.changes.isEmpty { text += "\nno changes\n" }
        return text
    }

    /// `3 breaking, 12 notable, 4 info`.
    static func summary(_ diff: CatalogDiff) -> String {
        let counts = CatalogChange.Severity.allCases.map { "\(diff.count($0)) \($0)" }
        return "\(diff.changes.count) change\(diff.changes.count == 1 ? "" : "s") (" + counts.joined(separator: ", ") + ")"
    }

    /// A short label for the kind, with the direction of prices and limits (`price up`).
    static func kindLabel(_ change: CatalogChange) -> String {
        switch change.kind {
        case .priceChanged, .limitChanged:
            let noun = change.kind == .priceChanged ? "price" : "limit"
            guard let old = change.old, let new = change.new else {
                return change.old == nil ? noun + " stated" : noun + " dropped"
            }
            if let before = old.number, let after = new.number { return noun + (after > before ? " up" : " down") }
            return noun + " changed"
        default:
            return change.kind.rawValue.replacingOccurrences(of: "_", with: " ")
        }
    }

    // MARK: Markdown

    /// Rows shown before a section folds the rest into `<details>`.
    static let visibleRows = 12

    /// For a pull-request comment: a summary table, then a section per kind of change (long
    /// lists folded), then the health of the sources.
    package static func markdown(_ diff: CatalogDiff, title: String = "Model catalog changes") -> String {
        var text = "## \(title): \(diff.from) → \(diff.to)\n\n"
        guard !diff.changes.isEmpty else { return text + "No changes.\n" + sourcesMarkdown(diff) }
        text += "**\(diff.count(.breaking)) breaking**, \(diff.count(.notable)) notable, \(diff.count(.info)) info.\n\n"
        text += "| Change | 🔴 Breaking | 🟡 Notable | ⚪ Info |\n|---|--:|--:|--:|\n"
        let groups = diff.changesByKind
        for (kind, changes) in groups {
            let cells = CatalogChange.Severity.allCases.map { severity in
                let count = changes.count { $0.severity == severity }
                return count == 0 ? "" : String(count)
            }
            text += "| [\(kind.title)](#\(anchor(kind.title))) | " + cells.joined(separator: " | ") + " |\n"
        }
        for (kind, changes) in groups {
            text += "\n### \(kind.title)\n\n"
            if let note = note(kind) { text += "_\(note)_\n\n" }
            text += table(Array(changes.prefix(visibleRows)), diff: diff)
            if changes.count > visibleRows {
                let rest = Array(changes.dropFirst(visibleRows))
                text += "\n<details><summary>\(rest.count) more</summary>\n\n" + table(rest, diff: diff) + "\n</details>\n"
            }
        }
        return text + sourcesMarkdown(diff)
    }

    private static func note(_ kind: CatalogChange.Kind) -> String? {
        switch kind {
        case .removed: "Gone from a source that was read, with no shutdown date passed: check these first."
        case .suspiciousDrop:
            "Too many models gone at once to be a retirement: the source is more likely broken. Its models are not listed one by one."
        case .notCompared:
            "These sources had no usable capture of the new date: their models are carried forward, neither removed nor changed."
        case .renamed: "The same model under a new id; changes of its facts are listed under their kinds."
        case .merged:
            "The id is gone from the list, which now declares it an alias of another listed model: the name still works, for that model."
        default: nil
        }
    }

    private static func table(_ changes: [CatalogChange], diff: CatalogDiff) -> String {
        var text = "| | Provider | Model | Change |\n|---|---|---|---|\n"
        for change in changes {
            let mark = change.severity == .breaking ? "🔴" : change.severity == .notable ? "🟡" : "⚪"
            var model = change.kind == .notCompared ? code(change.field ?? "") : change.providerModelID.map(code) ?? ""
            if let canonical = change.model, let id = change.providerModelID, canonical != change.provider + "/" + id,
                canonical != id
            {
                model += "<br><sub>\(escape(canonical))</sub>"
            }
            let detail = DiffWording.detail(change, asOf: diff.to, code: code)
            text += "| \(mark) | \(escape(change.provider)) | \(model) | \(escape(detail, keepingCode: true)) |\n"
        }
        return text
    }

    private static func sourcesMarkdown(_ diff: CatalogDiff) -> String {
        let compared = diff.sources.filter(\.isCompared).count
        var text = "\n<details><summary>Sources: \(compared) of \(diff.sources.count) compared</summary>\n\n"
        text += "| Source | \(diff.from) | \(diff.to) | Capture used | Models |\n|---|---|---|---|--:|\n"
        for source in diff.sources {
            let capture =
                source.new?.captureDate.map { $0.description + (source.new?.staleDays.map { " (\($0) days old)" } ?? "") }
                ?? "none"
            text +=
                "| \(code(source.capturePath)) | \(source.old?.state.rawValue ?? "—") | \(source.new?.state.rawValue ?? "—") | \(capture) | \(source.new?.modelCount ?? 0) |\n"
        }
        return text + "\n</details>\n"
    }

    static func code(_ text: String) -> String { "`" + SafeText.escaped(text).replacingOccurrences(of: "`", with: "'") + "`" }

    /// Escapes what would break a table cell or turn into markup outside code spans.
    static func escape(_ text: String, keepingCode: Bool = false) -> String {
        var result = ""
        var inCode = false
        for character in SafeText.escaped(text.replacingOccurrences(of: "\n", with: " ")) {
            if character == "`", keepingCode { inCode.toggle() }
            switch character {
            case "|": result += "\\|"
            case "\n": result += " "
            case "<" where !inCode: result += "&lt;"
            case "*" where !inCode, "_" where !inCode: result += "\\" + String(character)
            default: result.append(character)
            }
        }
        return result
    }

    /// GitHub's heading anchor: lower case, spaces to dashes, punctuation dropped.
    static func anchor(_ title: String) -> String {
        String(title.lowercased().compactMap { $0 == " " ? "-" : ($0.isLetter || $0.isNumber || $0 == "-" ? $0 : nil) })
    }

    // MARK: JSON

    /// The stable contract: `{"from", "to", "summary", "changes": [...], "sources": [...]}`.
    /// Values (`old`, `new`) are strings — exact decimals for prices, `YYYY-MM-DD` dates —
    /// or `null`; `percent` is a number or `null`.
    package static func json(_ diff: CatalogDiff) -> JSONOutput {
        .object([
            ("from", .string(diff.from.description)), ("to", .string(diff.to.description)),
            (
                "summary",
                .object(
                    [("changes", .int(diff.changes.count))]
                        + CatalogChange.Severity.allCases.map { ($0.rawValue, .int(diff.count($0))) })
            ),
            ("changes", .array(diff.changes.map(json))),
            ("sources", .array(diff.sources.map(json))),
        ])
    }

    static func json(_ change: CatalogChange) -> JSONOutput {
        .object([
            ("kind", .string(change.kind.rawValue)), ("severity", .string(change.severity.rawValue)),
            ("model", .string(change.model)),
            ("provider", .string(change.provider)), ("provider_model_id", .string(change.providerModelID)),
            ("field", .string(change.field)),
            ("old", .string(change.old.map(storage))), ("new", .string(change.new.map(storage))),
            ("percent", change.percentChange.map { .number(Money.format($0, minimumFractionDigits: 0)) } ?? .null),
            ("evidence", .string(change.evidence)),
            ("models", change.models.map { .array($0.map(JSONOutput.string)) } ?? .null),
        ])
    }

    /// A value as the contract writes it: the exact decimal, the date, the integer, the text.
    static func storage(_ value: FactValue) -> String {
        switch value {
        case .variable: "variable"
        case .flag(let flag): flag ? "true" : "false"
        case .unknown(let words): "unknown: " + words
        default: value.storageText
        }
    }

    static func json(_ source: CatalogDiff.SourceComparison) -> JSONOutput {
        .object([
            ("source", .string(source.capturePath)), ("provider", .string(source.provider)),
            ("compared", .bool(source.isCompared)),
            ("old_state", .string(source.old?.state.rawValue)), ("new_state", .string(source.new?.state.rawValue)),
            ("capture_date", .string(source.new?.captureDate?.description)), ("stale_days", .int(source.new?.staleDays)),
            ("models", .int(source.new?.modelCount)), ("message", .string(source.new?.message)),
        ])
    }
}
