#!/usr/bin/env bash
# The results document validates against results/schema.json, and documents
# broken in the ways a reader cares about do not. The document comes from
# 'build/tests/test_results --write-sample' (two configurations, counters,
# a conversion pass), written by the real results_write_atomic().
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

bin=build/tests/test_results
[ -x "$bin" ] || make -s "$bin" >/dev/null || { not_ok "build $bin"; finish; }
/usr/bin/python3 -c 'import jsonschema' 2>/dev/null || { not_ok "python3-jsonschema is not installed"; finish; }

work=$(mktemp -d /tmp/hmmbench-schema.XXXXXX)
trap 'rm -rf "$work"' EXIT

if "$bin" --write-sample "$work/good.json"; then
	ok "sample document written"
else
	not_ok "sample document written"
	finish
fi

# validate FILE: exit 0 when FILE is valid, 1 (with the first error) otherwise.
validate() {
	/usr/bin/python3 tests/validate-results.py "$1" results/schema.json
}

if validate "$work/good.json"; then ok "sample validates"; else not_ok "sample validates"; fi

# break NAME PYTHON-STATEMENT: a copy of the sample changed by the statement (on 'd') must not validate.
break_doc() {
	local name=$1 stmt=$2
	# A change that cannot be made (a missing key) must not pass as "rejected".
	if ! /usr/bin/python3 - "$work/good.json" "$work/$name.json" "$stmt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))
PY
	then
		not_ok "broken document '$name' could not be made"
		return
	fi
	if validate "$work/$name.json" >/dev/null; then
		not_ok "broken document '$name' is rejected"
	else
		ok "broken document '$name' is rejected"
	fi
}

break_doc no-context 'del d["context"]'
break_doc bad-mode 'd["context"]["mode"] = "tcg"'
break_doc no-mode 'del d["context"]["mode"]'
break_doc bad-date 'd["context"]["date"] = "yesterday"'
break_doc string-sample 'd["benchmarks"][0]["samples_ns"][1] = "5100"'
break_doc empty-samples 'd["benchmarks"][0]["samples_ns"] = []'
break_doc no-median 'del d["benchmarks"][0]["statistics"]["median"]'
break_doc bad-run-type 'd["benchmarks"][1]["run_type"] = "summary"'
break_doc counter-no-reason 'del d["benchmarks"][0]["counters"]["instructions"]["reason"]'
break_doc nested-parameter 'd["benchmarks"][0]["parameters"]["op"] = {"x": 1}'
break_doc negative-outliers 'd["benchmarks"][0]["statistics"]["outliers"]["high_mild"] = -1'
break_doc skipped-no-reason 'del d["skipped"][0]["reason"]'
break_doc schema-v2 'd["schema_version"] = 2'

# Every configuration's aggregates name their configuration.
if /usr/bin/python3 - "$work/good.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
configs = {b["name"] for b in d["benchmarks"] if b["run_type"] == "iteration"}
aggs = [b for b in d["benchmarks"] if b["run_type"] == "aggregate"]
assert len(configs) == 2, configs
assert len(aggs) == 8, len(aggs)
assert all(a["run_name"] in configs and a["name"] == a["run_name"] + "_" + a["aggregate_name"] for a in aggs)
PY
then ok "aggregates belong to their configurations"; else not_ok "aggregates belong to their configurations"; fi

finish
