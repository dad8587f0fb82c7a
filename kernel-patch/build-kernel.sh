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
#   --baseline (default)  built-6.12            the source, no patches
#   --patched             built-6.12-flagtable  the same plus kernel-patch/series
#   --debug               adds kernel-patch/debug.config; names get "-debug"
#   --force               rebuild even when the installed kernel is up to date
#
# The patched kernel is never built from scratch: its tree is the baseline's
# (source hard-linked, objects copied) with the series applied, so make only
# recompiles what the series touches and relinks. The baseline is built
# first when it is missing or stale.
#
# The source is whatever linux-source-6.12 (any 6.12.y) Debian installed:
# superseded revisions leave the archive, so none is pinned. The series must
# apply to it (the failing hunk is named otherwise), and the exact Debian
# version is built into the kernel's "uname -v", which every results
# context records, and into .cache/kernels/<name>/origin. SERIES_WRITTEN_FOR
# is the version the series was last rebased onto; another one is noted.
#
# Trees live in .cache/kbuild/src-<name>/ (a hard-linked copy of the pristine
# source) with the O= directory as a direct child, src-<name>/obj: Kbuild then
# uses the relative srctree "..", the commands recorded with each object do
# not name the tree, and the baseline's objects stay valid when copied into
# the patched tree.
set -euo pipefail

SERIES_WRITTEN_FOR="6.12.117-1~deb12u1"
DEB_PACKAGE="linux-source-6.12"
TARBALL="${HMMBENCH_LINUX_TARBALL:-/usr/src/linux-source-6.12.tar.xz}"
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
kbuild="$top/.cache/kbuild"
kernels="$top/.cache/kernels"

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

# shellcheck source=runners/kernel/kbuild-lib.sh
. "$top/runners/kernel/kbuild-lib.sh"

# kmake TREE ARGS...: one make in source tree TREE with its objects in TREE/obj.
kmake() {
	local tree=$1
	shift
	kbuild_make "$tree" "$tree/obj" "$@"
}

# The installed source package's version: what every kernel here is built from.
[ -r "$TARBALL" ] || die "$TARBALL not found: install Debian's $DEB_PACKAGE (tools/install-deps.sh)"
DEB_VERSION=$(dpkg-query -W -f='${Version}' "$DEB_PACKAGE" 2>/dev/null) ||
	die "package $DEB_PACKAGE is not installed (tools/install-deps.sh installs it)"
pristine="$kbuild/linux-source-${DEB_VERSION//\~/_}"
# uname -v of every kernel built here names its exact source.
export HMMBENCH_BUILD_VERSION="1-${DEB_PACKAGE}_$DEB_VERSION"

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
	echo "unpacking $TARBALL ($DEB_VERSION)"
	rm -rf "$pristine" "$pristine.tmp"
	mkdir -p "$pristine.tmp"
	tar -xf "$TARBALL" -C "$pristine.tmp"
	tmp="$pristine.tmp/linux-source-6.12"
	[ -f "$tmp/Makefile" ] || die "$TARBALL does not contain linux-source-6.12/"
	v=$(source_kernel_version "$tmp")
	[[ $v == 6.12.* ]] || die "$TARBALL holds Linux $v, not 6.12.y"
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
		if ! kgit_apply "$src" --check -v "$p" >"$src.apply.log" 2>&1; then
			grep -E '^error:' "$src.apply.log" >&2 || cat "$src.apply.log" >&2
			die "$(basename "$p") does not apply to $DEB_PACKAGE $DEB_VERSION (the hunk above; the series was written for $SERIES_WRITTEN_FOR): rebase kernel-patch/"
		fi
		rm -f "$src.apply.log"
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

# configure TREE FRAGMENTS...: merge FRAGMENTS onto TREE/obj/.config (which
# already holds tinyconfig or the baseline's config); every option of the
# fragments must have survived olddefconfig with its value.
configure() {
	local tree=$1
	shift
	kbuild_merge "$tree" "$tree/obj" "$@"
	bash "$top/runners/kernel/kconfig-check.sh" --strict "$tree/obj/.config" "$@" >&2 ||
		die "option(s) of the config fragments did not survive olddefconfig (see above)"
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
	{
		echo "source=hmmbench"
		echo "package=$DEB_PACKAGE $DEB_VERSION"
		echo "linux=$(source_kernel_version "$tree")"
		echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
	} >"$dest.tmp/origin"
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

fragments=("$GUEST_FRAGMENT" "$MINIMAL_FRAGMENT")
suffix=""
if [ "$debug" -eq 1 ]; then
	fragments+=("$here/debug.config")
	suffix="-debug"
fi
base_name="built-6.12$suffix"
base_tree="$kbuild/src-$base_name"
# What a kernel is built from; its build is redone when any of this changes.
base_stamp=$( (echo "$DEB_VERSION $suffix"; cat "${fragments[@]}") | sha256sum | cut -d' ' -f1)

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
	unpack_pristine
	mkdir -p "$kbuild"
	t0=$(date +%s)
	if [ "$(cat "$base_tree/obj/.hmmbench-source" 2>/dev/null)" != "$DEB_VERSION" ]; then
		# First build or a new source: start from a clean tree. A changed
		# config fragment only needs make's own incremental rebuild.
		rm -rf "$base_tree"
		cp -al "$pristine" "$base_tree"
		mkdir -p "$base_tree/obj"
		echo "$DEB_VERSION" >"$base_tree/obj/.hmmbench-source"
	fi
	kmake "$base_tree" tinyconfig >/dev/null
	vf=$(variant_fragment "$base_name" "$suffix")
	configure "$base_tree" "${fragments[@]}" "$vf"
	echo "building $base_name (bzImage, modules) with -j$KBUILD_JOBS"
	kmake "$base_tree" -s bzImage modules
	t1=$(date +%s)
	echo "$base_name: build took $((t1 - t0)) s"
	install_kernel "$base_tree" "$base_name" "$base_stamp"
}

build_patched() {
	local name="built-6.12-flagtable$suffix" tree stamp t0 t1 vf patches force_patched
	tree="$kbuild/src-$name"
	mapfile -t patches < <(series_patches) || exit 1
	[ ${#patches[@]} -gt 0 ] || die "kernel-patch/series lists no patches"
	stamp=$( (echo "$base_stamp"; cat "${patches[@]}") | sha256sum | cut -d' ' -f1)
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

[ "$DEB_VERSION" = "$SERIES_WRITTEN_FOR" ] ||
	echo "build-kernel.sh: note: building from $DEB_PACKAGE $DEB_VERSION; the series was written for $SERIES_WRITTEN_FOR" >&2

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
