#!/usr/bin/env bash
# fetch-debian-kernel.sh NAME... : lay out Debian's prebuilt kernels for QEMU.
#
# NAME is debian-X.Y (debian-6.1, debian-6.12). For each, the newest
# linux-image-<rel>-unsigned (<rel> = <abi>-amd64) known to apt, its -amd64 and -common
# headers and its kbuild package are fetched with `apt-get download` into
# .cache/debs and unpacked with `dpkg -x` (never installed: an image's
# initramfs hooks take minutes and the host does not need it). Result:
#
#   .cache/kernels/NAME/root/      the unpacked packages
#   .cache/kernels/NAME/vmlinuz    -> root/boot/vmlinuz-<rel>
#   .cache/kernels/NAME/kdir       -> the -amd64 headers (make -C kdir M=...)
#   .cache/kernels/NAME/modroot    -> root (holds lib/modules/<rel>, with modules.dep)
#   .cache/kernels/NAME/release    <rel>
#
# Idempotent: a kernel already laid out at the newest release is left alone.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=runners/home.sh
. "$top/runners/home.sh"
cache=$home/.cache
debs=$cache/debs
kernels=$cache/kernels

die() { echo "fetch-debian-kernel: $*" >&2; exit 2; }

[ $# -gt 0 ] || die "usage: $0 debian-X.Y..."
mkdir -p "$debs" "$kernels"

# Two `make` runs (e.g. check and bench) must not unpack into one dir at once.
exec 9>"$kernels/.fetch.lock"
flock 9

# newest_abi X.Y: the newest <abi> with a linux-image-<abi>-amd64-unsigned.
# Debian names them 6.1.0-N (6.1) and 6.12.N+deb12 (6.12 backports/updates).
newest_abi() {
	local ver=${1//./\\.}
	apt-cache pkgnames linux-image- 2>/dev/null |
		sed -nE "s/^linux-image-($ver\.[0-9]+(-[0-9]+)?(\+deb[0-9]+)?)-amd64-unsigned$/\1/p" |
		sort -V | tail -1
}

# dep_matching PKG REGEX: the Depends of PKG whose name matches REGEX.
dep_matching() {
	apt-cache depends "$1" 2>/dev/null |
		sed -nE 's/^ *\|?Depends: ([^ <>]+)$/\1/p' | grep -E "$2" | head -1
}

# deb_glob PKG: the .deb of apt's candidate version of PKG (its name keeps
# the version: linux-kbuild-6.1 is one name across many 6.1 releases).
deb_glob() {
	local ver
	ver=$(apt-cache show --no-all-versions "$1" 2>/dev/null | sed -n 's/^Version: //p' | head -1)
	[ -n "$ver" ] || die "apt has no package $1"
	echo "$debs/${1}_${ver/:/%3a}_*.deb"
}

# download PKG...: apt-get download into .cache/debs unless already there.
download() {
	local p
	for p in "$@"; do
		compgen -G "$(deb_glob "$p")" >/dev/null && continue
		(cd "$debs" && apt-get download -q "$p") ||
			die "apt-get download $p failed (network? apt sources?)"
	done
}

deb_of() { compgen -G "$(deb_glob "$1")" | head -1; }

# point_headers_at ROOT DIR REL: the -amd64 headers' Makefile includes the
# -common one by absolute path (/usr/src/...); aim it at DIR's copy. Run on
# every call, so a moved checkout still builds.
point_headers_at() {
	sed -i -E "s|^include .*/usr/src/(linux-headers-[^/]+-common/Makefile)$|include $2/root/usr/src/\1|" \
		"$1/usr/src/linux-headers-$3/Makefile"
}

fetch_one() {
	local name=$1 ver abi rel dir tmp img hdr common kbuild p
	[[ $name =~ ^debian-([0-9]+\.[0-9]+)$ ]] ||
		die "unknown kernel name '$name' (want debian-X.Y, e.g. debian-6.12)"
	ver=${BASH_REMATCH[1]}
	dir=$kernels/$name

	abi=$(newest_abi "$ver")
	if [ -z "$abi" ]; then
		echo "fetch-debian-kernel: apt knows no linux-image-$ver.*-amd64-unsigned; running apt-get update" >&2
		apt-get update -qq >&2 || true
		abi=$(newest_abi "$ver")
	fi
	if [ -z "$abi" ]; then
		# Offline but already laid out: use what is there.
		if [ -f "$dir/release" ]; then
			point_headers_at "$dir/root" "$dir" "$(cat "$dir/release")"
			echo "$name: $(cat "$dir/release") (apt knows none, kept the one laid out)"
			return
		fi
		die "no package linux-image-$ver.*-amd64-unsigned in apt (is a Debian 12 main/security source configured?)"
	fi
	rel=$abi-amd64
	if [ -f "$dir/release" ] && [ "$(cat "$dir/release")" = "$rel" ] && [ -e "$dir/vmlinuz" ] &&
		[ -f "$dir/modroot/lib/modules/$rel/modules.dep" ]; then
		point_headers_at "$dir/root" "$dir" "$rel"
		echo "$name: $rel (up to date)"
		return
	fi

	img=linux-image-$rel-unsigned
	hdr=linux-headers-$rel
	common=$(dep_matching "$hdr" '^linux-headers-.*-common$')
	kbuild=$(dep_matching "$hdr" '^linux-kbuild-')
	[ -n "$common" ] || die "$hdr: no linux-headers-*-common dependency found in apt"
	[ -n "$kbuild" ] || die "$hdr: no linux-kbuild-* dependency found in apt"
	echo "$name: $rel ($img $hdr $common $kbuild)"
	download "$img" "$hdr" "$common" "$kbuild"

	tmp=$kernels/.$name.tmp
	rm -rf "$tmp"
	mkdir -p "$tmp/root"
	for p in "$img" "$hdr" "$common" "$kbuild"; do
		dpkg -x "$(deb_of "$p")" "$tmp/root"
	done
	point_headers_at "$tmp/root" "$dir" "$rel"
	# The packages ship no modules.dep (postinst runs depmod); make it here.
	depmod -b "$tmp/root" "$rel"
	[ -f "$tmp/root/boot/vmlinuz-$rel" ] || die "$img has no boot/vmlinuz-$rel"
	ln -s "root/boot/vmlinuz-$rel" "$tmp/vmlinuz"
	ln -s "root/usr/src/linux-headers-$rel" "$tmp/kdir"
	ln -s root "$tmp/modroot"
	echo "$rel" >"$tmp/release"
	rm -rf "$dir"
	mv "$tmp" "$dir"
}

for name in "$@"; do
	fetch_one "$name"
done
