#!/usr/bin/env bash
# hmmbench ab: an A/B comparison of two kernels (or two module builds) under
# QEMU, with interleaved boots and automatic repetition of the configurations
# whose verdict is still unknown.
#
#   runners/ab.sh --a KERNEL [--module-a KO] --b KERNEL [--module-b KO]
#                 [--mode icount|tcg] [--matrix tiny|default|full|FILE]
#                 [--batches N] [--budget-rounds R] [--budget-seconds S]
#                 [--out DIR] [--run-args "..."] [-- compare options]
#
# 1. N batches per side (default 2), booted in ABBA order (A B, B A, A B, ...)
#    so slow drift of the host hits both sides alike; each batch is one boot
#    running the whole matrix with a seed of its own (run order differs).
# 2. Each side's batches are pooled (hmmbench merge) and compared
#    (hmmbench compare A B).
# 3. While some configuration is unknown (whatever the others say: a
#    regression elsewhere does not settle it) and the budget allows (R extra
#    rounds, default 3, and S seconds if given), one more A and B batch runs
#    just those configurations (hmmbench run --only), is pooled, compared.
# Left in DIR (default results/ab/<date>-<A>-vs-<B>): A/, B/ (batches with
# their guest logs), A.json, B.json (pooled), compare.txt, compare.md,
# compare.json. Exit: compare's (0 no regression, 1 regression, 125 still
# unknown when the budget ran out), 2 on bad usage or a failed batch.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
hb=$top/runners/hmmbench

die() { echo "ab: $*" >&2; exit 2; }

a='' b='' module_a='' module_b='' mode=icount matrix=tiny batches=2 budget_rounds=3
budget_seconds=0 out='' run_args=''
while [ $# -gt 0 ]; do
	case $1 in
	--a) a=${2-}; shift 2 ;;
	--b) b=${2-}; shift 2 ;;
	--module-a) module_a=${2-}; shift 2 ;;
	--module-b) module_b=${2-}; shift 2 ;;
	--mode) mode=${2-}; shift 2 ;;
	--matrix) matrix=${2-}; shift 2 ;;
	--batches) batches=${2-}; shift 2 ;;
	--budget-rounds) budget_rounds=${2-}; shift 2 ;;
	--budget-seconds) budget_seconds=${2-}; shift 2 ;;
	--out) out=${2-}; shift 2 ;;
	--run-args) run_args=${2-}; shift 2 ;;
	-h | --help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	--) shift; break ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done
compare_args=("$@")
[ -n "$a" ] && [ -n "$b" ] || die "--a KERNEL and --b KERNEL are required (e.g. debian-6.1, debian-6.12)"
case $mode in icount | tcg) ;; *) die "--mode must be icount or tcg, not '$mode'" ;; esac
for n in "$batches" "$budget_rounds" "$budget_seconds"; do
	[[ $n =~ ^[0-9]+$ ]] || die "'$n' is not a number"
done
[ "$batches" -ge 1 ] || die "--batches must be at least 1"
[ -x "$hb" ] || die "$hb is not built (make runner)"
out=${out:-$top/results/ab/$(date -u +%Y%m%dT%H%M%SZ)-$a-vs-$b}
mkdir -p "$out/A" "$out/B" || die "cannot create $out"
matrix_arg=$matrix
if [ -f "$matrix" ]; then
	cp "$matrix" "$out/matrix.txt" || die "cannot copy $matrix"
	matrix_arg=matrix.txt
fi
started=$(date +%s)
seq_no=0

# batch SIDE [ONLY]: one boot of SIDE's kernel running the matrix (or ONLY).
batch() {
	local side=$1 only=${2-} kernel module dir cmd
	seq_no=$((seq_no + 1))
	if [ "$side" = A ]; then kernel=$a module=$module_a; else kernel=$b module=$module_b; fi
	dir=$out/$side/batch$(printf %02d "$seq_no")
	mkdir -p "$dir"
	[ -f "$out/matrix.txt" ] && cp "$out/matrix.txt" "$dir/"
	cmd="hmmbench run --matrix $matrix_arg --seed $((started % 100000 * 100 + seq_no)) --out results.json --quiet $run_args"
	[ -n "$only" ] && cmd="$cmd --only $only"
	echo "ab: batch $seq_no: $side ($kernel)${only:+, only the unknown configurations} -> $dir"
	bash "$top/runners/qemu/guest-run.sh" --kernel "$kernel" --out "$dir" --mode "$mode" \
		${module:+--module "$module"} -- "$cmd" >"$dir/guest-run.out" 2>&1
	if [ ! -s "$dir/results.json" ]; then
		tail -5 "$dir/guest-run.out" >&2
		die "batch $seq_no ($side, $kernel) produced no results; see $dir"
	fi
}

# pair [ONLY]: one A and one B batch, in ABBA order.
pair() {
	if [ $(( (seq_no / 2) % 2 )) -eq 0 ]; then batch A "${1-}"; batch B "${1-}"
	else batch B "${1-}"; batch A "${1-}"; fi
}

# judge: pool each side, compare; sets rc and unknown.
judge() {
	"$hb" merge "$out"/A/batch*/results.json --out "$out/A.json" || die "merging A failed"
	"$hb" merge "$out"/B/batch*/results.json --out "$out/B.json" || die "merging B failed"
	unknown=$("$hb" compare "$out/A.json" "$out/B.json" --list unknown "${compare_args[@]}")
	rc=$?
	[ "$rc" -eq 2 ] && die "compare failed"
	unknown=$(tr '\n' ',' <<<"$unknown" | sed 's/,$//')
}

for ((i = 0; i < batches; i++)); do pair; done
judge
round=0
while [ -n "$unknown" ] && [ "$round" -lt "$budget_rounds" ]; do
	if [ "$budget_seconds" -gt 0 ] && [ $(( $(date +%s) - started )) -ge "$budget_seconds" ]; then
		echo "ab: time budget of $budget_seconds s spent"
		break
	fi
	round=$((round + 1))
	echo "ab: round $round of $budget_rounds: $(tr ',' '\n' <<<"$unknown" | wc -l) unknown configurations"
	pair "$unknown"
	judge
done

"$hb" compare "$out/A.json" "$out/B.json" "${compare_args[@]}" --format markdown --out "$out/compare.md" 2>/dev/null
"$hb" compare "$out/A.json" "$out/B.json" "${compare_args[@]}" --format json --out "$out/compare.json" 2>/dev/null
"$hb" compare "$out/A.json" "$out/B.json" "${compare_args[@]}" | tee "$out/compare.txt"
echo "ab: $seq_no boots, $round extra rounds, $(( $(date +%s) - started )) s; results in $out"
exit "$rc"
