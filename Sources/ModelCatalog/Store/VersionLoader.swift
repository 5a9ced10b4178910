import CatalogCore

extension CatalogReader {
    /// Reads the canonical layer and the records of one version; facts are read on first use.
    func versionData(_ date: CalendarDate) throws -> VersionData {
        let captureDates = try self.captureDates(of: date)
        let (models, successors) = try canonicalLayer(date)
        var records: [String: VersionData.RecordEntry] = [:]
        for entry in try database.prepare(
            "SELECT id, provider, provider_model_id, status, record FROM version_models WHERE version = ?"
        ).rows(
            [.text(date.description)],
            { row in
                VersionData.RecordEntry(
                    id: row.text(0) ?? "", provider: row.text(1) ?? "", providerModelID: row.text(2) ?? "",
                    status: ModelStatus(rawValue: row.text(3) ?? "") ?? .active, factsKey: .stored(row.int(4) ?? 0))
            })
        {
            records[entry.id] = entry
        }
        let reader = self
        return VersionData(
            version: date, models: models, records: records, successors: successors,
            loadStored: { record in try reader.facts(ofRecord: record, captureDates: captureDates) })
    }

    /// The canonical models of one version (with their offerings and aliases; facts not read)
    /// and the successor map.
    func canonicalLayer(_ date: CalendarDate) throws -> (models: [VersionData.ModelEntry], successors: [String: String]) {
        let version = date.description
        var offerings: [String: [Offering]] = [:]
        for (canonical, offering) in try database.prepare(
            "SELECT canonical_id, provider, provider_model_id, rule FROM offerings WHERE version = ?"
        ).rows(
            [.text(version)],
            { row in
                let place = "offerings of version \(version)"
                return (
                    try row.required(0, place),
                    Offering(
                        provider: try row.required(1, place), providerModelID: try row.required(2, place),
                        rule: try row.rule(3, place))
                )
            })
        {
            offerings[canonical, default: []].append(offering)
        }
        var aliases: [String: [Alias]] = [:]
        for (canonical, alias) in try database.prepare("SELECT canonical_id, name, rule FROM aliases WHERE version = ?").rows(
            [.text(version)],
            { row in
                let place = "aliases of version \(version)"
                return (try row.required(0, place), Alias(name: try row.required(1, place), rule: try row.rule(2, place)))
            })
        {
            aliases[canonical, default: []].append(alias)
        }
        let models = try database.prepare(
            """
            SELECT m.id, l.creator, l.family, m.status, m.record FROM canonical_models m JOIN layers l ON l.id = m.layer
            WHERE m.version = ? ORDER BY m.id
            """
        ).rows([.text(version)]) { row -> VersionData.ModelEntry in
            let id = try row.required(0, "canonical_models of version \(version)")
            let place = "canonical model \(id) of version \(version)"
            let sortedOfferings = (offerings[id] ?? []).sorted(by: Offering.makerFirst)
            return VersionData.ModelEntry(
                id: id, creator: try row.required(1, place), family: try row.required(2, place),
                status: try row.status(3, place),
                factsKey: .stored(try row.requiredInt(4, place)), offerings: sortedOfferings,
                aliases: (aliases[id] ?? []).sorted())
        }
        var successors: [String: String] = [:]
        for (family, successor) in try database.prepare("SELECT family, successor FROM successors WHERE version = ?").rows(
            [.text(version)],
            { (try $0.required(0, "successors of version \(version)"), try $0.required(1, "successors of version \(version)")) })
        {
            successors[family] = successor
        }
        return (models, successors)
    }
}
