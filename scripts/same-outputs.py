#!/usr/bin/env python3
"""Run the same command lines with two `landscape` binaries and check that every output is identical.

A regression tool for refactors: a refactor that changes no behaviour must leave every byte the
tool prints or writes as it was. This script runs a fixed list of cases (one command line each,
covering every command but bench and the main flags of each) first with BEFORE, then with AFTER,
and compares, case by case, the exit status, stdout and every file the case wrote, byte for byte.

    scripts/same-outputs.py BEFORE_BINARY AFTER_BINARY [--keep DIR] [--only SUBSTRING]

    swift build -c release && scripts/same-outputs.py /tmp/landscape-before .build/release/landscape

It reads datasets/ and Tests/LandscapeTests/Fixtures/ of the repository it sits in (found from the
script's own path, so it may be started from any folder; the usual place is the repository root).

Exit status: 0 when every case is identical, 1 when any differs (a short unified-diff excerpt of
the first differing lines is printed under the case), 2 on usage errors.

How the cases run. Each binary gets its own folder tree (in a temporary folder, or DIR/before and
DIR/after with --keep DIR, left in place for inspection). The tree starts with the same inputs:
datasets/ (iris.csv and wine.csv copied from the repository; iris-train.csv and iris-test.csv, a
fixed 120/30 split of iris, so that models trained with different seeds share one input
transform; digits300.csv, the first 300 rows of digits.csv; regression.csv, a small generated
regression set for --loss mse) and fixtures/ (Tests/LandscapeTests/Fixtures/peers/init_model.json
and Tests/LandscapeTests/Fixtures/study/wine-batch-size-baseline.json). Each case runs in a fresh
folder of its own name inside the tree (so relative output names work), with every path in its
command line relative, so that both trees see the same command lines; cases read files written by
earlier cases of the same binary as ../CASE/FILE (trained models, gradient vectors, a saved
baseline). compare-check-fixture runs in the tree's root, because the recorded study names
datasets/wine.csv. All cases run for BEFORE, then all for AFTER. The files a case wrote are the
files of the tree that it created or changed (anywhere in the tree); their contents are taken
right after the case, before a later case could change them. stdin is empty; stderr is not
compared (it holds progress lines and notes), except for the cases marked as expected to fail,
whose one-line error message is compared too. --only SUBSTRING runs the cases whose name holds
SUBSTRING, together with the earlier cases they read files from.

Masked fields: known differences that are not regressions, replaced by a placeholder in both
outputs before comparing; everything else is compared byte for byte.
  * Wall-clock times, which differ from run to run of the same binary:
      - the value of the "seconds" key in the stdout of `train --json`;
      - the time at the end of the first stdout line of text `train` ("trained ...: 50 epochs,
        200 steps, 0.0104 s");
      - the `seconds` column of a written CSV file whose header names one (`train --log`,
        `compare --csv`);
      - the `s/run` column of the tables in the stdout of text `compare` (also printed by
        `compare --check-baseline`).
  * The `training` member of the model files written by `train --out`: the refactor changes that
    record's layout on purpose. The model JSON is compared with that member cut out (the rest of
    the file byte for byte); whether the record itself differs is reported on the case's line
    ("training record differs") and in the summary, but does not count as a difference.

Output: one line per case, `same  NAME` or `DIFF  NAME: what differs`, then the summary
`N commands compared, M identical` and the wall time of all cases for each binary.
Python 3 standard library only.
"""

import argparse
import difflib
import json
import math
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASE_TIMEOUT = 120  # seconds; every case takes well under a second on a 2-core machine

IRIS = "../datasets/iris.csv"
IRIS_TRAIN = "../datasets/iris-train.csv"
IRIS_TEST = "../datasets/iris-test.csv"
WINE = "../datasets/wine.csv"
DIGITS = "../datasets/digits300.csv"
REGRESSION = "../datasets/regression.csv"
INIT = "../fixtures/init_model.json"
MODEL = "../train-iris/model.json"        # iris 4-16-3 tanh, seed 0
MODEL_B = "../train-iris-seed1/model.json"  # the same, seed 1
MODEL_C = "../train-iris-momentum/model.json"  # the same split and transform, momentum, seed 2
ON_IRIS = f"--model {MODEL} --data {IRIS_TRAIN}"
ON_DIGITS = f"--model {INIT} --data {DIGITS}"
IRIS_NET = f"--data {IRIS_TRAIN} --test {IRIS_TEST} --hidden 16"
STUDY = f"--data {IRIS} --split 0.8 --hidden 8 --batches 8,64 --epochs 8 --seeds 2"


class Case:
    def __init__(self, name, command, cwd=None, expect_fail=False):
        self.name = name
        self.command = command
        self.args = shlex.split(command)
        self.cwd = cwd if cwd is not None else name  # relative to the tree's root
        self.expect_fail = expect_fail  # then stderr is compared too

    @property
    def program(self):
        return self.args[0]

    def option(self, flag):
        """The value after `flag` in the command line, or None."""
        for i, arg in enumerate(self.args[:-1]):
            if arg == flag:
                return self.args[i + 1]
        return None


CASES = [
    # make-data: toy sets, to a file and to stdout
    Case("make-data-moons", "make-data --kind moons --count 200 --noise 0.1 --seed 1 --out moons.csv"),
    Case("make-data-spirals", "make-data --kind spirals --classes 3 --count 150 --noise 0.05 --seed 2"),
    Case("make-data-circles", "make-data --kind circles --count 100 --noise 0.2"),
    Case("make-data-blobs", "make-data --kind blobs --classes 4 --count 120 --seed 5 --out blobs.csv"),
    # train: the models later cases probe, optimizers, schedules and the other flags
    Case("train-iris", f"train {IRIS_NET} --batch 16 --epochs 40 --out model.json"),
    Case("train-iris-seed1", f"train {IRIS_NET} --batch 16 --epochs 40 --seed 1 --json --out model.json"),
    Case("train-iris-momentum", f"train {IRIS_NET} --batch 16 --epochs 30 --seed 2 --optimizer momentum --momentum 0.8 --lr 0.02 --out model.json"),
    Case("train-sgd-split", f"train --data {IRIS} --split 0.8 --hidden 16 --activation relu --epochs 30 --json"),
    Case("train-nesterov", f"train {IRIS_NET} --optimizer nesterov --lr 0.02 --weight-decay 0.001 --epochs 20 --json"),
    Case("train-adam", f"train {IRIS_NET} --optimizer adam --lr 0.01 --beta1 0.8 --epochs 30 --out model.json"),
    Case("train-adamw", f"train {IRIS_NET} --optimizer adamw --lr 0.01 --weight-decay 0.01 --schedule warmup:20+cosine --epochs 40 --json --out model.json"),
    Case("train-rmsprop", f"train {IRIS_NET} --optimizer rmsprop --lr 0.005 --beta2 0.9 --schedule step:10:0.5 --epochs 30 --json"),
    Case("train-newton", f"train {IRIS_NET.replace('--hidden 16', '--hidden 4')} --batch 120 --optimizer newton --lr 1 --epochs 5 --out model.json"),
    Case("train-newton-damping", f"train --data {IRIS} --split 0.8 --hidden 3 --batch 40 --optimizer newton --lr 0.5 --damping 0.1 --epochs 3 --json"),
    Case("train-steps-clip", f"train {IRIS_NET} --steps 150 --batch 8 --clip-norm 0.5 --schedule cyclical:20:0.2 --json"),
    Case("train-init", f"train --data {IRIS_TRAIN} --test {IRIS_TEST} --init {MODEL} --lr 0.01 --epochs 10 --out model.json"),
    Case("train-track-sharpness", f"train {IRIS_NET} --batch 16 --epochs 20 --track-sharpness 10 --log log.csv"),
    Case("train-no-standardize", f"train {IRIS_NET} --no-standardize --activation sigmoid --lr 0.1 --epochs 20 --json --out model.json"),
    Case("train-mse-gelu", f"train --data {REGRESSION} --split file:60 --loss mse --hidden 8 --activation gelu --lr 0.05 --batch 10 --epochs 30 --log log.csv --out model.json"),
    Case("train-float32", f"train {IRIS_NET} --precision float32 --optimizer adam --lr 0.01 --schedule cosine:0.001 --epochs 20 --json --out model.json"),
    Case("train-wine-2layer", f"train --data {WINE} --split 0.7 --hidden 16,16 --activation softplus --epochs 10 --seed 3 --log log.csv"),
    Case("train-moons", "train --data ../make-data-moons/moons.csv --split 0.75 --hidden 8,8 --activation relu --schedule warmup:10 --epochs 20 --json"),
    Case("train-digits-init", f"train --data {DIGITS} --split file:240 --init {INIT} --batch 32 --epochs 2 --out model.json"),
    Case("train-checkpoint", f"train {IRIS_NET} --optimizer adam --lr 0.01 --epochs 10 --checkpoint ck.json --checkpoint-every 7 --json"),
    Case("train-resume", f"train {IRIS_NET} --optimizer adam --lr 0.01 --epochs 10 --resume ../train-checkpoint/ck.json --json --out model.json"),
    Case("train-threads1", f"train {IRIS_NET} --threads 1 --epochs 10 --json"),
    Case("train-diverges", f"train {IRIS_NET} --activation relu --lr 1e300 --epochs 5 --out model.json", expect_fail=True),
    # compare: the batch-size study
    Case("compare-epochs", f"compare {STUDY}"),
    Case("compare-steps", f"compare {STUDY} --match steps --json"),
    Case("compare-loss", f"compare {STUDY} --match loss --json"),
    Case("compare-linear-float32", f"compare {STUDY} --lr 0.02 --lr-scaling linear --train-precision float32 --json"),
    Case("compare-adam-lrs", f"compare {STUDY} --lr 0.01,0.02 --optimizer adam --schedule cosine --clip-norm 1"),
    Case("compare-files", f"compare {STUDY} --track-sharpness 10 --csv runs.csv --svg study.svg --trace-svg trace.svg"),
    Case("compare-save-baseline", f"compare --data {WINE} --split 0.7 --hidden 8 --batches 8,128 --epochs 5 --seeds 2 --save-baseline gap.json --json"),
    Case("compare-check-saved", "compare --check-baseline ../compare-save-baseline/gap.json"),
    Case("compare-check-fixture", "compare --check-baseline fixtures/wine-batch-size-baseline.json", cwd="."),
    # eval, grad, hvp, hessian
    Case("eval-iris", f"eval {ON_IRIS}"),
    Case("eval-iris-float32", f"eval --model {MODEL} --data {IRIS_TEST} --precision float32 --json"),
    Case("eval-digits", f"eval {ON_DIGITS} --json"),
    Case("eval-regression", f"eval --model ../train-mse-gelu/model.json --data {REGRESSION}"),
    Case("grad-iris", f"grad {ON_IRIS} --out grad.txt"),
    Case("grad-iris-float32", f"grad {ON_IRIS} --precision float32 --json"),
    Case("grad-digits", f"grad {ON_DIGITS} --out grad.txt --json"),
    Case("hvp-iris", f"hvp {ON_IRIS} --vector ../grad-iris/grad.txt --out hv.txt"),
    Case("hvp-iris-float32", f"hvp {ON_IRIS} --vector ../grad-iris/grad.txt --precision float32 --json"),
    Case("hvp-digits", f"hvp {ON_DIGITS} --vector ../grad-digits/grad.txt --json"),
    Case("hessian-iris", f"hessian {ON_IRIS} --out eigenvalues.txt"),
    Case("hessian-iris-json", f"hessian {ON_IRIS} --json"),
    Case("hessian-newton-float32", f"hessian --model ../train-newton/model.json --data {IRIS_TRAIN} --precision float32"),
    # sharpness, epsilon-sharpness, trace, density
    Case("sharpness-lanczos-k3", f"sharpness {ON_IRIS} --k 3"),
    Case("sharpness-power", f"sharpness {ON_IRIS} --method power --max-iters 300 --json"),
    Case("sharpness-smallest", f"sharpness {ON_IRIS} --which smallest --json"),
    Case("sharpness-power-start", f"sharpness {ON_IRIS} --method power --max-iters 20 --tol 0 --start ../grad-iris/grad.txt"),
    Case("sharpness-digits-k3", f"sharpness {ON_DIGITS} --k 3 --json"),
    Case("sharpness-digits-float32", f"sharpness {ON_DIGITS} --precision float32 --seed 4"),
    Case("sharpness-digits-threads1", f"sharpness {ON_DIGITS} --threads 1 --max-iters 30 --json"),
    Case("epsilon-sharpness-iris", f"epsilon-sharpness {ON_IRIS}"),
    Case("epsilon-sharpness-digits", f"epsilon-sharpness {ON_DIGITS} --epsilon 5e-4 --max-iters 10 --json"),
    Case("trace-iris", f"trace {ON_IRIS} --samples 50 --seed 3"),
    Case("trace-digits", f"trace {ON_DIGITS} --samples 8 --json"),
    Case("density-iris", f"density {ON_IRIS} --steps 30 --points 200 --csv density.csv --svg density.svg"),
    Case("density-digits", f"density {ON_DIGITS} --probes 2 --steps 15 --points 100 --width 0.01 --precision float32 --json"),
    # interpolate and plane
    Case("interpolate-seeds", f"interpolate --from {MODEL} --to {MODEL_B} --data {IRIS_TRAIN} --test {IRIS_TEST} --alphas 0:1:11 --csv path.csv --svg path.svg"),
    Case("interpolate-default", f"interpolate --from {MODEL} --to {MODEL_B} --data {IRIS_TRAIN} --json"),
    Case("interpolate-float32", f"interpolate --from {MODEL} --to ../train-adam/model.json --data {IRIS_TRAIN} --alphas 0,0.25,0.5,0.75,1 --precision float32"),
    Case("plane-filter", f"plane {ON_IRIS} --grid 7 --csv plane.csv --svg plane.svg"),
    Case("plane-layer", f"plane {ON_IRIS} --directions layer --grid 5 --range -0.5:0.5 --seed 3 --json"),
    Case("plane-random", f"plane {ON_IRIS} --directions random --bias copy --grid 5 --range -1:1,-0.5:0.5"),
    Case("plane-vectors", f"plane {ON_IRIS} --d1 ../grad-iris/grad.txt --d2 ../hvp-iris/hv.txt --grid 5 --json"),
    Case("plane-through", f"plane --through {MODEL},{MODEL_B},{MODEL_C} --data {IRIS_TRAIN} --grid 7 --csv through.csv --svg through.svg"),
    Case("plane-digits-float32", f"plane {ON_DIGITS} --grid 3 --precision float32 --json"),
    # descend, classify, critical: the 2-D surfaces
    Case("descend-rosenbrock", "descend --surface rosenbrock --optimizer sgd,momentum,adam,newton --lr 0.001,0.001,0.02,1 --steps 1000 --csv paths.csv --svg paths.svg"),
    Case("descend-rosenbrock-more", "descend --surface rosenbrock --optimizer nesterov,rmsprop,adamw --lr 0.001,0.01,0.02 --weight-decay 0.001 --schedule warmup:50+cosine --clip-norm 10 --steps 500 --json"),
    Case("descend-bowl", "descend --surface bowl --condition 100 --optimizer sgd,momentum --lr 0.0198,0.033 --momentum 0.67 --steps 1000"),
    Case("descend-himmelblau-noise", "descend --surface himmelblau --optimizer sgd,sgd,sgd --lr 0.01 --noise 0,3,3 --seed 0,0,1 --schedule cosine --steps 500 --svg basins.svg"),
    Case("descend-formula", "descend --surface \"x^2 - y^2\" --start 0.05,0.05 --optimizer sgd --lr 0.1 --steps 30 --json"),
    Case("descend-formula-float32", "descend --surface (1-x)^2+100*(y-x^2)^2 --start -1,1 --optimizer adam,newton --lr 0.05,1 --damping 0.01 --steps 300 --box -2:2,-1:3 --precision float32 --csv paths.csv --svg paths.svg"),
    Case("descend-ravine", "descend --surface ravine --optimizer sgd,momentum,nesterov --steps 200 --tolerance 1e-4"),
    Case("classify-saddle", "classify --surface saddle --at 0.05,0.05"),
    Case("classify-formula", "classify --surface (x^2+y-11)^2+(x+y^2-7)^2 --at -0.270845,-0.923039 --json"),
    Case("classify-bowl-float32", "classify --surface bowl --condition 100 --at 0,0 --precision float32 --json"),
    Case("classify-rosenbrock", "classify --surface rosenbrock --at 1,1"),
    Case("critical-himmelblau", "critical --surface himmelblau --svg himmelblau.svg"),
    Case("critical-formula", "critical --surface sin(x)*cos(y) --box -3:3,-3:3 --grid 30 --json"),
    Case("critical-float32", "critical --surface saddle --grid 5 --precision float32"),
    # an error: exit status and the message are compared
    Case("eval-missing-model", f"eval --model missing.json --data {IRIS_TRAIN}", expect_fail=True),
]


# ---------------------------------------------------------------------------------------------
# inputs

def write_inputs(folder):
    """The inputs every tree starts with (see the docstring)."""
    datasets = os.path.join(folder, "datasets")
    fixtures = os.path.join(folder, "fixtures")
    os.makedirs(datasets)
    os.makedirs(fixtures)
    for name in ("iris.csv", "wine.csv"):
        shutil.copyfile(os.path.join(ROOT, "datasets", name), os.path.join(datasets, name))
    with open(os.path.join(ROOT, "datasets", "iris.csv"), "rb") as f:
        lines = f.read().splitlines(keepends=True)
    header, rows = lines[0], lines[1:]
    with open(os.path.join(datasets, "iris-train.csv"), "wb") as f:
        f.write(header + b"".join(r for i, r in enumerate(rows) if i % 5 != 4))
    with open(os.path.join(datasets, "iris-test.csv"), "wb") as f:
        f.write(header + b"".join(r for i, r in enumerate(rows) if i % 5 == 4))
    with open(os.path.join(ROOT, "datasets", "digits.csv"), "rb") as f:
        lines = f.read().splitlines(keepends=True)
    with open(os.path.join(datasets, "digits300.csv"), "wb") as f:
        f.write(b"".join(lines[:301]))
    with open(os.path.join(datasets, "regression.csv"), "w") as f:
        f.write("x1,x2,label\n")
        for i in range(80):
            a = (i % 9) / 4 - 1
            b = ((i * 7) % 11) / 5 - 1
            f.write(f"{a:.4f},{b:.4f},{math.sin(2 * a) + 0.5 * b * b:.6f}\n")
    shutil.copyfile(os.path.join(ROOT, "Tests", "LandscapeTests", "Fixtures", "peers", "init_model.json"),
                    os.path.join(fixtures, "init_model.json"))
    shutil.copyfile(os.path.join(ROOT, "Tests", "LandscapeTests", "Fixtures", "study", "wine-batch-size-baseline.json"),
                    os.path.join(fixtures, "wine-batch-size-baseline.json"))


# ---------------------------------------------------------------------------------------------
# running

def snapshot(tree):
    """path relative to the tree -> (size, mtime_ns, inode) of every file in it."""
    files = {}
    for folder, _, names in os.walk(tree):
        for name in names:
            path = os.path.join(folder, name)
            st = os.lstat(path)
            files[os.path.relpath(path, tree)] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return files


class Result:
    def __init__(self, status, stdout, stderr, files, removed, seconds):
        self.status = status      # exit status, "signal N" or "timeout"
        self.stdout = stdout
        self.stderr = stderr
        self.files = files        # relative path -> bytes, the files the case created or changed
        self.removed = removed    # files of the tree that the case removed
        self.seconds = seconds


def run_all(binary, tree, cases, label):
    """Run the cases in order in `tree` with `binary`; name -> Result, and the total wall time."""
    write_inputs(tree)
    results = {}
    total = 0.0
    for case in cases:
        cwd = os.path.normpath(os.path.join(tree, case.cwd))
        os.makedirs(cwd, exist_ok=True)
        before = snapshot(tree)
        start = time.monotonic()
        try:
            proc = subprocess.run([binary] + case.args, cwd=cwd, stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=CASE_TIMEOUT)
            status = proc.returncode if proc.returncode >= 0 else f"signal {-proc.returncode}"
            stdout, stderr = proc.stdout, proc.stderr
        except subprocess.TimeoutExpired as e:
            status, stdout, stderr = "timeout", e.stdout or b"", e.stderr or b""
        seconds = time.monotonic() - start
        total += seconds
        after = snapshot(tree)
        files = {}
        for path, stamp in sorted(after.items()):
            if before.get(path) != stamp:
                with open(os.path.join(tree, path), "rb") as f:
                    files[path] = f.read()
        removed = sorted(set(before) - set(after))
        results[case.name] = Result(status, stdout, stderr, files, removed, seconds)
        print(f"  {label} {case.name}: {seconds:.2f} s", file=sys.stderr)
    return results, total


# ---------------------------------------------------------------------------------------------
# masks

def mask_stdout(case, data):
    """Wall times in train's and compare's stdout (see the docstring)."""
    if case.program == "train":
        data = re.sub(rb'("seconds"\s*:\s*)[-+0-9.eE]+', rb'\1"<seconds>"', data)
        data = re.sub(rb"(?m)^(trained .*, )[-+0-9.eE]+ s$", rb"\1<seconds> s", data)
    elif case.program == "compare":
        data = mask_table_column(data, b"s/run")
    return data


def mask_table_column(data, title):
    """Replace the cells of the column `title` in the Markdown tables of `data`."""
    out = []
    column = None
    for line in data.split(b"\n"):
        if not line.startswith(b"|"):
            column = None
            out.append(line)
            continue
        cells = line.split(b"|")
        if column is None:  # a table's header row
            titles = [c.strip() for c in cells]
            column = titles.index(title) if title in titles else -1
        elif column > 0 and column < len(cells) and not set(cells[column].strip()) <= set(b":-"):
            cells[column] = b" <seconds> "
            line = b"|".join(cells)
        out.append(line)
    return b"\n".join(out)


def mask_csv_seconds(data):
    """Blank the `seconds` column of a CSV file whose header names one."""
    lines = data.split(b"\n")
    header = lines[0].rstrip(b"\r").split(b",")
    if b"seconds" not in header:
        return data
    column = header.index(b"seconds")
    for i in range(1, len(lines)):
        fields = lines[i].split(b",")
        if len(fields) == len(header) and fields[column]:
            fields[column] = b"<seconds>"
            lines[i] = b",".join(fields)
    return b"\n".join(lines)


def split_training_member(data):
    """A model file without its top-level "training" member (the rest byte for byte), and that member's text.

    Returns (data, None) when the file is not a JSON object with such a member.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return data, None
    decoder = json.JSONDecoder()
    ws = re.compile(r"\s*")
    i = ws.match(text, 0).end()
    if i >= len(text) or text[i] != "{":
        return data, None
    i += 1
    previous_end = i  # where the text after the previous member (or the brace) begins
    try:
        while True:
            i = ws.match(text, i).end()
            if text[i] == "}":
                return data, None
            key_start = i
            key, i = decoder.raw_decode(text, i)
            i = ws.match(text, i).end()
            if text[i] != ":":
                return data, None
            i = ws.match(text, i + 1).end()
            _, value_end = decoder.raw_decode(text, i)
            member = text[key_start:value_end]
            j = ws.match(text, value_end).end()
            if key == "training":
                if text[j] == ",":  # cut the member and the comma after it
                    k = ws.match(text, j + 1).end()
                    rest = text[:key_start] + text[k:]
                else:  # the last member: cut the comma before it
                    comma = text.rfind(",", previous_end - 1, key_start)
                    cut = comma if comma >= 0 else key_start
                    rest = text[:cut] + text[value_end:]
                return rest.encode("utf-8"), member
            if text[j] == ",":
                i = previous_end = j + 1
            else:
                return data, None
    except (ValueError, IndexError):
        return data, None


def model_outputs(case):
    """Paths (relative to the tree) of the model files that the case writes with train --out."""
    if case.program != "train" or case.option("--out") is None:
        return set()
    return {os.path.normpath(os.path.join(case.cwd, case.option("--out")))}


def masked_file(case, path, data):
    """The file's bytes as compared, and the training record if it is a train --out model."""
    record = None
    if path in model_outputs(case):
        data, record = split_training_member(data)
    if path.endswith(".csv"):
        data = mask_csv_seconds(data)
    return data, record


# ---------------------------------------------------------------------------------------------
# comparing

EXCERPT_LINES = 12  # lines of the first hunk shown per differing output
GROUP_LINES = 4  # of them, at most this many removed (and added) lines in a row
LINE_WIDTH = 160


def clip(line, column):
    """A diff line (its first character the marker) with at most LINE_WIDTH characters of text:
    a window around `column` of the text where it is longer."""
    marker, text = line[:1], line[1:]
    if len(text) <= LINE_WIDTH:
        return line
    start = max(0, min(column - LINE_WIDTH // 2, len(text) - LINE_WIDTH))
    return marker + ("…" if start > 0 else "") + text[start:start + LINE_WIDTH] + ("…" if start + LINE_WIDTH < len(text) else "")


def excerpt(a, b, what):
    """A short unified diff of the first differing lines of a and b (bytes)."""
    old = a.decode("utf-8", "replace").splitlines()
    new = b.decode("utf-8", "replace").splitlines()
    diff = list(difflib.unified_diff(old, new, f"before/{what}", f"after/{what}", n=1, lineterm=""))
    if not diff:  # they differ only in line endings or a final newline
        return [f"    {what}: same lines, different bytes (line endings or the final newline)"]
    # the column of the first difference between the first removed and the first added line
    first_old = next((d[1:] for d in diff[2:] if d.startswith("-")), "")
    first_new = next((d[1:] for d in diff[2:] if d.startswith("+")), "")
    column = next((k for k, (x, y) in enumerate(zip(first_old, first_new)) if x != y), min(len(first_old), len(first_new)))
    # the first hunk, with each run of removed or added lines cut to GROUP_LINES
    hunk_end = next((k for k in range(3, len(diff)) if diff[k].startswith("@@")), len(diff))
    shown, k = diff[:3], 3
    while k < hunk_end and len(shown) < 3 + EXCERPT_LINES:
        marker = diff[k][:1]
        run_end = k
        while run_end < hunk_end and diff[run_end][:1] == marker:
            run_end += 1
        limit = GROUP_LINES if marker in "-+" else 1
        shown += [clip(d, column) for d in diff[k:min(run_end, k + limit)]]
        if run_end - k > limit:
            shown.append(f"{marker}… ({run_end - k - limit} more lines)")
        k = run_end if marker in "-+" else k + 1
    if k < len(diff):
        changed = sum(1 for d in diff[k:] if d[:1] in "-+" and not d.startswith(("---", "+++")))
        shown.append(f"… ({changed} more changed lines)")
    return ["    " + line for line in shown]


def compare_case(case, before, after):
    """(differences, excerpt lines, notes) of one case."""
    differences, details, notes = [], [], []
    if before.status != after.status:
        differences.append("exit status")
        details.append(f"    exit status: before {before.status}, after {after.status}")
        for label, result in (("before", before), ("after", after)):
            lines = result.stderr.decode("utf-8", "replace").splitlines()
            if lines:
                details.append(f"    {label} stderr: {clip(' ' + lines[0], 0)[1:]}")
    a, b = mask_stdout(case, before.stdout), mask_stdout(case, after.stdout)
    if a != b:
        differences.append("stdout")
        details += excerpt(a, b, "stdout")
    if case.expect_fail and before.stderr != after.stderr:
        differences.append("stderr")
        details += excerpt(before.stderr, after.stderr, "stderr")
    for path in sorted(set(before.files) | set(after.files)):
        if path not in after.files:
            differences.append(f"{path} not written")
            details.append(f"    {path}: written by before only")
            continue
        if path not in before.files:
            differences.append(f"{path} new")
            details.append(f"    {path}: written by after only")
            continue
        a, record_a = masked_file(case, path, before.files[path])
        b, record_b = masked_file(case, path, after.files[path])
        if a != b:
            differences.append(path)
            details += excerpt(a, b, path)
        if record_a != record_b:
            notes.append(f"training record differs in {path}: reported, not a difference")
    if before.removed != after.removed:
        differences.append("removed files")
        details.append(f"    removed: before {before.removed}, after {after.removed}")
    if not case.expect_fail and before.status != 0:
        first = (before.stderr.decode("utf-8", "replace").splitlines() or [""])[0]
        notes.append(f"warning: BEFORE exited with {before.status} ({first}); the case may be broken")
    return differences, details, notes


# ---------------------------------------------------------------------------------------------

def with_dependencies(selected):
    """The selected cases and, before them, the earlier cases whose folders they read from."""
    names = {case.name for case in CASES}
    wanted = {case.name for case in selected}
    for case in reversed(CASES):
        if case.name in wanted:
            for token in re.split(r"[\s,]+", case.command):
                parts = token.split("/")
                if len(parts) > 2 and parts[0] == ".." and parts[1] in names:
                    wanted.add(parts[1])
                elif len(parts) > 1 and case.cwd == "." and parts[0] in names:
                    wanted.add(parts[0])
    return [case for case in CASES if case.name in wanted]


def executable(path, parser):
    found = path if os.sep in path else shutil.which(path)
    if not found or not os.path.isfile(found) or not os.access(found, os.X_OK):
        parser.error(f"{path}: not an executable file")
    return os.path.abspath(found)


def main():
    parser = argparse.ArgumentParser(
        description="Run the same command lines with two landscape binaries and report whether every output is byte-identical.")
    parser.add_argument("before", metavar="BEFORE_BINARY")
    parser.add_argument("after", metavar="AFTER_BINARY")
    parser.add_argument("--keep", metavar="DIR", help="keep the two folder trees in DIR/before and DIR/after (DIR must be new or empty)")
    parser.add_argument("--only", metavar="SUBSTRING", help="run only the cases whose name holds SUBSTRING (and the cases they read from)")
    args = parser.parse_args()
    before_binary = executable(args.before, parser)
    after_binary = executable(args.after, parser)
    if args.keep and os.path.exists(args.keep) and (not os.path.isdir(args.keep) or os.listdir(args.keep)):
        parser.error(f"--keep {args.keep}: exists and is not an empty folder")
    cases = CASES
    if args.only is not None:
        cases = with_dependencies([c for c in CASES if args.only in c.name])
        if not cases:
            parser.error(f"--only {args.only}: no case name holds it")

    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        work = os.path.abspath(args.keep)
    else:
        work = tempfile.mkdtemp(prefix="same-outputs-")
    try:
        print(f"running {len(cases)} cases with BEFORE {before_binary}", file=sys.stderr)
        results_before, seconds_before = run_all(before_binary, os.path.join(work, "before"), cases, "before")
        print(f"running {len(cases)} cases with AFTER {after_binary}", file=sys.stderr)
        results_after, seconds_after = run_all(after_binary, os.path.join(work, "after"), cases, "after")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    identical = 0
    records = 0
    for case in cases:
        differences, details, notes = compare_case(case, results_before[case.name], results_after[case.name])
        suffix = f"  ({'; '.join(notes)})" if notes else ""
        records += sum(1 for note in notes if note.startswith("training record"))
        if differences:
            print(f"DIFF  {case.name}: {', '.join(differences)}{suffix}")
            print(f"    $ landscape {case.command}")
            for line in details:
                print(line)
        else:
            identical += 1
            print(f"same  {case.name}{suffix}")
    print(f"{len(cases)} commands compared, {identical} identical")
    if records:
        print(f"{records} cases wrote a model whose training record differs (not counted as a difference)")
    print(f"wall time of the cases: before {seconds_before:.1f} s, after {seconds_after:.1f} s")
    if args.keep:
        print(f"trees kept in {os.path.join(work, 'before')} and {os.path.join(work, 'after')}")
    return 0 if identical == len(cases) else 1


if __name__ == "__main__":
    sys.exit(main())
