#!/usr/bin/env bash
# examples/ci: the GitHub Actions workflow parses and uses only documented
# keys; the GitLab pipeline too, and gitlab-ci-local runs it with the shell
# executor: with a stub nightly for each exit-code mapping (0 passed, 125
# allowed failure, 1 failed), then for real on a tiny matrix on Debian 6.12
# under QEMU (one boot, 1-2 minutes), checking the job's result and its
# artifacts (results, plot, verdict markdown).
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

work=$(mktemp -d /tmp/hmmbench-ci.XXXXXX)
trap 'rm -rf "$work" .gitlab-ci-local' EXIT

# Keys documented in the GitHub Actions workflow syntax reference.
if python3 - examples/ci/github-nightly.yml <<'PY'
import sys, yaml
w = yaml.safe_load(open(sys.argv[1]))
top = {"name", "run-name", "on", True, "permissions", "env", "defaults", "concurrency", "jobs"}
job = {"name", "permissions", "needs", "if", "runs-on", "environment", "concurrency", "outputs",
       "env", "defaults", "steps", "timeout-minutes", "strategy", "continue-on-error",
       "container", "services", "uses", "with", "secrets"}
step = {"id", "if", "name", "uses", "run", "working-directory", "shell", "with", "env",
        "continue-on-error", "timeout-minutes"}
bad = [k for k in w if k not in top]
for jn, j in w["jobs"].items():
    bad += [f"jobs.{jn}.{k}" for k in j if k not in job]
    for i, s in enumerate(j["steps"]):
        bad += [f"jobs.{jn}.steps[{i}].{k}" for k in s if k not in step]
        if not ("uses" in s) ^ ("run" in s):
            bad.append(f"jobs.{jn}.steps[{i}]: one of uses/run")
on = w.get("on", w.get(True))
assert "schedule" in on and "workflow_dispatch" in on, on
assert any("runners/nightly" in s.get("run", "") for s in w["jobs"]["nightly"]["steps"])
sys.exit("undocumented keys: " + ", ".join(map(str, bad)) if bad else 0)
PY
then ok "github-nightly.yml parses, documented keys only, runs runners/nightly on a schedule"
else not_ok "github-nightly.yml"; fi

if python3 - examples/ci/gitlab-ci.yml <<'PY'
import sys, yaml
p = yaml.safe_load(open(sys.argv[1]))
job = {"script", "before_script", "after_script", "stage", "variables", "cache", "artifacts",
       "allow_failure", "timeout", "rules", "tags", "image", "services", "needs", "when",
       "retry", "interruptible", "resource_group", "environment", "dependencies"}
n = p["nightly"]
bad = [k for k in n if k not in job]
assert n["allow_failure"]["exit_codes"] == [125], n["allow_failure"]
assert n["artifacts"]["when"] == "always" and "results/runs/" in n["artifacts"]["paths"]
sys.exit("undocumented job keys: " + ", ".join(bad) if bad else 0)
PY
then ok "gitlab-ci.yml parses: documented keys, 125 allowed, artifacts always"
else not_ok "gitlab-ci.yml"; fi

gcl=.cache/npm/node_modules/.bin/gitlab-ci-local
if ! { [ -x "$gcl" ] || bash tools/install-deps.sh --ci-tools >"$work/install.log" 2>&1; } ||
	! command -v rsync >/dev/null; then
	skip "gitlab-ci-local or rsync unavailable (bash tools/install-deps.sh [--ci-tools]): $(tail -1 "$work/install.log" 2>/dev/null || true)"
	finish
fi

# run_job LOG VARIABLE=VALUE...: the nightly job under gitlab-ci-local.
run_job() {
	local log=$1 args=()
	shift
	for v in "$@"; do args+=(--variable "$v"); done
	rm -rf .gitlab-ci-local
	nice "$gcl" --file examples/ci/gitlab-ci.yml "${args[@]}" nightly >"$log" 2>&1 || true
}

cat >"$work/stub.sh" <<'STUB'
#!/bin/sh
mkdir -p "results/runs/ci-stub" && echo "### stub verdict" >"results/runs/ci-stub/verdict.md"
exit "$STUB_RC"
STUB
# gitlab-ci-local ends a job's line with nothing (passed), "WARN 125" or "FAIL 1".
finished() { grep -qE "^nightly finished in [0-9.]+ (ms|s|min) *${1:+ $1} *\$" "$2"; }
for case in "0 - passed" "125 WARN_125 allowed-failure" "1 FAIL_1 failed"; do
	read -r rc mark what <<<"$case"
	[ "$mark" = - ] && mark=
	run_job "$work/stub-$rc.log" "NIGHTLY=$work/stub.sh" "STUB_RC=$rc"
	if finished "${mark/_/ }" "$work/stub-$rc.log"; then
		ok "stub nightly exit $rc: job $what"
	else
		not_ok "stub nightly exit $rc, want $what: $(grep 'finished in' "$work/stub-$rc.log" || tail -3 "$work/stub-$rc.log")"
	fi
	if [ -s .gitlab-ci-local/artifacts/nightly/results/runs/ci-stub/verdict.md ]; then
		ok "stub exit $rc: artifacts exported"
	else
		not_ok "stub exit $rc: no artifacts"
	fi
	rm -rf results/runs/ci-stub
done

# The real job: deps, build, one QEMU boot of Debian 6.12, a fresh history.
before=$(find results/runs -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null || true)
t0=$SECONDS
run_job "$work/real.log" KERNELS=debian-6.12 MATRIX=tiny "HISTORY=$work/history"
echo "gitlab-ci-local nightly (tiny, debian-6.12): $((SECONDS - t0)) s; log tail:"
tail -n 15 "$work/real.log" | sed 's/^/  | /'
run=$(comm -13 <(echo "$before" | sort) <(find results/runs -mindepth 1 -maxdepth 1 -printf '%f\n' | sort) |
	grep '^nightly-' | tail -1 || true)
art=.gitlab-ci-local/artifacts/nightly/results/runs/$run
if finished "" "$work/real.log" &&
	grep -q "nightly: same (exit 0)" "$work/real.log"; then
	ok "real nightly job passed (exit 0: first run of the series, nothing to compare)"
else
	not_ok "real nightly job: $(grep -E 'finished in|nightly: ' "$work/real.log" | tail -3)"
fi
if [ -n "$run" ] && [ -s "$art/debian-6.12/results.json" ] &&
	ls "$art/debian-6.12/"*.png >/dev/null 2>&1 && grep -q "nothing to compare yet" "$art/verdict.md"; then
	ok "artifacts: results.json, plots, verdict.md ($art)"
else
	not_ok "artifacts of run '${run:-none}': $(find "$art" -maxdepth 2 2>&1 | head -5)"
fi
[ -n "$run" ] && rm -rf "results/runs/$run"
finish
