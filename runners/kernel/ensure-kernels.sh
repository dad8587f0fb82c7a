#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# ensure-kernels.sh NAME...: make sure every kernel NAME is laid out in
# .cache/kernels/NAME (what 'make kernels' runs). Debian's kernels
# (debian-X.Y) are fetched, hmmbench's own (built-6.12*) built; any other
# name must have been registered with 'hmmbench kernel add' or 'build',
# and is left as it is.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=runners/home.sh
. "$top/runners/home.sh"

# build_own NAME VARIANT: build-kernel.sh's kernel NAME, unless laid out.
build_own() {
	local args=("$2")
	[ -f "$home/.cache/kernels/$1/release" ] && return
	need_checkout "building kernel $1"
	case $1 in *-debug) args+=(--debug) ;; esac
	bash "$top/kernel-patch/build-kernel.sh" "${args[@]}"
}

debian=()
for name in "$@"; do
	case $name in
	debian-*) debian+=("$name") ;;
	built-6.12 | built-6.12-debug) build_own "$name" --baseline ;;
	built-6.12-flagtable | built-6.12-flagtable-debug) build_own "$name" --patched ;;
	*)
		[ -f "$home/.cache/kernels/$name/release" ] || {
			echo "kernel '$name' is not registered: hmmbench kernel add $name --tree DIR (a tree you built) or hmmbench kernel build $name --tree DIR [--rev REV]; see README, 'Your own kernel'" >&2
			exit 2
		}
		;;
	esac
done
[ ${#debian[@]} -eq 0 ] || bash "$top/runners/qemu/fetch-debian-kernel.sh" "${debian[@]}"
