// swift-tools-version:6.1

import PackageDescription

let package = Package(
    name: "bulkllm",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ModelCatalog", targets: ["ModelCatalog"]),
        .library(name: "ModelDispatch", targets: ["ModelDispatch"]),
        .executable(name: "catalog", targets: ["CatalogCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Latency percentiles of dispatch statistics.
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        // Tests and benchmarks only: a loopback HTTP server that replays recorded captures to `catalog refresh`.
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        // libxml2's headers only: the library is opened when a page is first parsed
        // (CatalogIngest/System/SharedLibrary.swift), not loaded at every start of `catalog`, so
        // nothing links it (pkg-config would add -lxml2). Debian's libxml2-dev, or Homebrew's.
        .systemLibrary(name: "CLibXML2"),
        // Calls to C variadic functions found at run time (libcurl's setopt and getinfo).
        .target(name: "CDynamicCalls"),
        .target(name: "CatalogCore"),
        // HTTP for refresh and dispatch alike, over libcurl opened at first use; no libxml2.
        .target(name: "CatalogHTTP", dependencies: ["CDynamicCalls"]),
        .target(name: "ModelCatalog", dependencies: ["CatalogCore", "CSQLite"], resources: [.copy("Resources/catalog.tsv")]),
        // Renderings for people and scripts (text, tables, markdown, colours, JSON): the CLI's.
        .target(name: "CatalogReports", dependencies: ["CatalogCore", "ModelCatalog"]),
        .target(
            name: "CatalogIngest",
            dependencies: [
                "CatalogCore", "CatalogReports", "ModelCatalog", "CLibXML2", "CatalogHTTP", .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: [
                .unsafeFlags(["-Xcc", "-I/usr/include/libxml2", "-Xcc", "-I/opt/homebrew/opt/libxml2/include/libxml2"])
            ]
        ),
        // Sending requests through the catalog: limits, routing, retries, usage, cost, budgets.
        .target(
            name: "ModelDispatch",
            dependencies: [
                "CatalogCore", "CatalogHTTP", "ModelCatalog", .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Yams", package: "Yams"),
            ]),
        // The static website of the catalog (`catalog site`): pages, price charts, exports under api/.
        .target(name: "CatalogSite", dependencies: ["CatalogCore", "CatalogIngest", "CatalogReports", "ModelCatalog"]),
        .executableTarget(
            name: "CatalogCLI",
            dependencies: [
                "CatalogCore", "CatalogIngest", "CatalogReports", "CatalogSite", "ModelCatalog", "ModelDispatch",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fuzzing (scripts/fuzz): the targets, and a binary that is a libFuzzer driver when built
        // with `-sanitize=fuzzer -D FUZZING` and a replayer otherwise.
        .target(name: "CatalogFuzzTargets", dependencies: ["CatalogCore", "CatalogIngest"]),
        .executableTarget(name: "CatalogFuzz", dependencies: ["CatalogFuzzTargets"]),
        .executableTarget(
            name: "CatalogBenchmarks",
            dependencies: [
                "CatalogCore", "CatalogHTTP", "CatalogIngest", "CatalogReports", "CatalogSite", "ModelCatalog", "ModelDispatch",
                "DispatchTestServer", "CatalogTestSupport",
            ]
        ),
        // What every test target shares: the repository's files and the built executable.
        .target(
            name: "CatalogTestSupport", dependencies: ["CatalogCore", "CatalogIngest", "CatalogReports", "ModelCatalog"],
            path: "Tests/CatalogTestSupport"),
        // A loopback server that speaks the three chat APIs with server-side limits (tests, benchmarks).
        .target(
            name: "DispatchTestServer",
            dependencies: [.product(name: "FlyingFox", package: "FlyingFox"), .product(name: "FlyingSocks", package: "FlyingFox")],
            path: "Tests/DispatchTestServer"),
        .testTarget(
            name: "ModelDispatchTests",
            dependencies: ["CatalogCore", "CatalogHTTP", "ModelCatalog", "ModelDispatch", "CatalogTestSupport", "DispatchTestServer"]),
        .testTarget(name: "CatalogCoreTests", dependencies: ["CatalogCore", "CatalogTestSupport"]),
        // Golden files are read from their paths, not bundled.
        .testTarget(
            name: "CatalogIngestTests",
            dependencies: ["CatalogCore", "CatalogIngest", "ModelCatalog", "CatalogTestSupport", "CatalogFuzzTargets"],
            exclude: ["Golden"]),
        .testTarget(
            name: "ModelCatalogTests", dependencies: ["CatalogCore", "ModelCatalog", "CatalogIngest", "CatalogReports", "CatalogTestSupport"],
            exclude: ["Golden"]),
        .testTarget(
            name: "CatalogRefreshTests",
            dependencies: [
                "CatalogCore", "CatalogHTTP", "CatalogIngest", "ModelCatalog", "CatalogTestSupport",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),
        // A client as another package writes one: ModelCatalog alone.
        .testTarget(name: "LibraryClientTests", dependencies: ["ModelCatalog"]),
        // Exports read back (LiteLLM itself prices with ours) and the site opened in Chromium;
        // scripts/test-tools installs both.
        .testTarget(
            name: "CatalogSiteTests",
            dependencies: ["CatalogCLI", "CatalogCore", "CatalogIngest", "CatalogReports", "CatalogSite", "ModelCatalog", "CatalogTestSupport"],
            exclude: ["Tools"]),
        .testTarget(
            name: "CatalogCLITests",
            dependencies: ["CatalogCLI", "CatalogCore", "CatalogReports", "CatalogTestSupport", "ModelCatalog", "DispatchTestServer"]),
    ]
)

for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0335-existential-any.md
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0444-member-import-visibility.md
    // Not for the library's client test, which compiles as other packages do by default.
    if target.name != "LibraryClientTests" { settings.append(.enableUpcomingFeature("MemberImportVisibility")) }
    // https://github.com/swiftlang/swift-evolution/blob/main/proposals/0409-access-level-on-imports.md
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    target.swiftSettings = settings
}
