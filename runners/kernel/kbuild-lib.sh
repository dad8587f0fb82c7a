# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Kbuild helpers shared by kernel-patch/build-kernel.sh (hmmbench's own
# kernels) and runners/kernel/kernel.sh (users' kernels). Sourced; expects
# $top, the hmmbench checkout, and $home when set (runners/home.sh: where
# .cache/ lives; $top otherwise).

: "${top:?kbuild-lib.sh needs \$top, the hmmbench checkout}"
KBUILD_JOBS="${HMMBENCH_KBUILD_JOBS:-2}"
# One kernel build at a time on the machine, whoever starts it.
KBUILD_LOCK=/tmp/hmmbench-kbuild.lock
# Fixed build identity, so two builds of the same inputs match.
KBUILD_TIMESTAMP="2025-11-14 00:00:00 UTC"
# The fragments, for the scripts that source this file.
# shellcheck disable=SC2034
GUEST_FRAGMENT="$top/kernel-patch/guest-required.config"
# shellcheck disable=SC2034
MINIMAL_FRAGMENT="$top/kernel-patch/minimal-guest.config"

# ccache, when installed, keeps the compiled objects of every tree in
# .cache/ccache: a tree built from the same source and config elsewhere (a
# bisect work tree, a rebuilt cache) compiles from it. Paths below .cache/
# are hashed relative to the build directory, so trees at other paths match
# when their object directory sits at the same place relative to the source.
KCC=gcc
if command -v ccache >/dev/null 2>&1; then
	KCC="ccache gcc"
	export CCACHE_DIR="${home:-$top}/.cache/ccache" CCACHE_BASEDIR="${home:-$top}/.cache" CCACHE_NOHASHDIR=true
	export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-5G}"
fi

# kbuild_make SRC OBJ ARGS...: one make of source tree SRC with its objects
# in OBJ, under the machine-wide kernel build lock. LOCALVERSION= keeps
# scripts/setlocalversion from appending "+" for a git tree.
# $HMMBENCH_BUILD_VERSION (default 1) goes into "uname -v" ("#1-git-<commit>"),
# which the results context records: the source a kernel was built from.
# No spaces or parentheses: arch/x86/boot/Makefile echoes it unquoted.
kbuild_make() {
	local src=$1 obj=$2
	shift 2
	flock "$KBUILD_LOCK" nice -n 5 make -C "$src" O="$obj" -j"$KBUILD_JOBS" CC="$KCC" \
		LOCALVERSION= KBUILD_BUILD_TIMESTAMP="$KBUILD_TIMESTAMP" \
		KBUILD_BUILD_VERSION="${HMMBENCH_BUILD_VERSION:-1}" \
		KBUILD_BUILD_USER=hmmbench KBUILD_BUILD_HOST=hmmbench "$@"
}

# kbuild_merge SRC OBJ FRAGMENTS...: merge FRAGMENTS onto OBJ/.config and
# resolve the result with olddefconfig.
kbuild_merge() {
	local src=$1 obj=$2
	shift 2
	(cd "$src" && scripts/kconfig/merge_config.sh -m -O "$obj" "$obj/.config" "$@" >/dev/null)
	kbuild_make "$src" "$obj" olddefconfig >/dev/null
}

# kbuild_release OBJ: the release string of the kernel built in OBJ.
kbuild_release() {
	cat "$1/include/config/kernel.release"
}
