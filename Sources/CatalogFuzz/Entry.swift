import CatalogFuzzTargets
import Foundation

// Built two ways (see `scripts/fuzz`):
// - with `-sanitize=fuzzer -D FUZZING`: a libFuzzer binary; the target is named by the
//   environment variable BULKLLM_FUZZ_TARGET;
// - normally: `CatalogFuzz TARGET FILE…` runs files through a target once each (to replay a
//   crash), `CatalogFuzz --list` names the targets, `CatalogFuzz --seeds TARGET SNAPSHOTS`
//   lists the captures that seed it.

nonisolated(unsafe) var fuzzTarget = "json"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size))
    FuzzTargets.run(fuzzTarget, bytes)
    return 0
}

#if FUZZING
    @_silgen_name("LLVMFuzzerRunDriver")
    func runDriver(
        _ argc: UnsafeMutablePointer<Int32>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
    ) -> Int32

    // SwiftPM links an executable's entry point as `<module>_main`.
    @_cdecl("CatalogFuzz_main")
    func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
        fuzzTarget = ProcessInfo.processInfo.environment["BULKLLM_FUZZ_TARGET"] ?? "json"
        guard FuzzTargets.names.contains(fuzzTarget) else {
            FileHandle.standardError.write(
                Data("unknown target \(fuzzTarget); targets: \(FuzzTargets.names.joined(separator: " "))\n".utf8))
            return 2
        }
        var argc = argc
        var argv = argv
        return runDriver(&argc, &argv, fuzzOne)
    }
#else
    @main
    struct FuzzReplay {
        static func main() {
            let arguments = Array(CommandLine.arguments.dropFirst())
            if arguments.first == "--list" {
                print(FuzzTargets.names.joined(separator: "\n"))
                return
            }
            if arguments.first == "--seeds", arguments.count == 3 {
                for url in FuzzTargets.seeds(for: arguments[1], snapshots: URL(fileURLWithPath: arguments[2])) { print(url.path) }
                return
            }
            guard let target = arguments.first, FuzzTargets.names.contains(target) else {
                FileHandle.standardError.write(Data("usage: CatalogFuzz --list | --seeds TARGET SNAPSHOTS | TARGET FILE…\n".utf8))
                exit(2)
            }
            for path in arguments.dropFirst() {
                guard let data = FileManager.default.contents(atPath: path) else {
                    FileHandle.standardError.write(Data("\(path): cannot read the file\n".utf8))
                    exit(2)
                }
                FuzzTargets.run(target, [UInt8](data))
                print("\(path): ok")
            }
        }
    }
#endif
