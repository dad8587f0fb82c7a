#!/usr/bin/env bash
# make check: every hmmbench test, summed into one closing line.
#
# Each tests/check.d/NN-*.sh and each unit-test binary ends its output with
# "N passed, N failed[, N skipped]"; this script adds them up. A part that
# dies without such a line counts as one failure, so nothing passes silently.
#
# --meanwhile CMD: run CMD (make check's kernel build) in the background
# while the unit tests and the parts that do not need its kernels run; the
# parts with a line "# check: after the kernel build" wait for it. The
# build takes both cores for most of a cold run, the parts before it mostly
# one (a QEMU guest), so a cold make check ends minutes sooner.
set -euo pipefail
cd "$(dirname "$0")/.." || exit 2

passed=0 failed=0 skipped=0
log_dir=build/check-logs
mkdir -p "$log_dir"
meanwhile=''
if [ "${1-}" = --meanwhile ]; then
	meanwhile=${2:?--meanwhile needs a command}
	shift 2
fi
[ $# -eq 0 ] || { echo "check.sh: unknown argument '$1' (only --meanwhile CMD)" >&2; exit 2; }

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

build_pid=''
if [ -n "$meanwhile" ]; then
	echo "=== in the background: $meanwhile (log: $log_dir/kernel-build.log)"
	bash -c "$meanwhile" >"$log_dir/kernel-build.log" 2>&1 &
	build_pid=$!
fi

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
after_build=()
for part in tests/check.d/*.sh; do
	[ -f "$part" ] || continue
	if [ -n "$build_pid" ] && grep -qx '# check: after the kernel build' "$part"; then
		after_build+=("$part")
		continue
	fi
	run_part "$(basename "$part" .sh)" bash "$part"
done
if [ -n "$build_pid" ]; then
	t0=$SECONDS
	echo "=== waiting for the background build ($meanwhile)"
	build_rc=0
	wait "$build_pid" || build_rc=$?
	grep -E 'build took|rebuild took|is up to date|installed ' "$log_dir/kernel-build.log" || true
	echo "--- background build: exit $build_rc, waited $((SECONDS - t0)) s"
	if [ "$build_rc" -ne 0 ]; then
		tail -30 "$log_dir/kernel-build.log"
		echo "!!! $meanwhile failed (exit $build_rc): counted as 1 failure"
		failed=$((failed + 1))
	fi
fi
for part in "${after_build[@]}"; do
	run_part "$(basename "$part" .sh)" bash "$part"
done

echo
echo "logs: $log_dir/ (wall time of all parts: $SECONDS s)"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
