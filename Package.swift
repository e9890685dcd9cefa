// swift-tools-version:6.0
import PackageDescription

/// SampleNet: per-cell-line gene networks (NetworkProfiler) explained by TRIP, in a terminal.
/// Data flows one way: files -> Catalog (SQLite) -> Compute -> Catalog -> TUI / exports.
let package = Package(
    name: "SampleNet",
    products: [
        .executable(name: "samplenet", targets: ["samplenet"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Thin C wrappers: a module map and one shim header each, nothing else.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw",
                       providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(name: "CSQLite3", path: "Sources/CSQLite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS", pkgConfig: "openblas",
                       providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib",
                       providers: [.apt(["zlib1g-dev"])]),

        // The homotopy path's small dense products, compiled per instruction set (see its header).
        .target(name: "CDenseKernels", cSettings: [.unsafeFlags(["-O3"])]),
        // Numerical core over OpenBLAS/LAPACK. No SQLite, no curses.
        .target(name: "Compute", dependencies: ["COpenBLAS", "CDenseKernels"]),
        // The only layer that speaks SQL: schema, typed queries, importers.
        .target(name: "Catalog", dependencies: ["CSQLite3", "CZlib"]),
        // The explorer: state, update, pure render, and one ncurses adapter.
        .target(name: "TUI", dependencies: ["CNcursesw", "Catalog"]),
        .executableTarget(name: "samplenet", dependencies: [
            "Catalog", "Compute", "TUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "ComputeTests", dependencies: ["Compute", "CDenseKernels"]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog"], exclude: ["Fixtures"]),
        .testTarget(name: "TUITests", dependencies: ["TUI"], exclude: ["Snapshots"]),
        .testTarget(name: "EndToEndTests", dependencies: ["samplenet", "Catalog", "Compute"], exclude: ["Fixtures"]),
    ]
)
