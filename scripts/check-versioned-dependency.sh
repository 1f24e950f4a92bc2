#!/usr/bin/env bash
# Builds a package that depends on this repository the way a user's package does, as a versioned
# dependency (`.package(url: ..., from: "1.0.0")`), and runs a short training through it.
# SwiftPM refuses such a dependency if its manifest declares unsafe flags; Package.swift leaves
# them out when it is checked out as a dependency. The working tree as it is (tracked files and
# new ones git does not ignore) becomes a temporary git repository tagged 1.0.0, depended on by its
# local path. A debug build: about half a minute.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir "$work/landscape"
git ls-files -z --cached --others --exclude-standard |
    tar --null --files-from=- --ignore-failed-read -cf - | tar -xf - -C "$work/landscape"
(
    cd "$work/landscape"
    git -c init.defaultBranch=main init -q
    git add -A
    git -c user.name=check -c user.email=check@localhost commit -qm "working tree"
    git tag 1.0.0
)

mkdir -p "$work/dependent/Sources/dependent"
cat > "$work/dependent/Package.swift" <<EOF
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dependent",
    dependencies: [.package(url: "$work/landscape", from: "1.0.0")],
    targets: [.executableTarget(name: "dependent", dependencies: [.product(name: "Landscape", package: "landscape")])]
)
EOF
cat > "$work/dependent/Sources/dependent/main.swift" <<'EOF'
import Landscape

var configuration = RunConfiguration(data: CommandLine.arguments[1])
configuration.split = .fraction(0.8)
configuration.hidden = [8]
configuration.length = .epochs(20)
var run = try TrainingRun(configuration: configuration)
let outcome = try run.run()
print("versioned dependency: \(outcome.steps) steps on iris, test accuracy \(outcome.test!.accuracy!)")
EOF

swift build --package-path "$work/dependent"
"$(swift build --package-path "$work/dependent" --show-bin-path)/dependent" "$repo/datasets/iris.csv"
