#!/usr/bin/env bash
# kvm-probe.sh --kernel NAME --initrd FILE [--bound SEC]
#
# Whether KVM boots kernel NAME: one short boot with -accel kvm -cpu
# $HMMBENCH_KVM_CPU (default host, as guest-run.sh's KVM guests) and the
# hmmbench initramfs, whose /init (guest-init, hmmbench.probe=1)
# says "hmmbench-guest: probe: ok" and powers off at once. The boot is
# bounded (--bound, default $HMMBENCH_KVM_PROBE_BOUND or 20 s): a guest that
# prints nothing past the kernel's decompression, as on hosts whose
# /dev/kvm exists but cannot run a guest (QEMU warns that CPUID features
# are missing, SeaBIOS runs, then KVM stops the vCPU with an "internal
# error" or the guest just sits), is a hang, and so is one that stops
# anywhere else. A KVM internal error ends the probe at once.
#
# Exit 0, printing nothing on stdout, when KVM works; 1 with the reason on
# stdout (one line: what happened, how long it took, QEMU's first warning);
# 2 for bad usage. The verdict is kept in build/kvm-probe/NAME.txt for as
# long as the host boot, the QEMU binary and the kernel image are the same
# (HMMBENCH_KVM_PROBE_FRESH=1 probes anew): guest-run.sh asks for every
# boot, and a hang costs the whole bound.
#
# The boot runs under flock $HMMBENCH_QEMU_LOCK like guest-run.sh's.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=runners/home.sh
. "$top/runners/home.sh"

die() { echo "kvm-probe: $*" >&2; exit 2; }

kernel='' initrd='' bound=${HMMBENCH_KVM_PROBE_BOUND:-20}
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=${2-}; shift 2 ;;
	--initrd) initrd=${2-}; shift 2 ;;
	--bound) bound=${2-}; shift 2 ;;
	*) die "unknown argument '$1' (see the header of $0)" ;;
	esac
done
[ -n "$kernel" ] || die "--kernel NAME is required"
[ -f "$initrd" ] || die "--initrd FILE is required (guest-run.sh builds it)"
[[ $bound =~ ^[1-9][0-9]*$ ]] || die "--bound must be a positive number of seconds, not '$bound'"
vmlinuz=$home/.cache/kernels/$kernel/vmlinuz
[ -e "$vmlinuz" ] || die "no kernel $vmlinuz"

# Nothing to boot with: said without a probe.
if [ ! -e /dev/kvm ]; then
	echo "no /dev/kvm (no KVM on this host, or the kvm module is not loaded)"
	exit 1
fi
if [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
	echo "/dev/kvm is not usable by $(id -un) (join group $(stat -c %G /dev/kvm))"
	exit 1
fi

cache_dir=$home/build/kvm-probe
cache=$cache_dir/$kernel.txt
key="boot $(cat /proc/sys/kernel/random/boot_id 2>/dev/null); -cpu ${HMMBENCH_KVM_CPU:-host}; $(qemu-system-x86_64 --version | head -1); $(stat -L -c '%s %Y' "$vmlinuz")"
if [ "${HMMBENCH_KVM_PROBE_FRESH-}" != 1 ] && [ -f "$cache" ] && [ "$(head -1 "$cache")" = "$key" ]; then
	verdict=$(sed -n 2p "$cache")
	[ "$verdict" = ok ] && exit 0
	echo "$verdict (kept from an earlier probe this host boot: $cache)"
	exit 1
fi

log=$(mktemp)
trap 'rm -f "$log" "$log.pid"' EXIT
lock=${HMMBENCH_QEMU_LOCK:-/tmp/hmmbench-qemu.lock}
if [ "$lock" != none ]; then
	exec 8>"$lock"
	flock -n 8 || { echo "kvm-probe: waiting for $lock (another QEMU boot is running)" >&2; flock 8; }
fi
start=$(date +%s.%N)
rc=0 internal=0
# In a subshell whose stderr is dropped: the shell's own "Aborted" line for a
# QEMU that dies on an assertion is noise. It leaves timeout's pid to stop it.
(
	timeout -k 5 "$bound" qemu-system-x86_64 -accel kvm -cpu "${HMMBENCH_KVM_CPU:-host}" \
		-nographic -no-reboot -m 512 -smp 1 -kernel "$vmlinuz" -initrd "$initrd" \
		-append "console=ttyS0 earlyprintk=serial,ttyS0 panic=-1 hmmbench.probe=1" \
		</dev/null >"$log" 2>&1 &
	echo $! >"$log.pid"
	wait $!
) 2>/dev/null &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
	# KVM stopped the vCPU (an instruction it cannot emulate): it never resumes.
	if [ $internal = 0 ] && grep -q 'KVM internal error' "$log"; then
		internal=1
		kill -TERM "$(cat "$log.pid")" 2>/dev/null || true
	fi
	sleep 0.2
done
wait "$pid" || rc=$?
[ "$lock" != none ] && exec 8>&-
took=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")

qemu_said=$(grep -m 1 -E '^qemu-system-x86_64: ' "$log" | sed 's/^qemu-system-x86_64: //' || true)
qemu_said=${qemu_said:+; QEMU: $qemu_said}
if grep -q 'hmmbench-guest: probe: ok' "$log"; then
	verdict=ok
elif [ $internal = 1 ] || [ $rc = 124 ] || [ $rc = 137 ]; then
	what="nothing more in $bound s"
	[ $internal = 1 ] && what="KVM internal error, the vCPU stopped"
	if ! grep -q 'Linux version' "$log"; then
		# SeaBIOS hands over to the kernel's setup code, which probes EDD and
		# decompresses the kernel; its first message is "Linux version".
		if grep -qE 'Probing EDD|Decompressing Linux|Booting the kernel|Booting from ROM' "$log"; then
			verdict="KVM guest hung after the kernel's decompression, before its first message ($what)$qemu_said"
		else
			verdict="KVM guest printed nothing ($what)$qemu_said"
		fi
	else
		last=$(tr -d '\r' <"$log" | grep -v '^qemu-system' | grep . | tail -1 | cut -c1-120)
		verdict="KVM guest hung before /init ($what, after: $last)$qemu_said"
	fi
else
	verdict="KVM guest failed (QEMU exit $rc)$qemu_said"
fi
mkdir -p "$cache_dir"
printf '%s\n%s\n' "$key" "$verdict" >"$cache.tmp" && mv "$cache.tmp" "$cache"
[ "$verdict" = ok ] && exit 0
echo "$verdict; probe $took s of its $bound s bound"
exit 1
