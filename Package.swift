// swift-tools-version: 6.0
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Wiretap",
    products: [
        .library(name: "Wiretap", targets: ["Wiretap"]),
        .executable(name: "wiretap", targets: ["WiretapCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Only what Swift cannot call: variadic ptrace/prctl/syscall, the
        // wait-status macros, and the child side of fork/exec.
        .target(name: "CWiretap"),
        .target(
            name: "Wiretap",
            dependencies: [
                "CWiretap",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "WiretapCLI",
            dependencies: [
                "Wiretap",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // The bare engine with a no-op handler, for bench/ (not a product).
        .executableTarget(
            name: "wiretap-engine-bench",
            dependencies: ["Wiretap"],
            path: "bench/EngineBench",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WiretapTests",
            dependencies: ["Wiretap", "CWiretap", "WiretapCLI"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
    ]
)
