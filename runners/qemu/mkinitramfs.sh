#!/usr/bin/env bash
# mkinitramfs.sh --kernel NAME --out FILE [--module KO] [--add DIR]
#
# Packs the guest's whole root file system as a gzip'd newc cpio:
#   /bin/busybox + applet links     the shell and tools
#   /init                           runners/qemu/guest-init
#   /usr/bin/hmmbench               the runner, if built, with the shared
#                                   libraries and loader ldd lists (Debian has
#                                   no libudev.a, so hwloc cannot be static)
#   /tests/*                        build/tests/<name> for each tests/guest/<name>.c,
#                                   tests/guest/*.sh and the harness they source,
#                                   tests/lib.sh (POSIX sh: busybox sh runs it)
#   /lib/hmm_bench.ko               KO (default build/module/NAME/hmm_bench.ko), if present
#   /lib/kmod/*.ko, /lib/kmod/order the 9p stack from the kernel's modroot, in
#                                   load order, decompressed on the host
#   /lib/kmod/peers                 test_hmm and its dependencies, in load order,
#                                   when the kernel has it (not loaded at boot)
#   /etc/passwd, /etc/group         root and nobody (65534), for unprivileged tests
#   /etc/hmmbench-kernel-report.pattern  scan-kernel-log.sh's pattern, for
#                                   guest-init's check of the boot's own log
#   DIR's tree, if --add DIR        copied over the root last (hmmbench lava:
#                                   the LAVA test's guest side)
# Missing optional pieces are reported on stderr, not fatal: a job that
# needs them fails in the guest with a clear "not found".
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=runners/home.sh
. "$top/runners/home.sh"
here=$top/runners/qemu

die() { echo "mkinitramfs: $*" >&2; exit 2; }

kernel='' out='' module='' add=''
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--module) module=$2; shift 2 ;;
	--add) add=$2; shift 2 ;;
	*) die "unknown argument '$1' (usage: $0 --kernel NAME --out FILE [--module KO])" ;;
	esac
done
{ [ -n "$kernel" ] && [ -n "$out" ]; } || die "usage: $0 --kernel NAME --out FILE [--module KO]"
kdir=$home/.cache/kernels/$kernel
[ -f "$kdir/release" ] || die "kernel '$kernel' is not laid out in $kdir (run: make kernels KERNELS=$kernel)"
rel=$(cat "$kdir/release")
moddir=$kdir/modroot/lib/modules/$rel
[ -f "$moddir/modules.dep" ] || die "$moddir/modules.dep missing (run depmod -b $kdir/modroot $rel)"
: "${module:=$home/build/module/$kernel/hmm_bench.ko}"

busybox=$(command -v busybox) || die "busybox not found (apt-get install busybox-static)"
file -L "$busybox" 2>/dev/null | grep -q 'statically linked' ||
	ldd "$busybox" 2>&1 | grep -q 'not a dynamic' || die "$busybox is not static (apt-get install busybox-static)"

stage=$(mktemp -d "${TMPDIR:-/tmp}/hmmbench-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
# mktemp makes it 0700; as / that would lock out the unprivileged user.
chmod 0755 "$stage"
mkdir -p "$stage"/{bin,sbin,usr/bin,usr/sbin,etc,proc,sys,dev,out,lib/kmod,tests}
install -d -m 1777 "$stage/tmp"
install -d -m 0700 "$stage/root"

# Busybox and one link per applet (busybox --list names them).
cp "$busybox" "$stage/bin/busybox"
for applet in $("$busybox" --list); do
	[ -e "$stage/bin/$applet" ] || ln -s busybox "$stage/bin/$applet"
done

# Users for tests that must run unprivileged (issue 6: root-only PFNs).
# The kernel's config, where hmmbench's results context looks for it.
if [ -f "$kdir/kdir/.config" ]; then
	install -D -m 0644 "$kdir/kdir/.config" "$stage/boot/config-$rel"
fi

printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/tmp:/bin/sh\n' >"$stage/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$stage/etc/group"

# copy_with_libs FILE DEST: FILE at DEST, and every library ldd lists at its own path.
copy_with_libs() {
	local file=$1 dest=$2 lib
	install -D -m 0755 "$file" "$stage$dest"
	for lib in $(ldd "$file" 2>/dev/null | grep -oE '/[^ ]+' || true); do
		[ -e "$stage$lib" ] && continue
		install -D -m 0755 "$(readlink -f "$lib")" "$stage$lib"
	done
}

if [ -x "$hb" ]; then
	copy_with_libs "$hb" /usr/bin/hmmbench
else
	echo "mkinitramfs: note: runners/hmmbench not built (make runner); the guest has no hmmbench" >&2
fi
for src in "$top"/tests/guest/*.c; do
	[ -e "$src" ] || continue
	bin=$home/build/tests/$(basename "$src" .c)
	if [ -x "$bin" ]; then
		copy_with_libs "$bin" "/tests/$(basename "$bin")"
	else
		echo "mkinitramfs: note: $bin not built (make tests)" >&2
	fi
done
install -m 0644 "$top/tests/lib.sh" "$stage/tests/lib.sh"
for script in "$top"/tests/guest/*.sh; do
	[ -e "$script" ] && install -m 0755 "$script" "$stage/tests/$(basename "$script")"
done

if [ -f "$module" ]; then
	cp "$module" "$stage/lib/hmm_bench.ko"
else
	echo "mkinitramfs: note: $module not built; the guest has no hmm_bench.ko" >&2
fi

# The 9p stack (virtio-pci transport, 9p client, 9p file system), each with
# its dependencies first. Built-in modules (6.12 has VIRTIO_PCI=y) are skipped.
declare -A loaded=()
order=()
# mod_path NAME: the modules.dep path of NAME (.ko, .ko.xz or .ko.zst).
mod_path() {
	{ grep -oE "^[^:]*/$1\.ko(\.xz|\.zst|\.gz)?:" "$moddir/modules.dep" || true; } | head -1 | tr -d :
}
add_module() {
	local path=$1 name dep deps
	name=$(basename "$path"); name=${name%%.ko*}
	[ -n "${loaded[$name]:-}" ] && return
	# modules.dep: "PATH: DEP DEP ...", the dependencies on one line.
	read -ra deps <<<"$({ grep -F "$path:" "$moddir/modules.dep" || true; } | { grep -E "^$path:" || true; } | cut -d: -f2-)"
	for dep in "${deps[@]}"; do
		add_module "$dep"
	done
	loaded[$name]=1
	case $path in
	*.ko.xz) xz -dc "$moddir/$path" >"$stage/lib/kmod/$name.ko" ;;
	*.ko.zst) zstd -qdc "$moddir/$path" >"$stage/lib/kmod/$name.ko" ;;
	*.ko.gz) gzip -dc "$moddir/$path" >"$stage/lib/kmod/$name.ko" ;;
	*) cp "$moddir/$path" "$stage/lib/kmod/$name.ko" ;;
	esac
	order+=("$name")
}
for want in virtio_pci 9pnet_virtio 9p; do
	path=$(mod_path "$want")
	if [ -n "$path" ]; then
		add_module "$path"
	elif grep -qE "/$want\.ko" "$moddir/modules.builtin"; then
		continue
	else
		die "$kernel ($rel) has neither a module nor a built-in $want (9p over virtio needs it)"
	fi
done
printf '%s\n' "${order[@]}" >"$stage/lib/kmod/order"

# The in-tree HMM test driver (lib/test_hmm.c, CONFIG_TEST_HMM=m), for
# 'hmmbench peers': packed with its dependencies when the kernel has it, but
# not loaded at boot; a job loads the modules of /lib/kmod/peers in order.
order=()
path=$(mod_path test_hmm)
[ -n "$path" ] && add_module "$path"
: >"$stage/lib/kmod/peers"
[ ${#order[@]} -eq 0 ] || printf '%s\n' "${order[@]}" >"$stage/lib/kmod/peers"
echo "$rel" >"$stage/etc/hmmbench-kernel-release"

install -m 0755 "$here/guest-init" "$stage/init"
install -m 0644 "$here/kernel-report.pattern" "$stage/etc/hmmbench-kernel-report.pattern"
if [ -n "$add" ]; then
	[ -d "$add" ] || die "--add $add is not a directory"
	cp -R "$add/." "$stage/"
fi

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . -print0 | LC_ALL=C sort -z |
	cpio --null --create --format=newc --owner=0:0 --quiet) | gzip -1 >"$out.tmp.$$"
mv "$out.tmp.$$" "$out"
