#!/usr/bin/env bash
# make bench: the main job. For each kernel, boot it under QEMU, run the
# matrix with hmmbench, bring the results back, render the plots, and print
# the short table. Everything lands in results/runs/<run-id>/<kernel>/.
#
# Environment (the Makefile passes its variables through):
#   KERNELS  kernels to run (default "debian-6.1 debian-6.12")
#   MODE     tcg | icount | kvm | auto | sim (Makefile default: auto where
#            /dev/kvm exists, else icount; auto = KVM when guest-run.sh's
#            probe boot works, else icount, with the reason printed and
#            recorded; sim: icount plus the cache simulation, sim:* counters
#            and compare verdicts on sim:cycles, sim-plugin/README.md)
#   MATRIX   tiny | default | full | FILE (default default)
#   RUN_ID   name of the run directory (default: UTC date and git revision)
#   RUN_ARGS more 'hmmbench run' flags, e.g. "--samples 20"
#   TIMEOUT  seconds per guest (default 3600)
set -euo pipefail
cd "$(dirname "$0")/.." || exit 2

kernels=${KERNELS:-debian-6.1 debian-6.12}
mode=${MODE:-icount}
matrix=${MATRIX:-default}
timeout=${TIMEOUT:-3600}
rev=$(git rev-parse --short=12 HEAD 2>/dev/null || echo norev)
run_id=${RUN_ID:-$(date -u +%Y%m%dT%H%M%SZ)-$mode-$rev}
top=results/runs/$run_id
matrix_arg=$matrix

mkdir -p "$top" || exit 2
# A matrix file must be seen by the guest: copy it into the shared folder.
if [ -f "$matrix" ]; then
	cp "$matrix" "$top/matrix.txt" || exit 2
	matrix_arg=matrix.txt
fi

failed=0
results=()
started=$(date +%s)
for k in $kernels; do
	out=$top/$k
	mkdir -p "$out"
	[ -f "$top/matrix.txt" ] && cp "$top/matrix.txt" "$out/"
	echo "bench: $k ($mode, matrix $matrix) -> $out"
	rc=0
	bash runners/qemu/guest-run.sh --kernel "$k" --out "$out" --mode "$mode" \
		--timeout "$timeout" -- \
		"hmmbench run --matrix $matrix_arg --out results.json ${RUN_ARGS:-}" || rc=$?
	if [ ! -s "$out/results.json" ]; then
		echo "bench: $k produced no results (guest exit $rc); see $out/console.log" >&2
		failed=1
		continue
	fi
	[ "$rc" -eq 0 ] || { echo "bench: $k: guest exit $rc; its finished configurations are kept" >&2; failed=1; }
	runners/hmmbench plot "$out/results.json" --out "$out" >/dev/null || failed=1
	results+=("$out/results.json")
done

if [ ${#results[@]} -gt 0 ]; then
	echo
	# The table is for the reader; the exit code is the guests' and plots'.
	runners/hmmbench summary "${results[@]}" || echo "bench: the summary table failed" >&2
fi
echo
echo "bench: $(( $(date +%s) - started )) s; results and plots in $top/"
exit $failed
