// swift-tools-version:6.1
import PackageDescription

// One settings list for every Swift target, so every module is built the same way.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Coffer",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "coffer", targets: ["coffer"]),
        .library(name: "CofferBlueprint", targets: ["CofferBlueprint"]),
        .library(name: "CofferCatalog", targets: ["CofferCatalog"]),
        .executable(name: "coffer-sandbox", targets: ["coffer-sandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C libraries, each wrapped once.
        .systemLibrary(
            name: "CCofferYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(
            name: "CCofferLibCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "CCofferCurl", dependencies: ["CCofferLibCurl"]),
        .systemLibrary(
            name: "CCofferSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),

        // Swift modules; dependencies flow one way, from the edges down to CofferCore.
        .target(name: "CofferCore"),
        .target(name: "CofferYAML", dependencies: ["CofferCore", "CCofferYAML"]),
        .target(name: "CofferTemplate", dependencies: ["CofferCore"]),
        .target(name: "CofferKubeAPI", dependencies: ["CofferCore"]),
        .target(name: "CofferBlueprint", dependencies: ["CofferCore", "CofferYAML", "CofferTemplate"]),
        .target(name: "CofferKube", dependencies: ["CofferCore", "CofferYAML", "CofferKubeAPI", "CCofferCurl"]),
        .target(name: "CofferCatalog", dependencies: ["CofferCore", "CofferBlueprint", "CCofferSQLite"]),
        .target(
            name: "CofferSandbox",
            dependencies: [
                "CofferCore", "CofferYAML", "CofferKubeAPI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "CofferCLI",
            dependencies: [
                "CofferCore", "CofferYAML", "CofferTemplate", "CofferBlueprint", "CofferCatalog", "CofferKube",
                "CofferSandbox", .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "coffer", dependencies: ["CofferCLI"]),
        .executableTarget(
            name: "coffer-sandbox", dependencies: ["CofferCLI"]),
        .executableTarget(
            name: "coffer-bench",
            dependencies: ["CofferCore", "CofferYAML", "CofferTemplate", "CofferBlueprint"],
            path: "Benchmarks/CofferBenchmarks"),
        .executableTarget(
            name: "coffer-kube-bench",
            dependencies: ["CofferCore", "CofferKube", "CCofferCurl", "CofferTestSupport"],
            path: "Benchmarks/KubeBenchmarks"),

        .executableTarget(
            name: "coffer-sandbox-bench",
            dependencies: [
                "CofferSandbox", "CofferCore",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/SandboxBenchmarks"),
        // Drives the built `coffer` binary as a process, so it links nothing of ours.
        .executableTarget(name: "coffer-engine-bench", path: "Benchmarks/EngineBenchmarks"),

        // Tests.
        .target(
            name: "CofferTestSupport", dependencies: ["CofferCore"], path: "Tests/CofferTestSupport"),
        .testTarget(name: "CofferCoreTests", dependencies: ["CofferCore", "CofferTestSupport"]),
        .testTarget(name: "CofferYAMLTests", dependencies: ["CofferYAML", "CofferTestSupport"]),
        .testTarget(name: "CofferTemplateTests", dependencies: ["CofferTemplate", "CofferTestSupport"]),
        .testTarget(name: "CofferKubeAPITests", dependencies: ["CofferKubeAPI", "CofferYAML", "CofferTestSupport"]),
        .testTarget(
            name: "CofferBlueprintTests",
            dependencies: ["CofferBlueprint", "CofferYAML", "CofferTemplate", "CofferTestSupport"]),
        .testTarget(
            name: "CofferKubeTests",
            dependencies: [
                "CofferKube", "CofferTestSupport", "CofferSandbox", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "CofferCatalogTests", dependencies: ["CofferCatalog", "CofferBlueprint", "CofferCore", "CofferYAML"]),
        .testTarget(name: "CofferCLITests", dependencies: ["CofferCLI", "CofferTestSupport"]),
        .testTarget(
            name: "CofferSandboxTests",
            dependencies: [
                "CofferSandbox", "CofferCore", "CofferYAML", "CofferKubeAPI", "CofferTestSupport",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]),
    ]
)

for target in package.targets where target.type != .system && !target.name.hasPrefix("CCoffer") {
    target.swiftSettings = (target.swiftSettings ?? []) + swiftSettings
}
