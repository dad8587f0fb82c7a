#!/usr/bin/env bash
# 25-kernel-log-scan: runners/qemu/scan-kernel-log.sh on constructed guest
# logs (host only, instant): clean logs pass, every kind of report fails,
# and the one known kernel bug (known-kernel-reports.awk) is named but not
# counted, while anything beside it still fails.
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scan=runners/qemu/scan-kernel-log.sh

# expect RC NAME FILE [STDERR_WORD]
expect() {
	local want=$1 name=$2 file=$3 word=${4-} rc
	rc=0
	bash "$scan" "$file" >"$work/out" 2>"$work/err" || rc=$?
	if [ "$rc" != "$want" ]; then
		not_ok "$name: exit $rc, want $want"
		sed 's/^/  | /' "$work/out" "$work/err" | head -10 || true
	elif [ -n "$word" ] && ! grep -qF -- "$word" "$work/err"; then
		not_ok "$name: stderr does not name '$word'"
	else
		ok "$name (exit $rc)"
	fi
}

boot='[    0.000000] Linux version 6.12.117-hmmbench-debug
[    1.000000] Run /init as init process
hmmbench-guest: job: start
WARNING: printed by the job itself, no timestamp'
known='[   21.086572] ============================================
[   21.086771] WARNING: possible recursive locking detected
[   21.087862] hmmbench/59 is trying to acquire lock:
[   21.088102] ff110001037848e8 (&resv_map->rw_sema){++++}-{3:3}, at: hugetlb_fault+0x19d/0x1070
[   21.089939] ff110001037848e8 (&resv_map->rw_sema){++++}-{3:3}, at: __walk_page_range+0x131/0x290
[   21.095358] Call Trace:
[   21.095458]  <TASK>
[   21.096214]  hugetlb_fault+0x19d/0x1070
[   21.096413]  hmm_vma_fault.isra.0+0x61/0xb0
[   21.096622]  hmm_range_fault+0x13e/0x1a0
[   21.097600]  </TASK>'
other_lock='[   30.000000] WARNING: possible recursive locking detected
[   30.000100] hmmbench/60 is trying to acquire lock:
[   30.000200] ff11 (&mm->mmap_lock){++++}-{3:3}, at: hmm_bench_measure+0x1/0x2
[   30.000300] Call Trace:
[   30.000400]  <TASK>
[   30.000500]  hmm_range_fault+0x13e/0x1a0
[   30.000600]  </TASK>'
warn='[   40.000000] WARNING: CPU: 0 PID: 61 at mm/hmm.c:123 hmm_vma_fault+0x1/0x2'
kasan='[   50.000000] BUG: KASAN: slab-out-of-bounds in hmm_bench_measure+0x1/0x2'

printf '%s\n' "$boot" >"$work/clean.log"
printf '%s\n%s\n' "$boot" "$known" >"$work/known.log"
printf '%s\n%s\n%s\n' "$boot" "$known" "$warn" >"$work/known-warn.log"
printf '%s\n%s\n' "$boot" "$other_lock" >"$work/other-lock.log"
printf '%s\n%s\n' "$boot" "$kasan" >"$work/kasan.log"
printf '%s\n%s\n%s\n' "$boot" "$kasan" "$known" >"$work/kasan-known.log"

expect 0 "a clean log (the job's own WARNING without a timestamp does not count)" "$work/clean.log"
expect 0 "the known hugetlb-hole-fault lockdep report is named, not counted" "$work/known.log" \
	"known kernel report (hugetlb-hole-fault)"
expect 1 "a WARN after the known report still fails" "$work/known-warn.log"
expect 1 "recursive locking of another lock fails" "$work/other-lock.log"
expect 1 "a KASAN report fails" "$work/kasan.log"
expect 1 "a KASAN report before the known one still fails" "$work/kasan-known.log"

finish
