#!/usr/bin/env bash
# 40-kernel-patch: the flag-table series (kernel-patch/) and the kernels
# built from it.
#
# Always: the series file matches the patches, every patch is well formed,
# applies in order to the installed linux-source-6.12 and is checkpatch --strict
# clean. With the baseline kernel built (make kernel-baseline): every patch
# compiles on its own without warnings (W=1). With both kernels built (make
# kernel): their layout, and a boot of each that loads the in-tree test_hmm
# and runs the in-tree HMM selftests (tools/testing/selftests/mm/hmm-tests,
# built static from that source), which drive hmm_range_fault()'s
# stock path through dmirror: both kernels must pass the same tests.
#
# Parts that need a built kernel or QEMU are skipped when it is missing,
# unless HMMBENCH_REQUIRE_KERNELS=1 (CI), which makes them failures.
# HMMBENCH_KERNEL_SUFFIX=-debug checks the debug pair (built-6.12-debug and
# built-6.12-flagtable-debug) instead: make check builds only those, one
# cold build for this part and the robustness part alike.
# check: after the kernel build
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh
sfx=${HMMBENCH_KERNEL_SUFFIX:-}
top=$PWD

kp=$top/kernel-patch
# build-kernel.sh unpacks the installed linux-source-6.12, whatever its version.
source_version=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || echo none)
pristine=$top/.cache/kbuild/linux-source-${source_version//\~/_}
scratch=$(mktemp -d "${TMPDIR:-/tmp}/hmmbench-40.XXXXXX")
trap 'rm -rf "$scratch" "$top/.cache/kbuild/check-40"' EXIT

# git apply outside any repository (hmmbench's own must not interfere).
kgit_apply() {
	local dir=$1
	shift
	(cd "$dir" && GIT_CEILING_DIRECTORIES="$(dirname "$dir")" git apply "$@")
}

# --- The series file and the patches' form.
mapfile -t series < <(grep -vE '^(#|$)' "$kp/series" 2>/dev/null)
mapfile -t present < <(cd "$kp" && ls 0*.patch 2>/dev/null)
if [ "${#series[@]}" -gt 0 ] && [ "${series[*]}" = "${present[*]}" ]; then
	ok "series lists the ${#series[@]} patches of kernel-patch/, in order"
else
	not_ok "kernel-patch/series (${series[*]:-empty}) does not list exactly the patches present (${present[*]:-none})"
	finish
fi
n=${#series[@]}
for i in "${!series[@]}"; do
	p=$kp/${series[$i]}
	want="Subject: [PATCH $((i + 1))/$n]"
	body=$(sed -n '/^Subject:/,/^---$/p' "$p" | grep -cvE '^(Subject:|---$|$|Signed-off-by:)' || true)
	if grep -q '^From: .* <.*@.*>' "$p" && grep -qF "$want" "$p" &&
		grep -q '^Signed-off-by: .* <.*@.*>' "$p" && [ "$body" -ge 3 ]; then
		ok "${series[$i]}: From, '$want', a commit message and Signed-off-by"
	else
		not_ok "${series[$i]}: needs a From line, '$want', a commit message (3+ lines) and Signed-off-by"
	fi
done

# --- The source: the unpacked tree build-kernel.sh made, or the
# files the series touches (and checkpatch) straight from the tarball.
tarball=${HMMBENCH_LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
if [ "$source_version" != none ]; then
	ok "linux-source-6.12 is installed ($source_version; the series applies to any 6.12.y it applies to)"
else
	not_ok "linux-source-6.12 is not installed (tools/install-deps.sh)"
fi
touched=$(for s in "${series[@]}"; do git apply --numstat "$kp/$s" | cut -f3; done | sort -u)
src=$scratch/src
mkdir -p "$src"
if [ -f "$pristine/.hmmbench-unpacked" ]; then
	checkpatch_tree=$pristine
	for f in $touched; do
		mkdir -p "$src/$(dirname "$f")"
		cp "$pristine/$f" "$src/$f"
	done
elif [ -r "$tarball" ]; then
	members=()
	for f in $touched scripts/checkpatch.pl scripts/spelling.txt scripts/const_structs.checkpatch; do
		members+=("linux-source-6.12/$f")
	done
	tar -xf "$tarball" -C "$scratch" "${members[@]}" 2>/dev/null || true
	if [ ! -d "$scratch/linux-source-6.12" ]; then
		not_ok "nothing of the series' files unpacked from $tarball"
		finish
	fi
	rm -rf "$src"
	mv "$scratch/linux-source-6.12" "$src"
	checkpatch_tree=$src
else
	not_ok "no kernel source: neither $pristine nor $tarball"
	finish
fi

# --- Each patch applies, in order, and is checkpatch --strict clean.
for s in "${series[@]}"; do
	if kgit_apply "$src" --check "$kp/$s" 2>"$scratch/apply.err" && kgit_apply "$src" "$kp/$s"; then
		ok "$s applies cleanly"
	else
		not_ok "$s does not apply: $(head -1 "$scratch/apply.err")"
	fi
	notree=()
	[ "$checkpatch_tree" = "$src" ] && notree=(--no-tree)
	# checkpatch exits 1 on findings: the total line below tells.
	out=$(cd "$checkpatch_tree" || exit; perl scripts/checkpatch.pl --strict "${notree[@]}" "$kp/$s" 2>&1) || true
	if grep -q '^total: 0 errors, 0 warnings, 0 checks' <<<"$out"; then
		ok "$s is checkpatch --strict clean"
	else
		not_ok "$s: $(grep '^total:' <<<"$out" || echo 'checkpatch did not run')"
		{ grep -E '^(ERROR|WARNING|CHECK):' <<<"$out" || true; } | head -5
	fi
done

# --- With the baseline built: each patch compiles alone; 0001 changes no code.
base=$top/.cache/kbuild/src-built-6.12$sfx
if [ -f "$top/.cache/kernels/built-6.12$sfx/release" ] && [ -f "$base/obj/mm/hmm.o" ]; then
	# A copy of the baseline tree (hard links need the same file system).
	tree=$top/.cache/kbuild/check-40
	rm -rf "$tree"
	cp -al "$pristine" "$tree"
	cp -a "$base/obj" "$tree/obj"
	kmake() {
		flock /tmp/hmmbench-kbuild.lock nice -n 5 make -s -C "$tree" O="$tree/obj" -j2 "$@"
	}
	# Warnings count only in the files the series touches: the pristine
	# lib/test_hmm.c already trips -Wframe-larger-than.
	own_warnings() { grep -E '(mm/hmm\.c|linux/hmm\.h):[0-9]+:[0-9]+: warning' "$1"; }
	for s in "${series[@]}"; do
		for f in $(git apply --numstat "$kp/$s" | cut -f3); do
			cp --remove-destination "$tree/$f" "$tree/$f.tmp"
			mv "$tree/$f.tmp" "$tree/$f"
		done
		if ! kgit_apply "$tree" "$kp/$s"; then
			not_ok "$s does not apply to the baseline build's tree"
			continue
		fi
		if kmake W=1 mm/hmm.o lib/test_hmm.o >"$scratch/build.log" 2>&1 &&
			! own_warnings "$scratch/build.log" >/dev/null; then
			ok "$s: mm/hmm.o and lib/test_hmm.o build without warnings (W=1)"
		else
			not_ok "$s: mm/hmm.o or lib/test_hmm.o does not build cleanly"
			{ grep -E 'error' "$scratch/build.log"; own_warnings "$scratch/build.log"; } | head -5 || true
		fi
	done
	rm -rf "$tree"
else
	skip_unless_required "per-patch builds: no baseline build in $base (make kernel-baseline)"
fi

# --- With both kernels built: layout, and a boot of each.
# The in-tree HMM selftests, static so the initramfs needs no libraries.
hmm_tests=$top/build/check-kernel-patch/hmm-tests
hmm_tests_why=""
mkdir -p "$(dirname "$hmm_tests")"
if [ ! -x "$hmm_tests" ] && [ -f "$pristine/.hmmbench-unpacked" ]; then
	st=$pristine/tools/testing/selftests
	hmm_tests_why=$(gcc -static -O2 -I"$pristine/usr/include" -I"$st" -I"$pristine" \
		-isystem "$pristine/tools/include/uapi" -o "$hmm_tests" \
		"$st/mm/hmm-tests.c" "$st/mm/vm_util.c" -lpthread 2>&1 | tail -1 || true)
elif [ ! -x "$hmm_tests" ]; then
	hmm_tests_why="no unpacked source"
fi
for name in built-6.12$sfx built-6.12-flagtable$sfx; do
	k=$top/.cache/kernels/$name
	if [ ! -f "$k/release" ]; then
		skip_unless_required "$name: not built (make kernel)"
		continue
	fi
	rel=$(cat "$k/release")
	kdir_rel=$(cat "$k/kdir/include/config/kernel.release" 2>/dev/null || true)
	testhmm=$(find "$k/modroot/lib/modules/$rel" -name test_hmm.ko 2>/dev/null | head -1 || true)
	if [ -s "$k/vmlinuz" ] && [ "$kdir_rel" = "$rel" ] && [ -f "$k/kdir/Module.symvers" ] &&
		[ -f "$k/modroot/lib/modules/$rel/modules.dep" ] && [ -n "$testhmm" ]; then
		ok "$name: vmlinuz, kdir ($rel), modroot with test_hmm.ko"
	else
		not_ok "$name: incomplete layout in $k (vmlinuz, kdir, modroot/lib/modules/$rel with test_hmm.ko)"
		continue
	fi
	hdr=$k/kdir/source/include/linux/hmm.h
	if [ "$name" = "built-6.12-flagtable$sfx" ]; then
		check "$name: kdir has HMM_RANGE_FLAG_TABLE" grep -q '^#define HMM_RANGE_FLAG_TABLE' "$hdr"
	elif grep -q 'HMM_RANGE_FLAG_TABLE' "$hdr"; then
		not_ok "$name: baseline kdir's hmm.h has the patch"
	else
		ok "$name: kdir is the unpatched source"
	fi

	if ! command -v qemu-system-x86_64 >/dev/null || [ ! -f runners/qemu/guest-run.sh ]; then
		skip_unless_required "$name: boot (no QEMU or runners/qemu/guest-run.sh)"
		continue
	fi
	out=$top/build/check-kernel-patch/$name
	rm -rf "$out"
	mkdir -p "$out"
	cp "$testhmm" "$out/test_hmm.ko"
	job='uname -r; insmod /out/test_hmm.ko && ls /dev/hmm_dmirror0 || exit 1'
	if [ -x "$hmm_tests" ]; then
		cp "$hmm_tests" "$out/hmm-tests"
		job="$job; echo 16 >/proc/sys/vm/nr_hugepages; /out/hmm-tests >/out/hmm-tests.log 2>&1; echo hmm-tests rc=\$?"
	fi
	rc=0
	bash runners/qemu/guest-run.sh --kernel "$name" --out "$out" --no-module --timeout 600 -- "$job" \
		>"$out/run.txt" 2>&1 || rc=$?
	if [ "$rc" -eq 0 ] && grep -qx "$rel" "$out/job.log" && grep -q hmm_dmirror0 "$out/job.log"; then
		ok "$name: boots ($rel), test_hmm.ko loads and creates /dev/hmm_dmirror0"
	else
		not_ok "$name: boot or test_hmm load failed (guest-run exit $rc, see $out)"
		tail -5 "$out/run.txt"
		continue
	fi
	if [ ! -x "$hmm_tests" ]; then
		skip_unless_required "$name: hmm-tests (could not build it static: $hmm_tests_why)"
		continue
	fi
	totals=$(grep '^# Totals:' "$out/hmm-tests.log" 2>/dev/null || true)
	{ grep -E '^ok [0-9]+ [^#]*$' "$out/hmm-tests.log" 2>/dev/null || true; } | sed 's/^ok [0-9]* //' | sort >"$out/passed.txt"
	if grep -q 'hmm-tests rc=0' "$out/job.log" && grep -q 'fail:0 ' <<<"$totals" && [ -s "$out/passed.txt" ]; then
		ok "$name: hmm-tests: ${totals#\# Totals: }"
	else
		not_ok "$name: hmm-tests failed (${totals:-no totals}; see $out/hmm-tests.log)"
	fi
done
a=$top/build/check-kernel-patch/built-6.12$sfx/passed.txt
b=$top/build/check-kernel-patch/built-6.12-flagtable$sfx/passed.txt
if [ -s "$a" ] && [ -s "$b" ]; then
	if cmp -s "$a" "$b"; then
		ok "hmm-tests: the patched kernel passes exactly the tests the baseline passes ($(wc -l <"$a"))"
	else
		not_ok "hmm-tests: baseline and patched kernels pass different tests"
		diff "$a" "$b" | head -5 || true
	fi
fi

finish
