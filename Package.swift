// swift-tools-version:6.1

import PackageDescription

let package = Package(
    name: "bulkllm",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "ModelCatalog", targets: ["ModelCatalog"]),
        .executable(name: "catalog", targets: ["CatalogCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Tests only: a loopback HTTP server that replays recorded captures to `catalog refresh`.
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
        .target(name: "ModelCatalog", dependencies: ["CatalogCore", "CSQLite"], resources: [.copy("Resources/catalog.tsv")]),
        // Renderings for people and scripts (text, tables, markdown, colours, JSON): the CLI's.
        .target(name: "CatalogReports", dependencies: ["CatalogCore", "ModelCatalog"]),
        .target(
            name: "CatalogIngest",
            dependencies: ["CatalogCore", "CatalogReports", "ModelCatalog", "CLibXML2", "CDynamicCalls", .product(name: "Yams", package: "Yams")],
            swiftSettings: [
                .unsafeFlags(["-Xcc", "-I/usr/include/libxml2", "-Xcc", "-I/opt/homebrew/opt/libxml2/include/libxml2"])
            ]
        ),
        .executableTarget(
            name: "CatalogCLI",
            dependencies: [
                "CatalogCore", "CatalogIngest", "CatalogReports", "ModelCatalog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Fuzzing (scripts/fuzz): the targets, and a binary that is a libFuzzer driver when built
        // with `-sanitize=fuzzer -D FUZZING` and a replayer otherwise.
        .target(name: "CatalogFuzzTargets", dependencies: ["CatalogCore", "CatalogIngest"]),
        .executableTarget(name: "CatalogFuzz", dependencies: ["CatalogFuzzTargets"]),
        .executableTarget(
            name: "CatalogBenchmarks",
            dependencies: ["CatalogCore", "CatalogIngest", "CatalogReports", "ModelCatalog"]
        ),
        // What every test target shares: the repository's files and the built executable.
        .target(
            name: "CatalogTestSupport", dependencies: ["CatalogCore", "CatalogIngest", "CatalogReports", "ModelCatalog"],
            path: "Tests/CatalogTestSupport"),
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
                "CatalogCore", "CatalogIngest", "ModelCatalog", "CatalogTestSupport",
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "FlyingSocks", package: "FlyingFox"),
            ]
        ),
        // A client as another package writes one: ModelCatalog alone.
        .testTarget(name: "LibraryClientTests", dependencies: ["ModelCatalog"]),
        .testTarget(name: "CatalogCLITests", dependencies: ["CatalogCLI", "CatalogCore", "CatalogReports", "CatalogTestSupport", "ModelCatalog"]),
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
