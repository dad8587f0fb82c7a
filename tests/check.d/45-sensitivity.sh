#!/usr/bin/env bash
# 45-sensitivity: the injected-cost knob end to end, in one icount boot of
# Debian 6.12 with a 2-configuration matrix (snapshot, 4k and thp, 2M).
# In the guest: inject_ns_per_page refuses a value over its limit, 'hmmbench
# info' reports the value set, and three runs are made: A and A' with no
# injection, B with 50 ns/page. On the host: B's context records the
# injection; 'compare A A'' exits 0 (A/A, deterministic); 'compare A B'
# exits 1 (regression) and warns that the injections differ; 'hmmbench
# sensitivity' finds no false alarm and B detected. Guest files in
# build/check-sensitivity/.
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

kernel=debian-6.12
dir=build/check-sensitivity
hb=runners/hmmbench
last=$dir/last.out

if make -s runner "build/module/$kernel/hmm_bench.ko" >"$dir.make.log" 2>&1; then
	ok "make runner build/module/$kernel/hmm_bench.ko"
else
	not_ok_log "make runner build/module/$kernel/hmm_bench.ko" "$dir.make.log"
	finish
fi

rm -rf "$dir"
mkdir -p "$dir"
cat >"$dir/matrix.txt" <<'EOF'
ops      = snapshot
kinds    = 4k, thp
sizes    = 2M
formats  = fixed
patterns = none
samples  = 15
warmup   = 2
rounds   = 3
seed     = 45
EOF
cat >"$dir/sensitivity-check.sh" <<'EOF'
p=/sys/module/hmm_bench/parameters/inject_ns_per_page
run() { echo "$2" >$p && hmmbench run --matrix matrix.txt --out "$1" --quiet --events none; }
if echo 100001 >$p 2>/dev/null; then echo over-limit-accepted; else echo over-limit-refused; fi
echo 50 >$p && hmmbench info | grep 'injected cost' >info.txt
run a.json 0 && run b.json 50 && run a2.json 0
EOF
rc=0
bash runners/qemu/guest-run.sh --kernel "$kernel" --out "$dir" --mode icount --timeout 300 \
	-- "sh sensitivity-check.sh" >"$dir/guest-run.out" 2>&1 || rc=$?
if [ "$rc" -eq 0 ] && [ -s "$dir/a.json" ] && [ -s "$dir/a2.json" ] && [ -s "$dir/b.json" ]; then
	ok "icount guest made A, A' and B ($(sed -n 's/^wall_s=//p' "$dir/guest-run.txt") s)"
else
	not_ok_log "icount guest (exit $rc)" "$dir/guest-run.out"
	finish
fi

if grep -q over-limit-refused "$dir/job.log"; then
	ok "inject_ns_per_page refuses 100001"
else
	not_ok_log "inject_ns_per_page accepted a value over its limit" "$dir/job.log"
fi
if grep -q '50 ns per page' "$dir/info.txt" 2>/dev/null; then
	ok "hmmbench info reports the injected cost"
else
	not_ok_log "hmmbench info does not report 50 ns per page" "$dir/info.txt"
fi
inj=$(/usr/bin/python3 -c 'import json,sys
m = json.load(open(sys.argv[1]))["context"]["module"]
print(m["inject_ns_per_page"], "inject" in m["features"])' "$dir/b.json" 2>&1 || true)
if [ "$inj" = "50 True" ]; then
	ok "B's context: inject_ns_per_page 50, feature inject"
else
	not_ok "B's context records '$inj', want '50 True'"
fi

expect_rc_logged 0 "compare A A' (A/A)" "$last" "$last" "$hb" compare "$dir/a.json" "$dir/a2.json"
expect_rc_logged 1 "compare A B (50 ns/page injected: regression)" "$last" "$last" "$hb" compare "$dir/a.json" "$dir/b.json"
if grep -q 'different injected costs' "$last"; then
	ok "compare warns that the injected costs differ"
else
	not_ok_log "compare gave no injected-cost warning" "$last"
fi

expect_rc_logged 0 "hmmbench sensitivity A A' B" "$last" "$last" "$hb" sensitivity "$dir/a.json" "$dir/a2.json" \
	"$dir/b.json" --json "$dir/sensitivity.json" --markdown "$dir/sensitivity.md"
got=$(/usr/bin/python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))
print(r["aa"]["trials"], r["false_alarm_rate"], r["sizes"][0]["detection_rate"],
      r["smallest_reliable_ns_per_page"])' "$dir/sensitivity.json" 2>&1 || true)
if [ "$got" = "2 0.0 1.0 50" ]; then
	ok "sensitivity: 2 A/A trials, no false alarm, 50 ns/page detected in every trial"
else
	not_ok_log "sensitivity report says '$got', want '2 0.0 1.0 50'" "$dir/sensitivity.md"
fi
expect_rc_logged 2 "hmmbench sensitivity without a baseline" "$last" "$last" "$hb" sensitivity "$dir/b.json"
finish
