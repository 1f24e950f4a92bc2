#!/usr/bin/env bash
# One release binary on x86-64 CPUs of other generations, emulated by QEMU's user mode (Debian's
# qemu-user): a Nehalem (no AVX) must start and pick the portable kernels, a Haswell the AVX2 ones,
# and both must print what this machine prints, byte for byte: the same models (float64 relu with
# SGD, float32 tanh with Adam), the same sharpness (Lanczos, HVPs and dot products) and the same
# plane. A forced path the emulated CPU lacks is refused with exit 2. QEMU 7.2 emulates no AVX-512,
# so that path runs only where the CPU has it (the suite's kernel-copy tests cover it there).
#
# Usage: scripts/check-cpus.sh [BINARY]   (default: this repository's release build)
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $(uname -m) != x86_64 ]]; then
    echo "check-cpus: x86-64 only; nothing to check on $(uname -m)"
    exit 0
fi
if ! command -v qemu-x86_64 > /dev/null; then
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq qemu-user > /dev/null; }; then
        echo "check-cpus: cannot install Debian's qemu-user (apt-get, as root)"
        exit 1
    fi
fi
if [[ $# -ge 1 ]]; then
    bin=$1
else
    swift build -c release --product landscape > /dev/null
    bin="$(swift build -c release --show-bin-path)/landscape"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Runs the binary on CPU model $1 ("native": this machine), without its notes on stderr and QEMU's
# warnings about features it does not emulate.
on() {
    local cpu=$1
    shift
    if [[ $cpu == native ]]; then
        "$bin" "$@" 2> >(grep -v '^note: ' >&2)
    else
        qemu-x86_64 -cpu "$cpu" "$bin" "$@" 2> >(grep -v -e '^qemu-x86_64: warning: TCG' -e '^note: ' >&2)
    fi
}

# The runs, writing into folder $2 on CPU $1; JSON outputs without their wall-clock seconds.
runs() {
    local cpu=$1 dir=$2
    mkdir -p "$dir"
    on "$cpu" --version | sed -n 's/^kernels: //p' > "$dir/kernels"
    on "$cpu" train --data datasets/iris.csv --split 0.8 --hidden 8 --epochs 20 --seed 3 --out "$dir/relu64.json" > /dev/null
    on "$cpu" train --data datasets/iris.csv --split 0.8 --hidden 16 --epochs 20 --precision float32 --activation tanh \
        --optimizer adam --lr 0.01 --batch 8 --out "$dir/tanh32.json" > /dev/null
    on "$cpu" sharpness --model "$dir/relu64.json" --data datasets/iris.csv --k 2 --json | sed 's/"seconds": *[0-9.e+-]*//' > "$dir/sharpness.json"
    on "$cpu" plane --model "$dir/tanh32.json" --data datasets/iris.csv --grid 5 --json | sed 's/"seconds": *[0-9.e+-]*//' > "$dir/plane.json"
}

runs native "$work/native"
native=$(cat "$work/native/kernels")
failed=0
for cpu in Nehalem Haswell; do
    runs "$cpu" "$work/$cpu"
    want=$([[ $cpu == Nehalem ]] && echo portable || echo avx2)
    got=$(cat "$work/$cpu/kernels")
    if [[ $got != "$want" ]]; then
        echo "check-cpus: on $cpu the binary chose the $got kernels, not $want"
        failed=1
    fi
    for file in relu64.json tanh32.json sharpness.json plane.json; do
        if ! cmp -s "$work/native/$file" "$work/$cpu/$file"; then
            echo "check-cpus: $file on $cpu ($got kernels) differs from this machine's ($native kernels)"
            failed=1
        fi
    done
    [[ $failed == 0 ]] && echo "$cpu: $got kernels; models, sharpness and plane identical to this machine's ($native kernels)"
done
if LANDSCAPE_KERNELS=avx2 on Nehalem --version > "$work/refused.out" 2> "$work/refused.err"; then
    echo "check-cpus: the avx2 kernels were not refused on a Nehalem"
    failed=1
elif [[ $? != 2 || $(cat "$work/refused.err") != "error: LANDSCAPE_KERNELS=avx2: this CPU cannot run the avx2 kernels" ]]; then
    echo "check-cpus: the refusal on a Nehalem was not one line and exit 2: $(cat "$work/refused.err")"
    failed=1
else
    echo "Nehalem: LANDSCAPE_KERNELS=avx2 refused with exit 2"
fi
exit $failed
