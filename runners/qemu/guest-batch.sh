# shellcheck shell=bash
# Sourced by the drivers that measure in batches (ab.sh, kernel/bisect.sh):
# one measured boot, and what the pooled batches leave undecided. Both
# drivers must read a guest's end and a comparison's exit code alike, so
# the reading lives here once. Needs $top (the data directory) and $hb
# (the hmmbench binary), which runners/home.sh sets.
: "${top:?guest-batch.sh needs top (source runners/home.sh first)}"
: "${hb:?guest-batch.sh needs hb (source runners/home.sh first)}"

# guest_batch KERNEL DIR COMMAND [guest-run.sh options...]: one boot of
# KERNEL running COMMAND (an `hmmbench run ... --out results.json`) in DIR,
# guest-run.sh's output kept in DIR/guest-run.out and its wall-time line
# passed to stderr. Returns 0 when DIR/results.json was written; 4 when the
# guest kernel logged a report (oops, WARN, KASAN, lockdep...), whatever
# the job did; 3 when the guest hung, panicked, the job failed or it wrote
# nothing. On 3 and 4 the evidence (the report, or the log's tail) is on
# stderr and guest_batch_why says in a few words what happened, for the
# caller's one-line verdict.
guest_batch() {
	local kernel=$1 dir=$2 cmd=$3 rc=0
	shift 3
	# shellcheck disable=SC2034 # read by the caller
	guest_batch_why=''
	mkdir -p "$dir"
	bash "$top/runners/qemu/guest-run.sh" --kernel "$kernel" --out "$dir" --progress-fd 3 "$@" \
		-- "$cmd" 3>&2 >"$dir/guest-run.out" 2>&1 || rc=$?
	grep -E '^guest-run: .* s wall' "$dir/guest-run.out" | sed 's/^/  /' >&2 || true
	case $rc in
	0)
		[ -s "$dir/results.json" ] && return 0
		# shellcheck disable=SC2034 # read by the caller
		guest_batch_why="the guest wrote no results ($dir)"
		return 3
		;;
	4)
		{ grep -v '^guest-run: .* s wall' "$dir/guest-run.out" || true; } | tail -25 | sed 's/^/  | /' >&2
		# shellcheck disable=SC2034 # read by the caller
		guest_batch_why="the guest kernel logged a report (above; $dir/console.log)"
		return 4
		;;
	*)
		tail -8 "$dir/guest-run.out" | sed 's/^/  | /' >&2
		# shellcheck disable=SC2034 # read by the caller
		guest_batch_why="the guest failed (guest-run exit $rc: hang, panic, or the job failed; $dir)"
		return 3
		;;
	esac
}

# pooled_unknown OUT BASE NEW [compare options...]: compare BASE with NEW
# (pooled documents); OUT names the variable that receives the unknown
# configurations, comma-separated. Returns compare's verdict: 0 same or
# better, 1 regression, 125 unknown left; 2 when compare itself failed (its
# error is on stderr).
pooled_unknown() {
	local -n pooled_unknown_list=$1
	local rc=0 listed
	shift
	listed=$("$hb" compare "$1" "$2" --list unknown "${@:3}") || rc=$?
	# shellcheck disable=SC2034 # a nameref: the caller's variable
	pooled_unknown_list=$(tr '\n' ',' <<<"$listed" | sed 's/,$//')
	return "$rc"
}
