# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The test harness every tests/check.d part sources: one counter of each
# kind, one closing line ("N passed, N failed, N skipped") that
# tests/check.sh adds up, and exit status 1 when anything failed.

passed=0 failed=0 skipped=0

ok() { echo "ok $*"; passed=$((passed + 1)); }
not_ok() { echo "FAIL $*"; failed=$((failed + 1)); }
skip() { echo "skip $*"; skipped=$((skipped + 1)); }

# step TEXT: a heading in the part's output, with the part's elapsed time.
step() { echo "--- [$SECONDS s] $*"; }

# expect_rc WANT DESC CMD...: CMD must exit with status WANT.
expect_rc() {
	local want=$1 desc=$2 rc=0
	shift 2
	"$@" || rc=$?
	if [ "$rc" -eq "$want" ]; then
		ok "$desc (exit $rc)"
	else
		not_ok "$desc (exit $rc, want $want)"
	fi
}

# check DESC CMD...: CMD must succeed.
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# expect_grep DESC REGEX FILE: FILE has a line matching the extended REGEX.
expect_grep() {
	if grep -qE -- "$2" "$3"; then ok "$1"; else not_ok "$1 (no /$2/ in $3)"; fi
}

finish() {
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}
