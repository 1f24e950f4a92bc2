// swift-tools-version:6.0
import PackageDescription

/// Generic numerics specialize across module boundaries only with cross-module optimization,
/// and debug builds (what `swift test` runs) stay usable only when optimized.
///
/// Release builds skip the run-time exclusivity checks: every access to a class's stored array
/// (the autodiff tape's nodes, on each recorded operation) otherwise goes through
/// `swift_beginAccess`, about 5% of a small-batch training step. Debug builds, which the tests
/// run, keep the checks, so a conflicting access still fails there.
let fastFlags: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization"]),
    .unsafeFlags(["-O"], .when(configuration: .debug)),
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

/// The numerical kernels (Sources/KernelsPortable, linked from the other two folders) are compiled
/// once per instruction set; the library picks one copy at run time (`KernelPath`), and nothing
/// else is compiled with an instruction-set flag, so the binary starts on any x86-64.
/// `LANDSCAPE_KERNELS_TARGETED` tells a copy that its flags were applied.
///
/// The portable copy runs on x86-64 CPUs without FMA, and rounds its multiply-adds once in SSE2
/// arithmetic (`LANDSCAPE_EMULATED_FMA`, FusedLanes.swift): 20 times faster there than the C
/// library's `fma`. In a dependency's checkout, where the portable copy is the only one and the
/// CPU most likely has FMA, it calls `fma` instead (the C library then uses the instruction).
#if arch(x86_64)
let avx2Flags = ["-Xcc", "-mavx2", "-Xcc", "-mfma"]
let avx512Flags = avx2Flags + ["-Xcc", "-mavx512f", "-Xcc", "-mavx512dq", "-Xcc", "-mavx512bw", "-Xcc", "-mavx512vl"]
let portableDefines: [SwiftSetting] = [.define("LANDSCAPE_KERNELS_TARGETED"), .define("LANDSCAPE_EMULATED_FMA")]
#else
let avx2Flags: [String]? = nil
let avx512Flags: [String]? = nil
let portableDefines: [SwiftSetting] = [.define("LANDSCAPE_KERNELS_TARGETED")]
#endif

/// A copy of the kernels compiled with an instruction set's flags (nil: no flags, and for the AVX
/// copies on another architecture a copy that holds the portable code and says so).
func kernels(_ flags: [String]?) -> [SwiftSetting] {
    let debug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]
    guard let flags else { return debug }
    return debug + [.unsafeFlags(flags), .define("LANDSCAPE_KERNELS_TARGETED")]
}

/// SwiftPM refuses a package with any unsafe flag, whatever its `.when` condition (a trait's
/// included), as a versioned dependency (`from:`, `exact:`, a range): "the target 'Landscape' in
/// product 'Landscape' contains unsafe build flags". It allows them in the root package and in
/// `path:`, `branch:`, `revision:` and edited dependencies. A manifest cannot ask how it is
/// depended on, but it knows where it is, and SwiftPM builds every source-control dependency
/// (versioned, `branch:` or `revision:`) from `<scratch>/checkouts/<name>`
/// (`.build/checkouts/landscape`, Xcode's `SourcePackages/checkouts/landscape`). There the targets
/// declare no flags and build with the compiler's defaults: tens of times slower, since without
/// FMA each `addingProduct` is a call to `fma` (docs/LIBRARY.md has the numbers, and the flags a
/// dependent passes to `swift build` to get the speed back). Everywhere else (this repository as
/// the root package, a `path:` or edited dependency such as Examples/) they get them all.
let isDependencyCheckout = Context.packageDirectory.split(whereSeparator: { $0 == "/" || $0 == "\\" }).dropLast().last == "checkouts"
let numerics: [SwiftSetting] = isDependencyCheckout ? [] : fastFlags
let portableKernels: [SwiftSetting] = isDependencyCheckout ? [.define("LANDSCAPE_KERNELS_TARGETED")] : kernels(nil) + portableDefines
let avx2Kernels: [SwiftSetting] = isDependencyCheckout ? [] : kernels(avx2Flags)
let avx512Kernels: [SwiftSetting] = isDependencyCheckout ? [] : kernels(avx512Flags)

let package = Package(
    name: "landscape",
    products: [
        .library(name: "Landscape", targets: ["Landscape"]),
        .executable(name: "landscape", targets: ["landscape"]),
    ],
    targets: [
        .target(name: "CPUFeatures"),
        .target(name: "KernelsPortable", swiftSettings: portableKernels),
        .target(name: "KernelsAVX2", swiftSettings: avx2Kernels),
        .target(name: "KernelsAVX512", swiftSettings: avx512Kernels),
        .target(name: "Landscape", dependencies: ["CPUFeatures", "KernelsPortable", "KernelsAVX2", "KernelsAVX512"], swiftSettings: numerics),
        .executableTarget(name: "landscape", dependencies: ["Landscape"], swiftSettings: numerics),
        .testTarget(name: "LandscapeTests", dependencies: ["Landscape", "landscape"], exclude: ["Fixtures"], swiftSettings: numerics),
    ]
)
