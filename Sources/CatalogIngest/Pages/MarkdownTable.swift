import Foundation

/// A pipe table in a Markdown document (GitHub style), with the `##` heading it sits under.
struct MarkdownTable {
    let heading: String
    /// 1-based line of the header row, for locators.
    let line: Int
    let header: [String]
    /// Body rows with their 1-based line numbers.
    let rows: [(line: Int, cells: [String])]

    /// Every table of `text`, in order.
    static func tables(in text: String) -> [MarkdownTable] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var tables: [MarkdownTable] = []
        var heading = ""
        var index = 0
        var inFence = false
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("```") { inFence.toggle() }
            if !inFence, line.hasPrefix("#") { heading = headingText(line) }
            if !inFence, line.hasPrefix("|"), index + 1 < lines.count, isSeparator(lines[index + 1]) {
                let header = cells(line)
                var rows: [(line: Int, cells: [String])] = []
                var cursor = index + 2
                while cursor < lines.count, lines[cursor].trimmingCharacters(in: .whitespaces).hasPrefix("|") {
                    rows.append((cursor + 1, cells(lines[cursor].trimmingCharacters(in: .whitespaces))))
                    cursor += 1
                }
                tables.append(MarkdownTable(heading: heading, line: index + 1, header: header, rows: rows))
                index = cursor
                continue
            }
            index += 1
        }
        return tables
    }

    /// `## [Production Models](#production-models)` → `Production Models`.
    static func headingText(_ line: String) -> String {
        var text = String(line.drop { $0 == "#" }).trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("["), let close = text.firstIndex(of: "]") { text = String(text[text.index(after: text.startIndex)..<close]) }
        return text
    }

    static func isSeparator(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.hasPrefix("|") && trimmed.allSatisfy { "|-: ".contains($0) } && trimmed.contains("-")
    }

    /// The cells of a row, trimmed, with Markdown escapes (`\-`) undone.
    static func cells(_ line: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        for character in line.dropFirst() {
            if escaped {
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                parts.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.trimmingCharacters(in: .whitespaces).isEmpty { parts.append(current.trimmingCharacters(in: .whitespaces)) }
        return parts
    }
}
