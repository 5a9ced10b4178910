import CDynamicCalls
import Foundation

/// The libcurl functions the HTTP transport calls, from `libcurl.so.4` opened at first use (see
/// ``SharedLibrary``). The option and info numbers are libcurl's stable ABI (`curl/curl.h`), which
/// have not changed since they were introduced.
struct LibCurl: @unchecked Sendable {
    let easyInit: @convention(c) () -> OpaquePointer?
    let easyCleanup: @convention(c) (OpaquePointer?) -> Void
    let easyReset: @convention(c) (OpaquePointer?) -> Void
    let easyPerform: @convention(c) (OpaquePointer?) -> Int32
    let easyError: @convention(c) (Int32) -> UnsafePointer<CChar>?
    let listAppend: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> OpaquePointer?
    let listFree: @convention(c) (OpaquePointer?) -> Void
    let setoptAddress: UnsafeMutableRawPointer
    let getinfoAddress: UnsafeMutableRawPointer

    /// libcurl's option numbers: a type base (long 0, pointer 10000, callback 20000) plus an index.
    enum Option: Int32 {
        case writeData = 10001
        case url = 10002
        case errorBuffer = 10010
        case postFields = 10015
        case customRequest = 10036
        case httpHeader = 10023
        case headerData = 10029
        case acceptEncoding = 10102
        case writeFunction = 20011
        case headerFunction = 20079
        case followLocation = 52
        case maximumRedirects = 68
        case noSignal = 99
        case timeoutMilliseconds = 155
        /// A `curl_off_t`, passed as a long (both 64 bits on the platforms built for).
        case postFieldSize = 30120
    }

    /// libcurl's info numbers: a type base (long 0x200000, curl_off_t 0x600000) plus an index.
    enum Info: Int32 {
        case responseCode = 0x20_0002
        case contentLength = 0x60_000F
    }

    /// libcurl's result codes the transport tells apart.
    static let ok: Int32 = 0
    static let partialFile: Int32 = 18
    static let timedOut: Int32 = 28
    /// The size of the buffer libcurl writes its error message into (`CURL_ERROR_SIZE`).
    static let errorSize = 256

    /// The library, opened and initialised once per process; or why it could not be.
    static let shared: Result<LibCurl, SharedLibraryError> = Result { () throws(SharedLibraryError) in
        let library = try SharedLibrary(
            named: "curl", version: 4, installHint: "install libcurl (Debian: apt-get install libcurl4)")
        // Once, before any thread uses it: curl_global_init is not thread-safe. 3 is CURL_GLOBAL_ALL.
        let globalInit = try library.function("curl_global_init", as: (@convention(c) (Int) -> Int32).self)
        let status = globalInit(3)
        guard status == 0 else { throw SharedLibraryError("\(library.name): curl_global_init failed with \(status)") }
        return LibCurl(
            easyInit: try library.function("curl_easy_init"),
            easyCleanup: try library.function("curl_easy_cleanup"),
            easyReset: try library.function("curl_easy_reset"),
            easyPerform: try library.function("curl_easy_perform"),
            easyError: try library.function("curl_easy_strerror"),
            listAppend: try library.function("curl_slist_append"),
            listFree: try library.function("curl_slist_free_all"),
            setoptAddress: try library.address("curl_easy_setopt"),
            getinfoAddress: try library.address("curl_easy_getinfo"))
    }

    func set(_ handle: OpaquePointer, _ option: Option, _ value: Int) {
        _ = bulkllm_curl_setopt_long(setoptAddress, UnsafeMutableRawPointer(handle), option.rawValue, value)
    }

    func set(_ handle: OpaquePointer, _ option: Option, _ value: UnsafeRawPointer?) {
        _ = bulkllm_curl_setopt_pointer(setoptAddress, UnsafeMutableRawPointer(handle), option.rawValue, value)
    }

    func set(
        _ handle: OpaquePointer, _ option: Option,
        callback: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int
    ) {
        _ = bulkllm_curl_setopt_callback(setoptAddress, UnsafeMutableRawPointer(handle), option.rawValue, callback)
    }

    func long(_ handle: OpaquePointer, _ info: Info) -> Int {
        var value = 0
        _ = bulkllm_curl_getinfo_long(getinfoAddress, UnsafeMutableRawPointer(handle), info.rawValue, &value)
        return value
    }

    func offset(_ handle: OpaquePointer, _ info: Info) -> Int64 {
        var value: Int64 = -1
        _ = bulkllm_curl_getinfo_offset(getinfoAddress, UnsafeMutableRawPointer(handle), info.rawValue, &value)
        return value
    }
}
