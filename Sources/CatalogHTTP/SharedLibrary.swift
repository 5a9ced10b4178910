#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A C library opened when it is first needed rather than linked into the executable.
///
/// `catalog` links neither libxml2 nor libcurl: each one a process loads costs it milliseconds at
/// every start (libcurl brings about thirty libraries with it, libxml2 the system ICU), and most
/// commands (`lookup`, `cost`, `diff`) use neither. ``LibXML2`` and ``LibCurl`` open them here, once,
/// the first time a page is parsed or a request is sent.
package final class SharedLibrary: @unchecked Sendable {
    /// The name the library was opened under, for messages.
    package let name: String
    private let handle: UnsafeMutableRawPointer

    /// Opens `lib<name>` of the major version `version` (`libcurl.so.4`, `libcurl.4.dylib`),
    /// or the unversioned name, whichever the dynamic loader finds first.
    /// - Throws: ``SharedLibraryError`` naming every candidate and the loader's reason.
    package convenience init(named name: String, version: Int, installHint: String) throws(SharedLibraryError) {
        #if os(macOS)
            let candidates = ["lib\(name).\(version).dylib", "/usr/lib/lib\(name).\(version).dylib"]
        #else
            let candidates = ["lib\(name).so.\(version)", "lib\(name).so"]
        #endif
        try self.init(candidates, installHint: installHint)
    }

    /// Opens the first of `candidates` the dynamic loader finds.
    /// - Throws: ``SharedLibraryError`` naming every candidate and the loader's reason.
    package init(_ candidates: [String], installHint: String) throws(SharedLibraryError) {
        var reasons: [String] = []
        for candidate in candidates {
            if let handle = dlopen(candidate, RTLD_NOW | RTLD_LOCAL) {
                self.name = candidate
                self.handle = handle
                return
            }
            reasons.append(dlerror().map { String(cString: $0) } ?? "\(candidate): not found")
        }
        throw SharedLibraryError(
            "cannot load \(candidates[0]) (\(reasons.joined(separator: "; "))); \(installHint)")
    }

    /// The function `symbol`, as a C function pointer of type `T`.
    /// - Throws: ``SharedLibraryError`` when the library lacks it (an older version).
    package func function<T>(_ symbol: String, as type: T.Type = T.self) throws(SharedLibraryError) -> T {
        unsafeBitCast(try address(symbol), to: T.self)
    }

    /// The raw address of `symbol`, for functions Swift cannot call through a typed pointer
    /// (C variadic functions, called through `CDynamicCalls`).
    package func address(_ symbol: String) throws(SharedLibraryError) -> UnsafeMutableRawPointer {
        guard let address = dlsym(handle, symbol) else {
            throw SharedLibraryError("\(name) has no function \(symbol): a newer version is needed")
        }
        return address
    }
}

/// A library that could not be opened, or lacks a function.
package struct SharedLibraryError: Error, Hashable, Sendable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
