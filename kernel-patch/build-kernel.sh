#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# build-kernel.sh [--baseline|--patched] [--debug] [--force]
#
# Builds hmmbench's QEMU guest kernels from Debian's linux-source-6.12 and
# installs them in the kernel cache layout every other part uses:
#
#   .cache/kernels/<name>/{vmlinuz,kdir,modroot/lib/modules/<release>,release}
#
#   --baseline (default)  built-6.12            pinned source, no patches
#   --patched             built-6.12-flagtable  the same plus kernel-patch/series
#   --debug               adds kernel-patch/debug.config; names get "-debug"
#   --force               rebuild even when the installed kernel is up to date
#
# The patched kernel is never built from scratch: its tree is the baseline's
# (source hard-linked, objects copied) with the series applied, so make only
# recompiles what the series touches and relinks. The baseline is built
# first when it is missing or stale.
#
# Trees live in .cache/kbuild/src-<name>/ (a hard-linked copy of the pristine
# source) with the O= directory as a direct child, src-<name>/obj: Kbuild then
# uses the relative srctree "..", the commands recorded with each object do
# not name the tree, and the baseline's objects stay valid when copied into
# the patched tree.
set -euo pipefail

PINNED_DEB_VERSION="6.12.117-1~deb12u1"
PINNED_KERNEL_VERSION="6.12.117"
DEB_PACKAGE="linux-source-6.12"
TARBALL="${HMMBENCH_LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}"
JOBS="${HMMBENCH_KBUILD_JOBS:-2}"
LOCK=/tmp/hmmbench-kbuild.lock
# Fixed build identity, so two builds of the same inputs match.
BUILD_TIMESTAMP="2025-11-14 00:00:00 UTC"

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
kbuild="$top/.cache/kbuild"
kernels="$top/.cache/kernels"
pristine="$kbuild/linux-source-${PINNED_DEB_VERSION//\~/_}"

die() {
	echo "build-kernel.sh: $*" >&2
	exit 1
}

usage() {
	sed -n '4,12p' "$0" | sed 's/^# \{0,1\}//' >&2
	exit 2
}

patched=0 debug=0 force=0
while [ $# -gt 0 ]; do
	case "$1" in
	--baseline) patched=0 ;;
	--patched) patched=1 ;;
	--debug) debug=1 ;;
	--force) force=1 ;;
	-h | --help) usage ;;
	*) echo "build-kernel.sh: unknown argument '$1'" >&2; usage ;;
	esac
	shift
done

# kmake TREE ARGS...: one make in source tree TREE with its objects in
# TREE/obj, under the machine-wide kernel build lock.
kmake() {
	local tree=$1
	shift
	flock "$LOCK" nice -n 5 make -C "$tree" O="$tree/obj" -j"$JOBS" \
		KBUILD_BUILD_TIMESTAMP="$BUILD_TIMESTAMP" \
		KBUILD_BUILD_USER=hmmbench KBUILD_BUILD_HOST=hmmbench "$@"
}

# The pinned source, unpacked once and never modified afterwards.
check_source_version() {
	local v
	[ -r "$TARBALL" ] ||
		die "$TARBALL not found: install Debian's $DEB_PACKAGE ($PINNED_DEB_VERSION)"
	v=$(dpkg-query -W -f='${Version}' "$DEB_PACKAGE" 2>/dev/null) ||
		die "package $DEB_PACKAGE is not installed (need $PINNED_DEB_VERSION)"
	[ "$v" = "$PINNED_DEB_VERSION" ] ||
		die "$DEB_PACKAGE is $v but the series is pinned to $PINNED_DEB_VERSION; rebase kernel-patch/ and update PINNED_DEB_VERSION"
}

# VERSION.PATCHLEVEL.SUBLEVEL from the tree's top Makefile.  Read directly:
# "make kernelversion" under an outer make prints "Entering directory" lines
# into the value.
source_kernel_version() {
	awk -F' *= *' '$1 == "VERSION" { v = $2 }
		$1 == "PATCHLEVEL" { p = $2 }
		$1 == "SUBLEVEL" { s = $2 }
		END { if (v != "") printf "%s.%s.%s\n", v, p, s }' "$1/Makefile"
}

unpack_pristine() {
	local tmp v
	[ -f "$pristine/.hmmbench-unpacked" ] && return
	echo "unpacking $TARBALL ($PINNED_DEB_VERSION)"
	rm -rf "$pristine" "$pristine.tmp"
	mkdir -p "$pristine.tmp"
	tar -xf "$TARBALL" -C "$pristine.tmp"
	tmp="$pristine.tmp/linux-source-6.12"
	[ -f "$tmp/Makefile" ] || die "$TARBALL does not contain linux-source-6.12/"
	v=$(source_kernel_version "$tmp")
	[ "$v" = "$PINNED_KERNEL_VERSION" ] ||
		die "$TARBALL holds Linux $v, expected $PINNED_KERNEL_VERSION"
	mv "$tmp" "$pristine"
	rmdir "$pristine.tmp"
	touch "$pristine/.hmmbench-unpacked"
}

# The series, in order, as absolute paths.
series_patches() {
	local p
	[ -f "$here/series" ] || die "kernel-patch/series is missing"
	while read -r p; do
		case "$p" in '' | '#'*) continue ;; esac
		[ -f "$here/$p" ] || die "kernel-patch/series lists $p, which does not exist"
		echo "$here/$p"
	done <"$here/series"
}

# git apply run inside .cache/ must not see hmmbench's own repository:
# it would resolve paths against it and skip the kernel files.
kgit_apply() {
	local dir=$1
	shift
	(cd "$dir" && GIT_CEILING_DIRECTORIES="$(dirname "$dir")" git apply "$@")
}

# apply_series SRC: fail clearly if any patch does not apply, else apply all.
apply_series() {
	local src=$1 p f
	for p in $(series_patches); do
		kgit_apply "$src" --check "$p" ||
			die "$(basename "$p") does not apply to $DEB_PACKAGE $PINNED_DEB_VERSION"
		# The tree is a hard-linked copy: give every file the patch touches
		# its own inode before it is rewritten.
		for f in $(kgit_apply "$src" --numstat "$p" | cut -f3); do
			if [ -f "$src/$f" ]; then
				cp --remove-destination "$src/$f" "$src/$f.hmmbench-tmp"
				mv "$src/$f.hmmbench-tmp" "$src/$f"
			fi
		done
		kgit_apply "$src" "$p"
		echo "applied $(basename "$p")"
	done
}

# The expected value of every option in the fragments (later ones win), as
# "CONFIG_X=value" or "CONFIG_X=n" lines.
expected_options() {
	sed -nE -e 's/^(CONFIG_[A-Za-z0-9_]+)=(.*)$/\1=\2/p' \
		-e 's/^# (CONFIG_[A-Za-z0-9_]+) is not set$/\1=n/p' "$@" |
		awk -F= '{ v[$1] = substr($0, length($1) + 2); if (!($1 in o)) { o[$1] = n++; k[n - 1] = $1 } }
			END { for (i = 0; i < n; i++) print k[i] "=" v[k[i]] }'
}

# check_config CONFIG FRAGMENTS...: every fragment option survived.
check_config() {
	local config=$1 line sym want have lost=0
	shift
	while IFS= read -r line; do
		sym=${line%%=*}
		want=${line#*=}
		have=$(grep -E "^$sym=" "$config" | cut -d= -f2- || true)
		[ -n "$have" ] || have=n
		if [ "$have" != "$want" ]; then
			echo "config: $sym=$want requested, got $sym=$have" >&2
			lost=$((lost + 1))
		fi
	done < <(expected_options "$@")
	[ "$lost" -eq 0 ] || die "$lost option(s) of the config fragments did not survive olddefconfig (see above)"
}

# configure TREE FRAGMENTS...: merge FRAGMENTS onto TREE/obj/.config (which
# already holds tinyconfig or the baseline's config) and check the result.
configure() {
	local tree=$1
	shift
	(cd "$tree" && scripts/kconfig/merge_config.sh -m -O "$tree/obj" "$tree/obj/.config" "$@" >/dev/null)
	kmake "$tree" olddefconfig >/dev/null
	check_config "$tree/obj/.config" "$@"
}

# install_kernel TREE NAME STAMP: lay the build out in .cache/kernels/NAME.
install_kernel() {
	local tree=$1 name=$2 stamp=$3 dest="$kernels/$2" rel
	rel=$(cat "$tree/obj/include/config/kernel.release")
	rm -rf "$dest.tmp"
	mkdir -p "$dest.tmp/modroot"
	kmake "$tree" -s modules_install INSTALL_MOD_PATH="$dest.tmp/modroot" >/dev/null
	cp "$tree/obj/arch/x86/boot/bzImage" "$dest.tmp/vmlinuz"
	cp "$tree/obj/.config" "$dest.tmp/config"
	ln -s "../../kbuild/$(basename "$tree")/obj" "$dest.tmp/kdir"
	echo "$rel" >"$dest.tmp/release"
	echo "$stamp" >"$dest.tmp/stamp"
	rm -rf "$dest"
	mv "$dest.tmp" "$dest"
	echo "installed $name ($rel) in .cache/kernels/$name"
}

# up_to_date NAME STAMP TREE: the installed kernel NAME was built from the
# inputs whose checksum is STAMP, in TREE, and TREE is still there.
up_to_date() {
	[ "$force" -eq 0 ] && [ -f "$kernels/$1/vmlinuz" ] &&
		[ "$(cat "$kernels/$1/stamp" 2>/dev/null)" = "$2" ] &&
		[ "$(readlink "$kernels/$1/kdir")" = "../../kbuild/$(basename "$3")/obj" ] &&
		[ -f "$3/obj/vmlinux" ]
}

fragments=("$here/qemu-guest.config")
suffix=""
if [ "$debug" -eq 1 ]; then
	fragments+=("$here/debug.config")
	suffix="-debug"
fi
base_name="built-6.12$suffix"
base_tree="$kbuild/src-$base_name"
# What a kernel is built from; its build is redone when any of this changes.
base_stamp=$( (echo "$PINNED_DEB_VERSION $suffix"; cat "${fragments[@]}") | sha256sum | cut -d' ' -f1)

# The release string names the variant, so modroot paths never collide.
variant_fragment() {
	local f="$kbuild/$1.config"
	echo "CONFIG_LOCALVERSION=\"-hmmbench$2\"" >"$f"
	echo "$f"
}

build_baseline() {
	local t0 t1 vf
	if up_to_date "$base_name" "$base_stamp" "$base_tree"; then
		echo "$base_name is up to date"
		return
	fi
	check_source_version
	unpack_pristine
	mkdir -p "$kbuild"
	t0=$(date +%s)
	if [ "$(cat "$base_tree/obj/.hmmbench-source" 2>/dev/null)" != "$PINNED_DEB_VERSION" ]; then
		# First build or a new source: start from a clean tree. A changed
		# config fragment only needs make's own incremental rebuild.
		rm -rf "$base_tree"
		cp -al "$pristine" "$base_tree"
		mkdir -p "$base_tree/obj"
		echo "$PINNED_DEB_VERSION" >"$base_tree/obj/.hmmbench-source"
	fi
	kmake "$base_tree" tinyconfig >/dev/null
	vf=$(variant_fragment "$base_name" "$suffix")
	configure "$base_tree" "${fragments[@]}" "$vf"
	echo "building $base_name (bzImage, modules) with -j$JOBS"
	kmake "$base_tree" -s bzImage modules
	t1=$(date +%s)
	echo "$base_name: build took $((t1 - t0)) s"
	install_kernel "$base_tree" "$base_name" "$base_stamp"
}

build_patched() {
	local name="built-6.12-flagtable$suffix" tree stamp t0 t1 vf patches force_patched
	tree="$kbuild/src-$name"
	patches=$(series_patches) || exit 1
	[ -n "$patches" ] || die "kernel-patch/series lists no patches"
	stamp=$( (echo "$base_stamp"; cat $patches) | sha256sum | cut -d' ' -f1)
	# --force means the patched kernel; the baseline is reused when current.
	force_patched=$force
	force=0
	build_baseline
	force=$force_patched
	if up_to_date "$name" "$stamp" "$tree"; then
		echo "$name is up to date"
		return
	fi
	t0=$(date +%s)
	rm -rf "$tree"
	cp -al "$pristine" "$tree"
	apply_series "$tree"
	cp -a "$base_tree/obj" "$tree/obj"
	vf=$(variant_fragment "$name" "-flagtable$suffix")
	configure "$tree" "${fragments[@]}" "$vf"
	echo "building $name incrementally from $base_name"
	kmake "$tree" -s bzImage modules
	t1=$(date +%s)
	echo "$name: patch + rebuild took $((t1 - t0)) s"
	install_kernel "$tree" "$name" "$stamp"
}

# One build-kernel.sh at a time per checkout: the patched tree is made
# from the baseline's.
mkdir -p "$kbuild"
exec 9>"$kbuild/.build-kernel.lock"
flock 9

if [ "$patched" -eq 1 ]; then
	build_patched
else
	build_baseline
fi
