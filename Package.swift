// swift-tools-version:6.0
import PackageDescription

// Hot kernels are written against concrete SIMD types and need FMA to fuse `addingProduct`.
// `LANDSCAPE_AVX2` tells the code so: `landscape --version` names the kernels a build holds.
#if arch(x86_64)
let vectorFlags = ["-Xcc", "-mavx2", "-Xcc", "-mfma"]
let vectorDefines: [SwiftSetting] = [.define("LANDSCAPE_AVX2")]
#else
let vectorFlags: [String] = []
let vectorDefines: [SwiftSetting] = []
#endif

/// Generic numerics specialize across module boundaries only with cross-module optimization,
/// and debug builds (what `swift test` runs) stay usable only when optimized.
///
/// Release builds skip the run-time exclusivity checks: every access to a class's stored array
/// (the autodiff tape's nodes, on each recorded operation) otherwise goes through
/// `swift_beginAccess`, about 5% of a small-batch training step. Debug builds, which the tests
/// run, keep the checks, so a conflicting access still fails there.
let fastFlags: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization"] + vectorFlags),
    .unsafeFlags(["-O"], .when(configuration: .debug)),
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
] + vectorDefines

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

let package = Package(
    name: "landscape",
    products: [
        .library(name: "Landscape", targets: ["Landscape"]),
        .executable(name: "landscape", targets: ["landscape"]),
    ],
    targets: [
        .target(name: "CPUFeatures"),
        .target(name: "Landscape", dependencies: ["CPUFeatures"], swiftSettings: numerics),
        .executableTarget(name: "landscape", dependencies: ["Landscape"], swiftSettings: numerics),
        .testTarget(name: "LandscapeTests", dependencies: ["Landscape", "landscape"], exclude: ["Fixtures"], swiftSettings: numerics),
    ]
)
