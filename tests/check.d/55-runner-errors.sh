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
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

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
	local name=$1 word=$2 rc=0 lines before after
	shift 2
	before=$(find . -mindepth 1 | sort)
	"$bin" "$@" >out.txt 2>err.txt || rc=$?
	lines=$(wc -l <err.txt)
	after=$(find . -mindepth 1 ! -name out.txt ! -name err.txt | sort)
	if [ "$rc" != 2 ]; then
		not_ok_log "$name: exit $rc, want 2" err.txt
	elif [ "$lines" != 1 ]; then
		not_ok_log "$name: $lines lines on stderr, want 1" err.txt
	elif ! grep -qiF -- "$word" err.txt; then
		not_ok_log "$name: the message does not name '$word'" err.txt
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
else
	skip "run: unreadable matrix file (root reads it anyway)"
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
if [ -d plot-data ]; then not_ok "plot left a plot-data directory behind"; fi

# No module on this host; with one, each of these cases is a skip.
without_module() { # without_module NAME ARGS...
	local name="$1 without the module"
	shift
	if [ "$have_module" = 0 ]; then
		expect_usage "$name" "load the module" "$@"
	else
		skip "$name (/dev/hmm_bench exists on this host)"
	fi
}
without_module run run --matrix tiny --out r.json
without_module info info
without_module verify verify
without_module fuzz fuzz --calls 10
without_module "scenario invalidate" scenario invalidate --out s.json
without_module "scenario scaling" scenario scaling --out s.json
finish
