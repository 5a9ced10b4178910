import CLibXML2
import CatalogCore
import Foundation

/// An HTML page parsed by libxml2's HTML parser, read-only.
///
/// Parsed with `HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING` (plus
/// `RECOVER`): no network access, no entity substitution beyond HTML's own character
/// references, and broken markup repaired the way browsers do rather than rejected. The
/// document owns the libxml2 tree and frees it when the last reference goes; nodes keep
/// their document alive. Text and attributes are read straight from the tree, so no
/// libxml2 allocation escapes this type.
package final class HTMLDocument: @unchecked Sendable {
    let document: htmlDocPtr
    /// The size of the source, for messages.
    package let byteCount: Int
    let xml: LibXML2

    /// Parses `bytes` as UTF-8 HTML.
    /// - Throws: ``HTMLError`` for empty input, input libxml2 cannot turn into a tree, or no
    ///   libxml2 to load.
    package init(bytes: [UInt8]) throws(HTMLError) {
        let xml: LibXML2
        switch LibXML2.shared {
        case .success(let loaded): xml = loaded
        case .failure(let error): throw HTMLError("no HTML parser: \(error)")
        }
        self.xml = xml
        guard !bytes.isEmpty else { throw HTMLError("the page is empty (0 bytes)") }
        guard bytes.count < Int(Int32.max) else { throw HTMLError("the page is larger than 2 GiB") }
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_NOERROR.rawValue
                | HTML_PARSE_NOWARNING.rawValue)
        guard let context = xml.newParserContext() else { throw HTMLError("libxml2 could not start a parser") }
        defer { xml.freeParserContext(context) }
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            buffer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: buffer.count) { pointer in
                xml.readMemory(context, pointer, Int32(buffer.count), nil, "UTF-8", options)
            }
        }
        guard let parsed else { throw HTMLError("libxml2 could not build a document from the page") }
        // Recovering from broken markup is normal; stopping is not. libxml2 halts (and drops
        // the rest of the page) on nesting past its depth limit, a text node past its size
        // limit, or running out of memory: the tree would be a silently shortened page.
        if context.pointee.disableSAX != 0 {
            var reason = "error \(context.pointee.errNo)"
            if let last = xml.lastError(UnsafeMutableRawPointer(context)), let message = last.pointee.message {
                reason = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
                if last.pointee.line > 0 { reason += " (line \(last.pointee.line))" }
            }
            xml.freeDocument(parsed)
            throw HTMLError("libxml2 stopped before the end of the page: \(reason)")
        }
        document = parsed
        byteCount = bytes.count
    }

    deinit {
        xml.freeDocument(document)
    }

    /// The `<html>` element (libxml2 adds one when the page lacks it).
    package var root: HTMLNode? {
        xml.rootElement(document).map { HTMLNode(document: self, pointer: $0) }
    }

    /// Elements matching an XPath 1.0 expression, in document order; relative expressions are
    /// evaluated from `context` (the root when `nil`). An invalid expression matches nothing.
    package func select(_ xpath: String, from context: HTMLNode? = nil) -> [HTMLNode] {
        guard let xpathContext = xml.newXPathContext(document) else { return [] }
        defer { xml.freeXPathContext(xpathContext) }
        if let context { xpathContext.pointee.node = context.pointer }
        let result = xpath.withCString { expression in
            expression.withMemoryRebound(to: xmlChar.self, capacity: xpath.utf8.count + 1) {
                xml.evaluate($0, xpathContext)
            }
        }
        guard let result else { return [] }
        defer { xml.freeXPathObject(result) }
        guard let set = result.pointee.nodesetval, set.pointee.nodeNr > 0, let table = set.pointee.nodeTab else { return [] }
        var nodes: [HTMLNode] = []
        nodes.reserveCapacity(Int(set.pointee.nodeNr))
        for index in 0..<Int(set.pointee.nodeNr) {
            if let node = table[index], node.pointee.type == XML_ELEMENT_NODE {
                nodes.append(HTMLNode(document: self, pointer: node))
            }
        }
        return nodes
    }

    /// Every element named `name` (lowercase), in document order.
    package func elements(named name: String) -> [HTMLNode] {
        var result: [HTMLNode] = []
        root?.collect(named: name, into: &result)
        return result
    }
}

/// Why a page could not be parsed at all.
package struct HTMLError: Error, Hashable, Sendable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

/// One element of an ``HTMLDocument``.
package struct HTMLNode: @unchecked Sendable {
    let document: HTMLDocument
    let pointer: xmlNodePtr

    /// The element's name in lowercase (`table`, `td`).
    package var name: String {
        guard let name = pointer.pointee.name else { return "" }
        return String(cString: name)
    }

    /// The 1-based source line of the element, for locators.
    package var line: Int { document.xml.lineNumber(pointer) }

    /// The value of an attribute, character references decoded; `nil` when absent.
    package func attribute(_ name: String) -> String? {
        var attribute = pointer.pointee.properties
        while let current = attribute {
            if let attributeName = current.pointee.name, String(cString: attributeName) == name {
                var value = ""
                var child = current.pointee.children
                while let text = child {
                    if let content = text.pointee.content { value += String(cString: content) }
                    child = text.pointee.next
                }
                return value
            }
            attribute = current.pointee.next
        }
        return nil
    }

    /// The child elements.
    package var children: [HTMLNode] {
        var result: [HTMLNode] = []
        var child = pointer.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE { result.append(HTMLNode(document: document, pointer: current)) }
            child = current.pointee.next
        }
        return result
    }

    /// The parent element, when there is one.
    package var parent: HTMLNode? {
        guard let parent = pointer.pointee.parent, parent.pointee.type == XML_ELEMENT_NODE else { return nil }
        return HTMLNode(document: document, pointer: parent)
    }

    /// Elements matching an XPath expression relative to this element.
    package func select(_ xpath: String) -> [HTMLNode] { document.select(xpath, from: self) }

    /// Every descendant element named `name`, in document order.
    package func elements(named name: String) -> [HTMLNode] {
        var result: [HTMLNode] = []
        for child in children { child.collect(named: name, into: &result) }
        return result
    }

    func collect(named name: String, into result: inout [HTMLNode]) {
        if self.name == name { result.append(self) }
        var child = pointer.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                HTMLNode(document: document, pointer: current).collect(named: name, into: &result)
            }
            child = current.pointee.next
        }
    }

    /// The visible text, normalised (see ``HTMLText``); `<script>`, `<style>` and
    /// `<template>` are skipped, and so are footnote markers (`<sup>`) and struck-out text
    /// (`<del>`, `<s>`) unless asked for.
    package func text(keepFootnotes: Bool = false, keepStruckOut: Bool = false) -> String {
        var raw = ""
        appendText(into: &raw, keepFootnotes: keepFootnotes, keepStruckOut: keepStruckOut)
        return HTMLText.normalize(raw)
    }

    /// The concatenated raw text of the element's text children and descendants, unnormalised,
    /// including `<script>` content (for pages that carry data in scripts).
    package var rawText: String {
        var raw = ""
        HTMLNode.appendRaw(pointer, into: &raw)
        return raw
    }

    private static func appendRaw(_ node: xmlNodePtr, into text: inout String) {
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            case XML_ELEMENT_NODE: appendRaw(current, into: &text)
            default: break
            }
            child = current.pointee.next
        }
    }

    private static let skipped: Set<String> = ["script", "style", "template", "noscript", "svg"]
    private static let blocks: Set<String> = [
        "br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
        "header", "footer", "dt", "dd",
    ]

    func appendText(into text: inout String, keepFootnotes: Bool, keepStruckOut: Bool) {
        var child = pointer.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { text += String(cString: content) }
            case XML_ELEMENT_NODE:
                let element = HTMLNode(document: document, pointer: current)
                let name = element.name
                if HTMLNode.skipped.contains(name) || (!keepFootnotes && name == "sup")
                    || (!keepStruckOut && (name == "del" || name == "s"))
                {
                    break
                }
                let block = HTMLNode.blocks.contains(name)
                if block { text += " " }
                element.appendText(into: &text, keepFootnotes: keepFootnotes, keepStruckOut: keepStruckOut)
                if block { text += " " }
            default: break
            }
            child = current.pointee.next
        }
    }
}

/// Text normalisation shared by every page parser.
package enum HTMLText {
    /// Collapses runs of whitespace (including no-break and thin spaces) to one space, trims,
    /// and turns typographic hyphens (U+2010, U+2011 non-breaking hyphen) into `-`, so
    /// `gpt‑4o` on a page matches the API's `gpt-4o`.
    package static func normalize(_ raw: String) -> String {
        var result = ""
        result.reserveCapacity(raw.utf8.count)
        var pendingSpace = false
        for scalar in raw.unicodeScalars {
            switch scalar.value {
            case 0x20, 0x09, 0x0A, 0x0D, 0x0C, 0xA0, 0x2009, 0x200A, 0x202F, 0x2007, 0x2002, 0x2003, 0x3000:
                pendingSpace = true
            case 0x200B, 0xFEFF, 0x00AD:
                continue  // zero-width space, BOM, soft hyphen: invisible
            default:
                if pendingSpace, !result.isEmpty { result += " " }
                pendingSpace = false
                switch scalar.value {
                case 0x2010, 0x2011: result += "-"
                default: result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }
}
