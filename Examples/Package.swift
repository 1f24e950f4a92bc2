// swift-tools-version:6.0
import PackageDescription

// An example of using the Landscape library from another package. It depends on this repository
// by path, so it builds against the sources next to it, with the repository's compiler flags.
let package = Package(
    name: "landscape-examples",
    dependencies: [.package(name: "landscape", path: "..")],
    targets: [
        .executableTarget(name: "iris-landscape", dependencies: [.product(name: "Landscape", package: "landscape")]),
    ]
)
