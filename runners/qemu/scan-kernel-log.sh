#!/usr/bin/env bash
# scan-kernel-log.sh FILE... : find kernel reports (oops, BUG, WARN, panic,
# KASAN/UBSAN/KFENCE, lockdep, stalls, hung tasks) in guest logs.
#
# Only kernel lines are scanned: those with a printk timestamp "[   1.234]"
# (guest-run.sh boots with printk.time=1), so a job that prints the word
# "WARNING" itself is not mistaken for the kernel. Prints each report's first
# lines and exits 1 if any was found, 0 if the logs are clean.
set -euo pipefail

# One extended regular expression for a whole kernel line (timestamp and
# report), shared with the guest's own boot check (guest-init reads the copy
# mkinitramfs.sh packs).
pattern=$(cat "$(dirname "$0")/kernel-report.pattern")
known=$(dirname "$0")/known-kernel-reports.awk
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
found=0
for f in "$@"; do
	[ -f "$f" ] || continue
	# Known kernel bugs (not hmmbench's) are named on stderr and not counted.
	awk -f "$known" "$f" >"$tmp"
	f_shown=$f
	f=$tmp
	# The line number of each report's first line, then 20 lines of it.
	first=$(grep -nE "$pattern" "$f" | head -1 | cut -d: -f1 || true)
	[ -n "$first" ] || continue
	found=1
	n=$(grep -cE "$pattern" "$f" || true)
	echo "kernel report in $f_shown ($n matching lines; known reports left out):"
	sed -n "${first},$((first + 24))p" "$f" | sed 's/^/  | /'
done
exit $found
