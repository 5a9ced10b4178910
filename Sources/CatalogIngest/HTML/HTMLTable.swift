/// A `<table>` read as a grid: `rowspan` and `colspan` expanded so that every row has a cell
/// for every column, header rows told apart from body rows.
public struct HTMLTable: Sendable {
    /// One cell of the grid.
    public struct Cell: Sendable {
        /// Normalised text, without footnote markers or struck-out text.
        public let text: String
        public let node: HTMLNode
        /// `<th>`, or in `<thead>`.
        public let isHeader: Bool
        /// `true` for the copies a `rowspan`/`colspan` makes in the rows and columns it covers.
        public let isSpanCopy: Bool
    }

    public let node: HTMLNode
    /// The position of the table among the page's tables (0-based), for locators.
    public let index: Int
    /// The grid, header rows first.
    public let rows: [[Cell]]
    /// How many leading rows are header rows: rows in `<thead>`, or rows made only of `<th>`.
    public let headerRowCount: Int

    /// Reads the table at `node` (nested tables are not part of it).
    public init(_ node: HTMLNode, index: Int) {
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
                let rowSpan = max(1, min(Int(cellNode.attribute("rowspan") ?? "") ?? 1, 1000))
                let columnSpan = max(1, min(Int(cellNode.attribute("colspan") ?? "") ?? 1, 1000))
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
        rows = grid.map { row in
            (0..<width).map { x in
                x < row.count ? (row[x] ?? Cell(text: "", node: node, isHeader: false, isSpanCopy: true)) : Cell(text: "", node: node, isHeader: false, isSpanCopy: true)
            }
        }
        headerRowCount = headerRows
    }

    /// The number of columns.
    public var width: Int { rows.first?.count ?? 0 }

    /// The rows after the header rows.
    public var bodyRows: ArraySlice<[Cell]> { rows.dropFirst(headerRowCount) }

    /// The header text of each column: the header rows' texts joined with " / ", repeats
    /// removed (`Short context / Input`).
    public var columnTitles: [String] {
        (0..<width).map { column in
            var parts: [String] = []
            for row in rows.prefix(headerRowCount) where !row[column].text.isEmpty && parts.last != row[column].text {
                parts.append(row[column].text)
            }
            return parts.joined(separator: " / ")
        }
    }

    /// The first column whose title satisfies `matches` (given the lowercased title).
    public func column(where matches: (String) -> Bool) -> Int? {
        columnTitles.firstIndex { matches($0.lowercased()) }
    }

    /// The nearest heading (`h1`–`h4`) before the table, normalised; empty when none.
    public var heading: String {
        node.select("preceding::*[self::h1 or self::h2 or self::h3 or self::h4][1]").first?.text() ?? ""
    }

    /// A locator for a body row: `table 3, row 5` (1-based, header rows counted).
    public func locator(row: Int) -> String { "table \(index + 1), row \(row + 1)" }
}

extension HTMLDocument {
    /// Every `<table>` of the page as a grid, in document order.
    public func tables() -> [HTMLTable] {
        elements(named: "table").enumerated().map { HTMLTable($0.element, index: $0.offset) }
    }
}
