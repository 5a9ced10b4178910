package import CatalogCore
import Foundation

/// `bedrock/lifecycle.html`: the Bedrock model-lifecycle page.
///
/// - "Active versions": provider, model name, model ID, regions, launch date, end-of-life
///   ("No sooner than 9/23/2025"), input and output modalities. The page's header lacks the
///   end-of-life column, so that column is found by its content and the columns after it are
///   read one place to the right.
/// - "Legacy versions" and "End-of-Life (EOL) versions": model version (a display name),
///   legacy date, extended access date, EOL date, replacement and its model ID. Names are
///   joined to Bedrock model ids when the version is assembled; dates carry region notes
///   ("July 15th, 2025 (all Regions)") that are dropped.
package struct BedrockLifecycleParser: CaptureParser {
    package init() {}

    package func parse(_ bytes: [UInt8], file: String) throws(CaptureError) -> ParsedCapture {
        var page = try Page(bytes, file: file)
        var models = Page.Collector()
        var sawActive = false
        for table in page.tables() {
            let titles = table.columnTitles.map { $0.lowercased() }
            if let idColumn = titles.firstIndex(of: "model id"), let launch = titles.firstIndex(of: "launch date") {
                sawActive = true
                let name = titles.firstIndex(of: "model name")
                // The end-of-life cells ("No sooner than …") sit right after the launch date,
                // with or without a header of their own.
                let hasEOLHeader = titles.contains { $0.contains("eol") || $0.contains("end of life") }
                let eol = launch + 1
                let shift = hasEOLHeader ? 0 : 1
                let input = titles.firstIndex(of: "input modalities").map { $0 + shift }
                let output = titles.firstIndex(of: "output modalities").map { $0 + shift }
                if !hasEOLHeader {
                    page.acceptExtraColumns(1, in: table)
                    page.note(
                        at: "table \(table.index + 1)",
                        "the header has no end-of-life column; it is read from column \(eol + 1) by its content")
                }
                for (offset, row) in table.bodyRows.enumerated() {
                    let rowIndex = table.headerRowCount + offset
                    let place = { (column: Int) in "table \(table.index + 1), row \(rowIndex + 1), column \(column + 1)" }
                    guard let id = PageModelID.parse(row[idColumn].text) else { continue }
                    models.touch(id, at: place(idColumn))
                    if let name, !row[name].text.isEmpty { models.add(id, .displayName, .text(row[name].text), at: place(name)) }
                    if let date = PageText.date(in: row[launch].text) { models.add(id, .created, .date(date), at: place(launch)) }
                    if eol < row.count,
                        row[eol].text.lowercased().contains("sooner than") || PageText.date(in: row[eol].text) != nil,
                        let value = PageText.dateValue(row[eol].text)
                    {
                        models.add(id, .shutdown, value, at: place(eol))
                    }
                    for (column, field) in [(input, FactField.inputModality), (output, .outputModality)] {
                        guard let column, column < row.count else { continue }
                        for modality in row[column].text.split(separator: ",") {
                            let value = modality.trimmingCharacters(in: .whitespaces).lowercased()
                            if ["text", "image", "video", "audio", "speech", "embedding", "embeddings"].contains(value) {
                                models.add(
                                    id, field, .text(value == "speech" ? "audio" : value == "embedding" ? "embeddings" : value),
                                    at: place(column))
                            }
                        }
                    }
                }
            } else if titles.first == "model version", let eol = titles.firstIndex(of: "eol date") {
                let legacy = titles.firstIndex(of: "legacy date")
                let replacementID = titles.firstIndex(of: "recommended model id")
                let replacementName = titles.firstIndex(of: "recommended model version replacement")
                for (offset, row) in table.bodyRows.enumerated() {
                    let rowIndex = table.headerRowCount + offset
                    let name = row[0].text
                    guard !name.isEmpty else { continue }
                    let place = { (column: Int) in "table \(table.index + 1), row \(rowIndex + 1), column \(column + 1)" }
                    models.add(name, .status, .text("legacy"), at: place(0), byDisplayName: true)
                    if let legacy, let date = PageText.date(in: row[legacy].text) {
                        models.add(name, .deprecationAnnounced, .date(date), at: place(legacy), byDisplayName: true)
                    }
                    if let date = PageText.date(in: row[eol].text) {
                        models.add(name, .shutdown, .date(date), at: place(eol), byDisplayName: true)
                    }
                    let replacement =
                        replacementID.map { row[$0].text }.flatMap { $0.isEmpty ? nil : $0 }
                        ?? replacementName.map { row[$0].text }
                    if let replacement, !PageText.isAbsent(replacement) {
                        models.add(
                            name, .replacement, .text(replacement), at: place(replacementID ?? replacementName!),
                            byDisplayName: true)
                    }
                }
            }
        }
        guard sawActive else {
            throw page.layoutError("expected the active versions table with columns \"Model ID\" and \"Launch date\"")
        }
        return try page.finish(models, expecting: "models")
    }
}
