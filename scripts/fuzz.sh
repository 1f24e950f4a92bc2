#!/usr/bin/env bash
# Fuzzes one of the readers of untrusted text with libFuzzer for a given time.
#
#   scripts/fuzz.sh TARGET SECONDS       TARGET: csv (data files), model (model files), expression (surface formulas),
#                                        http (the requests of landscape serve)
#   scripts/fuzz.sh TARGET reproduce FILE  runs the target once on FILE (a crash that a run saved)
#
# The library and its kernels are compiled once with coverage instrumentation and AddressSanitizer
# (swiftc -sanitize=fuzzer,address) into .build-fuzz/, and rebuilt when a source changes; the
# harness scripts/fuzz/TARGET.swift is linked against it. libFuzzer starts from the committed seeds
# in scripts/fuzz/corpus/TARGET (with the tokens of scripts/fuzz/TARGET.dict) and keeps what it
# finds in .build-fuzz/corpus/TARGET, so later runs continue from there. A crash (a trap, a memory
# error, a broken promise of the harness) stops the run and is saved under .build-fuzz/crashes/TARGET/.
# The last line sums the run up: executions, executions per second, corpus size, crashes found; the
# exit status is libFuzzer's (0 when nothing was found).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: $0 csv|model|expression|http SECONDS | $0 TARGET reproduce FILE" >&2; exit 2; }
[[ $# -ge 2 ]] || usage
target=$1
case "$target" in csv | model | expression | http) ;; *) usage ;; esac
harness=scripts/fuzz/$target.swift
out=.build-fuzz
flags=(-sanitize=fuzzer,address -parse-as-library -O -g)
mkdir -p "$out/lib" "$out/corpus/$target" "$out/crashes/$target"

# The library's C target (CPU features), compiled as SwiftPM does: without instruction-set flags;
# each copy of the kernels with its instruction set's flags, as Package.swift compiles them.
flags+=(-I Sources/CPUFeatures/include -I "$out/lib" -L "$out/lib")
features=$out/lib/CPUFeatures.o
library=$out/lib/libLandscape.a
kernels=(KernelsPortable KernelsAVX2 KernelsAVX512)
kernelFlags() {
    local targeted=(-D LANDSCAPE_KERNELS_TARGETED)
    case "$1" in
    KernelsPortable) echo "${targeted[@]}" $([[ $(uname -m) == x86_64 ]] && echo -D LANDSCAPE_EMULATED_FMA) ;;
    KernelsAVX2) [[ $(uname -m) == x86_64 ]] && echo -Xcc -mavx2 -Xcc -mfma "${targeted[@]}" ;;
    KernelsAVX512) [[ $(uname -m) == x86_64 ]] && echo -Xcc -mavx2 -Xcc -mfma -Xcc -mavx512f -Xcc -mavx512dq \
        -Xcc -mavx512bw -Xcc -mavx512vl "${targeted[@]}" ;;
    esac
    return 0
}
quiet() { { grep -v "Cannot export local symbol" || true; } >&2; }
if [[ ! -f $library || -n $(find Sources/Landscape Sources/CPUFeatures Sources/KernelsPortable -newer "$library" | head -1) ]]; then
    echo "building the instrumented library (a few minutes)..." >&2
    clang -O2 -c -I Sources/CPUFeatures/include Sources/CPUFeatures/CPUFeatures.c -o "$features"
    for module in "${kernels[@]}"; do
        # shellcheck disable=SC2046
        swiftc "${flags[@]}" $(kernelFlags "$module") -whole-module-optimization -module-name "$module" -emit-module \
            -emit-module-path "$out/lib/$module.swiftmodule" -emit-library -static -o "$out/lib/lib$module.a" \
            Sources/"$module"/*.swift 2>&1 | quiet
    done
    sources=$(find Sources/Landscape -name '*.swift' | sort)
    # shellcheck disable=SC2086
    swiftc "${flags[@]}" -whole-module-optimization -module-name Landscape -emit-module \
        -emit-module-path "$out/lib/Landscape.swiftmodule" -emit-library -static -o "$library" $sources 2>&1 | quiet
fi
binary=$out/fuzz-$target
if [[ ! -x $binary || $harness -nt $binary || $library -nt $binary ]]; then
    swiftc "${flags[@]}" -lLandscape "${kernels[@]/#/-l}" "$harness" "$features" -o "$binary" 2>&1 | quiet
fi

if [[ $2 == reproduce ]]; then
    [[ $# -eq 3 ]] || usage
    exec "$binary" "$3"
fi
seconds=$2
[[ $seconds =~ ^[0-9]+$ && $seconds -gt 0 ]] || usage

log=$out/$target.log
marker=$out/crashes/.start-$target
touch "$marker"
echo "fuzzing $target for $seconds s (libFuzzer's output: $log)" >&2
set +e
"$binary" "$out/corpus/$target" "scripts/fuzz/corpus/$target" -dict="scripts/fuzz/$target.dict" \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/crashes/$target/" >"$log" 2>&1
status=$?
set -e
grep -E "Fatal error|ERROR: |SUMMARY: |Test unit written" "$log" >&2 || true
stat() { sed -n "s/^stat::$1: *//p" "$log" | tail -1; }
found=$(find "$out/crashes/$target" -type f -newer "$marker" | wc -l)
corpus=$(find "$out/corpus/$target" -type f | wc -l)
echo "fuzz $target: $seconds s, $(stat number_of_executed_units) executions, $(stat average_exec_per_sec) per second," \
    "corpus $corpus inputs, crashes found: $found (exit status $status)"
exit "$status"
