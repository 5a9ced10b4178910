import CatalogCore
import CatalogReports
import CatalogSite
import Foundation
import ModelCatalog

/// The exports and the static site, from a built catalog: how long each export and the whole
/// site take (release build, median of the runs), and the process's peak memory.
enum SiteBenchmarks {
    static func run(catalogPath: String, runs: Int) throws {
        let clock = ContinuousClock()
        func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
        func median(_ body: () throws -> Void) rethrows -> (median: Double, best: Double) {
            var samples: [Double] = []
            for _ in 0..<runs { samples.append(seconds(try clock.measure(body))) }
            samples.sort()
            return (samples[samples.count / 2], samples[0])
        }
        let exporter = try CatalogExporter(location: .file(catalogPath), at: nil)
        print(
            "site: catalog \(catalogPath), version \(exporter.catalog.version), \(exporter.archive?.versions.count ?? 0) versions, \(exporter.catalog.modelIDs.count) models, \(exporter.records.count) records"
        )
        for format in ExportFormat.allCases {
            var size = 0
            let time = try median { size = try exporter.export(format).bytes.count }
            print(
                String(
                    format: "export %@: median %.2f s, best %.2f s over %d runs (%.1f MB)", format.rawValue, time.median,
                    time.best, runs,
                    Double(size) / 1_048_576))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulkllm-site-benchmark-\(getpid())")
        defer { try? FileManager.default.removeItem(at: folder) }
        var report: SiteBuilder.Report?
        let time = try median {
            report = try SiteBuilder.build(try CatalogExporter(location: .file(catalogPath), at: nil), into: folder)
        }
        print(
            String(
                format: "catalog site, whole site: median %.2f s, best %.2f s over %d runs (%d files, %.1f MB)", time.median,
                time.best, runs,
                report?.files ?? 0, Double(report?.bytes ?? 0) / 1_048_576))
        print("peak resident memory: \(String(format: "%.1f", DispatchBenchmarks.residentMegabytes("VmHWM:"))) MB")
    }
}
