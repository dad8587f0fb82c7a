#!/usr/bin/env bash
# guest-run.sh --kernel NAME --out DIR [options] -- COMMAND...
#
# Boots kernel NAME (.cache/kernels/NAME, see fetch-debian-kernel.sh) under
# QEMU with the hmmbench initramfs, runs COMMAND as root in the guest with
# DIR (shared over 9p) as its working directory, and powers off. One argument
# is taken as shell script text; several are quoted into one command.
#
# Options:
#   --mode tcg|icount  icount = -icount shift=0,sleep=off, deterministic, forces
#                      --smp 1 (6.1 hangs at SMP bring-up with icount and 2
#                      CPUs); default tcg
#   --mode sim         icount plus hmmbench's cache-simulation plugin
#                      (build/sim/hmm_sim_plugin.so, make sim-plugin): it
#                      writes one line per timed call to DIR/sim-windows.txt;
#                      HMMBENCH_SIM_CACHES adds plugin arguments, e.g.
#                      'l2=2M:16:64,llc=96M:12:64' (sim-plugin/README.md).
#                      'hmmbench run' in the job logs its visits to
#                      DIR/sim-visits.txt; after the guest, hmmbench sim-merge
#                      DIR adds the sim:* counters to its results files
#                      (exit 1 if the windows do not pair with the samples;
#                      HMMBENCH_SIM_LATENCIES=L2:LLC:MEMORY sets the cycle
#                      model's latencies)
#   --mode kvm|auto    KVM (-accel kvm -cpu host: the guest's perf events count
#                      through the virtual PMU) when a short probe boot
#                      (kvm-probe.sh, bounded: HMMBENCH_KVM_PROBE_BOUND, 20 s)
#                      reaches /init; else kvm falls back to tcg and auto to
#                      icount, with the reason on stderr (one line), in
#                      guest-run.txt and in the results context (qemu_fallback);
#                      HMMBENCH_KVM_CPU replaces -cpu host (probe and guest)
#   --timeout SEC      kill the guest after SEC seconds of running (default 900)
#   --mem MB           guest memory (default 4096: a 1 GiB range plus hugetlb
#                      pages; TCG allocates it lazily)
#   --smp N            guest CPUs in tcg mode (default 2)
#   --no-module        do not insmod hmm_bench.ko at boot
#   --module KO        pack this module instead of build/module/NAME/hmm_bench.ko
#   --progress-fd N    relay the job's progress lines to fd N (default 2)
#   --quiet            relay nothing
#
# While the guest runs, the job's progress lines ("hmmbench: progress ...",
# which hmmbench run prints at least every 10 s off a terminal, and its
# closing "hmmbench: N of M visits in ..." line) are relayed as they come,
# as "NAME: hmmbench: progress ...": they are read from DIR/job.log, which
# the guest writes through the 9p share. A caller that keeps guest-run's
# stderr in a file passes its own stderr as another fd, e.g.
#   guest-run.sh --progress-fd 3 ... 3>&2 >LOG 2>&1
#
# Left in DIR: job.sh, job.log (COMMAND's stdout+stderr), job.rc, dmesg.txt,
# console.log (the serial console), guest-run.txt (what ran, how it ended),
# and whatever COMMAND wrote. Exit status: COMMAND's; 3 if the guest hung,
# panicked or never finished the job (the console tail is printed); else 4 if
# the kernel logged an oops/BUG/WARN/KASAN/lockdep report (printed), even when
# COMMAND passed; 2 for bad usage or a missing kernel.
#
# A guest that dies before it reaches the initramfs's /init (no line
# "hmmbench-guest: kernel ... up"), or whose kernel reported a problem
# before /init (guest-init then leaves boot-report.txt and runs no job), has
# run nothing of hmmbench's. Seen: Debian 6.12 under multi-threaded TCG with
# 2 vCPUs oopsing on an int3 of its own boot-time text patching, and the
# KASAN debug kernel reporting a wild access in rcu_is_watching() from an
# interrupt 3 ms into start_kernel; once each in some 60 boots. Such a boot
# is retried once, said on stderr and kept as console.boot-failure.log (and
# boot-report.failed.txt); guest-run.txt records boot_retries. A second
# failure is final (exit 3). For tests, HMMBENCH_TEST_FAIL_FIRST_BOOT=1
# makes the first boot die on purpose (rdinit= a missing file).
#
# QEMU runs under flock $HMMBENCH_QEMU_LOCK (default /tmp/hmmbench-qemu.lock)
# so boots never overlap on a shared host; a caller already holding that
# lock sets HMMBENCH_QEMU_LOCK=none.
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=runners/home.sh
. "$top/runners/home.sh"
# shellcheck source=runners/qemu/kernel-cmdline.sh
. "$top/runners/qemu/kernel-cmdline.sh"
here=$top/runners/qemu

die() { echo "guest-run: $*" >&2; exit 2; }

kernel='' out='' mode=tcg timeout=900 mem=4096 smp=2 load_module=1 module='' progress_fd=2
while [ $# -gt 0 ]; do
	case $1 in
	--kernel) kernel=${2-}; shift 2 ;;
	--out) out=${2-}; shift 2 ;;
	--mode) mode=${2-}; shift 2 ;;
	--timeout) timeout=${2-}; shift 2 ;;
	--mem) mem=${2-}; shift 2 ;;
	--smp) smp=${2-}; shift 2 ;;
	--no-module) load_module=0; shift ;;
	--module) module=${2-}; shift 2 ;;
	--progress-fd) progress_fd=${2-}; shift 2 ;;
	--quiet) progress_fd=''; shift ;;
	--) shift; break ;;
	*) die "unknown argument '$1' (see the header of $0)" ;;
	esac
done
[ -n "$kernel" ] || die "--kernel NAME is required (e.g. debian-6.12)"
[ -n "$out" ] || die "--out DIR is required"
[ $# -gt 0 ] || die "no COMMAND after --"
case $mode in
tcg | icount) ;;
sim)
	sim_plugin=$home/build/sim/hmm_sim_plugin.so
	[ -f "$sim_plugin" ] || die "--mode sim needs $sim_plugin: run make sim-plugin"
	qemu-system-x86_64 -help 2>/dev/null | grep -q '^-plugin' ||
		die "--mode sim needs a QEMU built with TCG plugin support (-plugin): install Debian's qemu-system-x86 (7.2 or later)"
	;;
kvm | auto) ;; # decided by the probe boot, once the initramfs is built
*) die "--mode must be tcg, icount, kvm, auto or sim, not '$mode'" ;;
esac
[[ $timeout =~ ^[1-9][0-9]*$ ]] || die "--timeout must be a positive number of seconds, not '$timeout'"
[[ $mem =~ ^[1-9][0-9]*$ ]] || die "--mem must be a number of MiB, not '$mem'"
[[ $smp =~ ^[1-9][0-9]*$ ]] || die "--smp must be a positive number, not '$smp'"
if [ -n "$progress_fd" ]; then
	[[ $progress_fd =~ ^[0-9]+$ ]] || die "--progress-fd must be a file descriptor number, not '$progress_fd'"
	{ true >&"$progress_fd"; } 2>/dev/null || die "--progress-fd $progress_fd is not open for writing"
fi
[ "$mode" = icount ] && smp=1
[ "$mode" = sim ] && smp=1

kdir=$home/.cache/kernels/$kernel
{ [ -e "$kdir/vmlinuz" ] && [ -f "$kdir/release" ]; } ||
	die "kernel '$kernel' is not in $kdir ($(case $kernel in
		debian-* | built-6.12*) echo "run: make kernels KERNELS=$kernel" ;;
		*) echo "register it: hmmbench kernel add $kernel --tree DIR, or hmmbench kernel build $kernel --tree DIR" ;;
		esac))"
release=$(cat "$kdir/release")
: "${module:=$home/build/module/$kernel/hmm_bench.ko}"

[ $load_module = 1 ] && [ ! -f "$module" ] &&
	echo "guest-run: note: no $module (make build/module/$kernel/hmm_bench.ko); the guest will run without hmm_bench" >&2

# The initramfs, rebuilt when any of its inputs is newer.
initrd=$home/build/initramfs/$kernel.cpio.gz
mkdir -p "$(dirname "$initrd")"
# The kernel's modules.dep: a kernel registered again under the same name
# (hmmbench kernel build) brings new modules with the same release.
inputs=("$here/mkinitramfs.sh" "$here/guest-init" "$here/kernel-report.pattern" "$kdir/release"
	"$kdir/modroot/lib/modules/$release/modules.dep"
	"$(command -v busybox)"
	"$hb" "$module" "$top/tests/lib.sh")
for src in "$top"/tests/guest/*.c; do
	[ -e "$src" ] && inputs+=("$home/build/tests/$(basename "$src" .c)")
done
for src in "$top"/tests/guest/*.sh; do
	[ -e "$src" ] && inputs+=("$src")
done
(
	flock 9
	stale=0
	[ -f "$initrd" ] || stale=1
	for f in "${inputs[@]}"; do
		[ -e "$f" ] && [ "$f" -nt "$initrd" ] && stale=1
	done
	# A module or runner that was present before and is gone now counts too.
	[ -f "$initrd.inputs" ] && [ "$(ls -1d "${inputs[@]}" 2>/dev/null)" != "$(cat "$initrd.inputs")" ] && stale=1
	if [ $stale = 1 ]; then
		bash "$here/mkinitramfs.sh" --kernel "$kernel" --out "$initrd" --module "$module"
		ls -1d "${inputs[@]}" 2>/dev/null >"$initrd.inputs" || true
	fi
) 9>"$initrd.lock"

# KVM only where a probe boot of this kernel reaches /init (kvm-probe.sh).
qemu_fallback=''
case $mode in
kvm | auto)
	fallback=tcg
	[ "$mode" = auto ] && fallback=icount
	probe_rc=0
	qemu_fallback=$(bash "$here/kvm-probe.sh" --kernel "$kernel" --initrd "$initrd") || probe_rc=$?
	case $probe_rc in
	0) mode=kvm ;;
	1)
		echo "guest-run: $kernel: --mode $mode: $qemu_fallback; running $fallback instead" >&2
		qemu_fallback="--mode $mode: $qemu_fallback; ran $fallback"
		mode=$fallback
		;;
	*) die "runners/qemu/kvm-probe.sh failed (exit $probe_rc)" ;;
	esac
	[ "$mode" = icount ] && smp=1
	;;
esac

mkdir -p "$out"
out=$(cd "$out" && pwd)
# Stale control files would be misread as this run's; the job's own files stay.
rm -f "$out"/{job.sh,job.log,job.rc,dmesg.txt,console.log,guest-run.txt,boot-report.txt,sim-windows.txt,sim-visits.txt}

append="console=ttyS0 panic=-1 $(guest_kernel_args "$kdir" "$mode")"
[ $load_module = 0 ] && append+=" hmmbench.nomodule=1"
qemu=(qemu-system-x86_64 -accel tcg -cpu max -nographic -no-reboot -m "$mem" -smp "$smp"
	-kernel "$kdir/vmlinuz" -initrd "$initrd" -append "$append"
	-virtfs "local,path=$out,mount_tag=hmmout,security_model=none,id=hmmout")
# shellcheck disable=SC2054 # one QEMU option value, commas and all
[ "$mode" = icount ] && qemu+=(-icount shift=0,sleep=off)
qemu_summary="$(qemu-system-x86_64 --version | head -1); -accel tcg -cpu max -m $mem -smp $smp"
[ "$mode" = icount ] && qemu_summary+=" -icount shift=0,sleep=off"
if [ "$mode" = sim ]; then
	sim_arg="$sim_plugin,windows=$out/sim-windows.txt${HMMBENCH_SIM_CACHES:+,$HMMBENCH_SIM_CACHES}"
	# shellcheck disable=SC2054 # one QEMU option value, commas and all
	qemu+=(-icount shift=0,sleep=off -plugin "$sim_arg")
	qemu_summary+=" -icount shift=0,sleep=off -plugin hmm_sim_plugin.so${HMMBENCH_SIM_CACHES:+,$HMMBENCH_SIM_CACHES}"
fi
qemu_summary+=" -append '$append'"
# KVM: the host's CPU model, so the guest has the host's (virtual) PMU.
if [ "$mode" = kvm ]; then
	for i in "${!qemu[@]}"; do
		case ${qemu[$i]} in tcg) qemu[i]=kvm ;; max) qemu[i]=${HMMBENCH_KVM_CPU:-host} ;; esac
	done
	qemu_summary=${qemu_summary/-accel tcg -cpu max/-accel kvm -cpu ${HMMBENCH_KVM_CPU:-host}}
fi

shquote() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
{
	echo '#!/bin/sh'
	echo "# written by guest-run.sh for $kernel ($mode)"
	# The results context records how the guest ran.
	echo "export HMMBENCH_QEMU_OPTIONS=$(shquote "$qemu_summary")"
	# shellcheck disable=SC2016 # expanded in the guest, in DIR
	[ "$mode" = sim ] && echo 'export HMMBENCH_SIM_VISITS="$PWD/sim-visits.txt"'
	if [ -n "$qemu_fallback" ]; then
		echo "export HMMBENCH_QEMU_FALLBACK=$(shquote "$qemu_fallback")"
	fi
	if [ $# -eq 1 ]; then
		printf '%s\n' "$1"
	else
		for a in "$@"; do printf '%s ' "$(shquote "$a")"; done
		echo
	fi
} >"$out/job.sh"

lock=${HMMBENCH_QEMU_LOCK:-/tmp/hmmbench-qemu.lock}
if [ "$lock" != none ]; then
	exec 8>"$lock"
	if ! flock -n 8; then
		echo "guest-run: waiting for $lock (another QEMU boot is running)" >&2
		flock 8
	fi
fi

# relay_progress PID: until PID ends, copy the progress lines of job.log
# (there or not yet) to the progress fd, prefixed with the kernel's name.
relay_progress() {
	local line

	tail -n +1 -s 0.5 -F --pid="$1" "$out/job.log" 2>/dev/null |
		while IFS= read -r line; do
			case $line in
			'hmmbench: progress '* | 'hmmbench: '[0-9]*' of '[0-9]*' in '*)
				printf '%s: %s\n' "$kernel" "$line" >&"$progress_fd" ;;
			esac
		done
}

# A background job ignores SIGINT in a script: pass an interrupt on to QEMU.
qemu_pid=''
# shellcheck disable=SC2317 # called by the trap
stop_guest() {
	[ -n "$qemu_pid" ] && kill -TERM "$qemu_pid" 2>/dev/null
	exit 130
}
trap stop_guest INT TERM

# boot_qemu [EXTRA_APPEND]: one boot; sets qemu_rc and booted.
boot_qemu() {
	local cmd=("${qemu[@]}") i relay=''

	for i in "${!cmd[@]}"; do
		[ "${cmd[$i]}" = -append ] && [ -n "${1-}" ] && cmd[i + 1]="$append $1"
	done
	set +e
	timeout -k 10 "$timeout" "${cmd[@]}" </dev/null >"$out/console.log" 2>&1 &
	qemu_pid=$!
	if [ -n "$progress_fd" ]; then
		relay_progress "$qemu_pid" &
		relay=$!
	fi
	wait "$qemu_pid"
	qemu_rc=$?
	qemu_pid=''
	# tail sees QEMU gone within its 0.5 s poll and prints what is left first.
	[ -n "$relay" ] && wait "$relay"
	set -e
	booted=$(sed -nE 's/.*hmmbench-guest: kernel .* up ([0-9.]+) s.*/\1/p' "$out/console.log" | head -1)
}

start=$(date +%s.%N)
boot_retries=0
first_append=''
[ "${HMMBENCH_TEST_FAIL_FIRST_BOOT-}" = 1 ] && first_append='rdinit=/hmmbench-test-no-such-init'
boot_qemu "$first_append"
if [ ! -f "$out/job.rc" ] && [ "$qemu_rc" != 124 ] && [ "$qemu_rc" != 137 ] &&
	{ [ -z "$booted" ] || [ -f "$out/boot-report.txt" ]; }; then
	mv "$out/console.log" "$out/console.boot-failure.log"
	[ -f "$out/boot-report.txt" ] && mv "$out/boot-report.txt" "$out/boot-report.failed.txt"
	echo "guest-run: $kernel ($mode): the guest died or its kernel reported a problem before /init (QEMU exit $qemu_rc); nothing of hmmbench ran, booting once more. First lines of the report:" >&2
	grep -m 3 -E 'Oops|BUG:|Kernel panic - not syncing' "$out/console.boot-failure.log" | sed 's/^/  | /' >&2 || true
	boot_retries=1
	boot_qemu
fi
end=$(date +%s.%N)
[ "$lock" != none ] && exec 8>&-
wall=$(echo "$end - $start" | bc)
wall=$(printf '%.1f' "$wall")

status=ok
rc=0
if [ "$qemu_rc" = 124 ] || [ "$qemu_rc" = 137 ]; then
	status=timeout
elif [ ! -f "$out/job.rc" ]; then
	status=no-rc
fi
if [ $status != ok ]; then
	case $status in
	timeout) echo "guest-run: $kernel ($mode): killed after the ${timeout} s timeout, no result" >&2 ;;
	*) echo "guest-run: $kernel ($mode): QEMU ended (exit $qemu_rc) before the job finished (panic? hang?)" >&2 ;;
	esac
	echo "guest-run: last 30 console lines ($out/console.log):" >&2
	tail -n 30 "$out/console.log" | sed 's/^/  | /' >&2
	rc=3
else
	job_rc=$(cat "$out/job.rc")
	rc=$job_rc
fi
if ! report=$(bash "$here/scan-kernel-log.sh" "$out/console.log" "$out/dmesg.txt"); then
	echo "guest-run: $kernel ($mode): the guest kernel reported a problem:" >&2
	echo "$report" >&2
	# A job that never finished keeps exit 3; one that did fails with 4.
	if [ $status = ok ]; then
		status='kernel-report'
		rc=4
	fi
fi

# The plugin's windows paired with the run's samples: the sim:* counters.
sim_merge=''
if [ "$mode" = sim ] && [ -s "$out/sim-visits.txt" ]; then
	sim_merge=ok
	if ! "$hb" sim-merge "$out" >&2; then
		sim_merge=failed
		[ "$rc" = 0 ] && rc=1
	fi
fi

cat >"$out/guest-run.txt" <<EOF
kernel=$kernel
release=$release
mode=$mode
smp=$smp
mem_mb=$mem
qemu=$(qemu-system-x86_64 --version | head -1)
wall_s=$wall
booted_s=${booted:-}
boot_retries=$boot_retries
qemu_fallback=$qemu_fallback
status=$status
job_rc=${job_rc:-}
sim_merge=$sim_merge
exit=$rc
EOF
echo "guest-run: $kernel ($release, $mode, smp $smp): ${wall} s wall (guest reached /init at ${booted:-?} s), job exit ${job_rc:-none}, status $status" >&2
exit "$rc"
