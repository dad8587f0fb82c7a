#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The step table of a 'hmmbench bisect' run: DIR/bisect.md and bisect.json.

Reads DIR/steps.tsv (label, commit, verdict, step directory or reason, one
line per measured step, written by bisect.sh) and each step's compare.json
(hmmbench compare --format json against GOOD).
"""
import json
import os
import subprocess
import sys


def subject(tree, commit):
    return subprocess.run(["git", "-C", tree, "log", "-1", "--format=%s", commit],
                          capture_output=True, text=True).stdout.strip()


def read_number(path):
    try:
        with open(path) as f:
            return int(f.read().strip())
    except (OSError, ValueError):
        return None


def main():
    out, tree = sys.argv[1], sys.argv[2]
    steps = []
    with open(os.path.join(out, "steps.tsv")) as f:
        for n, line in enumerate(f, 1):
            label, commit, verdict, where = (line.rstrip("\n").split("\t") + [""] * 4)[:4]
            step = {"step": n, "label": label, "commit": commit, "subject": subject(tree, commit),
                    "verdict": verdict, "configurations": []}
            if os.path.isdir(where):
                step["build_seconds"] = read_number(os.path.join(where, "build_seconds"))
                step["measure_seconds"] = read_number(os.path.join(where, "measure_seconds"))
                try:
                    with open(os.path.join(where, "compare.json")) as c:
                        for cfg in json.load(c)["configurations"]:
                            step["configurations"].append({k: cfg.get(k) for k in (
                                "name", "base_median", "new_median", "change_pct", "ratio_ci",
                                "verdict", "unit")})
                except (OSError, ValueError, KeyError):
                    pass
            else:
                step["reason"] = where
            steps.append(step)
    first_bad = None
    try:
        with open(os.path.join(out, "first-bad")) as f:
            first_bad = f.read().strip()
    except OSError:
        pass
    doc = {"tree": tree, "first_bad": first_bad,
           "first_bad_subject": subject(tree, first_bad) if first_bad else None, "steps": steps}
    with open(os.path.join(out, "bisect.json"), "w") as f:
        json.dump(doc, f, indent=1)

    lines = ["# hmmbench bisect", "", f"Tree: `{tree}`", ""]
    if first_bad:
        lines += [f"**First bad commit: `{first_bad[:12]}` {doc['first_bad_subject']}**", ""]
    lines += ["| step | commit | subject | configuration | ns/page | change vs good (95% CI) | verdict | build s | measure s |",
              "|---|---|---|---|---|---|---|---|---|"]
    for s in steps:
        cfgs = s["configurations"] or [None]
        for i, c in enumerate(cfgs):
            head = [str(s["step"]) + " " + s["label"], f"`{s['commit'][:12]}`", s["subject"]] if i == 0 else ["", "", ""]
            tail = [s["verdict"], str(s.get("build_seconds") or ""), str(s.get("measure_seconds") or "")] \
                if i == 0 else ["", "", ""]
            if c is None:
                mid = ["", "", s.get("reason", "") if s["label"] != "good" else "(the baseline)"]
            else:
                ci = c.get("ratio_ci") or [None, None]
                ci_txt = ("[%+.2f%%, %+.2f%%]" % ((ci[0] - 1) * 100, (ci[1] - 1) * 100)
                          if None not in ci else "")
                pct = "%+.2f%%" % c["change_pct"] if c.get("change_pct") is not None else "?"
                new = "%.2f" % c["new_median"] if c.get("new_median") is not None else "?"
                mid = [c["name"], new + (" (good %.2f)" % c["base_median"] if c.get("base_median") else ""),
                       f"{pct} {ci_txt}".strip() + f" {c.get('verdict', '')}"]
            lines.append("| " + " | ".join(head + mid + tail) + " |")
    lines.append("")
    with open(os.path.join(out, "bisect.md"), "w") as f:
        f.write("\n".join(lines))


if __name__ == "__main__":
    main()
