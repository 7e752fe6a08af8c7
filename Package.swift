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
        .library(name: "WiretapSymbols", targets: ["WiretapSymbols"]),
        .library(name: "WiretapDisassembly", targets: ["WiretapDisassembly"]),
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
        // The layers, one module each; the compiler keeps dependencies one way.
        // The core: typed ptrace requests, registers, remote memory, /proc,
        // and the Tracer engine with its events. Knows nothing of strace.
        .target(
            name: "WiretapCore",
            dependencies: [
                "CWiretap",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            swiftSettings: strictSettings
        ),
        // The syscall model: generated tables and constants, typed values
        // (SyscallValue), the decoders and their emitters, -e sets, inject.
        .target(
            name: "WiretapSyscalls",
            dependencies: ["WiretapCore", "CWiretap"],
            swiftSettings: strictSettings
        ),
        // Renderers: strace text, JSON, the Perfetto timeline, the -c summary.
        .target(
            name: "WiretapRender",
            dependencies: ["WiretapCore", "WiretapSyscalls", "CWiretap"],
            swiftSettings: strictSettings
        ),
        // File tracking, snapshots and undo.
        .target(
            name: "WiretapFiles",
            dependencies: ["WiretapCore", "WiretapSyscalls", "CWiretap"],
            swiftSettings: strictSettings
        ),
        // `import Wiretap`: the layers above, re-exported.
        .target(
            name: "Wiretap",
            dependencies: ["WiretapCore", "WiretapSyscalls", "WiretapRender", "WiretapFiles"],
            swiftSettings: strictSettings
        ),
        // elfutils' libdw/libdwfl/libelf (symbols, line tables, CFI unwinding).
        .systemLibrary(
            name: "CElfutils",
            pkgConfig: "libdw",
            providers: [.apt(["libdw-dev", "libelf-dev"])]
        ),
        // The few C bits the symbols layer needs: libdwfl's standard
        // callbacks as a static table, and the demanglers' declarations.
        .target(name: "CWiretapSymbols", dependencies: ["CElfutils"]),
        // Symbols, source lines and stack unwinding of tracees (over libdw).
        // A feature layer: Wiretap itself does not depend on it.
        .target(
            name: "WiretapSymbols",
            dependencies: ["WiretapCore", "CElfutils", "CWiretapSymbols"],
            swiftSettings: strictSettings,
            // libdw.a's own dependencies, for -static-executable builds
            // (pkg-config --libs without --static names only -ldw).
            linkerSettings: [
                .linkedLibrary("elf"), .linkedLibrary("z"),
                .linkedLibrary("bz2"), .linkedLibrary("lzma"),
                // __cxa_demangle: libswiftCore needs libstdc++ anyway, but a
                // reference from our own code must name it on the link line.
                .linkedLibrary("stdc++"),
            ]
        ),
        // Capstone 4, the x86 disassembler (libcapstone.a has no dependencies
        // of its own, so -static-executable builds need nothing more).
        .systemLibrary(
            name: "CCapstone",
            pkgConfig: "capstone",
            providers: [.apt(["libcapstone-dev"])]
        ),
        // Line editing and history at the debugger's prompt (libedit, BSD licence).
        .systemLibrary(
            name: "CEditLine",
            providers: [.apt(["libedit-dev"])]
        ),
        // x86 disassembly as gdb prints it (AT&T), over capstone, for the
        // debugger's `disassemble` and `x/i`. A feature layer like WiretapSymbols.
        .target(
            name: "WiretapDisassembly",
            dependencies: ["CCapstone"],
            swiftSettings: strictSettings
        ),
        // The debugger: breakpoints, stepping, watchpoints and catchpoints on the engine.
        .target(
            name: "WiretapDebugger",
            dependencies: ["WiretapCore", "WiretapSyscalls", "WiretapRender", "WiretapSymbols", "WiretapDisassembly", "CWiretap"],
            swiftSettings: strictSettings
        ),
        // The command line's signal policy (which signals stop the tracer).
        .target(name: "CWiretapCLI"),
        .executableTarget(
            name: "WiretapCLI",
            dependencies: [
                "Wiretap",
                "CWiretapCLI",
                "WiretapSymbols",
                "WiretapDebugger",
                "WiretapDisassembly",
                "CEditLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        // The bare engine with a no-op handler, for bench/ (not a product).
        .executableTarget(
            name: "wiretap-engine-bench",
            dependencies: ["WiretapCore"],
            path: "bench/EngineBench",
            swiftSettings: strictSettings
        ),
        // Backtraces at each write(2) through WiretapSymbols (not a product):
        // checks that -static-executable links libdw; for measuring it.
        .executableTarget(
            name: "wiretap-symbols-probe",
            dependencies: ["WiretapCore", "WiretapSymbols"],
            path: "bench/SymbolsProbe",
            swiftSettings: strictSettings
        ),
        // Disassembles bytes of a file through WiretapDisassembly (not a
        // product): checks that -static-executable links capstone.
        .executableTarget(
            name: "wiretap-disasm-probe",
            dependencies: ["WiretapDisassembly"],
            path: "bench/DisasmProbe",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "WiretapTests",
            dependencies: ["WiretapDebugger", "Wiretap", "WiretapCore", "WiretapSyscalls", "WiretapRender", "WiretapFiles",
                           "CWiretap", "CWiretapCLI", "WiretapCLI", "WiretapSymbols", "WiretapDisassembly"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
    ]
)
