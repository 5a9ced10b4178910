import CatalogCore
import CatalogIngest
import CatalogReports
import CatalogSite
import CatalogTestSupport
import Foundation
import ModelCatalog
import Testing

/// The static site of the pinned version: parsed back with libxml2, and opened in a real
/// headless Chromium.
@Suite("The static site")
struct SiteTests {
    static func document(_ url: URL) throws -> HTMLDocument { try HTMLDocument(bytes: [UInt8](try Data(contentsOf: url))) }

    static func modelPage(_ id: String) throws -> URL { try SiteFixture.site().folder.appendingPathComponent(SitePath.model(id)) }

    @Test("the index lists every canonical model once, each linking to its own page")
    func index() throws {
        let (folder, report) = try SiteFixture.site()
        let catalog = try SiteFixture.exporter().catalog
        let index = try SiteTests.document(folder.appendingPathComponent("index.html"))
        let rows = index.select("//table[@id='models']/tbody/tr")
        #expect(rows.compactMap { $0.attribute("data-id") } == catalog.modelIDs)
        #expect(report.models == catalog.modelIDs.count)
        var pages: Set<String> = []
        for row in rows {
            let href = try #require(row.select(".//a").first?.attribute("href"))
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(href).path), "\(href)")
            pages.insert(href)
        }
        #expect(pages.count == rows.count, "two models share a page")
        // Each row with its maker's prices shows what `catalog cost` bills for 1,000 input tokens of the model, per 1M
        // (not 1M tokens at once: those would be billed at long-context prices).
        var checked = 0
        for row in rows {
            let model = try #require(try catalog.model(id: row.attribute("data-id") ?? ""))
            guard !model.facts.isEmpty, let cost = try? catalog.cost(of: model, usage: Usage(inputTokens: 1_000)) else {
                continue
            }
            #expect(row.attribute("data-input").flatMap { Decimal(string: $0) } == cost.total * 1_000, "\(model.id)")
            checked += 1
        }
        #expect(checked > 150)
        // A known row with the maker's prices.
        let gpt4o = try #require(rows.first { $0.attribute("data-id") == "openai/gpt-4o-2024-08-06" })
        #expect(gpt4o.attribute("data-input") == "2.5" && gpt4o.attribute("data-output") == "10")
        #expect(gpt4o.attribute("data-context") == "128000" && gpt4o.attribute("data-creator") == "openai")
    }

    @Test("every link of every page leads to a file of the site")
    func links() throws {
        let folder = try SiteFixture.site().folder
        let enumerator = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil))
        var pages = 0
        var links = 0
        for case let url as URL in enumerator where url.pathExtension == "html" {
            pages += 1
            let page = try SiteTests.document(url)
            for node in page.select("//a | //link | //script[@src]") {
                guard let href = node.attribute("href") ?? node.attribute("src") else { continue }
                guard !href.hasPrefix("http"), !href.hasPrefix("#") else { continue }
                let target = url.deletingLastPathComponent().appendingPathComponent(
                    String(href.prefix { $0 != "?" && $0 != "#" }))
                #expect(
                    FileManager.default.fileExists(atPath: target.standardizedFileURL.path), "\(url.lastPathComponent): \(href)")
                links += 1
            }
        }
        // Each page links its style sheet and the four places of the header; the index each model.
        let models = try SiteFixture.exporter().catalog.modelIDs.count
        #expect(pages > models && links >= pages * 5 + models)
    }

    @Test("a model page charts one point per price period, and lists every period")
    func chart() throws {
        let histories = try SiteFixture.histories()
        for (id, charted) in [
            ("openai/gpt-4o-2024-08-06", "openai/gpt-4o-2024-08-06"), ("moonshotai/kimi-k2", "openrouter/moonshotai/kimi-k2"),
        ] {
            let page = try SiteTests.document(try SiteTests.modelPage(id))
            let figure = try #require(page.select("//figure[@class='history']").first, "\(id)")
            #expect(figure.attribute("data-record") == charted)
            let history = try #require(histories[charted])
            let expected = history.pricePeriods.filter(PriceChart.isCharted)
            let points = figure.select(".//*[local-name()='circle']")
            #expect(points.count == expected.count, "\(id)")
            #expect(
                points.map { "\($0.attribute("data-price") ?? "") \($0.attribute("data-from") ?? "")" }.sorted()
                    == expected.map { "\($0.key.name) \($0.from)" }.sorted())
            #expect(page.select("//table[@class='periods']/tbody/tr").count == history.pricePeriods.count)
        }
        // Kimi K2's input price at OpenRouter changed: its line has more than one point, one from 2025-07-30.
        let kimi = try SiteTests.document(try SiteTests.modelPage("moonshotai/kimi-k2"))
        let input = kimi.select("//*[local-name()='circle'][@data-price='input']").compactMap { $0.attribute("data-from") }
        #expect(input.count > 1 && input.contains("2025-07-30"))
    }

    @Test("a model page shows its offerings side by side, its aliases and its facts with sources")
    func modelPage() throws {
        let page = try SiteTests.document(try SiteTests.modelPage("openai/gpt-4o-2024-08-06"))
        let catalog = try SiteFixture.exporter().catalog
        let model = try #require(try catalog.model(id: "openai/gpt-4o-2024-08-06"))
        let hosts = page.select("//table[@class='offerings']/tbody/tr/td[2]").map { $0.text() }
        #expect(hosts == model.offerings.map(\.providerModelID))
        let aliases = page.select("//table[@class='aliases']/tbody/tr/td[1]").map { $0.text() }
        #expect(aliases == model.aliases.map(\.name))
        let sources = Set(page.select("//table[@class='facts']/tbody/tr/td[3]").map { $0.text() })
        #expect(
            sources.contains { $0.hasSuffix("/openai/pricing.html") } && sources.contains { $0.hasSuffix("/openai/models.json") })
    }

    @Test("a change page per version after the first, newest first, with the changes `catalog diff` reports")
    func changes() throws {
        let folder = try SiteFixture.site().folder
        let archive = try FullCatalog.open()
        let versions = archive.versions.map(\.date).filter { $0 <= FullCatalog.pinnedDate }
        let index = try SiteTests.document(folder.appendingPathComponent("changes/index.html"))
        let listed = index.select("//table[@class='versions']/tbody/tr/td[1]").map { $0.text() }
        #expect(listed == versions.dropFirst().reversed().map(\.description))
        let page = try SiteTests.document(folder.appendingPathComponent("changes/2025-07-30.html"))
        let diff = try archive.diff(from: Repository.date("2025-07-21"), to: Repository.date("2025-07-30"))
        #expect(page.select("//table[@class='changes']/tbody/tr").count == diff.changes.count)
        #expect(page.select("//h2").map { $0.text() }.contains("Renamed"))
        #expect(page.select("//table[@class='changes']//code").contains { $0.text() == "qwen/qwen3-235b-a22b-2507" })
    }

    @Test("building again replaces the site; a folder that is not a site is never replaced")
    func replacing() throws {
        let folder = try Repository.temporaryFolder("replace")
        defer { try? FileManager.default.removeItem(at: folder) }
        let foreign = folder.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: foreign.appendingPathComponent("todo.txt"))
        let run = try CatalogExecutable.run(
            ["site", "--out", "notes", "--catalog", FullCatalog.path, "--at", "2025-04-01"], in: folder)
        #expect(run.status == 2)
        #expect(run.error.contains("not a site written by `catalog site`"))
        #expect(try String(contentsOf: foreign.appendingPathComponent("todo.txt"), encoding: .utf8) == "mine")

        for _ in 0..<2 {
            let build = try CatalogExecutable.run(
                ["site", "--out", "site", "--catalog", FullCatalog.path, "--at", "2025-04-01"], in: folder)
            #expect(build.status == 0, "\(build.error)")
            #expect(build.output.contains("wrote site/"))
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(left == ["notes", "site"])
        let version = try String(contentsOf: folder.appendingPathComponent("site/.bulkllm-site"), encoding: .utf8)
        #expect(version.hasPrefix("catalog site, version 2025-04-01,"))
    }

    // MARK: In the browser

    static func visibleRows(_ dom: String) throws -> [HTMLNode] {
        let document = try HTMLDocument(bytes: Array(dom.utf8))
        return document.select("//table[@id='models']/tbody/tr[not(@hidden)]")
    }

    @Test("in Chromium, the index loads without a console message, and filtering to \"claude\" shows only Anthropic's models")
    func browserFilter() throws {
        let folder = try SiteFixture.site().folder
        let index = folder.appendingPathComponent("index.html")
        let all = try Browser.open(index)
        #expect(all.console.isEmpty, "\(all.console)")
        let catalog = try SiteFixture.exporter().catalog
        #expect(try SiteTests.visibleRows(all.dom).count == catalog.modelIDs.count)

        let filtered = try Browser.open(try #require(URL(string: index.absoluteString + "?q=claude")))
        #expect(filtered.console.isEmpty, "\(filtered.console)")
        let rows = try SiteTests.visibleRows(filtered.dom)
        #expect(rows.allSatisfy { $0.attribute("data-creator") == "anthropic" }, "\(rows.compactMap { $0.attribute("data-id") })")
        // Every Anthropic model named Claude is shown.
        let claudes = catalog.modelIDs.filter { $0.hasPrefix("anthropic/claude") }
        #expect(claudes.count > 20)
        #expect(Set(rows.compactMap { $0.attribute("data-id") }).isSuperset(of: claudes))
        let document = try HTMLDocument(bytes: Array(filtered.dom.utf8))
        #expect(document.select("//*[@id='count']").first?.text() == "\(rows.count) of \(catalog.modelIDs.count) models")

        try Browser.screenshot(
            try #require(URL(string: index.absoluteString + "?q=claude")),
            to: SiteFixture.artefacts.appendingPathComponent("site-index-claude.png"))
        #expect(
            FileManager.default.fileExists(atPath: SiteFixture.artefacts.appendingPathComponent("site-index-claude.png").path))
    }

    @Test("in Chromium, sorting by a column orders the rows by its values, unknown values last")
    func browserSort() throws {
        let index = try SiteFixture.site().folder.appendingPathComponent("index.html")
        for (query, descending) in [("?q=claude&sort=-input", true), ("?q=gpt&sort=input", false)] {
            let opened = try Browser.open(try #require(URL(string: index.absoluteString + query)))
            #expect(opened.console.isEmpty, "\(opened.console)")
            let values = try SiteTests.visibleRows(opened.dom).map { $0.attribute("data-input") ?? "" }
            let known = values.prefix { !$0.isEmpty }.compactMap { Decimal(string: $0) }
            #expect(known.count > 5 && known.count == values.count { !$0.isEmpty }, "\(query): \(values)")
            #expect(known == known.sorted(by: descending ? (>) : (<)), "\(query)")
            let document = try HTMLDocument(bytes: Array(opened.dom.utf8))
            #expect(
                document.select("//th[@data-key='input']").first?.attribute("aria-sort")
                    == (descending ? "descending" : "ascending"))
        }
    }

    @Test("in Chromium, a model page's chart has one point per price period")
    func browserChart() throws {
        let histories = try SiteFixture.histories()
        let url = try SiteTests.modelPage("moonshotai/kimi-k2")
        let page = try Browser.open(url)
        #expect(page.console.isEmpty, "\(page.console)")
        let document = try HTMLDocument(bytes: Array(page.dom.utf8))
        let points = document.select("//figure[@class='history']//*[local-name()='circle']")
        let expected = try #require(histories["openrouter/moonshotai/kimi-k2"]).pricePeriods.filter(PriceChart.isCharted)
        #expect(points.count == expected.count && points.count > 2)
        let shot = SiteFixture.artefacts.appendingPathComponent("site-model-kimi-k2.png")
        try Browser.screenshot(url, to: shot, height: 1400)
        #expect(((try? FileManager.default.attributesOfItem(atPath: shot.path)[.size] as? Int) ?? 0) > 10_000)
    }

    @Test("the console check hears a page's errors (so that its silence means something)")
    func consoleCheck() throws {
        let folder = try Repository.temporaryFolder("console")
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("broken.html")
        try Data(
            "<!DOCTYPE html><html><head><script src=\"missing.js\"></script></head><body><script>undefinedFunction();</script></body></html>"
                .utf8
        ).write(to: page)
        let opened = try Browser.open(page)
        #expect(opened.console.contains { $0.contains("undefinedFunction is not defined") }, "\(opened.console)")
    }
}
