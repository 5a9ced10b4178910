import CatalogCore

/// Writing HTML: text escaped for where it goes, and the shell every page shares.
package enum HTML {
    /// Text for an element's content or a quoted attribute: `&`, `<`, `>`, quotes escaped, and
    /// control or invisible characters a capture carried shown visibly (``SafeText``).
    package static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in SafeText.escaped(text) {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// Text where spans between backticks (as ``DiffWording`` marks ids) become `<code>`.
    static func escapeMarkingCode(_ text: String) -> String {
        var result = ""
        for (index, part) in text.split(separator: "`", omittingEmptySubsequences: false).enumerated() {
            result += index % 2 == 1 ? "<code>" + escape(String(part)) + "</code>" : escape(String(part))
        }
        return result
    }

    /// A whole page: `root` is the relative path from the page to the site's root (`../../`).
    static func page(title: String, root: String, body: String, scripts: Bool = false) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · bulkllm model catalog</title>
        <link rel="stylesheet" href="\(root)assets/site.css">
        </head>
        <body>
        <header class="top"><a class="brand" href="\(root)index.html">bulkllm model catalog</a>
        <nav><a href="\(root)index.html">Models</a> <a href="\(root)changes/index.html">What changed</a> <a href="\(root)api/index.html">API</a></nav></header>
        <main>
        \(body)
        </main>
        <footer>Built by <code>catalog site</code> from raw captures of the providers' own APIs and pages. Every number names its source.</footer>
        \(scripts ? "<script src=\"\(root)assets/site.js\"></script>\n" : "")</body>
        </html>

        """
    }

    /// A table row of cells already in HTML.
    static func row(_ cells: [String], header: Bool = false) -> String {
        let tag = header ? "th" : "td"
        return "<tr>" + cells.map { "<\(tag)>\($0)</\(tag)>" }.joined() + "</tr>\n"
    }
}

/// Where each page lives, as paths relative to the site's root.
package enum SitePath {
    /// `models/<creator>/<name>.html`: each character other than letters, digits, `-` and a
    /// `.` not at the start of a segment written as `_` and its UTF-8 bytes in hex (`_` itself
    /// is `_5f`), so that every id has its own file and no file name needs escaping in a URL.
    package static func model(_ id: String) -> String {
        "models/" + id.split(separator: "/", omittingEmptySubsequences: false).map(segment).joined(separator: "/") + ".html"
    }

    static func segment(_ text: Substring) -> String {
        var result = ""
        for (offset, scalar) in text.unicodeScalars.enumerated() {
            let keep =
                (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                || scalar == "-"
                || (scalar == "." && offset > 0)
            if keep {
                result.unicodeScalars.append(scalar)
            } else {
                for byte in String(scalar).utf8 { result += "_" + String(byte, radix: 16).leftPadded(to: 2) }
            }
        }
        return result.isEmpty ? "_" : result
    }

    static func changes(_ date: CalendarDate) -> String { "changes/\(date).html" }

    /// The way from a page at `path` back to the root (`models/openai/x.html` → `../../`).
    package static func root(from path: String) -> String {
        String(repeating: "../", count: path.count { $0 == "/" })
    }
}

extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
