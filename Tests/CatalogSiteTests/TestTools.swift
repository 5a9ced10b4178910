import CatalogCore
import CatalogReports
import CatalogSite
import CatalogTestSupport
import Foundation
import ModelCatalog
import Testing

/// What the export and site tests share: the pinned version ready to export, a site built from
/// it once per test process, and the tools outside Swift they run (`scripts/test-tools`
/// installs them).
enum SiteFixture {
    /// The pinned version of the catalog built from every committed snapshot.
    static func exporter() throws -> CatalogExporter {
        try CatalogExporter(location: .file(FullCatalog.path), at: FullCatalog.pinnedDate)
    }

    private static let built = Result { () throws -> (folder: URL, report: SiteBuilder.Report) in
        let folder = try Repository.temporaryFolder("site").appendingPathComponent("site")
        let report = try SiteBuilder.build(try exporter(), into: folder)
        return (folder, report)
    }

    /// The site of the pinned version, built once.
    static func site() throws -> (folder: URL, report: SiteBuilder.Report) { try built.get() }

    /// The histories of every record up to the pinned version, read once.
    private static let historiesOnce = Result { try FullCatalog.open().histories(through: FullCatalog.pinnedDate) }
    static func histories() throws -> [String: ModelHistory] { try historiesOnce.get() }

    /// Where test artefacts (screenshots) go: `.build/test-artefacts/`.
    static var artefacts: URL {
        let folder = Repository.root.appendingPathComponent(".build/test-artefacts")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// A program the tests run, with what it printed.
enum ToolRun {
    /// Runs `executable arguments…` and waits, ending it after `timeout` seconds.
    static func run(_ executable: String, _ arguments: [String], timeout: Double = 120) throws -> CatalogExecutable.Run {
        try CatalogExecutable.runProgram(URL(fileURLWithPath: executable), arguments, timeout: timeout)
    }
}

/// Debian's Chromium, headless: the DOM a page has once its scripts ran, what its console said,
/// and screenshots.
enum Browser {
    static let executable: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    /// Chromium, or a failure that says how to install it (a test that cannot run is not passed).
    static func chromium() throws -> String {
        guard let executable else {
            Issue.record("Chromium is not installed: run scripts/test-tools (which .ci/run runs)")
            throw CancellationError()
        }
        return executable
    }

    static func flags(_ profile: URL) -> [String] {
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0",
        ]
    }

    /// The page's DOM after its scripts ran, and every message its console printed (errors,
    /// uncaught exceptions, resources that failed to load).
    static func open(_ url: URL) throws -> (dom: String, console: [String]) {
        let profile = try Repository.temporaryFolder("chromium-profile")
        defer { try? FileManager.default.removeItem(at: profile) }
        let run = try ToolRun.run(try chromium(), flags(profile) + ["--dump-dom", url.absoluteString])
        #expect(run.status == 0, "chromium: \(run.error.suffix(2000))")
        let console = run.error.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return (run.output, console)
    }

    /// Writes a screenshot of `url` to `file`.
    static func screenshot(_ url: URL, to file: URL, height: Int = 1000) throws {
        let profile = try Repository.temporaryFolder("chromium-profile")
        defer { try? FileManager.default.removeItem(at: profile) }
        try? FileManager.default.removeItem(at: file)
        let run = try ToolRun.run(
            try chromium(),
            flags(profile) + [
                "--window-size=1280,\(height)", "--hide-scrollbars", "--screenshot=\(file.path)", url.absoluteString,
            ])
        #expect(run.status == 0, "chromium: \(run.error.suffix(2000))")
    }
}
