#!/usr/bin/env python3
"""Barriers between pairs of minima against width, before and after aligning hidden units.

    scripts/symmetry-widths.py [--binary B] [--out docs/symmetry]

One `landscape study` over the widths trains seeds 1 to 6 at each width on the first 285 rows of
breast cancer (so all models share their rows and input transform) and keeps the models
(`--save-models`); then, for the seed pairs (1, 2), (3, 4), (5, 6), the script runs
`landscape interpolate --from A --to B` and the same with `--align weight` and with
`--align activation`, and collects the train and test barriers (Entezari et al.'s form). Prints a
Markdown table of the means over the pairs, writes widths.json with every number, and draws
widths.svg. docs/symmetry.md shows the result.
"""
import argparse
import json
import math
import os
import subprocess
import tempfile

WIDTHS = [4, 8, 16, 32, 64, 128, 256, 512]
PAIRS = [(1, 2), (3, 4), (5, 6)]
TRAIN = ["--data", "datasets/breast_cancer.csv", "--split", "file:285", "--epochs", "60", "--lr", "0.1"]
ALIGNMENTS = [None, "weight", "activation"]


def run(binary, args, cwd):
    out = subprocess.run([binary] + args, cwd=cwd, capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"landscape {' '.join(args)}: {out.stderr.strip()}")
    return out.stdout


def svg(rows, path):
    """A line plot of the mean train barrier against width (log axis), one line per alignment."""
    width, height, left, right, top, bottom = 720, 440, 70, 170, 40, 60
    xs = [math.log2(w) for w in WIDTHS]
    highest = max(r["train"][a] for r in rows for a in r["train"])
    step = next(s for s in [0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5] if highest / s <= 6)
    ticks = math.ceil(highest / step)
    top_value = ticks * step
    def px(x): return left + (x - xs[0]) / (xs[-1] - xs[0]) * (width - left - right)
    def py(y): return height - bottom - y / top_value * (height - top - bottom)
    colors = {"none": "#0072b2", "weight": "#d55e00", "activation": "#009e73"}
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="12">',
             f'<rect width="{width}" height="{height}" fill="white"/>',
             f'<text x="{width / 2 - 60}" y="22" font-size="14">Loss barrier between two minima against width</text>']
    for i in range(ticks + 1):
        y = step * i
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{py(y):.1f}" y2="{py(y):.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 8}" y="{py(y) + 4:.1f}" text-anchor="end">{y:.3g}</text>')
    for w, x in zip(WIDTHS, xs):
        parts.append(f'<text x="{px(x):.1f}" y="{height - bottom + 18}" text-anchor="middle">{w}</text>')
    parts.append(f'<text x="{(left + width - right) / 2:.1f}" y="{height - 18}" text-anchor="middle">hidden units (one tanh layer)</text>')
    parts.append(f'<text transform="translate(18,{(top + height - bottom) / 2:.1f}) rotate(-90)" text-anchor="middle">'
                 'train loss barrier, mean of 3 pairs</text>')
    for k, name in enumerate(["none", "weight", "activation"]):
        points = " ".join(f"{px(x):.1f},{py(r['train'][name]):.1f}" for x, r in zip(xs, rows))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colors[name]}" stroke-width="2"/>')
        for x, r in zip(xs, rows):
            parts.append(f'<circle cx="{px(x):.1f}" cy="{py(r["train"][name]):.1f}" r="3.5" fill="{colors[name]}"/>')
        label = {"none": "not aligned", "weight": "weight matching", "activation": "activation matching"}[name]
        y = top + 20 + 20 * k
        parts.append(f'<line x1="{width - right + 15}" x2="{width - right + 35}" y1="{y}" y2="{y}" stroke="{colors[name]}" stroke-width="2"/>')
        parts.append(f'<text x="{width - right + 40}" y="{y + 4}">{label}</text>')
    parts.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(parts) + "\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=".build/release/landscape")
    parser.add_argument("--out", default="docs/symmetry")
    options = parser.parse_args()
    binary = os.path.abspath(options.binary)
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    os.makedirs(options.out, exist_ok=True)
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        os.symlink(os.path.join(repo, "datasets"), os.path.join(scratch, "datasets"))
        os.mkdir(os.path.join(scratch, "models"))
        run(binary, ["study"] + TRAIN + ["--seed", "1", "--seeds", "6", "--vary", "hidden=" + ",".join(map(str, WIDTHS)),
                                         "--measures", "weight_norm", "--save-models", "models"], scratch)
        for w in WIDTHS:
            record = {"width": w, "pairs": []}
            for a, b in PAIRS:
                pair = {"seeds": [a, b]}
                for alignment in ALIGNMENTS:
                    args = ["interpolate", "--from", f"models/hidden-{w}-seed{a}.json", "--to", f"models/hidden-{w}-seed{b}.json",
                            "--data", "datasets/breast_cancer.csv",
                            "--split", "file:285", "--alphas", "0:1:25", "--json"]
                    if alignment:
                        args += ["--align", alignment]
                    result = json.loads(run(binary, args, scratch))
                    name = alignment or "none"
                    pair[name] = {"train_barrier": result["train_barrier"], "test_barrier": result["test_barrier"]}
                    if alignment:
                        pair[name]["distance_before"] = result["alignment"]["distance_before"]
                        pair[name]["distance_after"] = result["alignment"]["distance_after"]
                record["pairs"].append(pair)
            mean = lambda name, key: sum(p[name][key] for p in record["pairs"]) / len(PAIRS)
            record["train"] = {name: mean(name, "train_barrier") for name in ["none", "weight", "activation"]}
            record["test"] = {name: mean(name, "test_barrier") for name in ["none", "weight", "activation"]}
            record["distance"] = {"before": mean("weight", "distance_before"), "weight": mean("weight", "distance_after"),
                                  "activation": mean("activation", "distance_after")}
            rows.append(record)
            print(f"width {w}: done", flush=True)
    with open(os.path.join(options.out, "widths.json"), "w") as f:
        json.dump(rows, f, indent=1)
        f.write("\n")
    svg(rows, os.path.join(options.out, "widths.svg"))
    print("| width | distance: before → weight / activation | train barrier: none → weight / activation | test barrier: none → weight / activation |")
    print("|---|---|---|---|")
    for r in rows:
        d, t, s = r["distance"], r["train"], r["test"]
        print(f"| {r['width']} | {d['before']:.2f} → {d['weight']:.2f} / {d['activation']:.2f} | "
              f"{t['none']:.4f} → {t['weight']:.4f} / {t['activation']:.4f} | {s['none']:.4f} → {s['weight']:.4f} / {s['activation']:.4f} |")


if __name__ == "__main__":
    main()
