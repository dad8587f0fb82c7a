#!/usr/bin/env bash
# 48-own-kernel: a patch author's kernel under hmmbench, proven on a
# planted regression.
#
# 1. The config check names what a config lacks (HMM_MIRROR, 9p) with what
#    it is for and the fix; kernel add refuses a missing, unbuilt or
#    non-x86-64 tree or a lacking config, exit 2, nothing registered.
# 2. A tree built outside hmmbench (the debug baseline's own build tree) is
#    registered with 'hmmbench kernel add' and A/B'd (the last A/B below):
#    two commands.
# 3. A git history of its own on top of the pinned linux-source-6.12
#    (tests/planted/make-history.sh: eight commits, one of which makes the
#    4 KiB pte path of mm/hmm.c more expensive) is bisected in icount mode
#    with 'hmmbench bisect'; it must name the planted commit.
# 4. A/B of the planted commit against its parent says regression (exit 1),
#    of a neutral commit against its parent same (exit 0), both on the
#    kernels the bisection froze; an A/B of the registered tree against a
#    kernel that WARNs exits 4 naming side B and the report.
# The kernels are built with the debug config make check builds anyway
# (KASAN, lockdep): ccache (.cache/ccache) then serves the bisection's
# first build, and every later step rebuilds only what its commit changed.
# check: after the kernel build
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=tests/lib.sh
. tests/lib.sh

hb=runners/hmmbench
log=build/check-logs/48
rm -rf "$log"
mkdir -p "$log"
base_kernel=built-6.12-debug
base_cfg=.cache/kernels/$base_kernel/config
base_tree=.cache/kbuild/src-$base_kernel

if [ ! -f "$base_cfg" ] || [ ! -f "$base_tree/obj/arch/x86/boot/bzImage" ]; then
	not_ok "the debug baseline kernel is built (make kernel-debug)"
	finish
fi

step "config check"
grep -vE '^CONFIG_(HMM_MIRROR|TEST_HMM|NET_9P|NET_9P_VIRTIO|9P_FS)=' "$base_cfg" >"$log/lacking.config"
expect_rc 1 "check-config of a config without HMM_MIRROR and 9p fails" \
	"$hb" kernel check-config "$log/lacking.config" >"$log/check-config.out" 2>&1 || true
cat "$log/check-config.out"
for sym in HMM_MIRROR NET_9P NET_9P_VIRTIO 9P_FS; do
	expect_grep "CONFIG_$sym is named with what it is for" "^missing: CONFIG_$sym is not set \(want y\): .+" "$log/check-config.out"
done
expect_grep "the fix is one merge_config.sh command" '^fix: .*scripts/kconfig/merge_config.sh -m .*guest-required.config' "$log/check-config.out"
expect_rc 0 "check-config of the debug baseline's config passes" "$hb" kernel check-config "$base_cfg" >/dev/null

step "kernel add refuses bad trees"
fake=$log/fake-tree
mkdir -p "$fake/mm" "$fake/arch/x86/boot" "$fake/include/config"
touch "$fake/Makefile" "$fake/Kconfig" "$fake/mm/hmm.c"
expect_rc 2 "a missing tree" "$hb" kernel add own-missing --tree "$log/no-such-tree" 2>"$log/e1"
expect_rc 2 "a tree that is not built" "$hb" kernel add own-fake --tree "$fake" 2>"$log/e2"
cp "$log/lacking.config" "$fake/.config"
touch "$fake/arch/x86/boot/bzImage"
echo 6.12.0-fake >"$fake/include/config/kernel.release"
expect_rc 2 "a config lacking HMM_MIRROR and 9p" "$hb" kernel add own-fake --tree "$fake" 2>"$log/e3"
sed 's/^CONFIG_X86_64=y$/# CONFIG_X86_64 is not set/' "$base_cfg" >"$fake/.config"
expect_rc 2 "a kernel that is not x86-64" "$hb" kernel add own-fake --tree "$fake" 2>"$log/e4"
for e in e1 e2 e3 e4; do
	check "one error line: $(tail -1 "$log/$e" | cut -c1-160)" test -s "$log/$e"
done
check "nothing half-registered" test ! -e .cache/kernels/own-fake -a ! -e .cache/kernels/own-missing
expect_rc 2 "a name hmmbench uses itself" "$hb" kernel add debian-9.9 --tree "$base_tree" 2>/dev/null

step "register a tree built outside hmmbench (its A/B is the WARN one below)"
"$hb" kernel remove own-debug >/dev/null 2>&1 || true
expect_rc 0 "kernel add own-debug --tree --build" \
	"$hb" kernel add own-debug --tree "$base_tree" --build "$base_tree/obj" >"$log/add.out" 2>&1
cat "$log/add.out"
"$hb" kernel list >"$log/list.out"
cat "$log/list.out"
expect_grep "kernel list shows it with its release and config check" \
	"^own-debug +$(cat ".cache/kernels/$base_kernel/release") +ok " "$log/list.out"
check "hmm_bench.ko built against it" test -f build/module/own-debug/hmm_bench.ko

step "the planted history"
pristine=$(find .cache/kbuild -maxdepth 1 -name 'linux-source-*' -type d | sort | tail -1)
stamp=$( (cat tests/planted/make-history.sh; basename "$pristine") | sha256sum | cut -c1-16)
repo=.cache/planted/$stamp/repo
if [ ! -f ".cache/planted/$stamp/done" ]; then
	rm -rf ".cache/planted/$stamp"
	mkdir -p ".cache/planted/$stamp"
	t0=$SECONDS
	if bash tests/planted/make-history.sh "$pristine" "$repo" >"$log/history.out" 2>&1; then
		touch ".cache/planted/$stamp/done"
		ok "planted history made in $((SECONDS - t0)) s"
	else
		cat "$log/history.out"
		not_ok "tests/planted/make-history.sh"
		finish
	fi
else
	ok "planted history cached in .cache/planted/$stamp"
fi
commit_of() { awk -v n="$1" '$1 == n { print $2 }' ".cache/planted/$stamp/commits"; }
cat ".cache/planted/$stamp/commits"

step "hmmbench bisect"
bisect_out=$log/bisect
t0=$SECONDS
rc=0
"$hb" bisect --tree "$repo" --good "$(commit_of base)" --bad "$(commit_of neutral-selftest)" \
	--only 'snapshot/4k/*' --mode icount --matrix tests/planted/bisect.matrix --guest-mem 1024 \
	--config "$base_cfg" --name planted --out "$bisect_out" >"$log/bisect.out" 2>&1 || rc=$?
cat "$log/bisect.out"
echo "(bisect: $((SECONDS - t0)) s in all)"
check "hmmbench bisect found a first bad commit (exit $rc, want 0)" test "$rc" -eq 0
if [ "$(cat "$bisect_out/first-bad" 2>/dev/null)" = "$(commit_of planted)" ]; then
	ok "the first bad commit is the planted one ($(commit_of planted | cut -c1-12))"
else
	not_ok "first bad commit $(cat "$bisect_out/first-bad" 2>/dev/null || echo none), planted $(commit_of planted)"
fi
expect_grep "bisect.md has the step table" '^\| [0-9]+ step ' "$bisect_out/bisect.md"
check "bisect.json: every step has a verdict, timings and the focused configuration" \
	python3 - "$bisect_out/bisect.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
steps = d["steps"]
assert len(steps) >= 3, steps
for s in steps:
    assert s["verdict"] in ("good", "bad"), s
    assert s["build_seconds"] is not None and s["measure_seconds"] is not None, s
    if s["label"] != "good":
        names = [c["name"] for c in s["configurations"]]
        assert names and all(n.startswith("snapshot/4k/") for n in names), names
for s in steps:
    print("  step %(step)s %(label)s %(commit).12s %(verdict)s build %(build_seconds)s s measure %(measure_seconds)s s" % s)
PY

step "A/Bs on the bisection's kernels"
frozen() { echo "planted-$(commit_of "$1" | cut -c1-12)"; }
for k in "$(frozen planted)" "$(frozen neutral-doc)" "$(frozen neutral-after)"; do
	[ -f ".cache/kernels/$k/hmm_bench.ko" ] || not_ok "the bisection froze $k"
done
expect_rc 1 "ab: the planted commit against its parent is a regression" \
	"$hb" ab --a "$(frozen neutral-doc)" --b "$(frozen planted)" --batches 1 --budget-rounds 1 \
	--only 'snapshot/4k/*' --matrix tests/planted/bisect.matrix --guest-mem 1024 --out "$log/ab-planted" >"$log/ab-planted.out" 2>&1
tail -4 "$log/ab-planted.out"
expect_rc 2 "ab refuses an --out holding an earlier A/B" \
	"$hb" ab --a "$(frozen neutral-doc)" --b "$(frozen planted)" --batches 1 \
	--matrix tests/planted/bisect.matrix --out "$log/ab-planted" 2>"$log/ab-reuse.err"
expect_grep "and says why" 'holds the batches of an earlier A/B' "$log/ab-reuse.err"
expect_rc 0 "ab: a neutral commit against its parent is the same" \
	"$hb" ab --a "$(frozen planted)" --b "$(frozen neutral-after)" --batches 1 --budget-rounds 1 \
	--only 'snapshot/4k/*' --matrix tests/planted/bisect.matrix --guest-mem 1024 --out "$log/ab-neutral" >"$log/ab-neutral.out" 2>&1
tail -4 "$log/ab-neutral.out"

step "an A/B whose B side WARNs"
t0=$SECONDS
if "$hb" kernel build planted --tree "$repo" --rev "$(commit_of warns)" --config "$base_cfg" >"$log/build-warns.out" 2>&1; then
	ok "kernel build of the WARNing commit ($((SECONDS - t0)) s, incremental)"
	# Side A is the tree registered above: the A/B boots and measures it.
	expect_rc 4 "ab of the registered tree against a WARNing B side exits 4" \
		"$hb" ab --a own-debug --b planted --batches 1 --budget-rounds 0 \
		--matrix tests/planted/bisect.matrix --guest-mem 1024 --out "$log/ab-warns" >"$log/ab-warns.out" 2>&1
	tail -12 "$log/ab-warns.out"
	expect_grep "it names side B and the batch" '^ab: side B \(planted\), batch [0-9]+: the guest kernel logged a report' "$log/ab-warns.out"
	expect_grep "it shows the report" 'WARNING: .*hmm' "$log/ab-warns.out"
	check "side A, the registered tree, was booted and measured" \
		test -s "$log/ab-warns/A/batch01/results.json"
else
	tail -20 "$log/build-warns.out"
	not_ok "kernel build of the WARNing commit"
fi
finish
