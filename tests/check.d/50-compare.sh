#!/usr/bin/env bash
# hmmbench compare, export, merge and history end to end, on synthetic
# results documents written by 'build/tests/test_compare --make' (the real
# results writer, seeded samples with a planted change): every exit code
# (0, 1, 2, 125), the refusals, the outputs parsed back, and a history of
# six nightly runs whose last one regressed.
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

hb=runners/hmmbench
mk=build/tests/test_compare
[ -x "$hb" ] || make -s runner >/dev/null || { not_ok "build $hb"; finish; }
[ -x "$mk" ] || make -s "$mk" >/dev/null || { not_ok "build $mk"; finish; }
py=/usr/bin/python3

work=$(mktemp -d /tmp/hmmbench-compare.XXXXXX)
trap 'rm -rf "$work"' EXIT

# expect_rc_out WANT NAME CMD...: expect_rc with CMD's output in $work/out
# and $work/err, which the checks after it read.
expect_rc_out() {
	local want=$1 name=$2
	shift 2
	expect_rc_logged "$want" "$name" "$work/out" "$work/err" "$@"
}

# Synthetic documents: 3 configurations, 30 samples, 1% noise, QEMU TCG.
if ! { $mk --make "$work/base.json" seed=1 &&
	$mk --make "$work/aa.json" seed=2 &&
	$mk --make "$work/reg.json" seed=3 shift=0.10 &&
	$mk --make "$work/imp.json" seed=4 shift=-0.10 &&
	$mk --make "$work/noisy-a.json" seed=5 noise=0.10 samples=6 &&
	$mk --make "$work/noisy-b.json" seed=6 noise=0.10 samples=6 shift=0.03 &&
	$mk --make "$work/icount.json" seed=7 mode=qemu-icount &&
	$mk --make "$work/cpu.json" seed=8 cpu="Intel Xeon" &&
	$mk --make "$work/abi.json" seed=9 abi=99 &&
	$mk --make "$work/drop.json" seed=10 drop=1 &&
	$mk --make "$work/kernel.json" seed=11 kernel=6.1.0-56-amd64; }; then
	not_ok "synthetic documents written"
	finish
fi
ok "synthetic documents written"

expect_rc_out 0 "A/A: no regression" $hb compare "$work/base.json" "$work/aa.json"
if grep -q "3 same" "$work/out"; then
	ok "A/A: 3 same"
else
	not_ok "A/A: 3 same"
fi
expect_rc_out 1 "planted 10% regression" $hb compare "$work/base.json" "$work/reg.json"
if grep -q "^regression .*snapshot/4k/2M/fixed/none" "$work/out"; then
	ok "the regressed configuration is named"
else
	not_ok "the regressed configuration is named"
fi
expect_rc_out 0 "planted 10% improvement" $hb compare "$work/base.json" "$work/imp.json"
expect_rc_out 125 "noisy overlap: unknown (bisect skip)" $hb compare "$work/noisy-a.json" "$work/noisy-b.json"
expect_rc_out 0 "different kernels are the point" $hb compare "$work/base.json" "$work/kernel.json"
if grep -q "kernel 6.1.0-56-amd64" "$work/out"; then
	ok "kernel shown"
else
	not_ok "kernel shown"
fi

# Refusals: exit 2 with a message naming the problem; --force warns instead.
expect_rc_out 2 "different modes refused" $hb compare "$work/base.json" "$work/icount.json"
if grep -q "different modes" "$work/err"; then
	ok "message names the modes"
else
	not_ok "message names the modes"
fi
expect_rc_out 0 "different modes forced" $hb compare "$work/base.json" "$work/icount.json" --force
if grep -q "warning: different modes" "$work/err"; then
	ok "forced: warning"
else
	not_ok "forced: warning"
fi
expect_rc_out 2 "different CPU refused" $hb compare "$work/base.json" "$work/cpu.json"
expect_rc_out 2 "different module ABI refused" $hb compare "$work/base.json" "$work/abi.json"
expect_rc_out 2 "different matrix refused" $hb compare "$work/base.json" "$work/drop.json"
expect_rc_out 0 "different matrix forced: intersection" $hb compare "$work/base.json" "$work/drop.json" --force
if grep -q "^2 configurations" "$work/out"; then
	ok "forced: 2 common configurations"
else
	not_ok "forced: 2 common configurations"
fi

# Usage and input errors.
echo '{"schema_version": 1' >"$work/broken.json"
expect_rc_out 2 "malformed file" $hb compare "$work/base.json" "$work/broken.json"
expect_rc_out 2 "missing file" $hb compare "$work/base.json" "$work/nonexistent.json"
expect_rc_out 2 "one file only" $hb compare "$work/base.json"
expect_rc_out 2 "bad --threshold" $hb compare "$work/base.json" "$work/aa.json" --threshold abc
expect_rc_out 2 "bad --alpha" $hb compare "$work/base.json" "$work/aa.json" --alpha 2
expect_rc_out 2 "bad --format" $hb compare "$work/base.json" "$work/aa.json" --format xml
expect_rc_out 2 "unknown flag" $hb compare "$work/base.json" "$work/aa.json" --frobnicate
# A threshold above the planted change turns it into "same".
expect_rc_out 0 "--threshold 20 absorbs 10%" $hb compare "$work/base.json" "$work/reg.json" --threshold 20
expect_rc_out 0 "--threshold=20 works like --threshold 20" $hb compare "$work/base.json" "$work/reg.json" --threshold=20

# Focus: --only globs restrict the verdict and the exit code.
expect_rc_out 0 "--only 'fault-*': the regressed snapshot is not judged" \
	$hb compare "$work/base.json" "$work/reg.json" --only 'fault-*'
if grep -q "1 configurations" "$work/out"; then ok "--only judged 1 configuration"
else not_ok "--only judged 1 configuration"; fi
expect_rc_out 1 "--only=snapshot/*/2M/*,fault-*: the regression is in focus" \
	$hb compare "$work/base.json" "$work/reg.json" --only='snapshot/*/2M/*,fault-*'
expect_rc_out 2 "--only with a pattern matching nothing" \
	$hb compare "$work/base.json" "$work/reg.json" --only 'snapshot/*,typo*'
if [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q "'typo\*'" "$work/err"; then
	ok "one line naming the pattern that matched nothing"
else
	not_ok "one line naming the pattern that matched nothing"
fi
# The changes come first, the full table last.
expect_rc_out 1 "table output" $hb compare "$work/base.json" "$work/reg.json"
if awk '/^changes \(/ { c = NR } /^geometric mean/ { g = NR } /^all configurations:/ { a = NR }
	END { exit !(c && g && a && c < g && g < a) }' "$work/out"; then
	ok "table: changes, then geometric means, then all configurations"
else
	not_ok "table: changes, then geometric means, then all configurations"
fi

# Outputs.
expect_rc_out 1 "markdown output" $hb compare "$work/base.json" "$work/reg.json" --format markdown --out "$work/r.md"
if grep -q "^| configuration |" "$work/r.md" && grep -q "regression" "$work/r.md"; then
	ok "markdown has the table"
else
	not_ok "markdown has the table"
fi
expect_rc_out 1 "json output" $hb compare "$work/base.json" "$work/reg.json" --format json --out "$work/r.json"
if $py -c '
import json, sys
r = json.load(open(sys.argv[1]))
assert r["summary"]["regression"] == 1 and r["summary"]["exit_code"] == 1, r["summary"]
c = r["configurations"][0]
assert c["verdict"] == "regression" and c["ratio_ci"][0] > 1.05, c
assert all(k in c for k in ("mwu_p", "ks_p", "parameters", "base_median", "new_median"))
' "$work/r.json"; then ok "json report parses and says regression"; else not_ok "json report parses"; fi

expect_rc_out 1 "csv output" $hb compare "$work/base.json" "$work/reg.json" --format csv --out "$work/r.csv"
if $py -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 3, len(rows)
reg = [r for r in rows if r["verdict"] == "regression"]
assert len(reg) == 1 and reg[0]["configuration"] == "snapshot/4k/2M/fixed/none", reg
assert float(reg[0]["ci_low_pct"]) > 5 and reg[0]["size"] == "2097152", reg
' "$work/r.csv"; then ok "csv parses, one regression with its CI"; else not_ok "csv parses"; fi

# Exports parse.
expect_rc_out 0 "export gbench" $hb export "$work/base.json" --format gbench --out "$work/g.json"
if $py -c '
import json, sys
g = json.load(open(sys.argv[1]))
ctx = g["context"]
for k in ("date", "host_name", "executable", "num_cpus", "mhz_per_cpu", "caches", "library_build_type"):
    assert k in ctx, k
it = [b for b in g["benchmarks"] if b["run_type"] == "iteration"]
ag = [b for b in g["benchmarks"] if b["run_type"] == "aggregate"]
assert len(it) == 90 and len(ag) == 12, (len(it), len(ag))
for b in g["benchmarks"]:
    for k in ("name", "run_name", "repetitions", "threads", "iterations", "real_time", "cpu_time", "time_unit"):
        assert k in b, k
' "$work/g.json"; then ok "gbench export parses (90 repetitions, 12 aggregates)"; else not_ok "gbench export parses"; fi
expect_rc_out 0 "export bmf" $hb export "$work/base.json" --format bmf --out "$work/b.json"
if $py -c '
import json, sys
b = json.load(open(sys.argv[1]))
assert len(b) == 3
for name, m in b.items():
    v = m["ns_per_page"]
    assert v["lower_value"] <= v["value"] <= v["upper_value"], (name, v)
' "$work/b.json"; then ok "bmf export parses, bounds around value"; else not_ok "bmf export parses"; fi
expect_rc_out 0 "export lava" $hb export "$work/base.json" --format lava
if [ "$(grep -cE '^lava-test-case [A-Za-z0-9_.-]+ --result pass --measurement [0-9]+\.[0-9]+ --units ns/page$' "$work/out")" -eq 3 ]; then
	ok "3 LAVA lines in LAVA's format"
else
	not_ok "LAVA lines"; cat "$work/out"
fi
expect_rc_out 2 "export: unknown format" $hb export "$work/base.json" --format csv

# Merge: pooled samples.
expect_rc_out 0 "merge" $hb merge "$work/base.json" "$work/aa.json" --out "$work/merged.json"
if $py -c '
import json, sys
m = json.load(open(sys.argv[1]))
it = [b for b in m["benchmarks"] if b["run_type"] == "iteration"]
assert len(it) == 3 and all(len(b["samples_ns"]) == 60 for b in it)
' "$work/merged.json"; then
	ok "merged: 60 samples per configuration"
else
	not_ok "merged samples"
fi
expect_rc_out 2 "merge refuses mixed modes" $hb merge "$work/base.json" "$work/icount.json" --out "$work/x.json"
expect_rc_out 2 "merge refuses two kernels" $hb merge "$work/base.json" "$work/kernel.json" --out "$work/x.json"
if [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q "kernel.json differs from .*base.json: kernel" "$work/err"; then
	ok "one line naming the file and the kernels"
else
	not_ok "one line naming the file and the kernels"
fi
expect_rc_out 0 "merge --force pools two kernels" $hb merge "$work/base.json" "$work/kernel.json" --force --out "$work/forced.json"
if $py -c '
import json, sys
ctx = json.load(open(sys.argv[1]))["context"]
files = [e["file"] for e in ctx["merged_from"]]
assert files[0].endswith("base.json") and files[1].endswith("kernel.json"), files
assert ctx["merged_from"][1]["kernel_release"] == "6.1.0-56-amd64", ctx["merged_from"]
assert all("seed" in e and "date" in e for e in ctx["merged_from"])
assert ctx["kernel"]["release"] is None, ctx["kernel"]
' "$work/forced.json" && /usr/bin/python3 tests/validate-results.py "$work/forced.json" results/schema.json >/dev/null; then
	ok "forced merge lists every input, claims no one kernel, validates"
else
	not_ok "forced merge lists every input, claims no one kernel, validates"
fi
expect_rc_out 0 "merge pools a subset of the configurations (ab's re-runs)" \
	$hb merge "$work/base.json" "$work/drop.json" --out "$work/x.json"

# History: six nightly runs, the last one 10% slower on one configuration.
hist=$work/history
add_night() { # add_night N MAKE-ARGS...: night N's run, made and added to the history.
	local n=$1
	shift
	if ! { $mk --make "$work/night$n.json" seed=$((100 + n)) date=$((1700000000 + n * 86400)) rev="n$n" "$@" >/dev/null &&
		$hb history "$hist" --add "$work/night$n.json" >/dev/null; }; then
		not_ok "history --add night $n"
	fi
}
for i in 1 2 3 4 5; do
	add_night "$i" shift=0
done
add_night 6 shift=0.10
expect_rc_out 2 "history --add twice refused" $hb history "$hist" --add "$work/night6.json"
series=$(ls "$hist")
runs=("$hist/$series"/*.json)
if [ "${#runs[@]}" -eq 6 ]; then
	ok "6 runs in one series ($series)"
else
	not_ok "6 runs in one series"
fi
expect_rc_out 1 "history: regression against the baseline" $hb history "$hist"
if grep -q "regression: snapshot/4k/2M/fixed/none" "$work/out"; then
	ok "history names the regression"
else
	not_ok "history names the regression"
fi
png=$hist/$series/trend/snapshot-4k-2M-fixed-none.png
if [ -s "$png" ]; then
	ok "trend plot written"
else
	not_ok "trend plot $png"
fi
if [ -s "$hist/$series/verdicts/$(basename "${runs[-1]}")" ]; then
	ok "verdict kept in verdicts/"
else
	not_ok "verdict kept in verdicts/"
fi
# The regressed run stays out of the baseline: a 7th normal run is not red.
add_night 7
rc=0
"$hb" history "$hist" --plot none >"$work/out" 2>&1 || rc=$?
if [ "$rc" -ne 1 ]; then
	ok "recovery run: not a regression (exit $rc)"
else
	not_ok "recovery run flagged as a regression"
fi
expect_rc_out 0 "history: first run of a series" $hb history "$work/empty-series" --add "$work/base.json"
expect_rc_out 0 "history: one run, nothing to compare" $hb history "$work/empty-series"
expect_rc_out 2 "history: missing directory" $hb history "$work/nonexistent"

# A kernel that moves every night stays in one named series; the mode and
# CPU may not move.
moving=$work/moving
for i in 1 2 3; do
	if ! { $mk --make "$work/moving$i.json" seed=$((200 + i)) date=$((1700000000 + i * 86400)) \
		rev=m$i kernel=6.13.0-rc$i >/dev/null &&
		$hb history "$moving" --add "$work/moving$i.json" --series nightly-mainline >/dev/null; }; then
		not_ok "history --add --series, run $i"
	fi
done
moved=("$moving"/*/*.json)
if [ "$(ls "$moving")" = nightly-mainline ] && [ "${#moved[@]}" -eq 3 ]; then
	ok "--series: three kernel releases in one series"
else
	not_ok "--series: $(ls -R "$moving")"
fi
expect_rc_out 0 "history --series judges a moving kernel" $hb history "$moving" --plot none
if grep -q "nightly-mainline: newest 20231117T221320Z-m3.json vs nightly-mainline/{20231115T221320Z-m1.json .. 20231116T221320Z-m2.json} (2 runs pooled)" "$work/out"; then
	ok "--series: the newest run is judged against the others"
else
	not_ok "--series: no judgement in: $(cat "$work/out")"
fi
$mk --make "$work/othercpu.json" seed=210 date=$((1700000000 + 9 * 86400)) rev=m9 cpu=other-cpu >/dev/null ||
	not_ok "a document from another CPU written"
expect_rc_out 2 "history --series refuses another CPU" $hb history "$moving" --add "$work/othercpu.json" \
	--series nightly-mainline
if grep -q "cpu_model" "$work/err"; then
	ok "--series: the refusal names cpu_model"
else
	not_ok "--series: refusal message: $(cat "$work/err")"
fi
expect_rc_out 2 "history --series .. refused" $hb history "$moving" --add "$work/moving1.json" --series ..

# A second series in the same history.
for i in 1 2 3; do
	$hb history "$hist" --add "$work/moving$i.json" --series mainline >/dev/null ||
		not_ok "history --add mainline run $i"
done
# A first judgement of the new series; its verdict is not the point here.
$hb history "$hist" --series mainline --plot none >/dev/null || true
expect_rc_out 0 "history --series mainline alone: only it is judged" $hb history "$hist" --series mainline --plot none
if grep -q "$series" "$work/out"; then
	not_ok "--series judged another series"
else
	ok "--series judges only that series"
fi

# Acknowledgements.
expect_rc_out 2 "ack without --reason" $hb history ack "$hist/mainline"
if grep -q -- "--reason TEXT is required" "$work/err"; then
	ok "ack: the message asks for a reason"
else
	not_ok "ack without reason: $(cat "$work/err")"
fi
expect_rc_out 2 "ack: a pattern matching nothing" $hb history ack "$hist/mainline" --config 'nothing/*' --reason x
expect_rc_out 2 "ack: no such series" $hb history ack "$hist/nonexistent" --reason x
add_night 8 shift=0.10
expect_rc_out 2 "ack before the newest run is judged" $hb history ack "$hist/$series" --reason x
# Night 8 regresses; --out with several series: one file, every series in it, the worst exit.
expect_rc_out 1 "history --out, two series: the worst exit" $hb history "$hist" --plot none \
	--format markdown --out "$work/two.md"
if [ "$(grep -c '^## Series' "$work/two.md")" -eq 2 ]; then
	ok "markdown --out names both series"
else
	not_ok "markdown --out: $(grep '^#' "$work/two.md")"
fi
expect_rc_out 1 "history --out json, two series" $hb history "$hist" --plot none --format json --out "$work/two.json"
if $py -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert d["hmmbench_history"] == 1 and d["exit_code"] == 1, d.get("exit_code")
assert sorted(s["series"] for s in d["series"])[0] == "mainline" and len(d["series"]) == 2
assert {s["exit_code"] for s in d["series"]} == {0, 1}, [s["exit_code"] for s in d["series"]]
' "$work/two.json"; then
	ok "json --out: both series with their exit codes"
else
	not_ok "json --out with two series"
fi
add_night 9 shift=0.10
expect_rc_out 1 "night 9: the regression is still reported" $hb history "$hist" --series "$series" --plot none
expect_rc_out 0 "ack the regression" $hb history ack "$hist/$series" --config 'snapshot/4k/*' \
	--reason "accepted in the test" --by tester
if grep -q "regression snapshot/4k/2M/fixed/none acknowledged on 20231123T221320Z-n9.json: baseline from 20231122T221320Z-n8.json on" "$work/out"; then
	ok "ack: the baseline starts at the first regressed run"
else
	not_ok "ack output: $(cat "$work/out")"
fi
if $py -c '
import json, sys
a = json.load(open(sys.argv[1]))["acks"][-1]
assert a["by"] == "tester" and a["reason"] == "accepted in the test" and a["when"].endswith("Z"), a
' "$hist/$series/acks.json"; then
	ok "acks.json: who, when, why"
else
	not_ok "acks.json"
fi
add_night 10 shift=0.10
expect_rc_out 0 "night 10 at the acknowledged level: not red" $hb history "$hist" --series "$series" --plot none

finish
