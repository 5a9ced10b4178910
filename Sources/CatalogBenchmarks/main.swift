// Release-mode benchmarks: `swift run -c release CatalogBenchmarks [--snapshots DIR] [--runs N]`.
// Prints the median and best of N runs of each measured operation.
import CatalogCore
import CatalogIngest
import Foundation
import ModelCatalog

var arguments = CommandLine.arguments.dropFirst()
var snapshotsPath = "snapshots"
var runs = 5
while let argument = arguments.popFirst() {
    switch argument {
    case "--snapshots": snapshotsPath = arguments.popFirst() ?? snapshotsPath
    case "--runs": runs = Int(arguments.popFirst() ?? "") ?? runs
    default:
        print("usage: CatalogBenchmarks [--snapshots DIR] [--runs N]")
        exit(2)
    }
}

let clock = ContinuousClock()

func measure(_ name: String, runs: Int, bytes: Int? = nil, _ body: () throws -> Void) rethrows {
    var samples: [Duration] = []
    for _ in 0..<runs { samples.append(try clock.measure(body)) }
    samples.sort()
    let median = samples[samples.count / 2]
    let best = samples[0]
    func ms(_ duration: Duration) -> String {
        let value = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
        return String(format: "%.1f ms", value)
    }
    var line = "\(name): median \(ms(median)), best \(ms(best)) over \(runs) runs"
    if let bytes {
        let seconds = Double(median.components.seconds) + Double(median.components.attoseconds) / 1e18
        line += String(format: ", %.0f MB/s (%.1f MB)", Double(bytes) / 1_048_576 / seconds, Double(bytes) / 1_048_576)
    }
    print(line)
}

let store = SnapshotStore(root: URL(fileURLWithPath: snapshotsPath), displayRoot: snapshotsPath)
var captures: [(path: String, source: SourceID, bytes: [UInt8])] = []
for date in try store.dates() {
    for path in try store.capturePaths(on: date) {
        guard let source = SourceRegistry.source(forCapturePath: path) else { continue }
        captures.append((date.description + "/" + path, source.id, try store.read(date, path)))
    }
}
let jsonCaptures = captures.filter { SourceRegistry.source($0.source)?.format == .json }
let jsonBytes = jsonCaptures.reduce(0) { $0 + $1.bytes.count }
let allBytes = captures.reduce(0) { $0 + $1.bytes.count }
print("snapshots: \(captures.count) captures, \(allBytes) bytes; \(jsonCaptures.count) model-list captures, \(jsonBytes) bytes")

measure("JSON syntax (JSONDocument) over model lists", runs: runs, bytes: jsonBytes) {
    for capture in jsonCaptures { _ = try? JSONDocument(bytes: capture.bytes) }
}
measure("model-list parsers (bytes → observations)", runs: runs, bytes: jsonBytes) {
    for capture in jsonCaptures { _ = try? ParserRegistry.parser(for: capture.source)!.parse(capture.bytes, file: capture.path) }
}
let pageCaptures = captures.filter { SourceRegistry.source($0.source)?.format != .json }
let pageBytes = pageCaptures.reduce(0) { $0 + $1.bytes.count }
print("pages: \(pageCaptures.count) captures, \(pageBytes) bytes")
measure("HTML parse (libxml2 HTMLDocument) over every page", runs: runs, bytes: pageBytes) {
    for capture in pageCaptures where capture.source.file.hasSuffix(".html") { _ = try? HTMLDocument(bytes: capture.bytes) }
}
measure("page parsers (bytes → observations)", runs: runs, bytes: pageBytes) {
    for capture in pageCaptures { _ = try? ParserRegistry.parser(for: capture.source)!.parse(capture.bytes, file: capture.path) }
}
measure("SHA-256 of every capture", runs: runs, bytes: allBytes) {
    for capture in captures { _ = SHA256.hex(of: capture.bytes) }
}

let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bulkllm-bench-\(getpid())")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
var iteration = 0
try measure("catalog build, whole history from scratch", runs: runs, bytes: allBytes) {
    iteration += 1
    let path = folder.appendingPathComponent("full-\(iteration).sqlite").path
    let writer = try CatalogWriter(path: path)
    _ = try CatalogBuilder(store: store).build(into: writer)
    try writer.finish()
}
let incrementalPath = folder.appendingPathComponent("full-1.sqlite").path
try measure("catalog build, nothing changed", runs: runs) {
    let writer = try CatalogWriter(path: incrementalPath)
    _ = try CatalogBuilder(store: store).build(into: writer)
    try writer.finish()
}
