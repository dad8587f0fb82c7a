#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kconfig-check.sh [--strict] CONFIG FRAGMENT...
#
# Checks a kernel .config against config fragments (kernel-patch/
# guest-required.config: what hmmbench's guest and module need). Prints one
# line per option the config lacks, with what the option is for (the first
# comment line of its block in the fragment), and exits 1 if a required one
# is missing, 0 if none is, 2 on bad usage.
#
# A block whose comment says "(module ok)" accepts =m for =y; "(optional)"
# options are only noted. --strict: every option must have exactly the
# fragment's value (later fragments win), as after merging them.
set -euo pipefail

die() { echo "kconfig-check: $*" >&2; exit 2; }

strict=0
[ "${1-}" = --strict ] && { strict=1; shift; }
[ $# -ge 2 ] || die "usage: $0 [--strict] CONFIG FRAGMENT..."
config=$1
shift
[ -r "$config" ] || die "cannot read the kernel config '$config'"
for f in "$@"; do
	[ -r "$f" ] || die "cannot read the config fragment '$f'"
done

# Fragments first (FNR==NR-style by file order), then the config, last.
awk -v strict="$strict" -v nfrag=$# '
function reset_block() { purpose = ""; module_ok = 0; optional = 0; in_comment = 0 }
BEGIN { reset_block(); file = 0 }
FNR == 1 { file++; reset_block() }
file <= nfrag {
	if ($0 ~ /^# CONFIG_[A-Za-z0-9_]+ is not set$/) {
		sym = $2; val = "n"
	} else if ($0 ~ /^CONFIG_[A-Za-z0-9_]+=/) {
		sym = substr($0, 1, index($0, "=") - 1); val = substr($0, index($0, "=") + 1)
	} else {
		if ($0 ~ /^#/) {
			text = $0; sub(/^# ?/, "", text)
			if (!in_comment) { purpose = text; module_ok = 0; optional = 0 }
			if (text ~ /\(module ok\)/) module_ok = 1
			if (text ~ /\(optional\)/) optional = 1
			in_comment = 1
		} else if ($0 ~ /^[ \t]*$/) {
			in_comment = 0
		}
		next
	}
	in_comment = 0
	if (!(sym in want)) order[n++] = sym
	want[sym] = val; why[sym] = purpose; mod[sym] = module_ok; opt[sym] = optional
	next
}
/^CONFIG_[A-Za-z0-9_]+=/ { have[substr($0, 1, index($0, "=") - 1)] = substr($0, index($0, "=") + 1) }
END {
	missing = 0
	for (i = 0; i < n; i++) {
		s = order[i]; w = want[s]; h = (s in have) ? have[s] : "n"
		if (h == w) continue
		if (!strict) {
			if (w == "m" && h == "y") continue
			if (w == "y" && h == "m" && mod[s]) continue
			if (w == "n") continue
		}
		shown = (h == "n") ? "is not set" : "is " h
		p = why[s]; sub(/ *\((module ok|optional)\)/, "", p)
		if (opt[s] && !strict) {
			printf "note: %s %s (want %s): %s (optional)\n", s, shown, w, p
			continue
		}
		printf "missing: %s %s (want %s): %s\n", s, shown, w, p
		missing++
	}
	exit missing > 0 ? 1 : 0
}' "$@" "$config"
