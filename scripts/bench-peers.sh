#!/usr/bin/env bash
# Times landscape and the JAX and PyTorch peers on the same workloads, one after another on this
# machine, and prints a markdown table of the ratios (see docs/performance.md).
#
#   scripts/bench-peers.sh            # RUNS=1; results in .bench/runN/
#   RUNS=3 scripts/bench-peers.sh     # the table takes the median of the runs
#
# Installs numpy, jax and torch (its CPU build) with pip when they are missing.
# Nothing else should run meanwhile: the machine's cores are the thing being measured.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-1}
OUT=${OUT:-.bench}

# torch's CPU build: the default wheel pulls gigabytes of CUDA libraries. Taken from a find-links
# folder that holds it (TORCH, default torch==2.13.0+cpu), else from PyTorch's CPU index.
python3 -c 'import numpy, jax' 2>/dev/null || python3 -m pip install --quiet numpy scipy jax
python3 -c 'import torch' 2>/dev/null || python3 -m pip install --quiet "${TORCH:-torch==2.13.0+cpu}" 2>/dev/null \
    || python3 -m pip install --quiet torch --index-url https://download.pytorch.org/whl/cpu
swift build -c release >&2
bin="$(swift build -c release --show-bin-path)/landscape"
fixtures=Tests/LandscapeTests/Fixtures/peers

rm -rf "$OUT"
for n in $(seq 1 "$RUNS"); do
  dir="$OUT/run$n"
  mkdir -p "$dir"
  echo "run $n: matmul peak" >&2
  python3 scripts/peers/numpy_peak.py --all > "$dir/matmul_peak.jsonl"
  for dtype in float32 float64; do
    echo "run $n: landscape $dtype" >&2
    "$bin" bench --precision "$dtype" --fixtures "$fixtures" --data datasets/digits.csv --json > "$dir/landscape_$dtype.jsonl"
    echo "run $n: jax $dtype" >&2
    python3 scripts/peers/jax_peer.py --dtype "$dtype" --data datasets/digits.csv > "$dir/jax_$dtype.jsonl" 2> "$dir/jax_$dtype.env"
    echo "run $n: torch $dtype" >&2
    python3 scripts/peers/torch_peer.py --dtype "$dtype" --data datasets/digits.csv > "$dir/torch_$dtype.jsonl" 2> "$dir/torch_$dtype.env"
  done
done
python3 scripts/bench_table.py "$OUT"
