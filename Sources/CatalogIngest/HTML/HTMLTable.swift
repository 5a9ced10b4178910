import CatalogCore
import Foundation

/// A `<table>` read as a grid: `rowspan` and `colspan` expanded so that every row has a cell
/// for every column, header rows told apart from body rows.
package struct HTMLTable: Sendable {
    /// One cell of the grid.
    package struct Cell: Sendable {
        /// Normalised text, without footnote markers or struck-out text.
        package let text: String
        package let node: HTMLNode
        /// `<th>`, or in `<thead>`.
        package let isHeader: Bool
        /// `true` for the copies a `rowspan`/`colspan` makes in the rows and columns it covers.
        package let isSpanCopy: Bool
    }

    package let node: HTMLNode
    /// The position of the table among the page's tables (0-based), for locators.
    package let index: Int
    /// The grid, header rows first.
    package let rows: [[Cell]]
    /// How many leading rows are header rows: rows in `<thead>`, or rows made only of `<th>`.
    package let headerRowCount: Int
    /// The rows whose structure is damaged, by row index (header rows counted), with the
    /// reason: a `rowspan` or `colspan` that is not a number in the HTML standard's range
    /// (read as 1, or clamped; the rows below it are damaged too): its values may have moved
    /// into other columns.
    package let damagedRows: [Int: String]
    /// Body rows that cover more columns than the header, with the number they cover: a value
    /// under no title, or a header that lacks a column. A parser that reads such a table by
    /// content says so (``Page/acceptExtraColumns(_:in:)``); otherwise the rows are damaged.
    package let widerRows: [Int: Int]
    /// The columns the widest header row covers (0 without a header).
    package let headerWidth: Int

    /// The largest `colspan` and `rowspan` the HTML standard honours.
    package static let maximumColumnSpan = 1000
    package static let maximumRowSpan = 65534

    /// Reads the table at `node` (nested tables are not part of it).
    package init(_ node: HTMLNode, index: Int) {
        self.node = node
        self.index = index
        var rowNodes: [(row: HTMLNode, inHead: Bool)] = []
        for child in node.children {
            switch child.name {
            case "tr": rowNodes.append((child, false))
            case "thead", "tbody", "tfoot":
                for row in child.children where row.name == "tr" { rowNodes.append((row, child.name == "thead")) }
            default: break
            }
        }
        var grid: [[Cell?]] = []
        var problems: [Int: String] = [:]
        var headerRows = 0
        var countingHeader = true
        for (rowIndex, entry) in rowNodes.enumerated() {
            while grid.count <= rowIndex { grid.append([]) }
            var column = 0
            let cells = entry.row.children.filter { $0.name == "td" || $0.name == "th" }
            for cellNode in cells {
                while column < grid[rowIndex].count, grid[rowIndex][column] != nil { column += 1 }
                let isHeader = entry.inHead || cellNode.name == "th"
                let text = cellNode.text()
                let rowSpan = HTMLTable.span(
                    cellNode, "rowspan", maximum: HTMLTable.maximumRowSpan, row: rowIndex, problems: &problems)
                let columnSpan = HTMLTable.span(
                    cellNode, "colspan", maximum: HTMLTable.maximumColumnSpan, row: rowIndex, problems: &problems)
                for dy in 0..<rowSpan {
                    let target = rowIndex + dy
                    // A rowspan never reaches past the table's last row.
                    if target >= rowNodes.count { break }
                    while grid.count <= target { grid.append([]) }
                    for dx in 0..<columnSpan {
                        let x = column + dx
                        while grid[target].count <= x { grid[target].append(nil) }
                        grid[target][x] = Cell(text: text, node: cellNode, isHeader: isHeader, isSpanCopy: dy > 0 || dx > 0)
                    }
                }
                column += columnSpan
            }
            let rowIsHeader = entry.inHead || (!cells.isEmpty && cells.allSatisfy { $0.name == "th" })
            if countingHeader, rowIsHeader { headerRows += 1 } else { countingHeader = false }
        }
        let width = grid.map(\.count).max() ?? 0
        // A span that is not a number in range may have moved every value after it: the row
        // and the rows below it are not believed. Rows are often shorter than the header (a
        // label row, an omitted last cell), but a row wider than the header holds a value
        // under no title.
        if let first = problems.keys.min() {
            for row in first..<grid.count where problems[row] == nil {
                problems[row] = "below a cell with a damaged span: " + problems[first]!
            }
        }
        let headerWidth = grid.prefix(headerRows).map { $0.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }.max() ?? 0
        var wider: [Int: Int] = [:]
        if headerWidth > 0 {
            for (rowIndex, row) in grid.enumerated() where rowIndex >= headerRows {
                let covered = row.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
                if covered > headerWidth { wider[rowIndex] = covered }
            }
        }
        self.headerWidth = headerWidth
        self.widerRows = wider
        self.damagedRows = problems
        rows = grid.map { row in
            (0..<width).map { x in
                x < row.count
                    ? (row[x] ?? Cell(text: "", node: node, isHeader: false, isSpanCopy: true))
                    : Cell(text: "", node: node, isHeader: false, isSpanCopy: true)
            }
        }
        headerRowCount = headerRows
    }

    /// A cell's `rowspan` or `colspan`: absent is 1; 0, text that is not a whole number, and
    /// values past `maximum` are read as 1 or clamped to `maximum`, as browsers do, and noted.
    private static func span(_ cell: HTMLNode, _ name: String, maximum: Int, row: Int, problems: inout [Int: String]) -> Int {
        guard let raw = cell.attribute(name) else { return 1 }
        let text = raw.trimmingCharacters(in: .whitespaces)
        let value = Int(text)
        let read: Int
        switch value {
        case .some(let number) where number >= 1 && number <= maximum: return number
        case .some(let number) where number > maximum: read = maximum
        default: read = 1
        }
        problems[row] =
            "row \(row + 1) (line \(cell.line)): \(name)=\"\(SafeText.escaped(String(raw.prefix(40))))\" is not a span from 1 to \(maximum); read as \(read)"
        return read
    }

    /// The number of columns.
    package var width: Int { rows.first?.count ?? 0 }

    /// The rows after the header rows.
    package var bodyRows: ArraySlice<[Cell]> { rows.dropFirst(headerRowCount) }

    /// The header text of each column: the header rows' texts joined with " / ", repeats
    /// removed (`Short context / Input`).
    package var columnTitles: [String] {
        (0..<width).map { column in
            var parts: [String] = []
            for row in rows.prefix(headerRowCount) where !row[column].text.isEmpty && parts.last != row[column].text {
                parts.append(row[column].text)
            }
            return parts.joined(separator: " / ")
        }
    }

    /// The first column whose title satisfies `matches` (given the lowercased title).
    package func column(where matches: (String) -> Bool) -> Int? {
        columnTitles.firstIndex { matches($0.lowercased()) }
    }

    /// The nearest heading (`h1`–`h4`) before the table, normalised; empty when none.
    package var heading: String {
        node.select("preceding::*[self::h1 or self::h2 or self::h3 or self::h4][1]").first?.text() ?? ""
    }

    /// A locator for a body row: `table 3, row 5` (1-based, header rows counted).
    package func locator(row: Int) -> String { "table \(index + 1), row \(row + 1)" }
}

extension HTMLDocument {
    /// Every `<table>` of the page as a grid, in document order.
    package func tables() -> [HTMLTable] {
        elements(named: "table").enumerated().map { HTMLTable($0.element, index: $0.offset) }
    }
}
