#!/usr/bin/env python3
"""Run the studies of docs/claims.md and print their tables.

    scripts/claims.py [--binary .build/release/landscape] [--only NAME] [--out docs/claims]

Each claim is one `landscape study` (the sharp-minimum claim first trains the minimum it starts
from). The JSON of each study and its figure go to --out (docs/claims by default, where
docs/claims.md links them); the tables docs/claims.md shows are printed on stdout as Markdown,
with the wall time of each study on stderr. Python 3 standard library only.
"""

import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATA = ["--data", "datasets/breast_cancer.csv", "--split", "0.5"]
BASE = DATA + ["--hidden", "32", "--epochs", "100", "--seeds", "5"]
FLATNESS = "sharpness,trace,pac_bayes_sigma,pac_bayes_sigma_magnitude,weight_norm"

# name: (arguments after `study`, figure option, columns of the table)
STUDIES = {
    "weight-decay": (BASE + ["--vary", "weight-decay=0,0.001,0.01,0.1", "--measures", FLATNESS], "--svg",
                     ["sharpness", "trace", "pac_bayes_sigma", "pac_bayes_sigma_magnitude", "weight_norm"]),
    "dropout": (BASE + ["--vary", "dropout=0,0.1,0.3,0.5", "--measures", FLATNESS], "--svg",
                ["sharpness", "trace", "pac_bayes_sigma", "pac_bayes_sigma_magnitude", "weight_norm"]),
    "sam": (BASE + ["--vary", "optimizer=sgd,sam", "--vary", "lr=0.05,0.2", "--rho", "0.1", "--match", "steps", "--measures", FLATNESS],
            "--svg", ["sharpness", "trace", "pac_bayes_sigma", "weight_norm"]),
    "batch": (BASE + ["--vary", "batch=4,16,64,285", "--measures", FLATNESS], "--svg",
              ["sharpness", "trace", "pac_bayes_sigma", "pac_bayes_sigma_magnitude", "weight_norm"]),
    "escape": (DATA + ["--init", "{out}/sharp-minimum.json", "--lr", "0.1", "--epochs", "50", "--seeds", "5", "--vary", "batch=4,16,64,285",
                       "--measures", "sharpness,trace,distance_from_init", "--track-sharpness", "50"], "--trace-svg",
               ["sharpness", "trace", "distance_from_init"]),
    "warmup": (DATA + ["--hidden", "32", "--batch", "285", "--loss", "mse", "--steps", "1000", "--seeds", "5",
                       "--vary", "lr=0.1,0.2,0.3,0.4,0.6", "--vary", "schedule=constant,warmup:200", "--measures", "sharpness",
                       "--track-sharpness", "25"], "--trace-svg", ["sharpness"]),
    "cyclical": (BASE + ["--vary", "schedule=constant,cyclical:90:0.2,cyclical:90:0.5", "--measures", "sharpness,trace,pac_bayes_sigma",
                         "--track-sharpness", "30"], "--trace-svg", ["sharpness", "trace", "pac_bayes_sigma"]),
    "cyclical-control": (BASE + ["--vary", "lr=0.125,0.275", "--measures", "sharpness,trace,pac_bayes_sigma"], "--svg",
                         ["sharpness", "trace", "pac_bayes_sigma"]),
    "init-scale": (BASE + ["--vary", "init-scale=0.25,0.5,1,2,4,8", "--measures", "sharpness,trace,distance_from_init",
                           "--track-sharpness", "100"], "--trace-svg", ["sharpness", "trace", "distance_from_init"]),
    "grid": (DATA + ["--epochs", "60", "--seeds", "5", "--vary", "batch=8,64", "--vary", "lr=0.02,0.1", "--vary", "weight-decay=0,0.01",
                     "--vary", "dropout=0,0.3", "--vary", "hidden=16,64", "--measures", "all"], "--svg", []),
}

# Trained before the escape study: full-batch gradient descent on mse at lr 0.1 (285 rows, one
# batch), which ends at the edge of stability, its sharpness near 2/lr = 20.
SHARP = DATA + ["--hidden", "32", "--loss", "mse", "--batch", "285", "--lr", "0.1", "--steps", "3000", "--seed", "0"]

LABELS = {"sharpness": "λ_max", "trace": "tr H", "pac_bayes_sigma": "PAC-Bayes σ", "pac_bayes_sigma_magnitude": "σ (magnitude-aware)",
          "weight_norm": "‖θ‖", "distance_from_init": "‖θ − θ₀‖", "epsilon_sharpness": "ε-sharpness", "spectral_norm_product": "∏‖W‖₂",
          "margin": "margin", "train_loss": "train loss", "test_loss": "test loss", "test_accuracy": "test acc", "gap_loss": "gap (loss)",
          "gap_accuracy": "gap (acc)"}


def number(x, digits=4):
    if x is None:
        return "—"
    return f"{x:.{digits}g}"


def cell(config, key):
    mean, sd = config["mean"].get(key), config["sd"].get(key)
    return "—" if mean is None else f"{number(mean)} ± {number(sd, 2)}"


def start(config):
    """Mean and sd of the sharpness at step 0 over the runs that tracked it."""
    values = [r["sharpness_trace"][0]["sharpness"] for r in config["runs"] if r.get("sharpness_trace")]
    if not values:
        return "—"
    mean = sum(values) / len(values)
    sd = (sum((v - mean) ** 2 for v in values) / (len(values) - 1)) ** 0.5 if len(values) > 1 else 0
    return f"{number(mean)} ± {number(sd, 2)}"


def table(result, columns):
    settings = list(result["configs"][0]["settings"].keys())
    keys = ["train_loss", "test_accuracy", "gap_loss", "gap_accuracy"] + columns
    tracked = any(r.get("sharpness_trace") for c in result["configs"] for r in c["runs"])
    titles = settings + ["diverged"] + (["λ_max at step 0"] if tracked else []) + [LABELS.get(k, k) for k in keys]
    lines = ["| " + " | ".join(titles) + " |", "|" + "---|" * len(settings) + "---:|" * (len(titles) - len(settings))]
    for config in result["configs"]:
        values = [v if isinstance(v, str) else f"{v:g}" for v in config["settings"].values()]
        cells = values + [str(config["diverged"])] + ([start(config)] if tracked else []) + [cell(config, k) for k in keys]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def differences(result, keys):
    """Paired differences against the first configuration: mean ± sd over seeds (seeds where positive / pairs)."""
    first = ", ".join(f"{k} {v if isinstance(v, str) else f'{v:g}'}" for k, v in result["configs"][0]["settings"].items())
    lines = [f"Paired differences against {first} (mean ± sd over the seeds, seeds where positive / pairs):", ""]
    for d, config in zip(result["differences"], result["configs"][1:]):
        name = ", ".join(f"{k} {v if isinstance(v, str) else f'{v:g}'}" for k, v in config["settings"].items())
        parts = []
        for k in keys:
            m = d["metrics"].get(k)
            if m:
                parts.append(f"{LABELS.get(k, k)} {m['mean']:+.3g} ± {m['sd']:.2g} ({m['positive']}/{m['pairs']})")
        lines.append(f"* {name}: " + "; ".join(parts))
    return "\n".join(lines)


def correlations(result):
    measures = list(result["correlations"].keys())
    granulated = result.get("granulated")
    header = ["measure", "τ gap (loss)", "τ gap (acc)", "runs"]
    settings = []
    if granulated:
        settings = list(granulated[measures[0]]["gap_loss"]["settings"].keys())
        header += [f"{s} (loss)" for s in settings] + ["Ψ (loss)", "Ψ (acc)"]
    lines = ["| " + " | ".join(header) + " |", "|---|" + "---:|" * (len(header) - 1)]
    for m in measures:
        c = result["correlations"][m]
        row = [LABELS.get(m, m), number(c["gap_loss"]["kendall_tau"], 3), number(c["gap_accuracy"]["kendall_tau"], 3), str(c["gap_loss"]["n_runs"])]
        if granulated:
            g = granulated[m]
            row += [number(g["gap_loss"]["settings"][s], 3) for s in settings]
            row += [number(g["gap_loss"]["mean"], 3), number(g["gap_accuracy"]["mean"], 3)]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/landscape"))
    parser.add_argument("--out", default=os.path.join(ROOT, "docs/claims"))
    parser.add_argument("--only", help="run the studies whose name holds this")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    out = os.path.relpath(args.out, ROOT)
    for name, (arguments, figure, columns) in STUDIES.items():
        if args.only and args.only not in name:
            continue
        if name == "escape":
            subprocess.run([args.binary, "train"] + SHARP + ["--out", f"{out}/sharp-minimum.json"], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL)
        command = [args.binary, "study"] + [a.replace("{out}", out) for a in arguments] + [figure, f"{out}/{name}.svg", "--json"]
        start = time.time()
        run = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        seconds = time.time() - start
        if run.returncode != 0:
            sys.exit(f"{name}: {run.stderr.strip()}")
        with open(os.path.join(args.out, f"{name}.json"), "w") as f:
            f.write(run.stdout)
        result = json.loads(run.stdout)
        runs = sum(len(c["runs"]) for c in result["configs"])
        print(f"{name}: {runs} runs in {seconds:.1f} s", file=sys.stderr)
        print(f"## {name}\n\n```sh\nlandscape study {' '.join(a.replace('{out}', out) for a in arguments)} {figure} {out}/{name}.svg\n```\n")
        if columns:
            print(table(result, columns) + "\n")
            print(differences(result, ["gap_loss", "gap_accuracy", "test_accuracy"] + columns[:2]) + "\n")
        print(correlations(result) + "\n")


if __name__ == "__main__":
    main()
