#!/usr/bin/env bash
# 37-progress-relay: a bench run whose output is a pipe (as in CI) shows its
# progress while the guest runs. runners/bench.sh boots one Debian kernel in
# icount mode with the tiny matrix narrowed to two snapshot configurations
# of 14000 samples, one visit each: each visit is some 15-25 s of host time
# inside the module's ioctl, longer than the promised gap, so lines must
# also come from inside a visit (the runner's ticker). Every line is
# timestamped as it arrives on this end of the pipe; the relayed progress
# lines (guest-run.sh, from the guest's job.log) must come at most 15 s
# apart, name the kernel, and time the run in host seconds (the guest's RTC;
# the icount clock runs several times slower). About a minute with the boot.
# Guest files stay in results/runs/check-progress/.
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

kernel=${BENCH_KERNEL:-debian-6.12}
run=results/runs/check-progress
log=build/check-logs/37-progress.log
max_gap=15

mkdir -p "$(dirname "$log")"
# The relay's option is checked before anything boots.
for bad in 'x' '9'; do
	grc=0
	err=$(bash runners/qemu/guest-run.sh --kernel "$kernel" --out "$run" --progress-fd "$bad" -- true 2>&1 9>&-) ||
		grc=$?
	if [ "$grc" -eq 2 ] && [ "$(grep -c . <<<"$err")" -eq 1 ]; then
		ok "guest-run.sh --progress-fd $bad: exit 2 with one line ($err)"
	else
		not_ok "guest-run.sh --progress-fd $bad: exit 2 with one line (exit $grc: $err)"
	fi
done
rm -rf "$run"
start=$(date +%s.%N)
set +e # for the bench's own exit code in PIPESTATUS
KERNELS=$kernel MODE=icount MATRIX=tiny RUN_ID=check-progress \
	RUN_ARGS='--ops snapshot --kinds 4k --sizes 2M --rounds 1 --samples 14000' \
	bash runners/bench.sh 2>&1 |
	while IFS= read -r line; do
		printf '%.2f %s\n' "$(echo "$(date +%s.%N) - $start" | bc)" "$line"
	done >"$log"
rc=${PIPESTATUS[0]}
set -e
check "runners/bench.sh through a pipe, tiny matrix on $kernel (exit $rc; $log)" [ "$rc" -eq 0 ]

# "SECONDS KERNEL: hmmbench: progress [...]" and the closing "... N of N visits in T".
progress=$(grep -E "^[0-9.]+ $kernel: hmmbench: (progress |[0-9]+ of [0-9]+ visits in )" "$log" || true)
lines=$(grep -c . <<<"$progress" || true)
echo "  relayed lines (arrival s, line):"
while IFS= read -r l; do echo "    $l"; done <<<"$progress"
check "at least 4 progress lines relayed with the kernel's name ($lines)" [ "$lines" -ge 4 ]
check "the closing line is relayed too" grep -qE "$kernel: hmmbench: 2 of 2 visits in " <<<"$progress"

gaps=$(awk 'NR > 1 { printf "%.1f ", $1 - prev } { prev = $1 }' <<<"$progress")
worst=$(awk 'NR > 1 && $1 - prev > w { w = $1 - prev } { prev = $1 } END { printf "%.1f", w }' <<<"$progress")
echo "  arrival gaps: ${gaps:-none} s"
check "progress lines arrive at most $max_gap s apart (worst $worst s)" \
	awk -v w="$worst" -v m="$max_gap" 'BEGIN { exit !(w > 0 && w <= m) }'

# A visit lasts longer than the interval: some lines come from inside one.
same_step=$({ grep -oE 'progress \[[0-9]+/[0-9]+\]' <<<"$progress" || true; } | uniq -d | wc -l)
check "lines come while one visit runs (the ticker): $same_step step(s) reported twice or more" \
	[ "$same_step" -ge 1 ]

# The run's own time, in the closing line, against the host's clock between
# the first and the last line (1 s RTC steps, 0.5 s relay polls).
host_s=$(awk 'NR == 1 { a = $1 } { b = $1 } END { printf "%.1f", b - a }' <<<"$progress")
told=$(sed -nE 's/.* visits in ([0-9hms]+)$/\1/p' <<<"$progress" | tail -1)
told_s=$(awk '{ s = 0
	if (match($0, /[0-9]+h/)) s += substr($0, RSTART, RLENGTH - 1) * 3600
	if (match($0, /[0-9]+m/)) s += substr($0, RSTART, RLENGTH - 1) * 60
	if (match($0, /[0-9]+s/)) s += substr($0, RSTART, RLENGTH - 1)
	print s }' <<<"${told:-0}")
check "the run timed itself in host seconds (said ${told:-?}, host saw $host_s s)" \
	awk -v t="$told_s" -v h="$host_s" 'BEGIN { d = t - h; if (d < 0) d = -d; exit !(t > 0 && d <= 5 + 0.15 * h) }'
finish
