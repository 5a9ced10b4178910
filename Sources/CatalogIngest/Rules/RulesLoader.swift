package import CatalogCore
package import Foundation
import Yams

/// Reads the hand-kept canonicalization data under `catalog/`: `creators.yaml`,
/// `corrections.yaml` and `successors.yaml`. Every entry needs a `reason`.
package enum RulesLoader {
    /// Loads the three files from `folder`; a missing corrections or successors file is empty.
    /// - Throws: ``RulesError`` naming the file, the entry and what was expected.
    package static func load(from folder: URL) throws -> CanonicalizationRules {
        let creators = try entries(folder, "creators.yaml", key: "creators", required: true).enumerated().map { index, entry in
            CanonicalizationRules.Creator(
                id: try text(entry, "id", "creators.yaml", index),
                firstParty: entry["first_party"] as? String,
                namespaces: (entry["namespaces"] as? [Any] ?? []).map { "\($0)".lowercased() },
                namePrefixes: (entry["name_prefixes"] as? [Any] ?? []).map { "\($0)".lowercased() })
        }
        let corrections = try entries(folder, "corrections.yaml", key: "corrections", required: false).enumerated().map {
            index, entry in
            CanonicalizationRules.Correction(
                provider: try text(entry, "provider", "corrections.yaml", index),
                providerModelID: try text(entry, "provider_model_id", "corrections.yaml", index),
                canonical: try text(entry, "canonical", "corrections.yaml", index),
                reason: try text(entry, "reason", "corrections.yaml", index))
        }
        let successors = try entries(folder, "successors.yaml", key: "successors", required: false).enumerated().map {
            index, entry in
            CanonicalizationRules.Successor(
                family: try text(entry, "family", "successors.yaml", index),
                successor: try text(entry, "successor", "successors.yaml", index),
                reason: try text(entry, "reason", "successors.yaml", index))
        }
        for (index, entry) in try entries(folder, "creators.yaml", key: "creators", required: true).enumerated() {
            _ = try text(entry, "reason", "creators.yaml", index)
        }
        return CanonicalizationRules(creators: creators, corrections: corrections, successors: successors)
    }

    /// A fingerprint of the rule files, so that a changed rule rebuilds the catalog.
    package static func fingerprint(of folder: URL) -> String {
        var hasher = SHA256()
        for name in ["creators.yaml", "corrections.yaml", "successors.yaml"] {
            hasher.update(Array(name.utf8))
            if let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) {
                hasher.update([UInt8](data))
            }
        }
        return hasher.finalizeHex()
    }

    private static func entries(_ folder: URL, _ name: String, key: String, required: Bool) throws -> [[String: Any]] {
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            if required {
                throw RulesError(
                    file: url.path,
                    message: "no such file: the rules folder needs \(name) (its \(key) list); pass the folder with --rules")
            }
            return []
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw RulesError(file: url.path, message: "the file exists but cannot be read (a folder, or no permission)")
        }
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: String(decoding: data, as: UTF8.self))
        } catch {
            throw RulesError(file: url.path, message: "not valid YAML: \(error)")
        }
        guard let document = loaded as? [String: Any], let list = document[key] as? [Any] else {
            throw RulesError(file: url.path, message: "expected a mapping with a \"\(key)\" list")
        }
        return try list.enumerated().map { index, item in
            guard let entry = item as? [String: Any] else {
                throw RulesError(file: url.path, message: "\(key)[\(index)]: expected a mapping")
            }
            return entry
        }
    }

    private static func text(_ entry: [String: Any], _ field: String, _ file: String, _ index: Int) throws -> String {
        guard let value = entry[field], !"\(value)".isEmpty else {
            throw RulesError(file: "catalog/" + file, message: "entry \(index + 1): expected \"\(field)\"")
        }
        return "\(value)"
    }
}

/// A rule file that cannot be used.
package struct RulesError: Error, Hashable, Sendable, CustomStringConvertible {
    package var file: String
    package var message: String
    package var description: String { file + ": " + message }
}
