# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# The test harness every tests/check.d part and every guest test script
# (tests/guest/*.sh) sources: one counter of each kind, one closing line
# ("N passed, N failed, N skipped") that tests/check.sh adds up, and exit
# status 1 when anything failed.
#
# POSIX sh, so the guest's busybox sh runs it too (mkinitramfs.sh packs it
# as /tests/lib.sh): no $SECONDS, no arrays, no [[ ]]. It does use 'local',
# which every shell that runs it has (bash, dash, busybox ash): a command
# given to expect_rc or check may itself call them.
# Sourced: the including script sets its own options (set -euo pipefail).
# shellcheck disable=SC3043

passed=0 failed=0 skipped=0
lib_t0=$(date +%s)

ok() { echo "ok $*"; passed=$((passed + 1)); }
not_ok() { echo "FAIL $*"; failed=$((failed + 1)); }
skip() { echo "skip $*"; skipped=$((skipped + 1)); }

# show_log FILE [LINES]: the last LINES (default 15) lines of FILE, indented
# so that tests/check.sh never takes a count line in them for the part's.
show_log() {
	[ -f "$1" ] || return 0
	tail -n "${2:-15}" "$1" | sed 's/^/  | /'
}

# not_ok_log DESC FILE [LINES]: not_ok DESC, then the end of FILE.
not_ok_log() {
	not_ok "$1"
	show_log "$2" "${3:-15}"
}

# skip_unless_required DESC: a case that needs a kernel which is not built
# (or QEMU) is skipped, or fails when HMMBENCH_REQUIRE_KERNELS=1 (CI).
skip_unless_required() {
	if [ "${HMMBENCH_REQUIRE_KERNELS:-0}" = 1 ]; then
		not_ok "$* (HMMBENCH_REQUIRE_KERNELS=1)"
	else
		skip "$*"
	fi
}

# part_logs: the log directory of the running tests/check.d part,
# build/check-logs/NAME/ (NAME as in NAME.sh), created.
part_logs() {
	local dir
	dir=build/check-logs/$(basename "$0" .sh)
	mkdir -p "$dir" && echo "$dir"
}

# step TEXT: a heading in the part's output, with the part's elapsed time.
step() { echo "--- [$(($(date +%s) - lib_t0)) s] $*"; }

# expect_rc WANT DESC CMD...: CMD must exit with status WANT.
expect_rc() {
	local want="$1" desc="$2" rc=0
	shift 2
	"$@" || rc=$?
	if [ "$rc" -eq "$want" ]; then
		ok "$desc (exit $rc)"
	else
		not_ok "$desc (exit $rc, want $want)"
	fi
}

# expect_rc_logged WANT DESC OUT ERR CMD...: expect_rc with CMD's stdout in
# OUT and its stderr in ERR (one file when OUT and ERR are the same), for the
# case's later checks to read; on a failure, the end of ERR is shown.
expect_rc_logged() {
	local want="$1" desc="$2" out="$3" err="$4" rc=0
	shift 4
	if [ "$out" = "$err" ]; then
		"$@" >"$out" 2>&1 || rc=$?
	else
		"$@" >"$out" 2>"$err" || rc=$?
	fi
	if [ "$rc" -eq "$want" ]; then
		ok "$desc (exit $rc)"
	else
		not_ok_log "$desc (exit $rc, want $want)" "$err"
	fi
}

# check DESC CMD...: CMD must succeed.
check() {
	local desc="$1"
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# expect_grep DESC REGEX FILE: FILE has a line matching the extended REGEX.
expect_grep() {
	if grep -qE -- "$2" "$3"; then ok "$1"; else not_ok "$1 (no /$2/ in $3)"; fi
}

# finish: the closing line and the part's exit status. A part that keeps a
# report (boot times, figures) sets report_file, and report_title, to have
# it shown above that line, however the part ends.
finish() {
	if [ -n "${report_file-}" ] && [ -f "$report_file" ]; then
		echo
		echo "${report_title:-$report_file}:"
		sed 's/^/  /' "$report_file"
	fi
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}
