#!/usr/bin/env bash
# The nightly history over 40 synthetic nights (tools/nightly-simulation.py:
# the committed A/A runs of results/sensitivity/, a +3% regression planted at
# night 10 and acknowledged before night 14, a -5% improvement on the 4k
# configurations at night 20 acknowledged before night 25), driven through
# the real 'hmmbench history' commands; no QEMU. icount: every night's
# verdict and exit code as planted. TCG: the false-alarm and detection rates
# are printed; results/nightly-simulation/README.md must match this run.
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

[ -x runners/hmmbench ] || make -s runner >/dev/null || { not_ok "build runners/hmmbench"; finish; }
work=$(mktemp -d /tmp/hmmbench-sim-check.XXXXXX)
trap 'rm -rf "$work"' EXIT

if nice python3 tools/nightly-simulation.py --readme "$work/README.md" \
	icount results/sensitivity/runs-icount tcg results/sensitivity/runs-tcg >"$work/out" 2>"$work/err"; then
	ok "40 nights simulated in icount and TCG noise"
else
	not_ok "simulation: $(tail -3 "$work/err")"
	finish
fi
grep -v '^summary: ' "$work/out"
sed -n 's/^summary: //p' "$work/out" >"$work/summary.json"

# Every icount night against the plan, by configuration and exit code.
python3 - "$work/summary.json" >"$work/checks" <<'PY' || true
import json, sys
s = json.load(open(sys.argv[1]))["icount"]
def want(night, name):
    if night == 1: return None
    if 10 <= night <= 13: return "regression"
    if 20 <= night <= 24 and "/4k/" in name: return "improvement"
    return "same"
for n in s["nights"]:
    night, got = n["night"], n["verdicts"]
    if night == 1:
        ok = not got and n["exit"] == 0
        print(("ok" if ok else "FAIL"), f"icount night 1: nothing to compare, exit 0 (got {got}, exit {n['exit']})")
        continue
    bad = {k: v for k, v in got.items() if v != want(night, k)}
    rc = 1 if 10 <= night <= 13 else 0
    ok = len(got) == 4 and not bad and n["exit"] == rc
    print(("ok" if ok else "FAIL"), f"icount night {night}: as planted, exit {rc}"
          + ("" if ok else f" (got exit {n['exit']}, wrong: {bad or got})"))
acks = s["acks"]
ok = (len(acks) == 2 and all(a["by"] == "simulation" and a["when"] and a["reason"] for a in acks)
      and [c["from"][:8] for c in acks[0]["configurations"]] == ["20260111"] * 4
      and sorted(c["name"] for c in acks[1]["configurations"]) ==
          ["fault-present/4k/2M/fixed/none", "snapshot/4k/2M/fixed/none"])
print(("ok" if ok else "FAIL"), "acks.json: two acks with who/when/why; the regression's baseline "
      "from night 10 on, the improvement's on the 4k configurations only")
t = json.load(open(sys.argv[1]))["tcg"]["rates"]
print(("ok" if t["quiet_trials"] == 130 and t["planted_trials"] == 26 else "FAIL"),
      f"tcg: {t['quiet_trials']} quiet and {t['planted_trials']} planted configuration-nights")
PY
while read -r word rest; do
	if [ "$word" = ok ]; then ok "$rest"; else not_ok "$rest"; fi
done <"$work/checks"
[ -s "$work/checks" ] || not_ok "the verdict checks ran"

if diff -u results/nightly-simulation/README.md "$work/README.md" >"$work/diff"; then
	ok "results/nightly-simulation/README.md matches this run"
else
	not_ok "results/nightly-simulation/README.md is stale: rerun the command at its top"
	head -20 "$work/diff"
fi
finish
