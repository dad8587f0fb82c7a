#!/usr/bin/env bash
# fetch-plugin-header.sh : QEMU's TCG plugin API header for the plugin build.
#
# The header (include/qemu/qemu-plugin.h) is not in any Debian binary
# package, so it is taken from the source package of the installed
# qemu-system-x86, at exactly its source version. apt's source support is
# used with a sources list kept in .cache/qemu-src (the host's own deb
# entries turned into deb-src ones), its own package lists and no package
# cache: /etc and /var/lib/apt stay as they are. Only the header is
# extracted from the orig tarball. Result:
#
#   .cache/qemu-plugin/include/qemu-plugin.h
#   .cache/qemu-plugin/version     the source version it came from
#
# Idempotent: a header of the installed version is left alone. Exit 2 with
# one line naming what to install when QEMU or apt cannot provide it.
set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=runners/home.sh
. "$top/runners/home.sh"
src=$home/.cache/qemu-src
dest=$home/.cache/qemu-plugin

die() { echo "fetch-plugin-header: $*" >&2; exit 2; }

command -v qemu-system-x86_64 >/dev/null ||
	die "no qemu-system-x86_64: apt-get install qemu-system-x86"
qemu-system-x86_64 -help 2>/dev/null | grep -q '^-plugin' ||
	die "this qemu-system-x86_64 was built without TCG plugin support (-plugin): install Debian's qemu-system-x86 (7.2 or later)"
version=$(dpkg-query -W -f='${source:Version}' qemu-system-x86 2>/dev/null) ||
	die "qemu-system-x86 is not a Debian package here: apt-get install qemu-system-x86"

if [ -f "$dest/include/qemu-plugin.h" ] && [ "$(cat "$dest/version" 2>/dev/null)" = "$version" ]; then
	exit 0
fi

mkdir -p "$src/lists/partial" "$src/sources.list.d" "$dest/include"
exec 9>"$src/.lock"
flock 9

# The host's deb entries as deb-src ones, in both formats apt reads.
rm -f "$src/sources.list.d"/*
: >"$src/sources.list"
if [ -f /etc/apt/sources.list ]; then
	sed -nE 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list >"$src/sources.list"
fi
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	sed -E 's/^Types:.*/Types: deb-src/' "$f" >"$src/sources.list.d/$(basename "$f")"
done
for f in /etc/apt/sources.list.d/*.list; do
	[ -f "$f" ] || continue
	sed -nE 's/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" >>"$src/sources.list"
done

apt_opts=(-o "Dir::Etc::SourceList=$src/sources.list" -o "Dir::Etc::SourceParts=$src/sources.list.d"
	-o "Dir::State::Lists=$src/lists" -o "Dir::Cache::pkgcache=" -o "Dir::Cache::srcpkgcache=")
apt-get "${apt_opts[@]}" -q update >"$src/update.log" 2>&1 ||
	die "apt-get update of the deb-src lists failed (network? see $src/update.log)"

# The orig tarball is named by the upstream version: no epoch, no revision.
upstream=${version#*:}
upstream=${upstream%-*}
orig=$(compgen -G "$src/qemu_$upstream.orig.tar.*" | head -1 || true)
if [ -z "$orig" ]; then
	(cd "$src" && apt-get "${apt_opts[@]}" -q source --download-only "qemu=$version") >"$src/source.log" 2>&1 ||
		die "apt-get source qemu=$version failed (see $src/source.log); the Debian source of qemu must be reachable"
	orig=$(compgen -G "$src/qemu_$upstream.orig.tar.*" | head -1) ||
		die "apt-get source qemu=$version brought no qemu_$upstream.orig.tar.*"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tar -xf "$orig" -C "$tmp" --wildcards '*/include/qemu/qemu-plugin.h' ||
	die "$orig has no include/qemu/qemu-plugin.h"
mv "$(find "$tmp" -name qemu-plugin.h | head -1)" "$dest/include/qemu-plugin.h"
echo "$version" >"$dest/version"
echo "fetch-plugin-header: qemu-plugin.h of qemu $version in $dest/include" >&2
