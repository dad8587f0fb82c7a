#!/usr/bin/env bash
# 35-bench-tiny: the main job end to end on a small scale. runners/bench.sh
# (what make bench runs) boots one Debian kernel in icount mode with the
# tiny matrix; the results file must be complete (every configuration of
# the matrix either measured with all its samples or skipped with a reason)
# and valid against results/schema.json, and every plot must render as PNG
# and SVG. Guest files stay in results/runs/check-bench-tiny/.
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

kernel=${BENCH_KERNEL:-debian-6.12}
run=results/runs/check-bench-tiny
out=$run/$kernel

rm -rf "$run"
if KERNELS=$kernel MODE=icount MATRIX=tiny RUN_ID=check-bench-tiny bash runners/bench.sh \
	>build/check-logs/35-bench.log 2>&1; then
	ok "runners/bench.sh with the tiny matrix on $kernel"
else
	not_ok_log "runners/bench.sh with the tiny matrix on $kernel (build/check-logs/35-bench.log)" \
		build/check-logs/35-bench.log 20
fi
[ -s "$out/results.json" ] || { not_ok "$out/results.json exists"; finish; }

if /usr/bin/python3 tests/validate-results.py "$out/results.json"; then
	ok "results.json validates against results/schema.json"
else
	not_ok "results.json validates against results/schema.json"
fi

# Complete: configurations + skipped = the tiny matrix (2 ops x 2 formats x
# {4k 4K, 4k 2M, thp 2M} = 12, plus 4 thp-4K combinations dropped), each
# measured configuration with its 3 samples and no "incomplete" note.
if /usr/bin/python3 - "$out/results.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
its = [b for b in d["benchmarks"] if b["run_type"] == "iteration"]
skipped = d.get("skipped", [])
bad = [b["name"] for b in its if len(b["samples_ns"]) != 3
       or any("incomplete" in n for n in b.get("notes", []))]
print("  %d measured, %d skipped, %d incomplete" % (len(its), len(skipped), len(bad)))
sys.exit(0 if len(its) == 12 and len(skipped) == 4 and not bad
         and not d["context"].get("interrupted") else 1)
PY
then
	ok "every configuration of the tiny matrix finished with all its samples"
else
	not_ok "every configuration of the tiny matrix finished with all its samples"
fi

mode=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["context"]["mode"])' \
	"$out/results.json" || true)
check "the mode is recorded as qemu-icount (${mode:-none})" [ "$mode" = qemu-icount ]

plots=0 empty=0
for op in snapshot fault-unpopulated; do
	for name in ns-per-page-$op formats-$op; do
		for ext in png svg; do
			plots=$((plots + 1))
			[ -s "$out/$name.$ext" ] || { empty=$((empty + 1)); echo "  missing $out/$name.$ext"; }
		done
	done
done
if [ "$empty" -eq 0 ]; then ok "all $plots plots rendered (PNG and SVG)"; else not_ok "$empty of $plots plots missing"; fi
check "the summary table was printed" grep -q "median ns/page" build/check-logs/35-bench.log
finish
