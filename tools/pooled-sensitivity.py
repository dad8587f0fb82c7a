#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Sensitivity of compare on pooled runs, with and without the run guard.

usage: tools/pooled-sensitivity.py RUNS_DIR [INJECTED_SIZE ...]

RUNS_DIR is a 'make sensitivity' runs directory (results/sensitivity/runs-<mode>/:
base-1..6.json, inject-<size>-1..3.json). Every split of the six baselines
into two pools of three is compared (A/A: any regression or improvement is a
false alarm); every pool of three baselines is compared with the pool of the
three injected runs of each size (a regression is a detection). Each
comparison is made twice: as 'hmmbench merge' writes the pools (runs_samples
kept, so compare applies the between-run guard, results/VERDICT.md) and with
runs_samples removed (the samples treated as one run, the rule before the
guard). Prints one Markdown table.
"""
import itertools
import json
import os
import subprocess
import sys
import tempfile

HB = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "runners", "hmmbench")
VERDICTS = ("same", "unknown", "regression", "improvement")


def merge(paths, out):
    subprocess.run([HB, "merge", *paths, "--out", out], check=True, capture_output=True)


def unguarded(src, dst):
    doc = json.load(open(src))
    for b in doc["benchmarks"]:
        b.pop("runs_samples", None)
    json.dump(doc, open(dst, "w"))


def verdicts(base, new):
    r = subprocess.run([HB, "compare", base, new, "--format", "json"],
                       capture_output=True, text=True)
    if r.returncode not in (0, 1, 125):
        sys.exit("compare failed: " + r.stderr.strip())
    return [c["verdict"] for c in json.loads(r.stdout)["configurations"]]


def pools(tmp, name, paths):
    guarded, flat = f"{tmp}/{name}.json", f"{tmp}/{name}-flat.json"
    merge(paths, guarded)
    unguarded(guarded, flat)
    return {"guard": guarded, "no guard": flat}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__.strip().splitlines()[2])
    runs, sizes = sys.argv[1], sys.argv[2:]
    bases = [f"{runs}/base-{i}.json" for i in range(1, 7)]
    for p in bases:
        if not os.path.exists(p):
            sys.exit(f"{p}: missing (a 'make sensitivity' runs directory has base-1..6.json)")
    with tempfile.TemporaryDirectory() as tmp:
        triples = list(itertools.combinations(range(6), 3))
        pooled = {t: pools(tmp, "b" + "".join(map(str, t)), [bases[i] for i in t])
                  for t in triples}
        print("| comparison | rule | trials | same | unknown | regression | improvement |")
        print("|---|---|---:|---:|---:|---:|---:|")
        for rule in ("guard", "no guard"):
            count = dict.fromkeys(VERDICTS, 0)
            for a in triples:
                b = tuple(i for i in range(6) if i not in a)
                if a > b:
                    continue
                for v in verdicts(pooled[a][rule], pooled[b][rule]):
                    count[v] += 1
            n = sum(count.values())
            print(f"| A/A, 3 runs vs 3 | {rule} | {n} | " +
                  " | ".join(str(count[v]) for v in VERDICTS) + " |")
        for size in sizes:
            inj = pools(tmp, f"i{size}", [f"{runs}/inject-{size}-{i}.json" for i in (1, 2, 3)])
            for rule in ("guard", "no guard"):
                count = dict.fromkeys(VERDICTS, 0)
                for a in triples:
                    for v in verdicts(pooled[a][rule], inj[rule]):
                        count[v] += 1
                n = sum(count.values())
                print(f"| +{size} ns/page, 3 runs vs 3 | {rule} | {n} | " +
                      " | ".join(str(count[v]) for v in VERDICTS) + " |")


if __name__ == "__main__":
    main()
