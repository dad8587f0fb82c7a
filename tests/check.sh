#!/usr/bin/env bash
# make check: every hmmbench test, summed into one closing line.
#
# Each tests/check.d/NN-*.sh and each unit-test binary ends its output with
# "N passed, N failed[, N skipped]"; this script adds them up. A part that
# dies without such a line counts as one failure, so nothing passes silently.
set -euo pipefail
cd "$(dirname "$0")/.." || exit 2

passed=0 failed=0 skipped=0
log_dir=build/check-logs
mkdir -p "$log_dir"

# run_part NAME CMD...: run one part, echo its output, add its counts.
run_part() {
	local name=$1 log="$log_dir/$1.log" rc=0 line p f s t0=$SECONDS
	shift
	echo "=== $name"
	"$@" 2>&1 | tee "$log" || rc=${PIPESTATUS[0]}
	# Wall time per part: CI's time budget is spent here.
	echo "--- $name: $((SECONDS - t0)) s"
	line=$({ grep -E '^([A-Za-z]+: )?[0-9]+ passed, [0-9]+ failed' "$log" || true; } | tail -1)
	if [ -z "$line" ]; then
		echo "!!! $name ended (exit $rc) without a 'N passed, N failed' line: counted as 1 failure"
		failed=$((failed + 1))
		return
	fi
	p=$(sed -E 's/.*\b([0-9]+) passed.*/\1/' <<<"$line")
	f=$(sed -E 's/.*\b([0-9]+) failed.*/\1/' <<<"$line")
	s=0
	if grep -q skipped <<<"$line"; then s=$(sed -E 's/.*\b([0-9]+) skipped.*/\1/' <<<"$line"); fi
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "!!! $name exited $rc but reported no failure: counted as 1 failure"
		f=1
	fi
	passed=$((passed + p)) failed=$((failed + f)) skipped=$((skipped + s))
}

# Unit tests only: build/tests/ also holds the guest-side programs of tests/guest/.
for src in tests/unit/test_*.c; do
	t=build/tests/$(basename "$src" .c)
	if [ -x "$t" ]; then
		run_part "unit-$(basename "$t")" "$t"
	else
		echo "!!! $t was not built: counted as 1 failure"
		failed=$((failed + 1))
	fi
done
for part in tests/check.d/*.sh; do
	if [ -f "$part" ]; then run_part "$(basename "$part" .sh)" bash "$part"; fi
done

echo
echo "logs: $log_dir/ (wall time of all parts: $SECONDS s)"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
