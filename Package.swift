// swift-tools-version:6.0
import PackageDescription

// Hot kernels are written against concrete SIMD types and need FMA to fuse `addingProduct`.
#if arch(x86_64)
let vectorFlags = ["-Xcc", "-mavx2", "-Xcc", "-mfma"]
#else
let vectorFlags: [String] = []
#endif

/// Generic numerics specialize across module boundaries only with cross-module optimization,
/// and debug builds (what `swift test` runs) stay usable only when optimized.
///
/// Release builds skip the run-time exclusivity checks: every access to a class's stored array
/// (the autodiff tape's nodes, on each recorded operation) otherwise goes through
/// `swift_beginAccess`, about 5% of a small-batch training step. Debug builds, which the tests
/// run, keep the checks, so a conflicting access still fails there.
let numerics: [SwiftSetting] = [
    .unsafeFlags(["-cross-module-optimization"] + vectorFlags),
    .unsafeFlags(["-O"], .when(configuration: .debug)),
    .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "landscape",
    products: [
        .library(name: "Landscape", targets: ["Landscape"]),
        .executable(name: "landscape", targets: ["landscape"]),
    ],
    targets: [
        .target(name: "Landscape", swiftSettings: numerics),
        .executableTarget(name: "landscape", dependencies: ["Landscape"], swiftSettings: numerics),
        .testTarget(name: "LandscapeTests", dependencies: ["Landscape", "landscape"], exclude: ["Fixtures"], swiftSettings: numerics),
    ]
)
