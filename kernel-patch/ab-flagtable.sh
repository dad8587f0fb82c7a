#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ab-flagtable.sh [--modes "icount tcg"] [--out DIR] [--batches N] [--budget-rounds R]
#                 [--measure-only | --report-only] [--remeasure]
#
# The flag-table verdict (make ab-flagtable). Per QEMU mode:
#
# 1. measure: runners/ab.sh boots the baseline (built-6.12, side A) and the
#    patched kernel (built-6.12-flagtable, side B) with the matrix
#    kernel-patch/flagtable.matrix, N boots a side in ABBA order (default:
#    1 in icount mode, which is deterministic; 2 in TCG mode, whose
#    boot-to-boot drift only several boots show), then re-runs the stock
#    configurations whose verdict is unknown (R extra A/B rounds, default
#    1). The baseline
#    cannot run table:<t>, so compare pairs only the stock formats (fixed,
#    convert:<t>): ab.sh gets compare's --force, and the unpaired table:
#    configurations are listed as "only in new".
#    Skipped when DIR/<mode>/B.json exists, unless --remeasure.
# 2. report: in DIR/<mode>/:
#    compare.{txt,md,json}   baseline-stock vs patched-stock (ab.sh)
#    formats.{md,json}       table:<t> vs convert:<t> on the patched kernel's
#                            whole-matrix boots (B/batch*, pooled into
#                            B-full.json when N > 1; hmmbench formats)
#    plots/                  hmmbench plot of that batch (fixed vs convert vs
#                            table per kind), of formats.json (table/convert)
#                            and of compare.json (baseline vs patched stock)
#    wall.txt                wall time of the measurement
#    peers/                  hmmbench peers on the patched kernel in this mode:
#                            peer cross-checks and figures (peers.json, job.log)
#
# Exit: 0 when every mode measured and reported, 1 when a step failed,
# 2 on bad usage. The verdict itself is in the reports, not the exit code.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
hb=$top/runners/hmmbench

die() { echo "ab-flagtable: $*" >&2; exit 2; }

modes="icount tcg" out=$top/results/flagtable budget_rounds=1 measure=1 report=1 remeasure=0
batches=
while [ $# -gt 0 ]; do
	case $1 in
	--modes) modes=${2-}; shift 2 ;;
	--out) out=${2-}; shift 2 ;;
	--budget-rounds) budget_rounds=${2-}; shift 2 ;;
	--batches) batches=${2-}; shift 2 ;;
	--measure-only) report=0; shift ;;
	--report-only) measure=0; shift ;;
	--remeasure) remeasure=1; shift ;;
	-h | --help) sed -n '4,33p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done
for m in $modes; do
	case $m in icount | tcg) ;; *) die "mode '$m' is neither icount nor tcg" ;; esac
done
[[ $budget_rounds =~ ^[0-9]+$ ]] || die "--budget-rounds must be a number, not '$budget_rounds'"
[ -z "$batches" ] || [[ $batches =~ ^[1-9][0-9]*$ ]] || die "--batches must be a positive number, not '$batches'"
[ -x "$hb" ] || die "$hb is not built (make runner)"
for k in built-6.12 built-6.12-flagtable; do
	[ -f "$top/.cache/kernels/$k/release" ] || die "kernel $k is not built (make kernel)"
	[ -f "$top/build/module/$k/hmm_bench.ko" ] || die "no build/module/$k/hmm_bench.ko (make build/module/$k/hmm_bench.ko)"
done

failed=0
step() {
	local what=$1
	shift
	if ! "$@"; then
		echo "ab-flagtable: $what failed" >&2
		failed=1
	fi
}

for m in $modes; do
	dir=$out/$m
	mkdir -p "$dir"
	if [ "$measure" = 1 ] && { [ "$remeasure" = 1 ] || [ ! -s "$dir/B.json" ]; }; then
		rm -rf "$dir/A" "$dir/B" "$dir/A.json" "$dir/B.json" "$dir/B-full.json"
		echo "ab-flagtable: $m: measuring built-6.12 (A) against built-6.12-flagtable (B)"
		t0=$(date +%s)
		n=$batches
		[ -n "$n" ] || { [ "$m" = icount ] && n=1 || n=2; }
		echo "$n" >"$dir/batches.txt"
		rc=0
		bash "$top/runners/ab.sh" --a built-6.12 --b built-6.12-flagtable --mode "$m" \
			--matrix "$top/kernel-patch/flagtable.matrix" --batches "$n" \
			--budget-rounds "$budget_rounds" --out "$dir" -- --force || rc=$?
		t1=$(date +%s)
		{
			echo "mode=$m"
			echo "wall_s=$((t1 - t0))"
			echo "ab_exit=$rc"
			for g in "$dir"/A/batch*/guest-run.txt "$dir"/B/batch*/guest-run.txt; do
				[ -f "$g" ] && echo "$(basename "$(dirname "$(dirname "$g")")")/$(basename "$(dirname "$g")") $(grep -E '^(kernel|wall_s|status)=' "$g" | tr '\n' ' ')"
			done
		} >"$dir/wall.txt"
		# 0 same, 1 regression, 125 unknown: all are verdicts; 2 is a failure.
		[ "$rc" -eq 2 ] && { echo "ab-flagtable: $m: ab.sh failed" >&2; failed=1; continue; }
	fi
	# Peer figures on the patched kernel, in the same mode (hmmbench peers).
	if [ "$measure" = 1 ] && { [ "$remeasure" = 1 ] || [ ! -s "$dir/peers/peers.json" ]; }; then
		echo "ab-flagtable: $m: hmmbench peers on built-6.12-flagtable -> $dir/peers"
		mkdir -p "$dir/peers"
		# shellcheck disable=SC2016 # expanded in the guest
		bash "$top/runners/qemu/guest-run.sh" --kernel built-6.12-flagtable --mode "$m" \
			--out "$dir/peers" -- \
			'for k in $(cat /lib/kmod/peers); do insmod /lib/kmod/$k.ko; done; hmmbench peers --out peers.json' \
			>"$dir/peers/guest-run.out" 2>&1 ||
			{ echo "ab-flagtable: $m: hmmbench peers failed, see $dir/peers" >&2; failed=1; }
	fi
	[ "$report" = 1 ] || continue
	if [ ! -s "$dir/A.json" ] || [ ! -s "$dir/B.json" ]; then
		echo "ab-flagtable: $m: no A.json/B.json in $dir" >&2
		failed=1
		continue
	fi
	# table:<t> against convert:<t> within the patched kernel's whole-matrix
	# boots, where both formats ran interleaved round by round. (B.json also
	# pools the re-runs of unknown stock configurations, which lack table:.)
	n=$(cat "$dir/batches.txt" 2>/dev/null || echo 1)
	full=()
	for b in "$dir"/B/batch*/; do
		[ -d "$b" ] && [ "${#full[@]}" -lt "$n" ] && full+=("${b}results.json")
	done
	if [ "${#full[@]}" -eq 0 ] || [ ! -s "${full[0]}" ]; then
		echo "ab-flagtable: $m: no patched batch in $dir/B" >&2
		failed=1
		continue
	fi
	patched=${full[0]}
	if [ "${#full[@]}" -gt 1 ]; then
		patched=$dir/B-full.json
		step "$m: pool the patched kernel's full batches" "$hb" merge "${full[@]}" --out "$patched"
	fi
	step "$m: formats (markdown)" "$hb" formats "$patched" --format markdown --out "$dir/formats.md"
	step "$m: formats (json)" "$hb" formats "$patched" --format json --out "$dir/formats.json"
	step "$m: plots of the patched kernel" "$hb" plot "$patched" --out "$dir/plots"
	step "$m: plot of table vs convert" "$hb" plot "$dir/formats.json" --out "$dir/plots"
	step "$m: plot of baseline vs patched stock" "$hb" plot "$dir/compare.json" --out "$dir/plots"
done
exit "$failed"
