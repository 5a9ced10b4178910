import CatalogCore
import CatalogIngest
package import Foundation

/// The inputs the project fuzzes itself with: one target per kind of input it reads from
/// outside. Each target feeds arbitrary bytes through the same code `catalog build` runs and
/// touches everything the reading produced; a crash, a hang or a trap is a bug. Errors are
/// not: bad input must be an error.
///
/// Targets: `json` (the JSON parser and every accessor), `html` (libxml2's tree, tables,
/// text), `manifest` (the snapshot manifest reader), and `parser:<provider>/<file>` for every
/// source with a parser (the parser, then the checks a reading passes before it is believed).
package enum FuzzTargets {
    /// Every target's name.
    package static var names: [String] {
        ["json", "html", "manifest"] + parsedSources.map { "parser:" + $0.id.path }
    }

    /// Sources with a parser, per-model pages under their pattern (`openai/models/*.html`).
    static var parsedSources: [SourceDescriptor] {
        SourceRegistry.all.filter { ParserRegistry.parser(for: $0.id) != nil }
    }

    /// The committed captures that seed `target`: files of the snapshots whose kind it reads.
    package static func seeds(for target: String, snapshots: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: snapshots, includingPropertiesForKeys: nil) else { return [] }
        var result: [URL] = []
        for case let url as URL in enumerator {
            // `…/<date>/<provider>/<file>` or `…/<date>/manifest.json`.
            let components = url.pathComponents
            guard let dateIndex = components.lastIndex(where: { CalendarDate(iso: $0) != nil }) else { continue }
            let capturePath = components[(dateIndex + 1)...].joined(separator: "/")
            switch target {
            case "json": if url.pathExtension == "json", capturePath != "manifest.json" { result.append(url) }
            case "html": if url.pathExtension == "html" { result.append(url) }
            case "manifest": if capturePath == "manifest.json" { result.append(url) }
            default:
                if let descriptor = SourceRegistry.source(forCapturePath: capturePath), "parser:" + descriptor.id.path == target {
                    result.append(url)
                }
            }
        }
        return result.sorted { $0.path < $1.path }
    }

    /// Runs `target` on `bytes`. Returns `false` for an unknown target.
    @discardableResult
    package static func run(_ target: String, _ bytes: [UInt8]) -> Bool {
        switch target {
        case "json":
            if let document = try? JSONDocument(bytes: bytes) {
                touch(document.root)
                _ = document.duplicateKeys.count
            }
        case "html":
            if let document = try? HTMLDocument(bytes: bytes) {
                for table in document.tables() {
                    _ = table.columnTitles
                    _ = table.damagedRows.count + table.widerRows.count
                    for row in table.bodyRows { _ = row.map(\.text) }
                }
                _ = document.root?.text().count
            }
        case "manifest":
            if let manifest = try? Manifest(parsing: bytes, file: "fuzz/manifest.json") { _ = manifest.rendered() }
        default:
            guard target.hasPrefix("parser:"), let id = SourceID(path: String(target.dropFirst(7))),
                let parser = ParserRegistry.parser(for: id)
            else { return false }
            let file = "fuzz/" + id.path.replacingOccurrences(of: "*", with: "gpt-4o")
            if let parsed = try? parser.parse(bytes, file: file),
                let checked = try? ReadingCheck.verify(parsed, previous: nil, file: file)
            {
                for observation in checked.observations {
                    precondition(Identifier.problem(observation.providerModelID) == nil || observation.identifiedByDisplayName)
                    for fact in observation.facts {
                        if case .price = fact.field, let amount = fact.value.decimal {
                            precondition(
                                amount >= 0 && amount <= ReadingCheck.maximumPrice, "an impossible price passed the checks")
                        }
                    }
                }
                _ = checked.diagnostics.map(\.description)
            }
        }
        return true
    }

    /// Reads every value of the tree the way parsers do.
    static func touch(_ value: JSONValue) {
        var stack = [value]
        while let next = stack.popLast() {
            switch next.kind {
            case .string: _ = next.string
            case .number:
                _ = next.decimal
                _ = next.int
            case .array: stack += next.array ?? []
            case .object:
                for (key, member) in next.members ?? [] {
                    _ = next[key]
                    stack.append(member)
                }
            default: _ = next.bool
            }
        }
    }
}
