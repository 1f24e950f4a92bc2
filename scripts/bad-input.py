#!/usr/bin/env python3
"""Runs the bad-input battery against a built `landscape` binary and counts what is handled.

The cases live in Tests/LandscapeTests/Fixtures/bad-inputs.json (the same list the Swift test
BadInputTests runs). Each case runs in a fresh folder holding the shared files and its own; it is
handled when the binary exits with status 2, prints nothing on stdout and exactly one line
`error: ...` on stderr containing the expected fragment, leaves the folder exactly as it was, and
finishes within the time limit. Anything else, a trap (a signal) above all, is reported.

    swift build -c release && scripts/bad-input.py            # the release binary
    scripts/bad-input.py --binary .build/debug/landscape -v   # another binary, every case listed
"""

import argparse
import concurrent.futures
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASES = os.path.join(ROOT, "Tests", "LandscapeTests", "Fixtures", "bad-inputs.json")


def expand(document):
    """The explicit cases followed by every matrix's command × input, as (id, args, files, expect, unless_root)."""
    cases = []
    for case in document["cases"]:
        cases.append((case["id"], case["args"], case.get("files", {}), case["expect"], case.get("unless_root", False)))
    for matrix in document["matrices"]:
        for index, command in enumerate(matrix["commands"]):
            for item in matrix["inputs"]:
                args = [a.replace("{}", item["value"]) for a in command]
                cases.append((f"{matrix['id']}-{item['id']}-{command[0]}-{index}", args, item.get("files", {}), item["expect"],
                              item.get("unless_root", False)))
    return cases


def content_bytes(spec):
    """The bytes of a file spec (a string, or an object with text, hex or repeat)."""
    if isinstance(spec, str):
        return spec.encode()
    if "text" in spec:
        return spec["text"].encode()
    if "hex" in spec:
        return bytes.fromhex(spec["hex"])
    return b"".join(piece.encode() * count for piece, count in spec["repeat"])


def create(folder, files):
    """Creates `files` in `folder`; modes are applied last, so a locked folder can still be filled."""
    modes = []
    for name, spec in files.items():
        path = os.path.join(folder, name)
        if isinstance(spec, dict) and spec.get("folder"):
            os.makedirs(path, exist_ok=True)
        elif isinstance(spec, dict) and "link" in spec:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            os.symlink(spec["link"], path)
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(content_bytes(spec))
        if isinstance(spec, dict) and "mode" in spec:
            modes.append((path, int(spec["mode"], 8)))
    for path, mode in modes:
        os.chmod(path, mode)


def snapshot(folder):
    """Every entry under `folder` with its kind, size, modification time and (when readable) bytes."""
    entries = {}
    for top, dirs, names in os.walk(folder):
        for name in dirs + names:
            path = os.path.join(top, name)
            info = os.lstat(path)
            data = None
            if os.path.isfile(path) and not os.path.islink(path) and os.access(path, os.R_OK):
                with open(path, "rb") as f:
                    data = f.read()
            entries[os.path.relpath(path, folder)] = (info.st_mode, info.st_size, info.st_mtime_ns, data)
    return entries


def permissions_bite():
    """Whether chmod keeps this user out (it does not for root)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "probe")
        with open(path, "w") as f:
            f.write("x")
        os.chmod(path, 0)
        try:
            open(path).close()
            return False
        except PermissionError:
            return True


def run(binary, shared, case, timeout):
    """Runs one case; returns None when it is handled, else what went wrong."""
    id, args, files, expect, _ = case
    folder = tempfile.mkdtemp(prefix="landscape-bad-input-")
    try:
        create(folder, shared)
        create(folder, files)
        before = snapshot(folder)
        try:
            result = subprocess.run([binary] + args, cwd=folder, capture_output=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            return f"did not finish within {timeout} s"
        stderr = result.stderr.decode(errors="replace")
        lines = stderr.splitlines()
        problems = []
        if result.returncode < 0:
            problems.append(f"killed by {signal.Signals(-result.returncode).name} (a trap)")
        elif result.returncode != 2:
            problems.append(f"exit status {result.returncode}")
        if len(lines) != 1 or not lines[0].startswith("error: "):
            problems.append(f"stderr is not one line 'error: ...': {stderr[:300]!r}")
        elif expect not in lines[0]:
            problems.append(f"message lacks {expect!r}: {lines[0][:300]!r}")
        if result.stdout:
            problems.append(f"stdout not empty: {result.stdout[:120]!r}")
        after = snapshot(folder)
        if after != before:
            changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            problems.append(f"files created or changed: {changed}")
        return "; ".join(problems) or None
    finally:
        for top, dirs, _ in os.walk(folder):
            for name in dirs:
                os.chmod(os.path.join(top, name), 0o755)
        shutil.rmtree(folder, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "landscape"))
    parser.add_argument("--cases", default=CASES)
    parser.add_argument("--jobs", "-j", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--timeout", type=float, default=60, help="seconds a case may take (default 60)")
    parser.add_argument("--only", help="run the cases whose id contains this text")
    parser.add_argument("--verbose", "-v", action="store_true", help="list every case")
    options = parser.parse_args()
    options.binary = os.path.abspath(options.binary)
    if not os.access(options.binary, os.X_OK):
        sys.exit(f"error: {options.binary} is not an executable (build it: swift build -c release)")
    with open(options.cases) as f:
        document = json.load(f)
    cases = [c for c in expand(document) if not options.only or options.only in c[0]]
    runnable = [c for c in cases if not c[4]]
    skipped = [c for c in cases if c[4]]
    if skipped and permissions_bite():
        runnable, skipped = cases, []
    failures = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=options.jobs) as pool:
        outcomes = pool.map(lambda c: (c, run(options.binary, document["files"], c, options.timeout)), runnable)
        for case, problem in outcomes:
            if problem:
                failures.append((case, problem))
                print(f"FAIL {case[0]}: {' '.join(case[1])[:200]}\n     {problem}")
            elif options.verbose:
                print(f"ok   {case[0]}")
    for case in skipped:
        print(f"skip {case[0]}: file permissions do not keep this user (root) out")
    handled = len(runnable) - len(failures)
    print(f"bad inputs tried: {len(runnable)}, handled: {handled}, failed: {len(failures)}, skipped: {len(skipped)}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
