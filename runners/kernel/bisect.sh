#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# hmmbench bisect --tree DIR --good REV --bad REV [--only PATTERN]
#                 [--mode icount|tcg|kvm|auto|sim] [--matrix tiny|default|full|FILE]
#                 [--config FILE] [--name NAME] [--budget-rounds N]
#                 [--timeout SEC] [--guest-mem MB] [--out DIR] [--run-args "..."]
#                 [-- compare options]
#
# Finds the commit of git tree DIR between GOOD and BAD that made the
# configurations matching PATTERN (fnmatch globs over names such as
# snapshot/4k/2M/fixed/none, comma-separated; default every one) slower.
# It drives 'git bisect run' itself, in a work tree of hmmbench's own (the
# user's work tree and bisect state are never touched):
#
# 1. GOOD and BAD are built ('hmmbench kernel build NAME --rev', one build
#    directory for the whole bisection, so each step rebuilds only what the
#    step's commit changed), booted and measured; BAD must be a regression
#    against GOOD ('hmmbench compare --only PATTERN'), else there is
#    nothing to bisect.
# 2. At every step git bisect picks, the commit is built, booted and
#    measured the same way and compared against GOOD (measured once);
#    undecided configurations are measured again while --budget-rounds
#    (default 2) lasts.
# 3. The first bad commit is named, with a table of every step (commit,
#    ns/page and change against GOOD with its CI, verdict, build and
#    measure seconds) in DIR/bisect.md and DIR/bisect.json, and the git
#    bisect log in DIR/bisect.log.
#
# Each step's kernel stays registered as NAME-<commit12> (frozen: its
# hmm_bench.ko kept), so 'hmmbench ab' can compare any two of them later.
# --config FILE is the kernel config to build with (default: hmmbench's
# minimal guest config); NAME defaults to bisect-<tree>. --mode defaults to
# icount, whose verdicts are deterministic; kvm and auto boot each step
# under KVM where guest-run.sh's probe boot of it works.
#
# What each step tells git bisect: 0 good (same or faster), 1 bad
# (regression), 125 skip (undecided when the budget ran out), 128 abort
# (build or setup failed), 129 abort (the guest hung, panicked or its job
# failed), 130 abort (the guest kernel logged an oops/BUG/WARN/KASAN/lockdep
# report): a kernel that fails is never called good or bad.
#
# Exit: 0 the first bad commit was found; 1 BAD is not slower than GOOD
# (nothing to bisect); 125 undecided (BAD against GOOD, or only skipped
# commits left); 2 bad usage or input; 3 aborted on a build, boot or setup
# failure; 4 aborted on a kernel report. The step that failed is named.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=runners/home.sh
. "$top/runners/home.sh"
# shellcheck source=runners/qemu/guest-batch.sh
. "$top/runners/qemu/guest-batch.sh"
self=$top/runners/kernel/bisect.sh

die() { echo "hmmbench bisect: $*" >&2; exit 2; }
say() { echo "bisect: $*" >&2; }

# ---- one measured step (shared by the setup and 'git bisect run') ----

# record FIELD...: one line of DIR/steps.tsv.
record() {
	local IFS=$'\t'
	echo "$*" >>"$out/steps.tsv"
}

# measure LABEL COMMIT: build, freeze, boot and measure COMMIT; sets
# step_dir and step_kernel; returns 0, or 3 (build/setup), 5 (guest failed),
# 4 (kernel report).
measure() {
	local label=$1 commit=$2 n t0 build_s cmd rc
	n=$(($(find "$out/steps" -mindepth 1 -maxdepth 1 -type d | wc -l) + 1))
	step_dir=$out/steps/$(printf %02d "$n")-$label-${commit:0:12}
	mkdir -p "$step_dir"
	t0=$SECONDS
	say "$label ${commit:0:12} ($(git -C "$tree" log -1 --format=%s "$commit")): building $name"
	if ! bash "$top/runners/kernel/kernel.sh" build "$name" --tree "$tree" --rev "$commit" \
		${config:+--config "$config"} >"$step_dir/build.log" 2>&1; then
		tail -15 "$step_dir/build.log" | sed 's/^/  | /' >&2
		say "$label ${commit:0:12}: the kernel did not build ($step_dir/build.log)"
		return 3
	fi
	build_s=$((SECONDS - t0))
	step_kernel=$name-${commit:0:12}
	freeze "$name" "$step_kernel" || return 3
	echo "$build_s" >"$step_dir/build_seconds"
	say "$label ${commit:0:12}: built in $build_s s, measuring on $step_kernel ($mode)"
	t0=$SECONDS
	boot "$step_dir/batch01" "$(cat "$out/only")" || return $?
	echo $((SECONDS - t0)) >"$step_dir/measure_seconds"
	return 0
}

# freeze NAME COPY: register NAME's kernel again as COPY, with the
# hmm_bench.ko built against it, so the next step's rebuild leaves it be.
freeze() {
	local from=$home/.cache/kernels/$1 to=$home/.cache/kernels/$2
	rm -rf "$to.tmp" "$to"
	mkdir -p "$to.tmp"
	if ! { cp -a "$from/vmlinuz" "$from/modroot" "$from/release" "$from/config" "$to.tmp/" &&
		cp "$home/build/module/$1/hmm_bench.ko" "$to.tmp/hmm_bench.ko" &&
		{ cat "$from/origin"; echo "frozen_from=$1"; } >"$to.tmp/origin"; }; then
		say "cannot freeze kernel $1 as $2"
		return 1
	fi
	mv "$to.tmp" "$to"
	mkdir -p "$home/build/module/$2"
	cp "$to/hmm_bench.ko" "$home/build/module/$2/hmm_bench.ko"
}

# boot DIR ONLY: one guest run of the matrix (ONLY the named configurations).
boot() {
	local dir=$1 only=$2 rc=0 cmd
	mkdir -p "$dir"
	[ -f "$out/matrix.txt" ] && cp "$out/matrix.txt" "$dir/"
	cmd="hmmbench run --matrix $matrix_arg --seed $((RANDOM * 32768 + RANDOM)) --out results.json --quiet $run_args"
	[ -n "$only" ] && cmd+=" --only '$only'"
	guest_batch "$step_kernel" "$dir" "$cmd" --mode "$mode" --timeout "$timeout" --mem "$guest_mem" || rc=$?
	[ "$rc" -eq 0 ] && return 0
	say "$step_kernel: $guest_batch_why"
	[ "$rc" -eq 4 ] && return 4
	return 5
}

# judge: pool the step's batches, compare against GOOD; re-measure the
# undecided configurations while the budget lasts. Sets verdict_rc.
judge() {
	local round=0 unknown rc
	while :; do
		"$hb" merge "$step_dir"/batch*/results.json --out "$step_dir/pooled.json" >/dev/null ||
			{ say "merging $step_dir failed"; return 3; }
		rc=0
		pooled_unknown unknown "$out/good.json" "$step_dir/pooled.json" --only "$(cat "$out/only")" \
			"${compare_args[@]}" 2>"$step_dir/compare.err" || rc=$?
		[ "$rc" -eq 2 ] && { cat "$step_dir/compare.err" >&2; say "compare failed"; return 3; }
		verdict_rc=$rc
		[[ $rc -eq 125 && $round -lt $budget_rounds ]] || break
		round=$((round + 1))
		say "  $(tr ',' '\n' <<<"$unknown" | wc -l) undecided configuration(s): measuring again ($round of $budget_rounds)"
		boot "$step_dir/batch$(printf %02d $((round + 1)))" "$unknown" || return $?
	done
	"$hb" compare "$out/good.json" "$step_dir/pooled.json" --only "$(cat "$out/only")" \
		"${compare_args[@]}" --format json --out "$step_dir/compare.json" >/dev/null 2>&1 || true
	"$hb" compare "$out/good.json" "$step_dir/pooled.json" --only "$(cat "$out/only")" \
		"${compare_args[@]}" >"$step_dir/compare.txt" 2>&1 || true
	return 0
}

verdict_word() {
	case $1 in 0) echo good ;; 1) echo bad ;; 125) echo skip ;; *) echo abort ;; esac
}

# step_main: what 'git bisect run' calls, in the control work tree.
step_main() {
	local commit rc=0
	commit=$(git rev-parse BISECT_HEAD)
	# git bisect run exports GIT_DIR (the control work tree's): left set,
	# the build's checkout would use that work tree's empty index and
	# rewrite every file, and make would rebuild everything.
	unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_PREFIX
	measure step "$commit" || rc=$?
	if [ "$rc" -eq 0 ]; then
		judge || rc=$?
	fi
	case $rc in
	0) ;;
	3) record step "$commit" abort "build or setup failed"; step_decided=1; echo 3 >"$out/abort"; exit 128 ;;
	4) record step "$commit" abort "kernel report"; step_decided=1; echo 4 >"$out/abort"; exit 130 ;;
	*) record step "$commit" abort "guest failed"; step_decided=1; echo 3 >"$out/abort"; exit 129 ;;
	esac
	record step "$commit" "$(verdict_word "$verdict_rc")" "$step_dir"
	say "step ${commit:0:12}: $(verdict_word "$verdict_rc")"
	step_decided=1
	exit "$verdict_rc"
}

if [ "${1-}" = --step ]; then
	# Whatever goes wrong unforeseen (an unset variable, a failed command)
	# must abort the bisection: plain exit 1 would tell git "bad".
	step_decided=0
	trap 'rc=$?; if [ "$step_decided" = 0 ]; then
		echo "bisect: the step script failed unexpectedly (exit $rc): aborting the bisection" >&2
		echo 3 >"$out/abort"; exit 128; fi' EXIT
	# shellcheck source=/dev/null
	. "$2"
	compare_args=()
	[ -s "$out/compare-args" ] && mapfile -d '' -t compare_args <"$out/compare-args"
	step_main
fi

# ---- the bisection ----

tree='' good='' bad='' only='' mode=icount matrix=default config='' name='' budget_rounds=2
timeout=1800 out='' run_args='' guest_mem=4096
while [ $# -gt 0 ]; do
	case $1 in
	--*=*) set -- "${1%%=*}" "${1#*=}" "${@:2}"; continue ;;
	--tree | --good | --bad | --only | --mode | --matrix | --config | --name | --budget-rounds | \
		--timeout | --guest-mem | --out | --run-args)
		[ $# -ge 2 ] || die "$1 needs a value"
		v=${1#--}
		printf -v "${v//-/_}" '%s' "$2"
		shift 2
		;;
	-h | --help) sed -n '4,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	--) shift; break ;;
	*) die "unknown argument '$1' (see --help)" ;;
	esac
done
compare_args=("$@")
[[ -n $tree && -n $good && -n $bad ]] || die "--tree DIR, --good REV and --bad REV are required (see --help)"
need_checkout "bisecting (it builds kernels and hmm_bench.ko)"
case $mode in
icount | tcg) ;;
kvm | auto) ;; # guest-run.sh probes KVM and falls back
sim) ;; # icount plus the cache simulation: each step judged on sim:cycles
*) die "--mode must be icount, tcg, kvm, auto or sim, not '$mode'" ;;
esac
[[ $budget_rounds =~ ^[0-9]+$ ]] || die "--budget-rounds must be a number, not '$budget_rounds'"
[[ $timeout =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a number of seconds, not '$timeout'"
[[ $guest_mem =~ ^[1-9][0-9]*$ ]] || die "--guest-mem must be a number of MiB, not '$guest_mem'"
[ -d "$tree" ] || die "--tree '$tree' does not exist"
tree=$(cd "$tree" && pwd -P)
git -C "$tree" rev-parse --git-dir >/dev/null 2>&1 || die "'$tree' is not a git tree"
good_commit=$(git -C "$tree" rev-parse --verify -q "$good^{commit}") || die "--good '$good' is not a commit of $tree"
bad_commit=$(git -C "$tree" rev-parse --verify -q "$bad^{commit}") || die "--bad '$bad' is not a commit of $tree"
git -C "$tree" merge-base --is-ancestor "$good_commit" "$bad_commit" ||
	die "--good ${good_commit:0:12} is not an ancestor of --bad ${bad_commit:0:12}"
[ "$good_commit" != "$bad_commit" ] || die "--good and --bad are the same commit"
[ -x "$hb" ] || die "$hb is not built (make runner)"
if [ -n "$config" ]; then
	[ -r "$config" ] || die "--config '$config' cannot be read"
	config=$(cd "$(dirname "$config")" && pwd -P)/$(basename "$config")
fi
name=${name:-bisect-$(basename "$tree")}
[[ $name =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]] || die "--name '$name' is not a kernel name"
out=${out:-$home/results/bisect/$(date -u +%Y%m%dT%H%M%SZ)-${good_commit:0:12}-${bad_commit:0:12}}
[ ! -e "$out/steps.tsv" ] || die "--out $out holds an earlier bisection; give a new --out (or remove it)"
mkdir -p "$out/steps" || die "cannot create $out"
out=$(cd "$out" && pwd)
matrix_arg=$matrix
if [ -f "$matrix" ]; then
	cp "$matrix" "$out/matrix.txt"
	matrix_arg=matrix.txt
fi
printf '%s' "$only" >"$out/only"
: >"$out/compare-args"
[ ${#compare_args[@]} -eq 0 ] || printf '%s\0' "${compare_args[@]}" >"$out/compare-args"
: >"$out/steps.tsv"
started=$SECONDS

# finish CODE: the table, the log, and the exit code.
finish() {
	local rc=$1
	python3 "$top/runners/kernel/bisect-table.py" "$out" "$tree" || say "the step table could not be written"
	[ -f "$out/bisect.md" ] && cat "$out/bisect.md"
	say "$((SECONDS - started)) s in all; $out/bisect.md, bisect.json, bisect.log"
	exit "$rc"
}

# abort_setup LABEL RC: GOOD or BAD failed before the bisection began.
abort_setup() {
	record "$1" "${2}" abort "$( [ "$3" -eq 4 ] && echo "kernel report" || echo "build, boot or setup failed")"
	say "$1 (${2:0:12}) failed: nothing was bisected"
	finish "$([ "$3" -eq 4 ] && echo 4 || echo 3)"
}

rc=0
measure good "$good_commit" || rc=$?
[ "$rc" -eq 0 ] || abort_setup good "$good_commit" "$rc"
cp "$step_dir/batch01/results.json" "$out/good.json"
record good "$good_commit" good "$step_dir"

measure bad "$bad_commit" || rc=$?
[ "$rc" -eq 0 ] || abort_setup bad "$bad_commit" "$rc"
judge || rc=$?
[ "$rc" -eq 0 ] || abort_setup bad "$bad_commit" "$rc"
record bad "$bad_commit" "$(verdict_word "$verdict_rc")" "$step_dir"
case $verdict_rc in
0) say "BAD ${bad_commit:0:12} is not slower than GOOD ${good_commit:0:12} for '${only:-every configuration}': nothing to bisect"; finish 1 ;;
125) say "BAD against GOOD is undecided after the budget: cannot bisect (more --budget-rounds, or --mode icount)"; finish 125 ;;
esac

# The control work tree: no files checked out (git bisect --no-checkout
# moves only BISECT_HEAD), its own bisect state.
ctl=$home/.cache/bisect/$name-ctl
git -C "$tree" worktree remove --force "$ctl" >/dev/null 2>&1 || true
rm -rf "$ctl"
git -C "$tree" worktree prune
mkdir -p "$(dirname "$ctl")"
git -C "$tree" worktree add -q --no-checkout --detach "$ctl" "$good_commit" || die "git worktree add $ctl failed"
state=$out/state.sh
{
	for v in top home hb tree name config mode matrix_arg run_args timeout guest_mem budget_rounds out; do
		printf '%s=%q\n' "$v" "${!v}"
	done
} >"$state"
git -C "$ctl" bisect start --no-checkout "$bad_commit" "$good_commit" >/dev/null
say "bisecting $(git -C "$tree" rev-list --count "$good_commit..$bad_commit") commits ${good_commit:0:12}..${bad_commit:0:12}"
# git bisect's own output goes to bisect-run.log; the steps' lines (and the
# guests' progress) to stderr and steps.log.
(cd "$ctl" && git bisect run bash "$self" --step "$state") >"$out/bisect-run.log" \
	2> >(tee "$out/steps.log" >&2) || true
git -C "$ctl" bisect log >"$out/bisect.log" 2>/dev/null || true
first_bad=$(sed -nE 's/^# first bad commit: \[([0-9a-f]+)\].*/\1/p' "$out/bisect.log")
git -C "$ctl" bisect reset >/dev/null 2>&1 || true
git -C "$tree" worktree remove --force "$ctl" >/dev/null 2>&1 || rm -rf "$ctl"
git -C "$tree" worktree prune
if [ -f "$out/abort" ]; then
	say "aborted: a step failed (above; $out/steps.log)"
	finish "$(cat "$out/abort")"
fi
if [ -z "$first_bad" ]; then
	say "no single first bad commit (skipped commits left; see $out/bisect.log)"
	finish 125
fi
echo "$first_bad" >"$out/first-bad"
say "first bad commit: $first_bad ($(git -C "$tree" log -1 --format=%s "$first_bad"))"
finish 0
