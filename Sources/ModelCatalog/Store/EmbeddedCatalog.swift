import CatalogCore
import Foundation

/// The catalog file shipped inside the library: the newest version as JSON, one record or
/// model per line so that a refresh shows a small diff.
///
/// ```
/// {"format": "bulkllm-catalog-1", "version": "2026-07-28",
///  "records": [
///   {"id": …, "provider": …, "provider_model_id": …, "status": …, "facts": "field\tkind\tvalue\tfile\tlocator\n…"},
///   …],
///  "models": [
///   {"id": …, "creator": …, "family": …, "status": …, "facts_of": record id | "facts": [...],
///    "offerings": [[provider, provider model id, rule], …], "aliases": [[name, rule], …]},
///   (facts: one line per fact, tab-separated, with `\t`, `\n` and `\\` escaped)
///   …],
///  "successors": {family: successor, …}}
/// ```
enum EmbeddedCatalog {
    static let format = "bulkllm-catalog-1"

    /// The JSON text of one version.
    static func encode(_ data: VersionData) throws -> String {
        // Facts are one string of tab-separated lines, so that the file parses to few JSON values.
        func facts(_ list: [SourcedFact]) -> String {
            var lines = ""
            for fact in list {
                let parts = [fact.field.key, fact.value.storageTag, fact.value.storageText, fact.source.file, fact.source.locator]
                lines += parts.map(EmbeddedCatalog.escape).joined(separator: "\t") + "\n"
            }
            return JSONOutput.string(lines).rendered()
        }
        var text = "{\"format\":\"\(format)\",\"version\":\"\(data.version)\",\n\"records\":[\n"
        let recordIDs = data.records.keys.sorted()
        for (position, id) in recordIDs.enumerated() {
            let entry = data.records[id]!
            let object = JSONOutput.object([
                ("id", .string(id)), ("provider", .string(entry.provider)), ("provider_model_id", .string(entry.providerModelID)),
                ("status", .string(entry.status.rawValue)),
            ]).rendered()
            let recordFacts = try data.facts(entry.factsKey, cacheKey: "record:" + id)
            text += object.dropLast() + ",\"facts\":" + facts(recordFacts) + "}" + (position + 1 < recordIDs.count ? ",\n" : "\n")
        }
        text += "],\n\"models\":[\n"
        for (position, entry) in data.models.enumerated() {
            var members: [(String, JSONOutput)] = [
                ("id", .string(entry.id)), ("creator", .string(entry.creator)), ("family", .string(entry.family)),
                ("status", .string(entry.status.rawValue)),
            ]
            let modelFacts = try data.facts(entry.factsKey, cacheKey: "model:" + entry.id)
            var factsText: String?
            if let own = data.records[entry.id], try data.facts(own.factsKey, cacheKey: "record:" + entry.id) == modelFacts {
                members.append(("facts_of", .string(entry.id)))
            } else {
                factsText = facts(modelFacts)
            }
            members.append(("offerings", .array(entry.offerings.map { .array([.string($0.provider), .string($0.providerModelID), .string($0.rule)]) })))
            members.append(("aliases", .array(entry.aliases.map { .array([.string($0.name), .string($0.rule)]) })))
            var object = JSONOutput.object(members).rendered()
            if let factsText { object = object.dropLast() + ",\"facts\":" + factsText + "}" }
            text += object + (position + 1 < data.models.count ? ",\n" : "\n")
        }
        text += "],\n\"successors\":" + JSONOutput.object(data.successors.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }).rendered()
        return text + "}\n"
    }

    /// Reads a version from the JSON text; facts stay in the document until first use.
    static func decode(_ bytes: [UInt8], file: String) throws -> VersionData {
        let document: JSONDocument
        do {
            document = try JSONDocument(bytes: bytes)
        } catch {
            throw CatalogStoreError(path: file, message: "not a catalog file: \(error)")
        }
        let root = document.root
        guard root["format"]?.string == format, let versionText = root["version"]?.string, let version = CalendarDate(iso: versionText),
            let recordList = root["records"]?.array, let modelList = root["models"]?.array
        else {
            throw CatalogStoreError(path: file, message: "expected a \(format) file with \"version\", \"records\" and \"models\"")
        }
        var records: [String: VersionData.RecordEntry] = [:]
        records.reserveCapacity(recordList.count)
        for item in recordList {
            guard let id = item["id"]?.string, let facts = item["facts"] else { continue }
            records[id] = VersionData.RecordEntry(
                id: id, provider: item["provider"]?.string ?? "", providerModelID: item["provider_model_id"]?.string ?? "",
                status: ModelStatus(rawValue: item["status"]?.string ?? "") ?? .active, factsKey: .embedded(facts))
        }
        var models: [VersionData.ModelEntry] = []
        models.reserveCapacity(modelList.count)
        for item in modelList {
            guard let id = item["id"]?.string else { continue }
            let factsKey: VersionData.FactsKey =
                if let of = item["facts_of"]?.string { .record(of) } else if let facts = item["facts"] { .embedded(facts) } else { .record(id) }
            let offerings = (item["offerings"]?.array ?? []).compactMap { value -> Offering? in
                guard let parts = value.array, parts.count == 3 else { return nil }
                return Offering(provider: parts[0].string ?? "", providerModelID: parts[1].string ?? "", rule: parts[2].string ?? "")
            }
            let aliases = (item["aliases"]?.array ?? []).compactMap { value -> Alias? in
                guard let parts = value.array, parts.count == 2 else { return nil }
                return Alias(name: parts[0].string ?? "", rule: parts[1].string ?? "")
            }
            models.append(
                VersionData.ModelEntry(
                    id: id, creator: item["creator"]?.string ?? "", family: item["family"]?.string ?? "",
                    status: ModelStatus(rawValue: item["status"]?.string ?? "") ?? .active, factsKey: factsKey, offerings: offerings,
                    aliases: aliases))
        }
        var successors: [String: String] = [:]
        for (family, successor) in root["successors"]?.members ?? [] { successors[family] = successor.string }
        return VersionData(
            version: version, models: models, records: records, successors: successors,
            loadStored: { _ in throw CatalogStoreError(path: file, message: "stored records are not in an embedded catalog") })
    }

    static func decodeFacts(_ value: JSONValue) throws -> [SourcedFact] {
        guard let text = value.string else { return [] }
        var facts: [SourcedFact] = []
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "\t", omittingEmptySubsequences: false).map { unescape($0) }
            guard parts.count == 5, let field = FactField(key: parts[0]), let value = FactValue(storageTag: parts[1], storageText: parts[2]) else {
                continue
            }
            facts.append(SourcedFact(field: field, value: value, source: FactSource(file: parts[3], locator: parts[4])))
        }
        return facts
    }

    static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "\t" || $0 == "\n" || $0 == "\\" }) else { return text }
        var result = ""
        for character in text {
            switch character {
            case "\t": result += "\\t"
            case "\n": result += "\\n"
            case "\\": result += "\\\\"
            default: result.append(character)
            }
        }
        return result
    }

    static func unescape(_ text: Substring) -> String {
        guard text.contains("\\") else { return String(text) }
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "t": result.append("\t")
                case "n": result.append("\n")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
