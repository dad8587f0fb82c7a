#!/usr/bin/env bash
# 20-module-build: hmm_bench.ko builds without a single warning against
# every kernel in .cache/kernels (KCFLAGS=-Werror, then W=1 as well), the
# native `make -C bench-module KDIR=...` works, and every module source and
# the UAPI header are `checkpatch.pl --strict` clean. One line per kernel,
# build kind and file; build logs in build/check-logs/20-module-build/.
# check: after the kernel build
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

logs=$(part_logs)

# not_ok_build NAME LOG: the failure, with the errors and warnings of its log.
not_ok_build() {
	not_ok "$1"
	{ grep -iE 'error|warning' "$2" || true; } | head -20 | sed 's/^/  | /'
	echo "  (full log: $2)"
}
# A build passes when make succeeds and says nothing about warnings.
build_clean() {
	local log=$1
	shift
	"$@" >"$log" 2>&1 && ! grep -qi 'warning' "$log"
}

# Debian's kernels are always among them (fetched once, then "up to date"):
# the module must build against both distribution kernels, not only
# against whatever make check built before this part.
if make kernels >"$logs/make-kernels.log" 2>&1; then
	ok "make kernels (Debian 6.1 and 6.12 headers)"
else
	not_ok_build "make kernels" "$logs/make-kernels.log"
fi
kdirs=(.cache/kernels/*/kdir)
[ -e "${kdirs[0]}" ] || kdirs=()
[ ${#kdirs[@]} -gt 0 ] || not_ok "no kernel to build against in .cache/kernels/*/kdir"

sources=(bench-module/*.c bench-module/*.h)
for kdir in "${kdirs[@]}"; do
	name=$(basename "$(dirname "$kdir")")
	if build_clean "$logs/$name.log" make "build/module/$name/hmm_bench.ko" KCFLAGS=-Werror &&
		[ -f "build/module/$name/hmm_bench.ko" ]; then
		ok "build $name (KCFLAGS=-Werror)"
	else
		not_ok_build "build $name (KCFLAGS=-Werror)" "$logs/$name.log"
	fi

	# W=1 in a directory of its own, so the real build keeps its flags.
	w1=build/check-module/$name-W1
	mkdir -p "$w1"
	ln -sfn "${sources[@]/#/$PWD/}" "$PWD/bench-module/Kbuild" "$w1/"
	if build_clean "$logs/$name-W1.log" make -C "$kdir/" M="$PWD/$w1" W=1 KCFLAGS=-Werror modules; then
		ok "build $name (W=1 KCFLAGS=-Werror)"
	else
		not_ok_build "build $name (W=1 KCFLAGS=-Werror)" "$logs/$name-W1.log"
	fi
done

# The native build (bench-module/Makefile) against the first kernel.
if [ ${#kdirs[@]} -gt 0 ]; then
	kdir=$(cd "${kdirs[0]}/" && pwd -P)
	if build_clean "$logs/native.log" make -C bench-module KDIR="$kdir" KCFLAGS=-Werror &&
		[ -f bench-module/hmm_bench.ko ]; then
		ok "native make -C bench-module KDIR=$(basename "$(dirname "${kdirs[0]}")")"
	else
		not_ok_build "native make -C bench-module KDIR=${kdirs[0]}" "$logs/native.log"
	fi
	make -C bench-module KDIR="$kdir" clean >/dev/null 2>&1 || true
fi

# The built module reports the one version string, HMM_BENCH_VERSION in
# bench-module/Kbuild (which the Makefile's HMMBENCH_VERSION reads).
# shellcheck disable=SC2016 # $(HMMBENCH_VERSION) is make's, expanded by make
mk_version=$(make -s --no-print-directory -f Makefile -f - print-version <<<'print-version: ; @echo $(HMMBENCH_VERSION)')
mod_version=
for ko in build/module/*/hmm_bench.ko; do
	[ -f "$ko" ] && mod_version=$(modinfo -F version "$ko") && break
done
if [ -n "$mk_version" ] && [ "$mk_version" = "$mod_version" ]; then
	ok "module version $mod_version matches HMMBENCH_VERSION"
else
	not_ok "module version '$mod_version' differs from HMMBENCH_VERSION '$mk_version'"
fi

# checkpatch from the kernel source: the tree build-kernel.sh unpacked, or
# the script and its data files straight from Debian's tarball.
checkpatch=
for c in .cache/kbuild/linux-source-*/scripts/checkpatch.pl; do
	[ -f "$c" ] && checkpatch=$c
done
tarball=${HMMBENCH_LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
if [ -z "$checkpatch" ] && [ -r "$tarball" ]; then
	rm -rf build/check-module/checkpatch
	mkdir -p build/check-module/checkpatch
	tar -xf "$tarball" -C build/check-module/checkpatch --strip-components=1 \
		linux-source-6.12/scripts/checkpatch.pl linux-source-6.12/scripts/spelling.txt \
		linux-source-6.12/scripts/const_structs.checkpatch 2>/dev/null &&
		checkpatch=build/check-module/checkpatch/scripts/checkpatch.pl
fi
for f in "${sources[@]}"; do
	if [ -z "$checkpatch" ]; then
		not_ok "checkpatch $f: no checkpatch.pl (install linux-source-6.12: tools/install-deps.sh)"
		continue
	fi
	log=$logs/checkpatch-$(basename "$f").log
	if perl "$checkpatch" --strict --no-tree --no-summary --quiet -f "$f" >"$log" 2>&1; then
		ok "checkpatch --strict $f"
	else
		not_ok "checkpatch --strict $f"
		head -30 "$log" | sed 's/^/  | /'
	fi
done

finish
