#!/usr/bin/env bash
# make sensitivity: measure what hmmbench's regression verdict can detect.
#
#   runners/sensitivity.sh [--modes "icount tcg"] [--kernel debian-6.12]
#       [--sizes "1 2 5 10 20 50 100 200"] [--base-runs N] [--inject-runs N]
#       [--ops LIST] [--kinds LIST] [--sizes-bytes LIST] [--samples N]
#       [--warmup N] [--rounds N] [--seed N] [--timeout SEC]
#       [--work DIR] [--out DIR] [--analyse-only]
#
# Per mode, ONE guest boot runs a small fixed matrix (default snapshot and
# fault-present, 4k and thp, 2M, fixed format, no write pattern, 30 samples
# in 3 rounds, warm-up 2, seed 20250131) N times with no injected cost
# (baselines, default 6) and M times (default 3) per injected size, in
# interleaved rounds (baseline, then the sizes, ascending in odd rounds and
# descending in even ones), setting the module parameter
# /sys/module/hmm_bench/parameters/inject_ns_per_page between runs. Then
# 'hmmbench sensitivity' compares every pair of baselines (A/A: false
# alarms) and every injected run against every baseline (detection), with
# compare's default threshold for the mode.
#
# Left in --out (default results/sensitivity): README.md (the tables, with
# mode, kernel, matrix, seed, date, wall time), sensitivity-<mode>.json, and
# runs-<mode>/ (the raw results documents, when all of them stay under
# 2 MB); the guest logs stay in --work (default build/sensitivity).
# --analyse-only boots nothing: it re-analyses the runs left in --work.
# Exit: 0, or 2 on bad usage or a guest that produced no results.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
hb=$top/runners/hmmbench

die() { echo "sensitivity: $*" >&2; exit 2; }

modes='icount tcg' kernel=debian-6.12 sizes='1 2 5 10 20 50 100 200' base_runs=6 inject_runs=3
ops=snapshot,fault-present kinds=4k,thp sizes_bytes=2M samples=30 warmup=2 rounds=3
seed=20250131 timeout=1800 work=$top/build/sensitivity out=$top/results/sensitivity
analyse_only=0
while [ $# -gt 0 ]; do
	case $1 in
	--modes) modes=${2-}; shift 2 ;;
	--kernel) kernel=${2-}; shift 2 ;;
	--sizes) sizes=${2-}; shift 2 ;;
	--base-runs) base_runs=${2-}; shift 2 ;;
	--inject-runs) inject_runs=${2-}; shift 2 ;;
	--ops) ops=${2-}; shift 2 ;;
	--kinds) kinds=${2-}; shift 2 ;;
	--sizes-bytes) sizes_bytes=${2-}; shift 2 ;;
	--samples) samples=${2-}; shift 2 ;;
	--warmup) warmup=${2-}; shift 2 ;;
	--rounds) rounds=${2-}; shift 2 ;;
	--seed) seed=${2-}; shift 2 ;;
	--timeout) timeout=${2-}; shift 2 ;;
	--work) work=${2-}; shift 2 ;;
	--out) out=${2-}; shift 2 ;;
	--analyse-only) analyse_only=1; shift ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done
for m in $modes; do
	case $m in icount | tcg) ;; *) die "--modes: '$m' is not icount or tcg" ;; esac
done
[ -n "$modes" ] || die "--modes is empty"
for n in $sizes "$base_runs" "$inject_runs" "$samples" "$warmup" "$rounds" "$seed" "$timeout"; do
	[[ $n =~ ^[0-9]+$ ]] || die "'$n' is not a number"
done
for s in $sizes; do
	{ [ "$s" -ge 1 ] && [ "$s" -le 100000 ]; } || die "--sizes: $s is outside 1..100000 ns/page"
done
[ "$base_runs" -ge 2 ] || die "--base-runs must be at least 2 (A/A needs a pair)"
[ -x "$hb" ] || die "$hb is not built (make runner)"
mkdir -p "$work" "$out" || die "cannot create $work or $out"

# The guest's job: the matrix and the runs, written into the shared folder.
write_job() {
	local dir=$1 r s order
	cat >"$dir/matrix.txt" <<-EOF
		# runners/sensitivity.sh
		ops      = $ops
		kinds    = $kinds
		sizes    = $sizes_bytes
		formats  = fixed
		patterns = none
		samples  = $samples
		warmup   = $warmup
		rounds   = $rounds
		seed     = $seed
	EOF
	{
		cat <<'JOB'
#!/bin/sh
# written by runners/sensitivity.sh
p=/sys/module/hmm_bench/parameters/inject_ns_per_page
[ -w $p ] || { echo "no $p: is hmm_bench loaded?"; exit 2; }
mkdir -p runs
# one: NAME INJECT: one run of the matrix with that injected cost
one() {
	echo $2 >$p || exit 2
	hmmbench run --matrix matrix.txt --out runs/$1.json --quiet --events none || exit 1
	echo "sensitivity job: $1 (inject $2 ns/page) done"
}
JOB
		for ((r = 1; r <= base_runs; r++)); do
			echo "one base-$r 0"
			[ "$r" -le "$inject_runs" ] || continue
			if [ $((r % 2)) -eq 1 ]; then order=$sizes; else order=$(tr ' ' '\n' <<<"$sizes" | sort -rn); fi
			for s in $order; do echo "one inject-$s-$r $s"; done
		done
		echo "echo 0 >\$p"
		echo 'hmmbench info | grep "injected cost"'
	} >"$dir/sensitivity-job.sh"
}

# boot MODE: one guest running the job in $work/MODE; 0 when it left runs.
boot() {
	local mode=$1 dir=$work/$1 rc
	rm -rf "$dir"
	mkdir -p "$dir" || die "cannot create $dir"
	write_job "$dir"
	echo "sensitivity: $mode: one $kernel boot, $((base_runs + inject_runs * $(wc -w <<<"$sizes"))) runs -> $dir"
	rc=0
	bash "$top/runners/qemu/guest-run.sh" --kernel "$kernel" --out "$dir" --mode "$mode" \
		--timeout "$timeout" -- "sh sensitivity-job.sh" >"$dir/guest-run.out" 2>&1 || rc=$?
	if [ "$rc" -ne 0 ] || ! ls "$dir"/runs/*.json >/dev/null 2>&1; then
		tail -5 "$dir/guest-run.out" >&2
		echo "sensitivity: $mode: the guest failed (exit $rc); see $dir" >&2
		return 1
	fi
}

# report MODE: analyse $work/MODE/runs; its section and summary line.
report() {
	local mode=$1 dir=$work/$1 runs wall
	runs=("$dir"/runs/*.json)
	[ -s "${runs[0]}" ] || { echo "sensitivity: $mode: no runs in $dir/runs" >&2; return 1; }
	"$hb" sensitivity "${runs[@]}" --markdown "$dir/sensitivity.md" \
		--json "$out/sensitivity-$mode.json" || return 1
	cat "$dir/sensitivity.md"
	wall=$(sed -n 's/^wall_s=//p' "$dir/guest-run.txt" 2>/dev/null || true)
	{
		echo "## $mode"
		echo
		echo "One boot, ${#runs[@]} runs; wall time of the boot (QEMU start to power-off): ${wall:-?} s."
		echo "Matrix file given to every run:"
		echo
		echo '```'
		grep -v '^#' "$dir/matrix.txt"
		echo '```'
		echo
		sed 's/^### /### /' "$dir/sensitivity.md"
		echo
	} >>"$sections"
	printf '| %s | %s | %s | %s s |\n' "$mode" \
		"$(sed -n 's/^\*\*False alarms (A\/A):\*\* \(.*\)\.$/\1/p' "$dir/sensitivity.md")" \
		"$(sed -n 's/^\*\*Smallest reliably detected injection:\*\* \(.*\)\.$/\1/p' "$dir/sensitivity.md")" \
		"${wall:-?}" >>"$summary"
	rm -rf "$out/runs-$mode"
	if [ "$(du -cb "${runs[@]}" | tail -1 | cut -f1)" -lt $((1024 * 1024)) ]; then
		mkdir -p "$out/runs-$mode" && cp "${runs[@]}" "$out/runs-$mode/"
	else
		echo "sensitivity: $mode: raw runs over 1 MB, kept in $dir/runs only" >&2
	fi
}

readme=$out/README.md.new sections=$out/README.sections.new summary=$out/README.summary.new
: >"$sections"
{
	echo "## Summary"
	echo
	echo "| mode | false alarms (A/A) | smallest reliably detected injection | boot wall time |"
	echo "| --- | --- | --- | ---: |"
} >"$summary"
started=$(date +%s)
status=0
for mode in $modes; do
	if [ "$analyse_only" = 0 ]; then
		boot "$mode" || { status=2; continue; }
	fi
	report "$mode" || status=2
done

{
	echo "# Measured sensitivity of the regression verdict"
	echo
	echo "Made by \`make sensitivity\` (runners/sensitivity.sh, then \`hmmbench sensitivity\`),"
	echo "analysed $(date -u +%Y-%m-%dT%H:%M:%SZ), hmmbench git $(git -C "$top" rev-parse --short=12 HEAD 2>/dev/null || echo unknown);"
	echo "guest kernel $kernel ($(cat "$top/.cache/kernels/$kernel/release" 2>/dev/null || echo '?'))."
	echo
	echo "**Method.** The module parameter \`inject_ns_per_page\` busy-waits a known"
	echo "number of ns per page inside every timed call (after \`hmm_range_fault()\` and"
	echo "the conversion pass; TSC-based \`udelay\`/\`ndelay\`, so guest ns under icount, host"
	echo "ns under TCG). One guest boot per mode runs a small matrix (below) several times"
	echo "with no injection (baselines, \`base-N\`) and a few times per injected size"
	echo "(\`inject-S-N\`), in interleaved rounds, with the same seed (same run order)."
	echo "Every pair of baselines is compared with \`hmmbench compare\`'s rules and the"
	echo "mode's default threshold (A/A: a regression or improvement verdict is a"
	echo "**false alarm**); every injected run is compared against every baseline"
	echo "(**detected** = a regression verdict). One trial = one configuration of one"
	echo "comparison. The **smallest reliably detected** injection is the smallest size"
	echo "detected in at least 95% of its trials, and every larger size measured too."
	echo "\"Injection / baseline median\" is the nominal injected cost relative to each"
	echo "configuration's baseline ns/page (range over the configurations); \"measured"
	echo "change\" is the median over trials of compare's median ratio − 1, \"measured added"
	echo "ns/page\" the median of the difference of the medians (the delay helpers cost a"
	echo "little more than asked)."
	echo
	echo "Files: \`sensitivity-<mode>.json\` (the report as JSON), \`runs-<mode>/\` (the results"
	echo "documents; re-analyse with \`hmmbench sensitivity runs-<mode>/*.json\`)."
	echo
	cat "$summary"
	echo
	# A hand-written reading of the numbers, kept across runs.
	[ -f "$out/NOTES.md" ] && { cat "$out/NOTES.md"; echo; }
	cat "$sections"
} >"$readme"
rm -f "$summary" "$sections"
if [ "$status" -eq 0 ]; then
	mv "$readme" "$out/README.md"
	echo "sensitivity: report in $out/README.md ($(( $(date +%s) - started )) s)"
else
	echo "sensitivity: a mode failed; $out/README.md left as it was (partial report: $readme)" >&2
fi
exit "$status"
