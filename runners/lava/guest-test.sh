#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# guest-test.sh MATRIX VERIFY [RUN_ARGS]: the run step of hmmbench's LAVA
# test definition (hmmbench-test.yaml), in the guest that
# 'hmmbench lava job' packs (busybox sh; LAVA's lava-test-case on PATH).
#
# Test cases (names as 'hmmbench export --format lava' makes them):
#   module                 /dev/hmm_bench is there (hmm_bench.ko loaded)
#   run                    hmmbench run --matrix MATRIX RUN_ARGS exited 0
#   <configuration>        one per measured configuration, --measurement
#                          its median ns per page --units ns/page; fail
#                          when the kernel reported a problem (oops, BUG,
#                          WARN, KASAN, ...) before the run ended
#   verify.<check>         one per 'hmmbench verify' check (VERIFY=1);
#                          KNOWN kernel deviations pass, skips are skip
#   verify                 hmmbench verify exited 0 (VERIFY=1)
#   kernel-log             the kernel log is free of reports, at the end
#   document               the results document was sent (below)
#
# The whole results document comes back on the console, between
#   hmmbench-document-begin name=results.json bytes=N sha256=HEX lines=L
#   hmmbench-document I BASE64        (I = 1..L: gzip -9 of the file, base64)
#   hmmbench-document-end name=results.json
# sha256 is of results.json itself, so 'hmmbench lava collect' can tell a
# torn or garbled transfer from the document the guest wrote. Console
# printk is lowered to emergencies while it is sent so kernel lines do not
# land inside it (they still go to the kernel log that is scanned).
#
# Not 'set -e': every step reports a case, pass or fail, and the step
# itself ends 0 so LAVA goes on to the next; the cases are the verdict.
set -u

matrix=${1:-tiny}
verify=${2:-1}
run_args=${3:-}
here=$(dirname "$0")
work=/tmp/hmmbench-lava
mkdir -p "$work"
cd "$work" || exit 1

# case_name TEXT: TEXT with every character LAVA does not take as '_'
# (export.c's export_lava_name does the same for configurations).
case_name() {
	printf '%s' "$1" | tr -c 'A-Za-z0-9_.-' '_'
}

# kernel_reported: the kernel log since boot has a report (scan-kernel-log.sh).
kernel_reported() {
	dmesg >dmesg.txt
	! sh "$here/scan-kernel-log.sh" dmesg.txt >kernel-report.txt 2>&1
}

if [ -c /dev/hmm_bench ]; then
	lava-test-case module --result pass
else
	echo "hmmbench-lava: /dev/hmm_bench is missing: hmm_bench.ko did not load (see the boot log)"
	lava-test-case module --result fail
fi

echo "hmmbench-lava: hmmbench run --matrix $matrix --out results.json $run_args"
# Its progress lines go to the console as they come: LAVA's log shows the
# run moving. busybox ash has pipefail: the run's status, not tee's.
# shellcheck disable=SC3040
set -o pipefail
# shellcheck disable=SC2086 # RUN_ARGS is a list of flags
hmmbench run --matrix "$matrix" --out results.json $run_args 2>&1 | tee run.log
run_rc=$?
# shellcheck disable=SC3040
set +o pipefail
if [ "$run_rc" = 0 ]; then
	lava-test-case run --result pass
else
	echo "hmmbench-lava: hmmbench run exited $run_rc"
	lava-test-case run --result fail
fi

reported=0
if kernel_reported; then
	reported=1
	echo "hmmbench-lava: the kernel reported a problem before the run ended; every configuration fails:"
	cat kernel-report.txt
fi

if [ -s results.json ]; then
	hmmbench export results.json --format lava >cases.txt 2>export.err ||
		{ cat export.err; lava-test-case export --result fail; }
	# "lava-test-case NAME --result pass --measurement X --units U"
	while read -r _ name _ _ _ value _ units; do
		result=pass
		[ "$reported" = 1 ] && result=fail
		lava-test-case "$name" --result "$result" --measurement "$value" --units "$units"
	done <cases.txt

	sum=$(sha256sum results.json | cut -d' ' -f1)
	bytes=$(wc -c <results.json)
	gzip -9c results.json | base64 >results.json.gz.b64
	lines=$(wc -l <results.json.gz.b64)
	read -r printk_level _ </proc/sys/kernel/printk
	echo 1 >/proc/sys/kernel/printk
	echo "hmmbench-document-begin name=results.json bytes=$bytes sha256=$sum lines=$lines"
	awk '{ print "hmmbench-document " NR " " $0 }' results.json.gz.b64
	echo "hmmbench-document-end name=results.json"
	echo "$printk_level" >/proc/sys/kernel/printk
	lava-test-case document --result pass
else
	echo "hmmbench-lava: hmmbench run wrote no results.json"
	lava-test-case document --result fail
fi

if [ "$verify" = 1 ]; then
	hmmbench verify --verbose >verify.log 2>&1
	verify_rc=$?
	echo "hmmbench-lava: hmmbench verify exited $verify_rc"
	while IFS= read -r line; do
		case $line in
		'ok   '*) lava-test-case "verify.$(case_name "${line#ok   }")" --result pass ;;
		'KNOWN '*) lava-test-case "verify.$(case_name "${line#KNOWN }")" --result pass ;;
		'FAIL '*)
			echo "$line"
			lava-test-case "verify.$(case_name "${line#FAIL }")" --result fail ;;
		'skip '*)
			line=${line#skip }
			lava-test-case "verify.$(case_name "${line%%: skipped: *}")" --result skip ;;
		esac
	done <verify.log
	# A verify that could not start (no module, not root) has no check lines.
	if [ "$verify_rc" = 0 ]; then
		lava-test-case verify --result pass
	else
		tail -n 5 verify.log
		lava-test-case verify --result fail
	fi
fi

if kernel_reported; then
	cat kernel-report.txt
	lava-test-case kernel-log --result fail
else
	lava-test-case kernel-log --result pass
fi
exit 0
