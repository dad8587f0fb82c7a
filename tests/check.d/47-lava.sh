#!/usr/bin/env bash
# 47-lava: hmmbench as a LAVA job, end to end, with Debian's dispatcher
# (lava-dispatcher, installed by tools/install-deps.sh) running it
# standalone: 'hmmbench lava job' for Debian 6.12 with the tiny matrix in
# icount mode, the qemu device dictionary rendered from lava-server's
# qemu.jinja2 (hmmbench lava device: lava-server's .deb unpacked into
# .cache/lava/), 'lava-run --validate', the job run by lava-run under the
# QEMU lock (hmmbench lava run), and 'hmmbench lava collect'. Asserted:
#   - every configuration of the collected results.json has its test case,
#     passing, with the document's median as its measurement (ns/page), and
#     every verify check and the kernel-log case passed;
#   - the collected results.json is the file the guest wrote: collect checks
#     the sha256 and size the guest computed of its own file. The LAVA test
#     cases are a second channel from the same file (LAVA's own results
#     stream), so the document's medians must equal them;
#   - the same kernel and matrix run directly (guest-run.sh, as make bench
#     does) gives the same configurations and sample counts. Its medians are
#     close but not asserted equal: the two guests differ (LAVA's kernel
#     command line, NIC, test shell, a bigger initramfs), so icount's
#     instruction streams differ a little; the largest difference is
#     printed, and compare's verdict of the two is printed;
#   - 'hmmbench compare' of the collected document against itself claims
#     no change (no regression, no improvement); history --add files it in
#     guest-run.sh's series, and plot renders it;
#   - a second job, with a kernel WARN planted before the run (an inline
#     test definition writing to /dev/kmsg), has its configurations and its
#     kernel-log case failed, and collect exits 1 naming them;
#   - collect exits 2 with one line on a torn, a garbled and a cut-short
#     log, and on a directory that is no job output.
# The job's and guest-run.sh's wall times are printed side by side
# (build/check-lava/times.txt). Needs: make -s kernels KERNELS=debian-6.12.
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

kernel=debian-6.12
root=build/check-lava
logs=$(part_logs)
hb=runners/hmmbench
py=/usr/bin/python3
rm -rf "$root"
mkdir -p "$root"
times=$root/times.txt
: >"$times"
report_file=$times
report_title="wall times (debian-6.12, tiny matrix, icount)"

if ! command -v lava-run >/dev/null || ! "$py" -c 'import yaml, jinja2' 2>/dev/null; then
	skip_unless_required "lava-run or python3-yaml/jinja2 missing (bash tools/install-deps.sh)"
	finish
fi
if [ "$(id -u)" != 0 ]; then
	skip_unless_required "lava-run needs root"
	finish
fi
if make -s kernels KERNELS=$kernel >"$logs/make-kernels.log" 2>&1 &&
	make -s runner tests "build/module/$kernel/hmm_bench.ko" >"$logs/make.log" 2>&1; then
	ok "make kernels KERNELS=$kernel, the runner and the module"
else
	not_ok_log "make kernels KERNELS=$kernel, the runner and the module" "$logs/make.log"
	finish
fi

# wall_of LOG: the wall time 'hmmbench lava run' printed.
wall_of() { sed -nE 's/.*lava-run exit [0-9]+, ([0-9.]+) s wall.*/\1/p' "$1" | tail -1; }

step "the job"
job=$root/job
expect_rc_logged 0 "hmmbench lava job --kernel $kernel --matrix tiny" "$logs/job.log" "$logs/job.log" \
	$hb lava job --kernel $kernel --matrix tiny --mode icount --out "$job"
check "the job deploys the initramfs as LAVA repacks it (cpio.newc, gz, lava overlay)" \
	"$py" - "$job/job.yaml" <<'PY'
import sys, yaml
j = yaml.safe_load(open(sys.argv[1]))
initrd = j["actions"][0]["deploy"]["images"]["initrd"]
ctx = j["context"]
ok = (initrd["format"] == "cpio.newc" and initrd["compression"] == "gz"
      and initrd["overlays"] == {"lava": True} and ctx["arch"] == "amd64"
      and "-icount shift=0,sleep=off" in ctx["extra_options"] and ctx["memory"] >= 4096
      and "quiet" not in j["actions"][0]["deploy"]["images"]["kernel"]["image_arg"]
      and j["actions"][2]["test"]["definitions"][0]["repository"]["metadata"]["format"]
      == "Lava-Test Test Definition 1.0")
sys.exit(0 if ok else 1)
PY
expect_rc_logged 0 "hmmbench lava device renders lava-server's qemu.jinja2 with the job's context" \
	"$root/device.yaml" "$logs/device.log" $hb lava device "$job/job.yaml"
expect_grep "the device runs QEMU with -icount and without KVM" \
	"^ *extra: \\[.*'-icount shift=0,sleep=off'" "$root/device.yaml"
check "the device dictionary has no -enable-kvm (no_kvm)" \
	bash -c "! grep -q -- '-enable-kvm' '$root/device.yaml'"
expect_rc_logged 0 "lava-run --validate of the job" "$logs/validate.log" "$logs/validate.log" \
	$hb lava run "$job/job.yaml" --out "$root/validate" --validate

step "lava-run (waits for the QEMU lock)"
out=$root/out
expect_rc_logged 0 "hmmbench lava run (lava-run under flock /tmp/hmmbench-qemu.lock)" \
	"$logs/run.log" "$logs/run.log" $hb lava run "$job/job.yaml" --out "$out"
lava_wall=$(wall_of "$logs/run.log")
expect_rc_logged 0 "hmmbench lava collect $out" "$logs/collect.log" "$logs/collect.log" \
	$hb lava collect "$out"
cat "$logs/collect.log"
[ -s "$out/results.json" ] || { not_ok "collect wrote $out/results.json"; finish; }
check "the collected results.json validates against results/schema.json" \
	"$py" tests/validate-results.py "$out/results.json"

if "$py" - "$out/results.json" "$out/cases.txt" >"$logs/cases-check.log" 2>&1 <<'PY'
import json, re, sys
d = json.load(open(sys.argv[1]))
cases = {}
for line in open(sys.argv[2]):
    f = line.split()
    cases[f[1]] = f[2:]
configs = [b for b in d["benchmarks"] if b["run_type"] == "iteration"]
bad = []
for b in configs:
    name = re.sub(r"[^A-Za-z0-9_.-]", "_", b["name"])
    c = cases.get(name)
    if not c or c[0] != "pass" or len(c) != 3 or c[2] != "ns/page":
        bad.append("%s: %s" % (name, c))
    elif abs(float(c[1]) - b["per_page"]["median"]) > 0.0005:
        bad.append("%s: case %s, document %.3f" % (name, c[1], b["per_page"]["median"]))
verify = [n for n in cases if n.startswith("verify.")]
vfail = [n for n in verify if cases[n][0] == "fail"]
others = [n for n in ("module", "run", "document", "verify", "kernel-log") if cases.get(n, ["?"])[0] != "pass"]
print("  %d configurations, %d with a passing case of the document's median; "
      "%d verify cases (%d failed); %d test cases in all" % (
          len(configs), len(configs) - len(bad), len(verify), len(vfail), len(cases)))
for x in bad + vfail + others:
    print("  wrong:", x)
sys.exit(0 if configs and not bad and len(verify) > 100 and not vfail and not others else 1)
PY
then
	ok "every configuration's test case present and pass, measurement = the document's median; every verify check, module, run, verify, kernel-log pass"
else
	not_ok_log "every configuration's test case present and pass, measurement = the document's median" "$logs/cases-check.log"
fi
sed -n 1p "$logs/cases-check.log"

# Exit 0 (all same) or 125 (some unknown: 3 samples give wide CIs), never 1.
rc=0
$hb compare "$out/results.json" "$out/results.json" >"$root/self-compare.txt" 2>"$logs/self-compare.err" || rc=$?
check "hmmbench compare of the collected document against itself runs (exit $rc: 0 or 125)" \
	test $rc = 0 -o $rc = 125
expect_grep "self-compare claims no change (0 regression, 0 improvement)" \
	'configurations: .* 0 regression, 0 improvement' "$root/self-compare.txt"

step "the same kernel and matrix through guest-run.sh"
direct=$root/direct
rc=0
bash runners/qemu/guest-run.sh --kernel $kernel --mode icount --out "$direct" --quiet -- \
	'hmmbench run --matrix tiny --out results.json' >"$logs/guest-run.log" 2>&1 || rc=$?
if [ $rc = 0 ] && [ -s "$direct/results.json" ]; then
	ok "guest-run.sh: hmmbench run --matrix tiny on $kernel (icount)"
else
	not_ok_log "guest-run.sh: hmmbench run --matrix tiny on $kernel (icount, exit $rc)" "$logs/guest-run.log"
fi
direct_wall=$(sed -n 's/^wall_s=//p' "$direct/guest-run.txt" 2>/dev/null || true)
if "$py" - "$out/results.json" "$direct/results.json" >"$logs/direct.log" 2>&1 <<'PY'
import json, sys
def configs(path):
    d = json.load(open(path))
    return {b["name"]: b for b in d["benchmarks"] if b["run_type"] == "iteration"}
lava, direct = configs(sys.argv[1]), configs(sys.argv[2])
same_names = sorted(lava) == sorted(direct)
same_counts = same_names and all(len(lava[n]["samples_ns"]) == len(direct[n]["samples_ns"]) for n in lava)
diffs = [abs(lava[n]["per_page"]["median"] / direct[n]["per_page"]["median"] - 1) * 100
         for n in lava if n in direct and direct[n]["per_page"]["median"]]
equal = sum(1 for n in lava if n in direct and lava[n]["per_page"]["median"] == direct[n]["per_page"]["median"])
print("  LAVA vs guest-run.sh: %d vs %d configurations, sample counts %s; medians: %d of %d equal, "
      "largest difference %.3f%%" % (len(lava), len(direct), "equal" if same_counts else "DIFFER",
                                      equal, len(lava), max(diffs) if diffs else float("nan")))
sys.exit(0 if same_names and same_counts else 1)
PY
then
	ok "LAVA's and guest-run.sh's documents have the same configurations and sample counts"
else
	not_ok_log "LAVA's and guest-run.sh's documents have the same configurations and sample counts" "$logs/direct.log"
fi
cat "$logs/direct.log"
$hb compare "$direct/results.json" "$out/results.json" 2>/dev/null | tail -1 | sed 's/^/  compare guest-run.sh -> LAVA: /' || true

# History and plots take the collected document as they take make bench's:
# both runs land in one series (same mode, kernel track, CPU).
hist=$root/history
$hb history "$hist" --add "$direct/results.json" --rev direct >"$logs/history.log" 2>&1 || true
expect_rc_logged 0 "hmmbench history --add of the collected document" "$logs/history-add.log" \
	"$logs/history-add.log" $hb history "$hist" --add "$out/results.json" --rev lava
check "... into the same series as guest-run.sh's run" \
	test "$(find "$hist" -name '*.json' -printf '%h\n' | sort -u | wc -l)" = 1
expect_rc_logged 0 "hmmbench plot of the collected document" "$logs/plot.log" "$logs/plot.log" \
	$hb plot "$out/results.json" --out "$root/plots"

step "a job with a kernel report planted before the run"
bad=$root/bad
$hb lava job --kernel $kernel --matrix tiny --mode icount --no-verify --out "$bad" \
	--name hmmbench-check-planted-warn >"$logs/bad-job.log" 2>&1
# The plant: an inline test definition that LAVA runs first, writing a
# kernel WARNING line (the pattern scan-kernel-log.sh looks for).
"$py" - "$bad/job.yaml" <<'PY'
import sys, yaml
path = sys.argv[1]
j = yaml.safe_load(open(path))
plant = {"from": "inline", "name": "plant-warn", "path": "inline/plant-warn.yaml",
         "repository": {"metadata": {"format": "Lava-Test Test Definition 1.0", "name": "plant-warn",
                                     "description": "47-lava: a planted kernel WARNING"},
                        "run": {"steps": ["echo 'WARNING: CPU: 0 PID: 1 at planted.c:1 by 47-lava' >/dev/kmsg"]}}}
j["actions"][2]["test"]["definitions"].insert(0, plant)
yaml.safe_dump(j, open(path, "w"), sort_keys=False)
PY
expect_rc_logged 0 "hmmbench lava run of the planted job (the job itself passes)" \
	"$logs/bad-run.log" "$logs/bad-run.log" $hb lava run "$bad/job.yaml" --out "$bad/out"
bad_wall=$(wall_of "$logs/bad-run.log")
expect_rc_logged 1 "hmmbench lava collect of the planted job: failed cases" \
	"$logs/bad-collect.log" "$logs/bad-collect.log" $hb lava collect "$bad/out"
cat "$logs/bad-collect.log"
expect_grep "collect names the failed cases in one line" \
	'^hmmbench lava collect: [0-9]+ of [0-9]+ test cases failed: ' "$logs/bad-collect.log"
check "the kernel-log case and all 12 configurations failed, the run and module passed" \
	"$py" - "$bad/out/cases.txt" <<'PY'
import sys
cases = {l.split()[1]: l.split()[2] for l in open(sys.argv[1]) if l.split()[0].endswith("hmmbench")}
configs = [n for n in cases if n.startswith(("snapshot_", "fault-"))]
sys.exit(0 if cases.get("kernel-log") == "fail" and len(configs) == 12
         and all(cases[n] == "fail" for n in configs)
         and cases.get("run") == "pass" and cases.get("module") == "pass" else 1)
PY

step "collect on a server's log and on broken job output"
log=$out/lava-run.log
mkdir -p "$root/broken" "$root/server"
# A LAVA server's log as 'lavacli jobs logs --raw' prints it: "- {...}" per
# line, every scalar double-quoted.
"$py" - "$log" "$root/server/job.log" <<'PY'
import sys, yaml
with open(sys.argv[2], "w") as out:
    for line in open(sys.argv[1]):
        if line.startswith("{"):
            e = yaml.safe_load(line)
            out.write("- " + yaml.safe_dump(e, default_flow_style=True, default_style='"',
                                            width=10 ** 6)[:-1] + "\n")
PY
expect_rc_logged 0 "collect of the same job as a server's raw log (lavacli jobs logs --raw)" \
	"$logs/server-collect.log" "$logs/server-collect.log" $hb lava collect "$root/server/job.log"
check "... gives the same results.json, byte for byte" cmp -s "$out/results.json" "$root/server/results.json"
# collect_error NAME DESC FILE: collect FILE exits 2 with one line.
collect_error() {
	local rc=0
	$hb lava collect "$3" --out "$root/broken/$1" >"$root/broken/$1.out" 2>&1 || rc=$?
	if [ $rc = 2 ] && [ "$(wc -l <"$root/broken/$1.out")" = 1 ]; then
		ok "collect: $2 (exit 2): $(cat "$root/broken/$1.out")"
	else
		not_ok_log "collect: $2 (exit $rc, want 2 and one line)" "$root/broken/$1.out"
	fi
}
grep -v 'hmmbench-document 7 ' "$log" >"$root/broken/torn.log"
collect_error torn "a document line lost" "$root/broken/torn.log"
# One character of the third document line changed to another base64 one.
"$py" - "$log" "$root/broken/garbled.log" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
m = re.search(r"hmmbench-document 3 ([A-Za-z0-9+/]{20})", text)
at = m.start(1) + 10
open(sys.argv[2], "w").write(text[:at] + ("B" if text[at] == "A" else "A") + text[at + 1:])
PY
collect_error garbled "a document line garbled" "$root/broken/garbled.log"
head -n "$(($(grep -n 'hmmbench-document-end' "$log" | cut -d: -f1) + 20))" "$log" >"$root/broken/cut.log"
collect_error cut "a log cut short (the job did not finish)" "$root/broken/cut.log"
collect_error nojob "a directory without a job log" "$root/broken"
# The job result lava-run writes when an action's timeout fired.
sed -E 's/^\{(.*)"msg": \{"case": "job", "definition": "lava", "result": "pass"\}\}/{\1"msg": {"case": "job", "definition": "lava", "error_msg": "lava-test-shell timed out after 600 seconds", "error_type": "Job", "result": "fail"}}/' \
	"$log" >"$root/broken/timeout.log"
if grep -q 'timed out after 600' "$root/broken/timeout.log"; then
	collect_error timeout "a job that timed out" "$root/broken/timeout.log"
	expect_grep "... and says it timed out" 'the job timed out' "$root/broken/timeout.out"
else
	not_ok "the timed-out log was made (no job result line in $log?)"
fi

{
	printf '%-44s %6s s wall\n' "LAVA job (lava-run, run + verify)" "${lava_wall:-?}"
	printf '%-44s %6s s wall\n' "LAVA job, planted WARN (run, no verify)" "${bad_wall:-?}"
	printf '%-44s %6s s wall\n' "guest-run.sh (hmmbench run, as make bench)" "${direct_wall:-?}"
} >>"$times"
finish
