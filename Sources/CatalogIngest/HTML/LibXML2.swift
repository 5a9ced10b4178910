import CatalogHTTP
import CLibXML2

/// The libxml2 functions the HTML reader calls, from `libxml2.so.2` opened at first use (see
/// ``SharedLibrary``). The types and constants come from libxml2's headers (`CLibXML2`, which
/// links nothing); the functions from the library installed beside them.
struct LibXML2: @unchecked Sendable {
    let newParserContext: @convention(c) () -> htmlParserCtxtPtr?
    let freeParserContext: @convention(c) (htmlParserCtxtPtr?) -> Void
    let readMemory:
        @convention(c) (
            htmlParserCtxtPtr?, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32
        ) -> htmlDocPtr?
    let lastError: @convention(c) (UnsafeMutableRawPointer?) -> xmlErrorPtr?
    let freeDocument: @convention(c) (xmlDocPtr?) -> Void
    let rootElement: @convention(c) (UnsafePointer<xmlDoc>?) -> xmlNodePtr?
    let lineNumber: @convention(c) (UnsafePointer<xmlNode>?) -> Int
    let newXPathContext: @convention(c) (xmlDocPtr?) -> xmlXPathContextPtr?
    let freeXPathContext: @convention(c) (xmlXPathContextPtr?) -> Void
    let evaluate: @convention(c) (UnsafePointer<xmlChar>?, xmlXPathContextPtr?) -> xmlXPathObjectPtr?
    let freeXPathObject: @convention(c) (xmlXPathObjectPtr?) -> Void

    /// The library, opened and initialised once per process; or why it could not be.
    static let shared: Result<LibXML2, SharedLibraryError> = Result { () throws(SharedLibraryError) in
        let library = try SharedLibrary(
            named: "xml2", version: 2, installHint: "install libxml2 (Debian: apt-get install libxml2)")
        let initialize = try library.function("xmlInitParser", as: (@convention(c) () -> Void).self)
        initialize()
        return LibXML2(
            newParserContext: try library.function("htmlNewParserCtxt"),
            freeParserContext: try library.function("htmlFreeParserCtxt"),
            readMemory: try library.function("htmlCtxtReadMemory"),
            lastError: try library.function("xmlCtxtGetLastError"),
            freeDocument: try library.function("xmlFreeDoc"),
            rootElement: try library.function("xmlDocGetRootElement"),
            lineNumber: try library.function("xmlGetLineNo"),
            newXPathContext: try library.function("xmlXPathNewContext"),
            freeXPathContext: try library.function("xmlXPathFreeContext"),
            evaluate: try library.function("xmlXPathEvalExpression"),
            freeXPathObject: try library.function("xmlXPathFreeObject"))
    }
}
