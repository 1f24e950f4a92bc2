#!/usr/bin/env python3
"""Markdown table of landscape against the JAX and PyTorch peers, from scripts/bench-peers.sh runs.

Usage: python3 scripts/bench_table.py [RESULTS_DIR]   (default .bench)

Each cell is the median over runs of that run's best-of-3 time of one workload call. Ratios are
ours / peer, so below 1 means landscape is faster. GFLOP/s use the peers' FLOP model (matmuls
only) and are compared with the 1024^3 matmul rate measured in the same run.
"""
import glob
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers"))
import common  # noqa: E402

ORDER = ["train_b8", "train_b512", "grad", "hvp", "power", "plane"]
root = sys.argv[1] if len(sys.argv) > 1 else ".bench"
runs = sorted(glob.glob(os.path.join(root, "run*")))
if not runs:
    sys.exit(f"no runs in {root}")
rows = []
for run in runs:
    for path in glob.glob(os.path.join(run, "*.jsonl")):
        for line in open(path):
            if line.strip():
                rows.append(json.loads(line))


def median(select):
    values = [r["seconds"] for r in rows if select(r)]
    return statistics.median(values) if values else None


def fmt(seconds):
    if seconds is None:
        return "—"
    return f"{seconds * 1e3:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def ratio(a, b):
    return f"{a / b:.2f}" if a and b else "—"


def machine():
    """The CPU's model name and the vector flags that choose kernels, from /proc/cpuinfo."""
    try:
        info = open("/proc/cpuinfo").read()
    except OSError:
        return "CPU unknown (no /proc/cpuinfo)"
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    fields = {k.strip(): v.strip() for k, v in fields.items()}
    flags = set(fields.get("flags", "").split())
    vector = [f for f in ["avx2", "fma", "avx512f", "avx512dq", "avx512bw", "avx512vl"] if f in flags]
    return f"{fields.get('model name', 'CPU')}, {os.cpu_count()} cores, flags {' '.join(vector) or 'none of avx2, fma, avx512*'}"


flops = common.flops()
kernels = sorted({r["kernels"] for r in rows if r.get("peer") == "landscape" and "kernels" in r})
print(f"Machine: {machine()}; landscape kernels: {', '.join(kernels) or 'not recorded'}.\n")
print(f"Runs: {len(runs)}. Cell = median over runs of the best-of-3 time of one call.\n")
print("| dtype | workload | landscape | JAX fused | PyTorch eager | landscape / JAX | landscape / PyTorch | landscape GFLOP/s | of its matmul peak |")
print("|---|---|---|---|---|---|---|---|---|")
for dtype in ("float32", "float64"):
    peaks = [r["gflops"] for r in rows if r.get("peer") == "landscape" and r.get("workload") == "matmul" and r["dtype"] == dtype]
    peak = statistics.median(peaks) if peaks else None
    for w in ORDER:
        ours = median(lambda r: r.get("peer") == "landscape" and r["dtype"] == dtype and r["workload"] == w)
        jax = median(lambda r: r.get("peer") == "jax" and r["dtype"] == dtype and r["workload"] == w
                     and r.get("variant", "scan") == "scan")
        torch = median(lambda r: r.get("peer") == "torch" and r["dtype"] == dtype and r["workload"] == w
                       and r.get("variant", "loop") == "loop")
        rate = flops[w] / ours / 1e9 if ours else None
        gflops = f"{rate:.0f}" if rate else "—"
        share = f"{100 * rate / peak:.0f}%" if rate and peak else "—"
        print(f"| {dtype} | {w} | {fmt(ours)} | {fmt(jax)} | {fmt(torch)} | {ratio(ours, jax)} | {ratio(ours, torch)} | {gflops} | {share} |")

print("\nMatmul 1024³, GFLOP/s (median over runs):\n")
print("| library | float32 | float64 |")
print("|---|---|---|")
for lib, select in [("landscape", lambda r, d: r.get("peer") == "landscape" and r.get("workload") == "matmul" and r["dtype"] == d),
                    ("numpy (OpenBLAS)", lambda r, d: r.get("lib") == "numpy" and r["dtype"] == d),
                    ("jax.numpy", lambda r, d: r.get("lib") == "jax" and r["dtype"] == d),
                    ("torch", lambda r, d: r.get("lib") == "torch" and r["dtype"] == d)]:
    cells = []
    for d in ("float32", "float64"):
        values = [r["gflops"] for r in rows if select(r, d) and "gflops" in r]
        cells.append(f"{statistics.median(values):.0f}" if values else "—")
    print(f"| {lib} | {cells[0]} | {cells[1]} |")

for dtype in ("float32", "float64"):
    hvp = [r["hvp_over_grad"] for r in rows
           if r.get("peer") == "landscape" and r.get("workload") == "hvp" and r["dtype"] == dtype and "hvp_over_grad" in r]
    if hvp:
        print(f"\nlandscape hvp / grad time, {dtype}: {statistics.median(hvp):.2f}")
