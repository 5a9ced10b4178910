
/// Plain-text tables with columns padded to their widest cell.
package struct TextTable: Sendable {
    package var header: [String]
    package var rows: [[String]] = []
    /// Columns aligned to the right (numbers).
    package var rightAligned: Set<Int> = []

    package init(header: [String], rightAligned: Set<Int> = []) {
        self.header = header.map(SafeText.escaped)
        self.rightAligned = rightAligned
    }

    /// Appends a row; control characters in its cells are escaped (``SafeText/escaped(_:)``), so
    /// a value cannot break the row or drive the terminal.
    package mutating func append(_ row: [String]) { rows.append(row.map(SafeText.escaped)) }

    package func rendered() -> String {
        let all = [header] + rows
        var widths = Array(repeating: 0, count: header.count)
        for row in all {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        return all.map { row in
            row.enumerated().map { index, cell in
                let pad = String(repeating: " ", count: max(0, widths[min(index, widths.count - 1)] - cell.count))
                if index == row.count - 1, !rightAligned.contains(index) { return cell }
                return rightAligned.contains(index) ? pad + cell : cell + pad
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n") + "\n"
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
