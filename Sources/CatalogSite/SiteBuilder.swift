package import CatalogCore
package import CatalogIngest
package import CatalogReports
public import Foundation
package import ModelCatalog

/// Why a site could not be written.
package struct SiteError: Error, CustomStringConvertible {
    package var description: String
}

/// Builds the static site of one catalog version: an index of every canonical model
/// (filterable and sortable in the browser), a page per model with its facts, offerings,
/// aliases and price-history chart, a "What changed" page per version, and the exports under
/// `api/`. Needs no server: every link is relative, so the folder opens from disk.
package enum SiteBuilder {
    /// What was written.
    package struct Report: Sendable {
        package var version: CalendarDate
        package var models: Int
        package var changePages: Int
        package var files: Int
        package var bytes: Int
        /// Lines for people about the exports (what each could not carry).
        package var notes: [String]
    }

    /// The file that marks a folder as a site this builder wrote, so that rebuilding replaces
    /// it and nothing else is ever replaced.
    static let marker = ".bulkllm-site"

    /// A built catalog to make the site from: `location` when it is a built file; else, with
    /// `snapshots` present, `catalog/catalog.sqlite` built from them first (the embedded
    /// catalog has one version: no history to draw). `progress` hears what is done.
    package static func catalogWithHistory(
        _ location: CatalogLocation, snapshots: String = "snapshots", rules: String = "catalog", progress: (String) -> Void
    ) throws -> CatalogLocation {
        guard case .embedded = location else { return location }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: snapshots, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw SiteError(
                description:
                    "the site needs a built catalog (every version, for price history and changes): no \(CatalogLocation.defaultPath) and no \(snapshots)/ to build it from; pass --catalog FILE"
            )
        }
        progress("no \(CatalogLocation.defaultPath) yet: building it from \(snapshots)/ first")
        let options = BuildJob.Options(
            snapshots: URL(fileURLWithPath: snapshots), snapshotsDisplay: snapshots,
            catalog: URL(fileURLWithPath: CatalogLocation.defaultPath), export: nil, rules: URL(fileURLWithPath: rules))
        let (report, _) = try BuildJob.run(options)
        progress(BuildJob.summary(report, exportPath: nil, exportWritten: false).trimmingCharacters(in: .newlines))
        return .file(CatalogLocation.defaultPath)
    }

    /// Writes the site of `exporter`'s version into `directory`: built beside it, then put in
    /// its place, so that a failure leaves the previous site whole. A `directory` that exists,
    /// is not empty and is not a site this builder wrote is refused.
    /// - Throws: ``SiteError``, ``CatalogStoreError``, or a file system error naming the path.
    package static func build(_ exporter: CatalogExporter, into directory: URL) throws -> Report {
        let files = FileManager.default
        let path = directory.path
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw SiteError(description: "\(path): exists and is not a folder") }
            let contents = try files.contentsOfDirectory(atPath: path)
            guard contents.isEmpty || contents.contains(marker) else {
                throw SiteError(
                    description: "\(path): a folder that is not a site written by `catalog site`; refusing to replace it")
            }
        }
        let staging = directory.deletingLastPathComponent().appendingPathComponent(
            ".\(directory.lastPathComponent).building-\(getpid())")
        try? files.removeItem(at: staging)
        defer { try? files.removeItem(at: staging) }
        let report = try write(exporter, into: staging)
        if files.fileExists(atPath: path) {
            let old = directory.deletingLastPathComponent().appendingPathComponent(
                ".\(directory.lastPathComponent).old-\(getpid())")
            try files.moveItem(at: directory, to: old)
            try files.moveItem(at: staging, to: directory)
            try? files.removeItem(at: old)
        } else {
            try files.moveItem(at: staging, to: directory)
        }
        return report
    }

    static func write(_ exporter: CatalogExporter, into root: URL) throws -> Report {
        let catalog = exporter.catalog
        guard let archive = exporter.archive else {
            throw SiteError(description: "\(exporter.source): the site needs a built catalog with every version")
        }
        var written = (files: 0, bytes: 0)
        func put(_ relative: String, _ bytes: [UInt8]) throws {
            let url = root.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
            written.files += 1
            written.bytes += bytes.count
        }
        func put(_ relative: String, _ text: String) throws { try put(relative, Array(text.utf8)) }

        // One pass over the versions for both the price histories and the changes.
        var fold = HistoryFold()
        var versions: [CalendarDate] = []
        var diffs: [CatalogDiff] = []
        var previous: CatalogVersion?
        try archive.forEachVersion(through: catalog.version) { current in
            fold.observe(current.models, on: current.date)
            versions.append(current.date)
            if let previous { diffs.append(CatalogDiff(from: previous, to: current)) }
            previous = current
        }
        let histories = fold.histories
        var models: [CanonicalModel] = []
        for id in catalog.modelIDs { if let model = try catalog.model(id: id) { models.append(model) } }
        let pages = Set(models.map(\.id))

        var rows: [SitePages.IndexRow] = []
        for model in models {
            let offerings = try catalog.offerings(of: model).map { item in
                (offering: item.offering, record: item.record, prices: catalog.billedPrices(of: item.record))
            }
            let own = model.facts.isEmpty ? nil : catalog.billedPrices(of: model)
            let charted = chartedHistory(model, offerings: offerings.map(\.record.id), histories: histories)
            let page = SitePages.ModelPage(
                model: model, offerings: offerings, charted: charted, successor: catalog.successor(of: model.family),
                version: catalog.version)
            try put(SitePath.model(model.id), SitePages.model(page))
            rows.append(indexRow(model, own: own, offerings: offerings))
        }
        try put("index.html", SitePages.index(rows: rows, version: catalog.version, records: exporter.records.count))

        for (position, diff) in diffs.enumerated() {
            let previous = position > 0 ? diffs[position - 1].to : nil
            let next = position + 1 < diffs.count ? diffs[position + 1].to : nil
            try put(SitePath.changes(diff.to), SitePages.changes(diff, previous: previous, next: next, pages: pages))
        }
        let first = archive.versions.first.map { (date: $0.date, models: $0.modelCount) }
        try put("changes/index.html", SitePages.changesIndex(diffs, first: first))

        var notes: [String] = []
        var apiFiles: [(format: ExportFormat, bytes: Int, note: String)] = []
        for format in ExportFormat.allCases {
            let (bytes, formatNotes) = try exporter.export(format, history: (histories, versions))
            try put("api/" + format.fileName, bytes)
            notes += formatNotes
            apiFiles.append((format, bytes.count, formatNotes.first ?? ""))
        }
        try put("api/index.html", SitePages.api(apiFiles, version: catalog.version))
        try put("assets/site.css", SiteAssets.css)
        try put("assets/site.js", SiteAssets.javascript)
        // Served as is by GitHub Pages (no Jekyll), and marks the folder as this builder's.
        try put(".nojekyll", "")
        try put(marker, "catalog site, version \(catalog.version), \(versions.count) versions\n")
        return Report(
            version: catalog.version, models: models.count, changePages: diffs.count, files: written.files, bytes: written.bytes,
            notes: notes)
    }

    /// The history a model page charts: the model's own record (its maker's), else the first
    /// of its offerings with a price drawn.
    static func chartedHistory(_ model: CanonicalModel, offerings: [String], histories: [String: ModelHistory]) -> (
        record: String, history: ModelHistory
    )? {
        for id in [model.id] + offerings {
            if let history = histories[id], history.pricePeriods.contains(where: PriceChart.isCharted) { return (id, history) }
        }
        return nil
    }

    static func indexRow(
        _ model: CanonicalModel, own: [PriceKey: FactValue]?,
        offerings: [(offering: Offering, record: ModelRecord, prices: [PriceKey: FactValue])]
    ) -> SitePages.IndexRow {
        let (input, output) = (PriceKey(.input), PriceKey(.output))
        var shown: (prices: [PriceKey: FactValue], host: String?)?
        if let own, own[input] != nil { shown = (own, nil) }
        if shown == nil {
            let priced = offerings.filter { $0.prices[input]?.decimal != nil }
            if let cheapest = priced.min(by: { $0.prices[input]!.decimal! < $1.prices[input]!.decimal! }) {
                shown = (cheapest.prices, cheapest.offering.recordID)
            }
        }
        let record = model.record
        let name = SitePages.name(of: model, offerings: offerings.map(\.record))
        let context =
            record.contextWindow ?? record.maxInputTokens
            ?? offerings.lazy.compactMap { $0.record.contextWindow ?? $0.record.maxInputTokens }.first
        let words = [model.id, name, model.creator] + model.aliases.map(\.name) + offerings.map(\.offering.recordID)
        return SitePages.IndexRow(
            model: model, name: name, input: shown?.prices[input], output: shown?.prices[output], pricedBy: shown?.host,
            context: context, search: words.joined(separator: " ").lowercased())
    }
}
