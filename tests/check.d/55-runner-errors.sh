#!/usr/bin/env bash
# 55-runner-errors: bad input to the runner, on the host (no module, no
# guest; a few seconds). Each case must end with exit code 2 and exactly
# one line on stderr that names the problem (a word the case gives), and
# must leave nothing behind: no results file, no .results.tmp.* file, no
# plot-data directory. The host has no hmm_bench module, which is itself a
# case: run, info, verify, fuzz and scenario must say "load the module".
#
# The guest side (SIGINT during a run, a panicking guest) is in
# 60-robustness.sh.
set -u
cd "$(dirname "$0")/../.." || exit 2

pass=0 fail=0
ok() { echo "ok $1"; pass=$((pass + 1)); }
not_ok() {
	echo "FAIL $1"
	[ -n "${2-}" ] && sed 's/^/  | /' "$2"
	fail=$((fail + 1))
}
finish() { echo "$pass passed, $fail failed"; [ "$fail" -eq 0 ]; exit; }

bin=$PWD/runners/hmmbench
[ -x "$bin" ] || make -s runner >/dev/null 2>&1 || { not_ok "make runner"; finish; }
if [ -e /dev/hmm_bench ]; then
	echo "55-runner-errors: /dev/hmm_bench exists on this host; the missing-module cases are skipped"
	have_module=1
else
	have_module=0
fi

work=$(mktemp -d /tmp/hmmbench-errors.XXXXXX)
trap 'chmod -R u+rwx "$work"; rm -rf "$work"' EXIT
cd "$work" || exit 1

# expect_usage NAME WORD ARGS...: hmmbench ARGS exits 2, prints one stderr
# line containing WORD, and leaves the work directory as it was.
expect_usage() {
	local name=$1 word=$2 rc lines before after
	shift 2
	before=$(find . -mindepth 1 | sort)
	"$bin" "$@" >out.txt 2>err.txt
	rc=$?
	lines=$(wc -l <err.txt)
	after=$(find . -mindepth 1 ! -name out.txt ! -name err.txt | sort)
	if [ "$rc" != 2 ]; then
		not_ok "$name: exit $rc, want 2" err.txt
	elif [ "$lines" != 1 ]; then
		not_ok "$name: $lines lines on stderr, want 1" err.txt
	elif ! grep -qiF -- "$word" err.txt; then
		not_ok "$name: the message does not name '$word'" err.txt
	elif [ "$after" != "$before" ]; then
		not_ok "$name: left files behind: $(comm -13 <(echo "$before") <(echo "$after") | tr '\n' ' ')"
	else
		ok "$name: exit 2, '$(cat err.txt)'"
	fi
	rm -f out.txt err.txt
}

# Fixtures.
printf 'ops = snapshot\nkinds = 4k\nsizes = 4K, 3K\n' >bad-size.matrix
printf 'ops = snapshot\nbogus_key = 1\n' >bad-key.matrix
printf 'ops = snapshot\nsizes = 4K\nsamples = lots\n' >bad-samples.matrix
mkdir dir.matrix
printf '{"schema_version": 1, "context": {' >truncated.json
printf '{"schema_version": 99, "context": {}, "benchmarks": []}\n' >old-schema.json
printf '{"schema_version": 1, "context": {"mode": "qemu-tcg", "hmmbench_version": "0.1.0"}, "benchmarks": [{"name": "x", "run_type": "iteration"}]}\n' >no-samples.json
printf '[1, 2, 3]\n' >array.json
mkdir dir.json
printf 'ops = snapshot\n' >unreadable.matrix
chmod 000 unreadable.matrix

# Flags.
expect_usage "unknown command" "frobnicate" frobnicate
expect_usage "run: unknown flag" "unknown option '--bogus'" run --bogus --out r.json
expect_usage "run: flag without value" "--samples" run --samples
expect_usage "run: non-numeric --samples" "--samples" run --samples many --out r.json
expect_usage "run: --sizes not a multiple of 4 KiB" "--sizes" run --sizes 3K --out r.json
expect_usage "run: unknown --ops" "--ops" run --ops sideways --out r.json
expect_usage "run: unknown --formats" "--formats" run --formats zigzag --out r.json
expect_usage "run: malformed --table" "--table" run --table flags=1 --out r.json
expect_usage "run: --cpu bogus:1" "bogus" run --cpu bogus:1 --out r.json
expect_usage "run: --cpu core:999" "999" run --cpu core:999 --out r.json
expect_usage "fuzz: --threads 99" "--threads" fuzz --threads 99
expect_usage "fuzz: unknown flag" "--bogus" fuzz --bogus
expect_usage "scenario: unknown scenario" "sideways" scenario sideways
expect_usage "scenario: --churn bogus" "bogus" scenario invalidate --churn bogus
expect_usage "scenario: --max-threads 0" "--max-threads" scenario scaling --max-threads 0
expect_usage "scenario: --size not a multiple of 2M for thp" "--size" scenario invalidate --kind thp --size 4K

# Matrix files.
expect_usage "run: --only pattern matching nothing" "'typo*'" run --matrix tiny --only 'snapshot/*,typo*' --out r.json
expect_usage "run: --only empty pattern" "empty pattern" run --matrix tiny --only 'snapshot/*,' --out r.json
expect_usage "run: missing matrix file" "nope.matrix" run --matrix nope.matrix --out r.json
expect_usage "run: matrix file is a directory" "dir.matrix" run --matrix dir.matrix --out r.json
if [ "$(id -u)" != 0 ]; then
	expect_usage "run: unreadable matrix file" "unreadable.matrix" run --matrix unreadable.matrix --out r.json
fi
expect_usage "run: matrix size not a multiple of 4 KiB" "bad-size.matrix:3" run --matrix bad-size.matrix --out r.json
expect_usage "run: unknown matrix key" "bad-key.matrix:2" run --matrix bad-key.matrix --out r.json
expect_usage "run: non-numeric matrix samples" "bad-samples.matrix:3" run --matrix bad-samples.matrix --out r.json

# Results files.
for cmd in plot summary; do
	expect_usage "$cmd: missing results file" "$cmd: unable to open nope.json" $cmd nope.json
	expect_usage "$cmd: truncated JSON" "truncated.json" $cmd truncated.json
	expect_usage "$cmd: other schema version" "schema_version" $cmd old-schema.json
	expect_usage "$cmd: configuration without samples" "samples" $cmd no-samples.json
	expect_usage "$cmd: not an object" "array.json" $cmd array.json
	expect_usage "$cmd: a directory" "dir.json" $cmd dir.json
done
[ -d plot-data ] && not_ok "plot left a plot-data directory behind"

# No module on this host.
if [ "$have_module" = 0 ]; then
	expect_usage "run without the module" "load the module" run --matrix tiny --out r.json
	expect_usage "info without the module" "load the module" info
	expect_usage "verify without the module" "load the module" verify
	expect_usage "fuzz without the module" "load the module" fuzz --calls 10
	expect_usage "scenario invalidate without the module" "load the module" scenario invalidate --out s.json
	expect_usage "scenario scaling without the module" "load the module" scenario scaling --out s.json
fi
finish
