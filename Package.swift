// swift-tools-version:6.0
import PackageDescription

/// SampleNet: per-cell-line gene networks (NetworkProfiler) explained by TRIP, in a terminal.
/// Data flows one way: files -> Catalog (SQLite) -> Compute -> Catalog -> TUI / exports.
let package = Package(
    name: "SampleNet",
    products: [
        .executable(name: "samplenet", targets: ["samplenet"]),
        .executable(name: "samplenet-bench", targets: ["Bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // Thin C wrappers: a module map and one shim header each, nothing else.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw",
                       providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CSQLite3", path: "Sources/CSQLite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        // (Not "CZlib": ZIPFoundation has a module of that name.)
        .systemLibrary(name: "SNZlib", path: "Sources/SNZlib",
                       providers: [.apt(["zlib1g-dev"])]),

        // The homotopy path's small dense products, compiled per instruction set (see its header).
        .target(name: "CDenseKernels", cSettings: [.unsafeFlags(["-O3"])]),
        // Numerical core over OpenBLAS/LAPACK. No SQLite, no curses.
        .target(name: "Compute", dependencies: ["COpenBLAS", "CDenseKernels"]),
        // The only layer that speaks SQL: schema, typed queries, importers.
        .target(name: "Catalog", dependencies: [
            "CSQLite3", "SNZlib",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "ZIPFoundation", package: "ZIPFoundation"),
        ]),
        // The job layer: reads a job's inputs from the catalog, runs Compute, writes results
        // back, reports progress (profile, TRIP, REC ranking, a line's RE). Used by the CLI and
        // the explorer alike.
        .target(name: "Jobs", dependencies: ["Catalog", "Compute"]),
        // The explorer: state, update, pure render, and one ncurses adapter.
        .target(name: "TUI", dependencies: ["CNcursesw", "Catalog", "Compute", "Jobs"]),
        // The command line: argument parsing only.
        .executableTarget(name: "samplenet", dependencies: [
            "Catalog", "Compute", "Jobs", "TUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Benchmarks that need the project's code (make bench-explorer, bench-trip); not shipped.
        .executableTarget(name: "Bench", dependencies: [
            "Catalog", "Compute", "Jobs", "TUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Helpers every test target shares: seeded random numbers, scratch folders and catalog
        // dumps, running programs.
        .target(name: "TestSupport", dependencies: ["Catalog"], path: "Tests/TestSupport"),
        .testTarget(name: "ComputeTests", dependencies: ["Compute", "CDenseKernels", "TestSupport"]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "Jobs", "Compute", "TestSupport"], exclude: ["Snapshots"]),
        .testTarget(name: "EndToEndTests", dependencies: ["samplenet", "Catalog", "Compute", "Jobs", "TUI", "TestSupport"],
                    exclude: ["Fixtures"]),
    ]
)
