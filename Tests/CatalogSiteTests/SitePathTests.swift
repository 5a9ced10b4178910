import CatalogSite
import Testing

/// File names and text of the site, for ids and names that come from outside.
@Suite("Site paths and escaping")
struct SitePathTests {
    @Test("every id has its own file, inside models/, with no character a URL would need escaped")
    func paths() {
        let ids = [
            "openai/gpt-4o-2024-08-06", "openai/gpt-4.1", "meta-llama/llama-3.3-70b-instruct", "a/b_c", "a/b:c", "a/b c",
            "a/b%3Ac",
            "a/.hidden", "a/..", "a/.", "qwen/qwen3:free", "anthropic/claude-3-5-sonnet@20241022", "z/é", "z/e\u{301}",
        ]
        let paths = ids.map(SitePath.model)
        #expect(Set(paths).count == ids.count, "\(paths)")
        #expect(SitePath.model("openai/gpt-4o-2024-08-06") == "models/openai/gpt-4o-2024-08-06.html")
        #expect(SitePath.model("a/b_c") == "models/a/b_5fc.html")
        #expect(SitePath.model("a/b:c") == "models/a/b_3ac.html")
        for path in paths {
            let segments = path.split(separator: "/")
            #expect(segments.first == "models")
            #expect(segments.allSatisfy { !$0.hasPrefix(".") }, "\(path)")
            #expect(
                path.unicodeScalars.allSatisfy {
                    $0.properties.isASCIIHexDigit || ("a"..."z").contains($0) || ("A"..."Z").contains($0)
                        || "-._/".unicodeScalars.contains($0)
                }, "\(path)")
        }
        #expect(SitePath.root(from: "models/openai/x.html") == "../../")
    }

    @Test("text is escaped for HTML, and control characters a capture carried are shown, not sent")
    func escaping() {
        #expect(
            HTML.escape("<script>alert('x') & \"y\"</script>")
                == "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        #expect(HTML.escape("Claude\u{1B}[31m") == "Claude\\u001b[31m")
    }
}
