#!/usr/bin/env python3
"""Random command lines against a built `landscape` binary, checking the command contract.

Where scripts/fuzz.sh fuzzes one reader in process, this drives the whole tool: each run picks a
command, a few of its options (read from its --help) and values from a vocabulary of ordinary and
extreme ones (0, ±1e308, 5e-324, NaN, huge integers, empty text), the small files of the bad-input
battery, random datasets and random surface formulas. A run breaks the contract when it is killed by
a signal (a Swift runtime trap), exits with a status other than 0, 2 or 3, gives status 2 or 3
without exactly one line `error: ...` on stderr, leaves an output file after status 2, or prints
something other than one JSON object for --json. Such runs are listed; the exit status is 1 if any.

    swift build -c release && scripts/fuzz-cli.py --seconds 600
    scripts/fuzz-cli.py --binary .build/debug/landscape --seconds 60 --seed 3
"""

import argparse
import importlib.util
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BATTERY = os.path.join(ROOT, "Tests", "LandscapeTests", "Fixtures", "bad-inputs.json")


def load_bad_input():
    """scripts/bad-input.py as a module (its name has a dash), for its battery file writer `create`."""
    spec = importlib.util.spec_from_file_location("bad_input", os.path.join(ROOT, "scripts", "bad-input.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BAD_INPUT = load_bad_input()
OUTPUTS = ["out.txt", "out.csv", "out.svg", "out.json"]
NUMBERS = ["0", "1", "-1", "2", "3", "0.5", "0.01", "7", "100", "1e-3", "1e308", "-1e308", "1e-308", "5e-324", "1e15", "1e300",
           "-1e300", "1.0000000000000002", "nan", "inf", "", "x", "9223372036854775807", "99999999999999999999", "1e999"]
WORDS = ["sgd", "momentum", "nesterov", "adam", "adamw", "rmsprop", "newton", "adam,newton", "sam", "asam", "sam,asam", "tanh", "relu", "sigmoid", "gelu",
         "softplus", "identity", "none", "mse", "cross-entropy", "float32", "float64", "moons", "circles", "spirals", "blobs",
         "filter", "layer", "random", "zero", "copy", "normalize", "largest", "smallest", "lanczos", "power", "cosine",
         "warmup:3+cosine:0.001", "step:1:0.5", "cyclical:2:10", "constant", "file:1", "file:7", "0.5", "0.99", "grad,hvp"]
CLASSICS = ["bowl", "rosenbrock", "saddle", "himmelblau", "plateau", "ravine"]


def formula(random, depth=0):
    """A random formula in x and y, often with extreme constants."""
    r = random.random()
    if depth > 3 or r < 0.3:
        return random.choice(["x", "y", "pi", random.choice(NUMBERS[:18]) or "1"])
    if r < 0.45:
        return f"{random.choice(['exp', 'log', 'sin', 'cos', 'tanh', 'sqrt', 'abs'])}({formula(random, depth + 1)})"
    if r < 0.55:
        return "-" + formula(random, depth + 1)
    return f"({formula(random, depth + 1)}){random.choice('+-*/^')}({formula(random, depth + 1)})"


def dataset(random, path, regression):
    """A small random CSV data file, sometimes with extreme cells or labels."""
    rows, cols = random.randint(1, 7), random.randint(1, 3)
    cells = NUMBERS[:18]
    lines = [",".join([f"f{i}" for i in range(cols)] + ["label"])]
    for _ in range(rows):
        label = random.choice(cells) if regression else str(random.choice([0, 1, 1, 0, 2, 5, 65535]))
        lines.append(",".join([random.choice(cells) or "0" for _ in range(cols)] + [label]))
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")


def options(binary):
    """Each command's options (name, value placeholder or None), from its --help."""
    listing = subprocess.run([binary, "--help"], capture_output=True, text=True).stdout
    commands = [line.split()[0] for line in listing.splitlines() if line.startswith("  ")]
    table = {}
    for command in commands:
        text = subprocess.run([binary, command, "--help"], capture_output=True, text=True).stdout
        section = text.split("Options:")[1].split("Examples:")[0]
        found = [re.match(r"\s+(--[a-z0-9-]+)(?: (\S+))?", line) for line in section.splitlines()]
        table[command] = [(m.group(1), m.group(2)) for m in found if m and m.group(1) != "--help"]
    return table


def value(random, name, placeholder, files):
    """A value for option `name`: usually of the kind its placeholder asks for, sometimes anything."""
    if random.random() < 0.1:
        return random.choice(NUMBERS + WORDS + files)
    if name in ("--out", "--log", "--csv", "--svg"):
        return random.choice(OUTPUTS + ["nofolder/out.txt", "dir", ""])
    if placeholder in ("FILE", "DIR") or name in ("--model", "--data", "--test", "--from", "--to", "--init", "--vector", "--start", "--d1", "--d2"):
        if name == "--start" and placeholder != "FILE":
            return f"{random.choice(NUMBERS[:18]) or '0'},{random.choice(NUMBERS[:18]) or '0'}"
        return random.choice(files)
    if name == "--surface":
        return random.choice(CLASSICS) if random.random() < 0.4 else formula(random)
    if name in ("--at", "--start"):
        return f"{random.choice(NUMBERS[:18]) or '0'},{random.choice(NUMBERS[:18]) or '0'}"
    if name in ("--box", "--range"):
        ends = lambda: ":".join(sorted([random.choice(NUMBERS[:18]) or "0" for _ in range(2)], key=float))
        return f"{ends()},{ends()}"
    if name == "--through":
        return ",".join(random.choice(files) for _ in range(3))
    if name in ("--alphas", "--lr", "--noise", "--seed", "--hidden"):
        return ",".join(random.choice(NUMBERS[:12]) or "1" for _ in range(random.randint(1, 3)))
    if placeholder and "|" in placeholder and not placeholder.isupper() and random.random() < 0.7:
        return random.choice(placeholder.split("|"))  # one of the choices the help lists
    if placeholder and placeholder.isupper() and placeholder not in ("NAME", "KIND", "MODE", "END", "SPEC", "LIST"):
        return random.choice(NUMBERS)
    return random.choice(WORDS)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "landscape"))
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    parser.add_argument("--timeout", type=float, default=20, help="seconds one run may take before it is skipped (default 20)")
    options_given = parser.parse_args()
    binary = os.path.abspath(options_given.binary)
    if not os.access(binary, os.X_OK):
        sys.exit(f"error: {binary} is not an executable (build it: swift build -c release)")
    rng = random.Random(options_given.seed)
    table = options(binary)
    table.pop("bench", None)  # times fixed workloads for seconds; nothing random to feed it
    work = tempfile.mkdtemp(prefix="landscape-fuzz-cli-")
    with open(BATTERY) as f:
        shared = json.load(f)["files"]
    BAD_INPUT.create(work, shared)
    files = [name for name in shared] + ["random.csv", "missing.csv"]
    statuses, failures, runs, skipped = {}, [], 0, 0
    deadline = time.time() + options_given.seconds
    try:
        while time.time() < deadline:
            dataset(rng, os.path.join(work, "random.csv"), rng.random() < 0.3)
            command = rng.choice(sorted(table))
            args = [command]
            for name, placeholder in rng.sample(table[command], k=min(len(table[command]), rng.randint(0, 4))):
                args += [name] if placeholder is None else [name, value(rng, name, placeholder, files)]
            given = set(args)
            needs = {"--model": "model.json", "--data": rng.choice(["data.csv", "random.csv"]), "--surface": rng.choice(CLASSICS),
                     "--from": "model.json", "--to": "other.json", "--kind": "moons", "--vector": "vector.txt", "--at": "0.5,0.5"}
            for name, default in needs.items():
                if name in dict(table[command]) and name not in given and rng.random() < 0.85:
                    args += [name, default]
            if command == "train" and "--epochs" not in given and "--steps" not in given:
                args += ["--steps", "5"]
            if command == "train" and "--hidden" not in given:
                args += ["--hidden", "3"]
            for name in OUTPUTS:
                if os.path.exists(os.path.join(work, name)):
                    os.remove(os.path.join(work, name))
            try:
                result = subprocess.run([binary] + args, cwd=work, capture_output=True, timeout=options_given.timeout)
            except subprocess.TimeoutExpired:
                skipped += 1
                continue
            runs += 1
            statuses[result.returncode] = statuses.get(result.returncode, 0) + 1
            lines = result.stderr.decode(errors="replace").splitlines()
            problem = None
            if result.returncode < 0:
                problem = f"killed by {signal.Signals(-result.returncode).name} (a trap)"
            elif result.returncode not in (0, 2, 3):
                problem = f"exit status {result.returncode}"
            elif result.returncode != 0 and (len(lines) != 1 or not lines[0].startswith("error: ")):
                problem = "stderr is not one line 'error: ...'"
            elif result.returncode == 2 and any(os.path.exists(os.path.join(work, o)) for o in OUTPUTS):
                problem = "an output file was written although the command failed"
            elif result.returncode == 0 and "--json" in args:
                try:
                    json.loads(result.stdout)
                except ValueError:
                    problem = "--json output is not one JSON object"
            if problem:
                where = [line.strip() for line in lines if " at /" in line][:2]
                failures.append(problem)
                print(f"FAIL {problem}: landscape {' '.join(repr(a) if not a or ' ' in a else a for a in args)}")
                for line in where or lines[:2]:
                    print(f"     {line[:200]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    counts = ", ".join(f"{statuses[s]} × {s}" for s in sorted(statuses))
    print(f"fuzz-cli: {runs} command lines in {options_given.seconds:.0f} s (seed {options_given.seed}; exit statuses {counts};"
          f" {skipped} over the time limit), contract broken: {len(failures)}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
