#!/usr/bin/env bash
# 30-guest-debian: boot each Debian kernel under QEMU with hmm_bench.ko and
# check, per kernel: the module loads, `hmmbench info` reports this kernel,
# `hmmbench verify` passes, the bad-input ioctl table returns its documented
# errnos, `rmmod hmm_bench` succeeds, and the guest log has no oops, WARN or
# BUG. Then the pipeline itself, on one kernel: a kernel WARN fails a job that
# passed (exit 4), and a panicking or hung guest is reported with its
# console tail (exit 3). Boot times are printed and kept in
# build/check-guest/boot-times.txt; guest files in build/check-guest/<kernel>/.
#
# KERNELS (default "debian-6.1 debian-6.12") and GUEST_MODE (tcg|icount,
# default tcg) select what is booted.
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

kernels=${KERNELS:-debian-6.1 debian-6.12}
mode=${GUEST_MODE:-tcg}
root=build/check-guest
logs=$(part_logs)
mkdir -p "$root"
times=$root/boot-times.txt
: >"$times"
report_file=$times
report_title="boot times (QEMU start to power-off, wall; guest uptime at /init)"
# step_rc DIR STEP: the exit code the guest job recorded for STEP, or "none".
step_rc() { cat "$1/$2.rc" 2>/dev/null || echo none; }
# record DIR LABEL: one line of boot times from guest-run.txt.
record() {
	local f=$1/guest-run.txt
	[ -f "$f" ] || return 0
	printf '%-36s %6s s wall, /init at %5s s, %s\n' "$2" \
		"$(sed -n 's/^wall_s=//p' "$f")" "$(sed -n 's/^booted_s=//p' "$f")" \
		"$(sed -n 's/^status=//p' "$f")" >>"$times"
}

if make -s kernels KERNELS="$kernels" >"$logs/make-kernels.log" 2>&1; then
	ok "make kernels ($kernels)"
else
	not_ok_log "make kernels ($kernels)" "$logs/make-kernels.log"
	finish
fi
if make -s runner tests >"$logs/make-runner-tests.log" 2>&1 &&
	[ -x runners/hmmbench ] && [ -x build/tests/test_ioctl_errors ]; then
	ok "make runner tests (runners/hmmbench, build/tests/test_ioctl_errors)"
else
	not_ok_log "make runner tests (runners/hmmbench, build/tests/test_ioctl_errors)" "$logs/make-runner-tests.log"
	finish
fi

# The guest job: each step's output and exit code land in /out (= DIR).
# shellcheck disable=SC2016 # expanded in the guest
job='
step() { name=$1; shift; echo "== $name: $*"; "$@" >"$name.out" 2>&1; echo $? >"$name.rc"; cat "$name.out"; }
lsmod >lsmod-before.out
[ -c /dev/hmm_bench ] && echo present >devnode.out
step info hmmbench info
step verify hmmbench verify
step ioctl /tests/test_ioctl_errors
step rmmod rmmod hmm_bench
lsmod >lsmod-after.out
'

for k in $kernels; do
	dir=$root/$k
	rm -rf "$dir"
	mkdir -p "$dir"
	if ! make -s "build/module/$k/hmm_bench.ko" >"$logs/module-$k.log" 2>&1; then
		not_ok_log "$k: build the module (make build/module/$k/hmm_bench.ko)" "$logs/module-$k.log"
		continue
	fi
	release=$(cat ".cache/kernels/$k/release" 2>/dev/null || echo "(no release file)")
	grc=0
	bash runners/qemu/guest-run.sh --kernel "$k" --mode "$mode" --out "$dir" -- "$job" \
		>"$logs/guest-$k.log" 2>&1 || grc=$?
	record "$dir" "$k ($mode)"
	if [ ! -f "$dir/job.rc" ]; then
		not_ok_log "$k: the guest boots and finishes the job (guest-run exit $grc)" "$logs/guest-$k.log"
		continue
	fi

	if grep -q 'hmmbench-guest: module: hmm_bench loaded' "$dir/console.log" &&
		grep -q '^hmm_bench ' "$dir/lsmod-before.out" && [ -f "$dir/devnode.out" ]; then
		ok "$k: module loaded, /dev/hmm_bench present"
	else
		not_ok_log "$k: module loaded, /dev/hmm_bench present" "$dir/console.log"
	fi

	if [ "$(step_rc "$dir" info)" = 0 ] && grep -qF "$release" "$dir/info.out"; then
		ok "$k: hmmbench info (reports $release)"
	else
		not_ok_log "$k: hmmbench info exit $(step_rc "$dir" info), must report $release" "$dir/info.out"
	fi

	if [ "$(step_rc "$dir" verify)" = 0 ]; then
		ok "$k: hmmbench verify"
		echo "  verify summary ($k):"
		tail -n 12 "$dir/verify.out" | sed 's/^/  | /'
	else
		not_ok_log "$k: hmmbench verify exit $(step_rc "$dir" verify)" "$dir/verify.out"
	fi

	# The guest test's own count line, indented so check.sh does not add it.
	counts=$({ grep -E '^[0-9]+ passed, [0-9]+ failed' "$dir/ioctl.out" 2>/dev/null || true; } | tail -1)
	if [ "$(step_rc "$dir" ioctl)" = 0 ] && [ -n "$counts" ] && [[ $counts =~ \ 0\ failed ]]; then
		ok "$k: bad-input ioctl table returns the documented errnos ($counts)"
	else
		not_ok_log "$k: bad-input ioctl table exit $(step_rc "$dir" ioctl) (${counts:-no count line})" "$dir/ioctl.out"
	fi

	if [ "$(step_rc "$dir" rmmod)" = 0 ] && ! grep -q '^hmm_bench ' "$dir/lsmod-after.out"; then
		ok "$k: rmmod hmm_bench"
	else
		not_ok_log "$k: rmmod hmm_bench exit $(step_rc "$dir" rmmod)" "$dir/rmmod.out"
	fi

	if bash runners/qemu/scan-kernel-log.sh "$dir/console.log" "$dir/dmesg.txt" >"$logs/scan-$k.log"; then
		ok "$k: guest log free of oops/WARN/BUG (console.log, dmesg.txt)"
	else
		not_ok_log "$k: guest log free of oops/WARN/BUG" "$logs/scan-$k.log"
	fi
done

# The pipeline must be able to fail: each case must be caught for its reason.
k=${kernels##* }
# pipeline_case NAME WANT_RC WANT_STATUS WANT_TEXT GUEST_RUN_ARGS... -- JOB:
# guest-run.sh must exit WANT_RC with WANT_STATUS and print WANT_TEXT.
pipeline_case() {
	local name=$1 want_rc=$2 want_status=$3 want_text=$4 dir=$root/pipeline-$1 rc=0 status
	shift 4
	rm -rf "$dir"
	bash runners/qemu/guest-run.sh --kernel "$k" --mode "$mode" --no-module --out "$dir" "$@" \
		>"$logs/pipeline-$name.log" 2>&1 || rc=$?
	record "$dir" "$k ($mode, $name)"
	status=$(sed -n 's/^status=//p' "$dir/guest-run.txt" 2>/dev/null || true)
	if [ "$rc" = "$want_rc" ] && [ "$status" = "$want_status" ] &&
		grep -qF "$want_text" "$logs/pipeline-$name.log"; then
		ok "$k: pipeline: $name -> exit $rc, $status"
	else
		not_ok_log "$k: pipeline: $name -> exit $rc, status '$status' (want $want_rc, $want_status)" \
			"$logs/pipeline-$name.log"
	fi
}
pipeline_case warn 4 kernel-report 'at injected.c:1' -- \
	'echo "WARNING: CPU: 0 PID: 1 at injected.c:1 by 30-guest-debian" >/dev/kmsg; echo job passes'
pipeline_case panic 3 no-rc 'last 30 console lines' -- 'echo c >/proc/sysrq-trigger'
pipeline_case hang 3 timeout 'killed after the 30 s timeout' --timeout 30 -- 'echo hanging; sleep 600'

finish
