#!/usr/bin/env bash
# Builds a package that depends on this repository the way a user's package does, as a versioned
# dependency (`.package(url: ..., from: "1.0.0")`), and runs a short training through it.
# SwiftPM refuses such a dependency if its manifest declares unsafe flags; Package.swift leaves
# them out when it is checked out as a dependency. The working tree as it is (tracked files and
# new ones git does not ignore) becomes a temporary git repository tagged 1.0.0, depended on by its
# local path. A debug build: about half a minute. The model it trains must be the one this
# repository's own build trains, byte for byte: the builds differ in their kernels (no
# instruction-set flags there), not in their numbers.
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
try outcome.model.save(to: CommandLine.arguments[2])
let kernels = try KernelPath.selected(environment: [:])
print("versioned dependency: \(kernels.rawValue) kernels, \(outcome.steps) steps on iris, test accuracy \(outcome.test!.accuracy!)")
configuration.precision = .float32
configuration.activation = .tanh
var single = try TrainingRun(configuration: configuration)
try single.run().model.save(to: CommandLine.arguments[3])
EOF

swift build --package-path "$work/dependent"
"$(swift build --package-path "$work/dependent" --show-bin-path)/dependent" "$repo/datasets/iris.csv" "$work/portable.json" "$work/portable32.json"

# The same run through this repository's own build, compiled with its flags (the avx2 kernels on
# x86-64): the model files must be the same bytes, so a run reproduces across the two builds.
swift build --product landscape
root="$(swift build --show-bin-path)/landscape"
"$root" train --data "$repo/datasets/iris.csv" --split 0.8 --hidden 8 --epochs 20 --out "$work/root.json" > /dev/null
"$root" train --data "$repo/datasets/iris.csv" --split 0.8 --hidden 8 --epochs 20 --precision float32 --activation tanh \
    --out "$work/root32.json" > /dev/null
if cmp -s "$work/portable.json" "$work/root.json" && cmp -s "$work/portable32.json" "$work/root32.json"; then
    echo "the same models (float64, float32 tanh), byte for byte, from this build ($("$root" --version | sed -n 's/^kernels: //p') kernels) and the dependency's"
else
    echo "check-versioned-dependency: the dependency's build trains another model than this build's"
    exit 1
fi
