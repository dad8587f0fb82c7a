#!/usr/bin/env bash
# hmmbench ab: an A/B comparison of two kernels (or two module builds) under
# QEMU, with interleaved boots and automatic repetition of the configurations
# whose verdict is still unknown.
#
#   runners/ab.sh --a KERNEL [--module-a KO] --b KERNEL [--module-b KO]
#                 [--mode icount|tcg|kvm|auto|sim] [--matrix tiny|default|full|FILE]
#                 [--batches N] [--budget-rounds R] [--budget-seconds S]
#                 [--only PATTERN] [--guest-mem MB] [--out DIR] [--run-args "..."]
#                 [-- compare options]
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
# --mode kvm|auto: KVM where guest-run.sh's probe boot works, else tcg
# (kvm) or icount (auto); each side decides for itself, and compare
# refuses sides whose modes differ.
# KERNEL is any kernel in .cache/kernels: debian-X.Y, built-6.12*, or one
# registered with 'hmmbench kernel add/build'. --only PATTERN[,PATTERN]
# (fnmatch globs over configuration names such as snapshot/4k/2M/fixed/none)
# runs and judges only those configurations. --guest-mem MB sizes the
# guests (default guest-run.sh's 4096; a small matrix boots a debug kernel
# much faster in less).
# Left in DIR (default results/ab/<date>-<A>-vs-<B>): A/, B/ (batches with
# their guest logs), A.json, B.json (pooled), compare.txt, compare.md,
# compare.json. A DIR holding batches of an earlier A/B is refused: pooling
# them would mix two experiments.
# Exit: compare's (0 no regression, 1 regression, 125 still unknown when
# the budget ran out); 2 bad usage or input; 3 a guest hung, panicked or
# its job failed (side and batch named); 4 a guest kernel logged a report
# (oops, BUG, WARN, KASAN, lockdep...): the side, batch and report are
# printed and no verdict is given, whatever the numbers say.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=runners/home.sh
. "$top/runners/home.sh"
# shellcheck source=runners/qemu/guest-batch.sh
. "$top/runners/qemu/guest-batch.sh"

die() { echo "ab: $*" >&2; exit 2; }

a='' b='' module_a='' module_b='' mode=icount matrix=tiny batches=2 budget_rounds=3
budget_seconds=0 out='' run_args='' only='' guest_mem=''
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
	--only) only=${2-}; shift 2 ;;
	--guest-mem) guest_mem=${2-}; shift 2 ;;
	--*=*) set -- "${1%%=*}" "${1#*=}" "${@:2}" ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	--) shift; break ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done
compare_args=("$@")
[[ -n $a && -n $b ]] || die "--a KERNEL and --b KERNEL are required (e.g. debian-6.1, debian-6.12)"
case $mode in
icount | tcg) ;;
kvm | auto) ;; # guest-run.sh probes KVM and falls back
sim) ;; # icount plus the cache simulation: compare judges sim:cycles
*) die "--mode must be icount, tcg, kvm, auto or sim, not '$mode'" ;;
esac
for n in "$batches" "$budget_rounds" "$budget_seconds"; do
	[[ $n =~ ^[0-9]+$ ]] || die "'$n' is not a number"
done
[ "$batches" -ge 1 ] || die "--batches must be at least 1"
[ -x "$hb" ] || die "$hb is not built (make runner)"
# The guests need hmm_bench.ko built against each kernel (unless given),
# which takes a source checkout.
modules=()
[ -n "$module_a" ] || modules+=("build/module/$a/hmm_bench.ko")
[ -n "$module_b" ] || modules+=("build/module/$b/hmm_bench.ko")
[ ${#modules[@]} -eq 0 ] || need_checkout "building hmm_bench.ko for $a and $b (or give --module-a/--module-b)"
for k in "$a" "$b"; do
	[ -f "$home/.cache/kernels/$k/release" ] ||
		bash "$top/runners/kernel/ensure-kernels.sh" "$k" || die "kernel '$k' is not available (above)"
done
if [ ${#modules[@]} -gt 0 ] && ! make -s -C "$home" "${modules[@]}" >/dev/null; then
	die "hmm_bench.ko does not build for $a or $b (above)"
fi
out=${out:-$home/results/ab/$(date -u +%Y%m%dT%H%M%SZ)-$a-vs-$b}
if compgen -G "$out/[AB]/batch*" >/dev/null; then
	die "--out $out holds the batches of an earlier A/B; give a new --out (or remove it) so the two are not pooled"
fi
mkdir -p "$out/A" "$out/B" || die "cannot create $out"
[ -n "$only" ] && compare_args+=(--only "$only")
matrix_arg=$matrix
if [ -f "$matrix" ]; then
	cp "$matrix" "$out/matrix.txt" || die "cannot copy $matrix"
	matrix_arg=matrix.txt
fi
started=$(date +%s)
seq_no=0

# batch SIDE [RERUN]: one boot of SIDE's kernel running the matrix (the
# --only selection), or only the configurations RERUN names.
batch() {
	local side=$1 rerun=${2-} kernel module dir cmd guest_rc selected
	selected=${rerun:-$only}
	seq_no=$((seq_no + 1))
	if [ "$side" = A ]; then kernel=$a module=$module_a; else kernel=$b module=$module_b; fi
	dir=$out/$side/batch$(printf %02d "$seq_no")
	mkdir -p "$dir"
	[ -f "$out/matrix.txt" ] && cp "$out/matrix.txt" "$dir/"
	cmd="hmmbench run --matrix $matrix_arg --seed $((started % 100000 * 100 + seq_no)) --out results.json --quiet $run_args"
	[ -n "$selected" ] && cmd="$cmd --only '$selected'"
	echo "ab: batch $seq_no: $side ($kernel)${rerun:+, only the unknown configurations} -> $dir"
	guest_rc=0
	guest_batch "$kernel" "$dir" "$cmd" --mode "$mode" ${module:+--module "$module"} \
		${guest_mem:+--mem "$guest_mem"} || guest_rc=$?
	if [ "$guest_rc" -ne 0 ]; then
		echo "ab: side $side ($kernel), batch $seq_no: $guest_batch_why: no verdict" >&2
		exit "$guest_rc"
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
	# compare's verdict (0 same, 1 regression, 125 unknown) is the A/B's exit code.
	rc=0
	pooled_unknown unknown "$out/A.json" "$out/B.json" "${compare_args[@]}" || rc=$?
	[ "$rc" -ne 2 ] || die "compare failed"
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

# The reports; their exit codes are the verdict judge already took.
"$hb" compare "$out/A.json" "$out/B.json" "${compare_args[@]}" --format markdown --out "$out/compare.md" 2>/dev/null || true
"$hb" compare "$out/A.json" "$out/B.json" "${compare_args[@]}" --format json --out "$out/compare.json" 2>/dev/null || true
"$hb" compare "$out/A.json" "$out/B.json" "${compare_args[@]}" | tee "$out/compare.txt" || true
echo "ab: $seq_no boots, $round extra rounds, $(( $(date +%s) - started )) s; results in $out"
exit "$rc"
