import CatalogCore
import CatalogIngest
// Release-mode benchmarks: `swift run -c release CatalogBenchmarks [--snapshots DIR] [--runs N] [--only catalog|dispatch|loopback|run|site] [--catalog FILE]`.
// Prints the median and best of N runs of each measured operation.
import CatalogReports
import Foundation
import ModelCatalog

var arguments = CommandLine.arguments.dropFirst()
var snapshotsPath = "snapshots"
var runs = 5
var only: String?
var catalogPath = "catalog/catalog.sqlite"
while let argument = arguments.popFirst() {
    switch argument {
    case "--only": only = arguments.popFirst()
    case "--snapshots": snapshotsPath = arguments.popFirst() ?? snapshotsPath
    case "--runs": runs = Int(arguments.popFirst() ?? "") ?? runs
    case "--catalog": catalogPath = arguments.popFirst() ?? catalogPath
    default:
        print(
            "usage: CatalogBenchmarks [--snapshots DIR] [--runs N] [--only catalog|dispatch|loopback|run|site] [--catalog FILE]")
        exit(2)
    }
}

let clock = ContinuousClock()

if only == "dispatch" {
    try await DispatchBenchmarks.run(runs: runs)
    exit(0)
}
if only == "run" {
    try await RunBenchmarks.run()
    exit(0)
}
if only == "site" {
    // A catalog built by `catalog build` (--catalog, default catalog/catalog.sqlite).
    try SiteBenchmarks.run(catalogPath: catalogPath, runs: min(runs, 3))
    exit(0)
}
if only == "loopback" {
    try await DispatchBenchmarks.loopback(runs: runs)
    exit(0)
}

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

try measure("catalog verify: integrity_check, every record's digest, every version's content hash", runs: runs) {
    let report = try CatalogIntegrity.verify(path: incrementalPath)
    precondition(report.isIntact, "the benchmark's catalog is damaged: \(report.problems.prefix(3))")
}

// MARK: Diff

let archive = try CatalogArchive(path: incrementalPath)
let largest = archive.versions.sorted { ($0.modelCount, $0.date) > ($1.modelCount, $1.date) }.prefix(2).map(\.date).sorted()
var older = try archive.catalogVersion(at: largest[0])
var newer = try archive.catalogVersion(at: largest[1])
print(
    "diff: the two largest versions, \(largest[0]) (\(older.models.count) models) and \(largest[1]) (\(newer.models.count) models)"
)
try measure("load both versions from catalog.sqlite", runs: runs) {
    older = try archive.catalogVersion(at: largest[0])
    newer = try archive.catalogVersion(at: largest[1])
}
var diff = CatalogDiff(from: older, to: newer)
measure("diff engine, two largest versions (\(diff.changes.count) changes)", runs: max(runs, 20)) {
    diff = CatalogDiff(from: older, to: newer)
}
measure("markdown report of that diff", runs: max(runs, 20)) { _ = DiffReport.markdown(diff) }
let first = try archive.catalogVersion(at: archive.versions[0].date)
measure(
    "diff engine, first version against the largest (\(CatalogDiff(from: first, to: newer).changes.count) changes)",
    runs: max(runs, 20)
) {
    _ = CatalogDiff(from: first, to: newer)
}

// MARK: Lookup library

/// Nanoseconds per operation: the median of several rounds of `iterations` calls.
func nanoseconds(_ name: String, iterations: Int, rounds: Int = 9, _ body: () -> Void) {
    var samples: [Double] = []
    for _ in 0..<rounds {
        let elapsed = clock.measure { for _ in 0..<iterations { body() } }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        samples.append(seconds * 1e9 / Double(iterations))
    }
    samples.sort()
    print(
        String(
            format: "%@: median %.0f ns/op, best %.0f ns/op (%d rounds of %d)", name, samples[samples.count / 2], samples[0],
            rounds, iterations))
}

// Opening the embedded catalog (the library's default): read, index, ready to resolve. Target < 5 ms.
try measure("open the embedded catalog (Catalog.embedded())", runs: 21) { _ = try Catalog.embedded() }
// The first name not known as written builds the index of spellings; the first unknown name
// the index of words for suggestions. Each on a freshly opened catalog.
try measure("open, then a first name known only as spelled (builds the spellings)", runs: 11) {
    _ = try Catalog.embedded().resolve("openrouter/openai/gpt-4o-20240806")
}
try measure("open, then a first unknown name (builds the spellings and the suggestions)", runs: 11) {
    _ = try Catalog.embedded().resolve("no-such-model-xyz")
}
let openStart = clock.now
let embedded = try Catalog.embedded()
_ = try embedded.resolve("gpt-4o")
let openTime = clock.now - openStart
print(
    "open the embedded catalog and resolve one name: \(openTime) (peak resident \(String(format: "%.1f", DispatchBenchmarks.residentMegabytes("VmHWM:"))) MB so far)"
)

let exactNames = ["gpt-4o-2024-08-06", "anthropic/claude-sonnet-4-5-20250929", "gemini-2.5-flash", "xai/grok-4-0709"]
let aliasNames = ["gpt-4o", "claude-haiku-4-5", "grok-4-latest", "mistral-medium-latest"]
let prefixedNames = [
    "openrouter/openai/gpt-4o", "models/gemini-2.5-flash", "us.anthropic.claude-3-5-sonnet-20241022-v2:0", "x-ai/grok-4",
]
let unknownNames = ["gpt-9-ultra", "claude-7-poem", "llama-99b", "nonsense"]
let mix = exactNames + aliasNames + prefixedNames + unknownNames
for (label, names) in [
    ("exact", exactNames), ("alias", aliasNames), ("prefixed", prefixedNames), ("unknown", unknownNames),
    ("mix of all four", mix),
] {
    var position = 0
    nanoseconds("resolve, \(label)", iterations: 20_000) {
        _ = try? embedded.resolve(names[position % names.count])
        position += 1
    }
}
// The mix, timed call by call, so that its median is a real median.
var callTimes: [Double] = []
for round in 0..<50_000 {
    let name = mix[round % mix.count]
    let start = clock.now
    _ = try embedded.resolve(name)
    let elapsed = clock.now - start
    callTimes.append(Double(elapsed.components.attoseconds) / 1e9 + Double(elapsed.components.seconds) * 1e9)
}
callTimes.sort()
print(
    String(
        format: "resolve, mix timed per call (%d calls): median %.0f ns, p75 %.0f ns, p90 %.0f ns", callTimes.count,
        callTimes[callTimes.count / 2], callTimes[callTimes.count * 3 / 4], callTimes[callTimes.count * 9 / 10]))
let normalizedNames = ["gpt-4o-20240806", "claude-4.7-opus", "claude-3-5-sonnet-v2@20241022", "anthropic/claude-3.5-sonnet"]
var normalizedPosition = 0
nanoseconds("resolve, normalized spellings", iterations: 20_000) {
    _ = try? embedded.resolve(normalizedNames[normalizedPosition % normalizedNames.count])
    normalizedPosition += 1
}
let gpt4o = try embedded.model(id: "openai/gpt-4o-2024-08-06")!
let usage = Usage(inputTokens: 12_000, cachedInputTokens: 3_000, outputTokens: 800)
nanoseconds("cost of a resolved model", iterations: 20_000) { _ = try? embedded.cost(of: gpt4o, usage: usage) }
print("peak resident memory: \(String(format: "%.1f", DispatchBenchmarks.residentMegabytes("VmHWM:"))) MB")

if only == nil { try await DispatchBenchmarks.run(runs: runs) }
