#!/bin/sh
# test_lifecycle.sh: hmm_bench.ko's life in a guest (busybox sh, as root).
#
#   - load and unload the module LOOPS times (default 100), a short fuzz
#     (RUN, GET_INFO, GET_TABLE ioctls) between each load and unload;
#   - unload is refused while the device is open, by this shell or by a
#     background process, and succeeds once the last fd is closed;
#   - a process SIGKILLed in the middle of a long RUN (a 1 GiB
#     fault-unpopulated run), or in the middle of a 4-thread fuzz, leaves
#     nothing behind: the module unloads right after, loads again, works.
# The kernel log is checked by the host (guest-run.sh fails the job on any
# oops, WARN, BUG, KASAN or lockdep report: a notifier left on a freed
# context would show up there at the next unload or exit).
#
# Usage: sh /tests/test_lifecycle.sh [LOOPS] [KO]   (KO default /lib/hmm_bench.ko)
set -eu
# shellcheck disable=SC3040 # busybox sh, which runs this, has pipefail
set -o pipefail
loops=${1:-100}
ko=${2:-/lib/hmm_bench.ko}
# The harness, packed beside this script by mkinitramfs.sh.
# shellcheck source=tests/lib.sh
. "${HMMBENCH_TESTLIB:-/tests/lib.sh}"

loaded() { grep -q '^hmm_bench ' /proc/modules; }
# load: insmod unless loaded; the device node must appear.
load() {
	loaded || insmod "$ko" || return 1
	i=0
	while [ ! -c /dev/hmm_bench ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	[ -c /dev/hmm_bench ]
}

# 1. LOOPS load/run/unload cycles.
bad=0
n=0
while [ $n -lt "$loops" ]; do
	if ! load; then
		bad=$((bad + 1)); echo "  cycle $n: insmod failed"; break
	fi
	if ! hmmbench fuzz --seed "$n" --calls 30 --no-churn >/tmp/cycle.out 2>&1; then
		bad=$((bad + 1)); echo "  cycle $n: fuzz failed:"; show_log /tmp/cycle.out 5
	fi
	if ! rmmod hmm_bench; then
		bad=$((bad + 1)); echo "  cycle $n: rmmod failed"; break
	fi
	n=$((n + 1))
done
if [ $bad = 0 ] && [ $n = "$loops" ] && ! loaded; then
	ok "$loops cycles of insmod, 30 fuzzed ioctls, rmmod"
else
	not_ok "load/run/unload cycles: $n of $loops done, $bad failures"
fi

# 2. Unload refused while the device is open.
load || not_ok "insmod before the busy-unload checks"
exec 3<>/dev/hmm_bench
if rmmod hmm_bench 2>/tmp/rmmod.err; then
	not_ok "rmmod refused while this shell holds /dev/hmm_bench open (it succeeded)"
	load || true
else
	if loaded; then
		ok "rmmod refused while the device is open ($(cat /tmp/rmmod.err))"
	else
		not_ok "rmmod failed but the module is gone"
	fi
fi
exec 3>&-
sleep 600 3<>/dev/hmm_bench &
holder=$!
sleep 0.5
if rmmod hmm_bench 2>/dev/null; then
	not_ok "rmmod refused while a background process holds the device open (it succeeded)"
	load || true
else
	ok "rmmod refused while another process holds the device open"
fi
kill -9 $holder || true
wait $holder 2>/dev/null || true
if rmmod hmm_bench; then
	ok "rmmod succeeds once the last fd is closed"
else
	not_ok "rmmod after the last fd closed"
fi

# 3. SIGKILL in the middle of long RUN ioctls.
# kill_mid_run DELAY: start a 1 GiB fault-unpopulated run, SIGKILL it after
# DELAY seconds; it must die, and the module must unload right after.
kill_mid_run() {
	load || { not_ok "insmod before the SIGKILL test"; return; }
	hmmbench run --ops fault-unpopulated --kinds 4k --sizes 1G --formats fixed \
		--samples 50 --rounds 1 --warmup 0 --events none --no-fifo --quiet \
		--out /tmp/killed.json >/tmp/killed.log 2>&1 &
	pid=$!
	sleep "$1"
	# Evidence of where it was: CPU time in the kernel vs in user space
	# (a running task shows no kernel stack); the RUN ioctl is nearly all of it.
	times=$(awk '{ print "utime " $14 ", stime " $15 " ticks" }' /proc/$pid/stat 2>/dev/null || true)
	kill -9 $pid || true
	rc=0
	wait $pid 2>/dev/null || rc=$?
	sleep 0.2
	if [ -d /proc/$pid ]; then
		not_ok "SIGKILL after $1 s: pid $pid still exists"
	elif [ "$rc" != 137 ]; then
		not_ok "SIGKILL after $1 s: the run ended with exit $rc before the kill (too short?)"
		show_log /tmp/killed.log 5
	elif rmmod hmm_bench; then
		ok "SIGKILL after $1 s of a 1 GiB fault run (${times:-no /proc stat}), then rmmod"
	else
		not_ok "rmmod after SIGKILL mid-run (after $1 s)"
	fi
}
kill_mid_run 3
kill_mid_run 5
kill_mid_run 8

load || not_ok "insmod before the fuzz SIGKILL test"
# Far more calls than 3 s can make: the kill must find it running (100000
# calls once did, until the module began refusing nonzero unused fields
# early and a fuzz of that size ended first).
hmmbench fuzz --seed 7 --calls 100000000 --threads 4 >/tmp/fuzzkill.log 2>&1 &
pid=$!
sleep 3
kill -9 $pid || true
rc=0
wait $pid 2>/dev/null || rc=$?
if [ "$rc" = 137 ] && rmmod hmm_bench; then
	ok "SIGKILL of a 4-thread fuzz (one shared fd, fds of their own, a churn thread), then rmmod"
else
	not_ok "SIGKILL of a 4-thread fuzz: exit $rc, or rmmod failed"
fi

# 4. After all that, the module loads and works.
if load && hmmbench fuzz --seed 8 --calls 200 --threads 2 >/tmp/after.log 2>&1; then
	ok "module loads and passes a 200-call fuzz after the kills"
else
	not_ok_log "module after the kills" /tmp/after.log 5
fi
finish
