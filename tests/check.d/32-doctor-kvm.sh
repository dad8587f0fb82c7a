#!/usr/bin/env bash
# 32-doctor-kvm: `hmmbench doctor` and KVM's probe with its fallback.
#
# Doctor on this machine: every line is a judged check, and the exit code
# is what its lines say (2 with a FAIL, 1 with a warn, else 0); a config
# lacking CONFIG_HMM_MIRROR (--config) is not runnable; bad usage is one
# line, exit 2. Then on Debian's 6.12 kernel: guest-run.sh --mode kvm,
# whose probe boot (runners/qemu/kvm-probe.sh, bounded) decides; where KVM
# does not work, as on hosts whose /dev/kvm cannot run a guest, the guest
# runs under TCG, the reason is printed on one line and recorded in
# guest-run.txt and in the results context (qemu_fallback), and the mode
# is qemu-tcg; where it works, the mode is qemu-kvm. The same boot runs
# doctor with the module loaded (and with a config lacking HMM_MIRROR) and
# a one-configuration run whose Google Benchmark export carries the
# machine's cpu_scaling_enabled and mhz_per_cpu. A second boot without the
# module runs doctor, which must name the module to insmod. Last, a probe
# with a CPU model the host lacks (HMMBENCH_KVM_CPU=qemu64): its verdict
# is one line naming where the guest stopped, within the bound. The
# probe's and the boots' times are printed. Needs Debian's 6.12 kernel
# (fetched when missing), not the debug kernels.
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

logs=$(part_logs)
root=build/check-doctor
k=debian-6.12
bound=${HMMBENCH_KVM_PROBE_BOUND:-20}
rm -rf "$root"
mkdir -p "$root"
report_file=$root/times.txt
report_title="KVM probe and guest times"
: >"$report_file"

# doctor_agrees OUT RC DESC: every line between doctor's first and last is
# a judged check, and RC is what they say.
doctor_agrees() {
	local out=$1 rc=$2 desc=$3 want=0 bad
	grep -q '^FAIL ' "$out" && want=2
	[ $want = 0 ] && grep -q '^warn ' "$out" && want=1
	bad=$(sed '1d;$d' "$out" | grep -cvE '^(ok|note|warn|FAIL) +[a-z_ ]+ ' || true)
	if [ "$rc" = "$want" ] && [ "$bad" = 0 ] && head -1 "$out" | grep -q '^hmmbench doctor: kernel ' &&
		tail -1 "$out" | grep -qE '^hmmbench doctor: (ready|runnable, [0-9]+ warnings|not runnable: .*)$'; then
		ok "$desc: exit $rc as its lines say, each line a judged check"
	else
		not_ok_log "$desc: exit $rc, its lines say $want ($bad unjudged lines)" "$out" 30
	fi
}

step "doctor on this machine"
if make -s runner >"$logs/make-runner.log" 2>&1; then
	ok "make runner"
else
	not_ok_log "make runner" "$logs/make-runner.log"
	finish
fi
rc=0
runners/hmmbench doctor >"$root/host.out" 2>"$root/host.err" || rc=$?
doctor_agrees "$root/host.out" "$rc" "doctor (host)"
for check in "kernel config" module headers "secure boot" lockdown root perf_event_paranoid pmu \
	events governor boost smt thp hugetlb clocksource virtualisation; do
	expect_grep "doctor (host) judges $check" "^(ok|note|warn|FAIL) +$check " "$root/host.out"
done
echo "  doctor on this host (exit $rc):"
sed 's/^/  | /' "$root/host.out"
rc=0
runners/hmmbench doctor --events cycles,no-such-event --cpu pu:0 >"$root/events.out" 2>&1 || rc=$?
doctor_agrees "$root/events.out" "$rc" "doctor --events cycles,no-such-event --cpu pu:0"
expect_grep "an event that does not open is a warning naming it" '^warn +events .*no-such-event: ' "$root/events.out"
expect_rc_logged 2 "doctor --cpu core:999 (no such core)" "$root/badcpu.out" "$root/badcpu.err" \
	runners/hmmbench doctor --cpu core:999
check "a bad --cpu is one line" test "$(wc -l <"$root/badcpu.err")" -eq 1
expect_rc_logged 2 "doctor --config /nonexistent" "$root/badcfg.out" "$root/badcfg.err" \
	runners/hmmbench doctor --config /nonexistent
expect_grep "an unreadable --config is named" '^hmmbench doctor: --config /nonexistent: ' "$root/badcfg.err"
expect_rc_logged 2 "doctor --frobnicate" "$root/badopt.out" "$root/badopt.err" runners/hmmbench doctor --frobnicate

step "the kernel and its module"
if make -s kernels KERNELS=$k >"$logs/make-kernels.log" 2>&1 &&
	make -s tests "build/module/$k/hmm_bench.ko" >"$logs/make-module.log" 2>&1; then
	ok "make kernels KERNELS=$k, build/module/$k/hmm_bench.ko"
else
	skip_unless_required "$k and its module (see $logs/make-kernels.log, $logs/make-module.log)"
	finish
fi
# The kernel's own config, with and without HMM_MIRROR, for --config.
config=.cache/kernels/$k/kdir/.config
grep -v '^CONFIG_HMM_MIRROR=' "$config" >"$root/no-hmm.config"
check "the config without HMM_MIRROR lacks it (and $config has it)" \
	bash -c "! grep -q '^CONFIG_HMM_MIRROR=' '$root/no-hmm.config' && grep -q '^CONFIG_HMM_MIRROR=y' '$config'"
rc=0
runners/hmmbench doctor --config "$root/no-hmm.config" >"$root/nohmm.out" 2>&1 || rc=$?
check "doctor --config (no HMM_MIRROR) on the host: not runnable (exit $rc)" test "$rc" = 2
expect_grep "doctor --config names CONFIG_HMM_MIRROR and what to do" \
	'^FAIL +kernel config +CONFIG_HMM_MIRROR is not set in .*no-hmm.config: .*rebuild' "$root/nohmm.out"

step "guest-run --mode kvm: the probe decides"
dir=$root/kvm
mkdir -p "$dir"
cp "$root/no-hmm.config" "$dir/no-hmm.config"
# shellcheck disable=SC2016 # expanded in the guest
job='
hmmbench doctor >doctor.out 2>&1; echo $? >doctor.rc
hmmbench doctor --config no-hmm.config >doctor-nohmm.out 2>&1; echo $? >doctor-nohmm.rc
hmmbench run --ops snapshot --kinds 4k --sizes 2M --formats fixed --samples 5 --warmup 1 \
	--rounds 1 --events cycles,page-faults --out results.json --quiet
'
start=$(date +%s.%N)
grc=0
HMMBENCH_KVM_PROBE_FRESH=1 bash runners/qemu/guest-run.sh --kernel $k --mode kvm --out "$dir" -- "$job" \
	>"$logs/guest-kvm.log" 2>&1 || grc=$?
took=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
if [ "$grc" = 0 ] && [ -s "$dir/results.json" ]; then
	ok "guest-run --mode kvm: the job ran and wrote results.json"
else
	not_ok_log "guest-run --mode kvm exit $grc" "$logs/guest-kvm.log" 30
fi
mode=$(sed -n 's/^mode=//p' "$dir/guest-run.txt" 2>/dev/null || true)
fallback=$(sed -n 's/^qemu_fallback=//p' "$dir/guest-run.txt" 2>/dev/null || true)
ctx_mode=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["context"]["mode"])' \
	"$dir/results.json" 2>/dev/null || echo none)
ctx_fallback=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["context"].get("qemu_fallback") or "")' \
	"$dir/results.json" 2>/dev/null || true)
if [ "$mode" = tcg ]; then
	msg=$(grep -E "^guest-run: $k: --mode kvm: .*; running tcg instead$" "$logs/guest-kvm.log" || true)
	check "the fallback is said on one line on stderr" test "$(printf '%s\n' "$msg" | grep -c .)" = 1
	probe_s=$(printf '%s' "$msg" | sed -nE 's/.*probe ([0-9.]+) s of its ([0-9]+) s bound.*/\1/p')
	check "the probe ended within its bound ($probe_s s of $bound s, +5 s for QEMU's kill)" \
		test -n "$probe_s" -a "$(echo "$probe_s <= $bound + 5" | bc)" = 1
	check "guest-run.txt records the reason" test -n "$fallback"
	check "the results context records it (qemu_fallback) and says qemu-tcg" \
		test "$ctx_mode" = qemu-tcg -a "$ctx_fallback" = "$fallback"
	echo "  fallback: $msg"
	printf 'KVM probe (-cpu host) %s s of its %s s bound; guest-run --mode kvm, fallen back to tcg: %s s wall (the boot %s s, the rest waiting for the QEMU lock)\n' \
		"$probe_s" "$bound" "$took" "$(sed -n 's/^wall_s=//p' "$dir/guest-run.txt")" >>"$report_file"
elif [ "$mode" = kvm ]; then
	check "KVM worked: the results say qemu-kvm and record no fallback" \
		test "$ctx_mode" = qemu-kvm -a -z "$ctx_fallback"
	expect_grep "KVM's guest has a PMU (-cpu host)" '^ok +pmu ' "$dir/doctor.out"
	printf 'guest-run --mode kvm under KVM: %s s wall\n' "$took" >>"$report_file"
else
	not_ok_log "guest-run.txt says mode '$mode' (want kvm or tcg)" "$logs/guest-kvm.log"
fi
doctor_agrees "$dir/doctor.out" "$(cat "$dir/doctor.rc" 2>/dev/null || echo none)" "doctor (guest, module loaded)"
expect_grep "doctor (guest) sees the module and its ABI" '^ok +module +hmm_bench .* loaded, ABI [0-9]+ \(runner [0-9]+\)' "$dir/doctor.out"
expect_grep "doctor (guest) says it is virtualised" '^note +virtualisation .*QEMU' "$dir/doctor.out"
check "doctor --config (no HMM_MIRROR) in the guest: not runnable" test "$(cat "$dir/doctor-nohmm.rc" 2>/dev/null)" = 2
expect_grep "... naming CONFIG_HMM_MIRROR" '^FAIL +kernel config +CONFIG_HMM_MIRROR is not set' "$dir/doctor-nohmm.out"
echo "  doctor in the guest, module loaded (exit $(cat "$dir/doctor.rc" 2>/dev/null)):"
sed 's/^/  | /' "$dir/doctor.out" 2>/dev/null || true

step "the machine state in the results and their export"
if python3 - "$dir/results.json" >"$logs/machine.log" 2>&1 <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))["context"]["machine"]
for key in ("cpu", "cpufreq_governor", "boost", "cpu_scaling_enabled", "smt_siblings",
            "smt_sibling_busy", "secure_boot", "lockdown", "perf_event_paranoid", "pmu",
            "hugetlb_nodes", "max_mhz"):
    assert key in m, key
assert isinstance(m["cpu_scaling_enabled"], bool)
assert m["hugetlb_nodes"] and "free_2m" in m["hugetlb_nodes"][0]
EOF
then
	ok "results context.machine has the doctor's facts"
else
	not_ok_log "results context.machine has the doctor's facts" "$logs/machine.log"
fi
expect_rc_logged 0 "the guest's results.json is valid against results/schema.json (machine, qemu_fallback)" \
	"$logs/schema.log" "$logs/schema.log" python3 -c 'import json, sys, jsonschema
jsonschema.validate(json.load(open(sys.argv[2])), json.load(open(sys.argv[1])))' results/schema.json "$dir/results.json"
expect_rc_logged 0 "hmmbench export --format gbench" "$root/gbench.json" "$logs/gbench.err" \
	runners/hmmbench export "$dir/results.json" --format gbench
if python3 - "$dir/results.json" "$root/gbench.json" >"$logs/gbench.log" 2>&1 <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))["context"]["machine"]
g = json.load(open(sys.argv[2]))["context"]
assert g["cpu_scaling_enabled"] == m["cpu_scaling_enabled"], (g, m)
assert g["mhz_per_cpu"] == (m["max_mhz"] or 0), (g, m)
print("mhz_per_cpu", g["mhz_per_cpu"], "cpu_scaling_enabled", g["cpu_scaling_enabled"])
EOF
then
	ok "the export carries the machine's cpu_scaling_enabled and mhz_per_cpu ($(cat "$logs/gbench.log"))"
else
	not_ok_log "the export carries the machine's cpu_scaling_enabled and mhz_per_cpu" "$logs/gbench.log"
fi

step "doctor in a guest without the module"
dir=$root/nomodule
start=$(date +%s.%N)
grc=0
bash runners/qemu/guest-run.sh --kernel $k --mode tcg --no-module --out "$dir" -- \
	'hmmbench doctor >doctor.out 2>&1; echo $? >doctor.rc' >"$logs/guest-nomodule.log" 2>&1 || grc=$?
took=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
printf 'guest-run --mode tcg --no-module (doctor only): %s s wall (the boot %s s)\n' "$took" \
	"$(sed -n 's/^wall_s=//p' "$dir/guest-run.txt" 2>/dev/null)" >>"$report_file"
check "guest-run --no-module: the job ran (exit $grc)" test -f "$dir/doctor.rc"
rc=$(cat "$dir/doctor.rc" 2>/dev/null || echo none)
doctor_agrees "$dir/doctor.out" "$rc" "doctor (guest, no module)"
expect_grep "doctor says which module to load" '^warn +module +not loaded; load it: insmod /lib/hmm_bench.ko' "$dir/doctor.out"
check "doctor without the module is not 'ready' (exit $rc)" test "$rc" != 0

step "a probe with a CPU model the host may lack (qemu64)"
initrd=build/initramfs/$k.cpio.gz
start=$(date +%s.%N)
prc=0
verdict=$(HMMBENCH_KVM_CPU=qemu64 HMMBENCH_KVM_PROBE_FRESH=1 bash runners/qemu/kvm-probe.sh \
	--kernel $k --initrd "$initrd" 2>"$logs/probe-qemu64.err") || prc=$?
took=$(printf '%.1f' "$(echo "$(date +%s.%N) - $start" | bc)")
if [ $prc = 0 ]; then
	check "the qemu64 probe worked: it printed nothing" test -z "$verdict"
elif [ $prc = 1 ]; then
	check "the qemu64 probe's verdict is one line" test "$(printf '%s\n' "$verdict" | wc -l)" = 1
	expect_grep "... naming where the guest stopped" \
		'^KVM guest (hung after the kernel.s decompression|printed nothing|hung before /init|failed)' <(printf '%s\n' "$verdict")
	probe_s=$(printf '%s' "$verdict" | sed -nE 's/.*probe ([0-9.]+) s of its [0-9]+ s bound$/\1/p')
	check "... within its bound ($probe_s s of $bound s)" \
		test -n "$probe_s" -a "$(echo "${probe_s:-999} <= $bound + 5" | bc)" = 1
	echo "  qemu64 probe: $verdict"
	printf 'KVM probe (-cpu qemu64) %s s of its %s s bound: %s\n' "${probe_s:-?}" "$bound" "${verdict%%;*}" >>"$report_file"
else
	not_ok_log "kvm-probe.sh exit $prc" "$logs/probe-qemu64.err"
fi
rc=0
cached=$(HMMBENCH_KVM_CPU=qemu64 bash runners/qemu/kvm-probe.sh --kernel $k --initrd "$initrd" 2>/dev/null) || rc=$?
if [ $prc = 1 ]; then
	check "a failed verdict is kept for this host boot (exit $rc, said so, no second boot)" \
		grep -q 'kept from an earlier probe' <(printf '%s\n' "$cached")
else
	check "a working verdict is kept for this host boot (exit $rc)" test "$rc" = "$prc"
fi
finish
