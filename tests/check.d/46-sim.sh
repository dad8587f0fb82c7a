#!/usr/bin/env bash
# 46-sim: the cache-simulation mode end to end on Debian 6.12, in two
# sim-mode boots (-icount plus build/sim/hmm_sim_plugin.so) with a one-
# configuration matrix (snapshot, 4k, 2M, fixed). Each boot runs it three
# times: with no injected cost, with inject_lines_per_page=1 (a fresh cache
# line of a large buffer per page) and with inject_ns_per_page=6 (a
# busy-wait of about the same instructions). Checked: the plugin's windows
# pair with every run's samples (hmmbench sim-merge's cross-check: icount
# time minus window instructions within [0, 128]); both injections add
# about the same instructions (icount sees them alike), sim:cycles ranks
# the memory one over ten times higher, and sim:llc-misses grows by about
# one per page for it alone; boot B runs the plugin with
# check-shortcuts=on (every fetch and data access looked up the long way,
# each place a shortcut would have answered differently counted: none may);
# boot B's runs have boot A's median
# instructions, loads and stores exactly and its median sim:cycles within
# 0.5%, the verdict threshold compare applies to qemu-sim (so an A/A never
# reads as a change): the misses depend on the physical pages a boot's
# allocations get, which differ a little between boots (seen: 688 against
# 689 L1d misses a call; 5 L1d misses a call in one boot and none in the
# other, -0.18% sim:cycles, for the busy-wait run), and a single call can
# differ more where a virtio interrupt, timed
# by the host, lands in it in one boot only (icount time differs there
# too); the largest one-call difference is printed. Also the one-line
# errors: inject_lines_per_page over its limit, a QEMU without plugin
# support. Guest files in build/check-sim/; the figures are printed.
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

kernel=debian-6.12
dir=build/check-sim
hb=runners/hmmbench
logs=$(part_logs)
report_file=$logs/figures.txt
report_title="sim figures (Debian 6.12, snapshot/4k/2M/fixed)"
: >"$report_file"

step "make sim-plugin runner tests build/module/$kernel/hmm_bench.ko"
if make -s sim-plugin runner tests "build/module/$kernel/hmm_bench.ko" >"$logs/make.log" 2>&1; then
	ok "make sim-plugin runner tests build/module/$kernel/hmm_bench.ko"
else
	not_ok_log "make sim-plugin runner tests build/module/$kernel/hmm_bench.ko" "$logs/make.log"
	finish
fi

# A QEMU without -plugin: the header fetch and guest-run say what to install.
fake=$(mktemp -d)
trap 'rm -rf "$fake"' EXIT
printf '#!/bin/sh\necho "-icount [shift=N]"\n' >"$fake/qemu-system-x86_64"
chmod +x "$fake/qemu-system-x86_64"
expect_rc_logged 2 "fetch-plugin-header.sh with a QEMU without plugin support" "$logs/noplugin.out" \
	"$logs/noplugin.out" env PATH="$fake:$PATH" bash sim-plugin/fetch-plugin-header.sh
expect_grep "  ... names what to install" 'without TCG plugin support.*install' "$logs/noplugin.out"
expect_rc_logged 2 "guest-run.sh --mode sim with a QEMU without plugin support" "$logs/noplugin-run.out" \
	"$logs/noplugin-run.out" env PATH="$fake:$PATH" bash runners/qemu/guest-run.sh --kernel "$kernel" \
	--out "$dir/none" --mode sim -- true
expect_grep "  ... names what to install" 'plugin support.*install' "$logs/noplugin-run.out"

rm -rf "$dir"
mkdir -p "$dir/a" "$dir/b"
cat >"$dir/a/matrix.txt" <<'EOF2'
ops      = snapshot
kinds    = 4k
sizes    = 2M
formats  = fixed
patterns = none
samples  = 20
warmup   = 1
rounds   = 2
seed     = 47
EOF2
cp "$dir/a/matrix.txt" "$dir/b/matrix.txt"
cat >"$dir/a/job.txt" <<'EOF2'
p=/sys/module/hmm_bench/parameters
run() { hmmbench run --matrix matrix.txt --out "$1" --quiet --events none; }
if echo 17 >$p/inject_lines_per_page 2>/dev/null; then echo lines-over-limit-accepted; else echo lines-over-limit-refused; fi
run base.json
echo 1 >$p/inject_lines_per_page && run lines.json && echo 0 >$p/inject_lines_per_page
echo 6 >$p/inject_ns_per_page && run ns.json && echo 0 >$p/inject_ns_per_page
EOF2
cp "$dir/a/job.txt" "$dir/b/job.txt"

for boot in a b; do
	step "sim boot $boot"
	rc=0
	plugin_args=
	[ "$boot" = b ] && plugin_args=check-shortcuts=on
	HMMBENCH_SIM_CACHES=$plugin_args bash runners/qemu/guest-run.sh --kernel "$kernel" \
		--out "$dir/$boot" --mode sim --timeout 600 \
		-- "sh job.txt" >"$dir/$boot/guest-run.out" 2>&1 || rc=$?
	if [ "$rc" -eq 0 ] && grep -qx 'sim_merge=ok' "$dir/$boot/guest-run.txt"; then
		ok "sim boot $boot: the job ran and sim-merge paired every run ($(sed -n 's/^wall_s=//p' "$dir/$boot/guest-run.txt") s)"
		echo "boot $boot: $(sed -n 's/^wall_s=//p' "$dir/$boot/guest-run.txt") s wall under the plugin" >>"$report_file"
	else
		not_ok_log "sim boot $boot (exit $rc)" "$dir/$boot/guest-run.out"
		finish
	fi
done

shortcuts=$(sed -n 's/^end windows .* shortcut-checks \([0-9]*\) shortcut-errors \([0-9]*\)$/\1 \2/p' \
	"$dir/b/sim-windows.txt")
read -r shortcut_checks shortcut_errors <<<"${shortcuts:-none none}"
echo "boot B: $shortcut_checks accesses a shortcut answers, checked the long way: $shortcut_errors differ" >>"$report_file"
# shellcheck disable=SC2317 # called through check
positive() { [[ $1 =~ ^[0-9]+$ ]] && [ "$1" -gt 0 ]; }
check "boot B checked the plugin's shortcuts on every access they answer ($shortcut_checks)" \
	positive "$shortcut_checks"
check "... and none answered differently than the long way ($shortcut_errors)" test "$shortcut_errors" = 0

for f in base lines ns; do
	if /usr/bin/python3 tests/validate-results.py "$dir/a/$f.json" results/schema.json >"$logs/schema-$f.out" 2>&1; then
		ok "$f.json (with its sim counters and context.sim) validates against results/schema.json"
	else
		not_ok_log "$f.json does not validate against results/schema.json" "$logs/schema-$f.out"
	fi
done
expect_grep "inject_lines_per_page refuses 17" '^lines-over-limit-refused$' "$dir/a/job.log"

# The figures: per run, the median per page of icount time and of each sim counter.
figures=$(/usr/bin/python3 - "$dir" <<'EOF2' 2>&1 || true
import json, statistics, sys
d = sys.argv[1]
def load(p):
    b = json.load(open(p))
    return b, b["benchmarks"][0]
med = lambda xs: statistics.median(xs)
runs = {k: load(f"{d}/{p}") for k, p in
        [("base", "a/base.json"), ("lines", "a/lines.json"), ("ns", "a/ns.json"),
         ("base-b", "b/base.json"), ("lines-b", "b/lines.json"), ("ns-b", "b/ns.json")]}
def fig(k, name):
    doc, b = runs[k]
    if name == "icount":
        return med([s / b["pages"] for s in b["samples_ns"]])
    return med(b["counters"]["sim:" + name]["samples_per_page"])
worst = 0
for k, (doc, b) in runs.items():
    cc = doc["context"]["sim"]["cross_check"]
    assert cc["configurations_without"] == 0 and cc["samples"] == len(b["samples_ns"]), k
    worst = max(worst, cc["icount_minus_window_max"])
names = ["icount", "instructions", "cycles", "llc-misses", "l1d-misses", "l2-misses"]
base = {n: fig("base", n) for n in names}
delta = {k: {n: fig(k, n) - base[n] for n in names} for k in ("lines", "ns")}
same, spread = True, 0
for k in ("base", "lines", "ns"):
    for n in ["instructions", "loads", "stores", "cycles"]:
        a = runs[k][1]["counters"]["sim:" + n]["samples_per_page"]
        b = runs[k + "-b"][1]["counters"]["sim:" + n]["samples_per_page"]
        if n == "cycles":
            same = same and abs(med(a) - med(b)) <= 0.005 * med(a)
            pages = runs[k][1]["pages"]
            spread = max([spread] + [abs(x - y) * pages for x, y in zip(a, b)])
        else:
            same = same and med(a) == med(b)
print(worst, "%.3f %.3f" % (delta["lines"]["icount"], delta["ns"]["icount"]),
      "%.3f %.3f" % (delta["lines"]["cycles"], delta["ns"]["cycles"]),
      "%.3f %.3f" % (delta["lines"]["llc-misses"], delta["ns"]["llc-misses"]), int(same), round(spread))
EOF2
)
if [[ $figures =~ ^[0-9]+\ [-0-9.]+\ [-0-9.]+\ [-0-9.]+\ [-0-9.]+\ [-0-9.]+\ [-0-9.]+\ [01]\ [0-9]+$ ]]; then
	ok "every run has sim counters for every sample"
else
	not_ok "the sim figures could not be read: $figures"
	finish
fi
read -r worst di_lines di_ns dc_lines dc_ns dl_lines dl_ns same spread <<<"$figures"
{
	echo "cross-check: largest icount time - window instructions of any sample: $worst"
	echo "added per page, inject_lines_per_page=1: icount $di_lines, sim:cycles $dc_lines, sim:llc-misses $dl_lines"
	echo "added per page, inject_ns_per_page=6:    icount $di_ns, sim:cycles $dc_ns, sim:llc-misses $dl_ns"
	echo "boot A against boot B: medians alike: $same; largest sim:cycles difference of one call: $spread"
} >>"$report_file"
# shellcheck disable=SC2317 # called through check
awkcheck() { awk -v a="$2" -v b="$3" "BEGIN { exit !($1) }"; }
check "cross-check: every sample's icount time is its window's instructions plus at most 128 ($worst)" \
	awkcheck 'a >= 0 && a <= 128' "$worst" 0
check "icount sees the two injections alike (+$di_lines vs +$di_ns per page, within 1.5x)" \
	awkcheck 'a > 0 && b > 0 && a <= 1.5 * b && b <= 1.5 * a' "$di_lines" "$di_ns"
check "sim:cycles ranks the memory injection over 10x higher (+$dc_lines vs +$dc_ns per page)" \
	awkcheck 'a > 10 * b && a > 0' "$dc_lines" "$dc_ns"
check "sim:llc-misses grows by about one per page for the memory injection (+$dl_lines)" \
	awkcheck 'a >= 0.9 && a <= 1.2' "$dl_lines" 0
check "... and not for the busy-wait (+$dl_ns)" awkcheck 'a < 0.1 && a > -0.1' "$dl_ns" 0
check "repeatable: boot B's three runs have boot A's median instructions, loads, stores, and sim:cycles within 0.5%" test "$same" = 1
expect_rc_logged 0 "compare A B baseline (qemu-sim, on sim:cycles: no change)" "$logs/compare.out" \
	"$logs/compare.out" "$hb" compare "$dir/a/base.json" "$dir/b/base.json"
expect_grep "  ... says it judged sim:cycles" 'verdict .* sim:cycles' "$logs/compare.out"
finish
