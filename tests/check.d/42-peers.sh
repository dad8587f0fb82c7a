#!/usr/bin/env bash
# 42-peers: hmmbench against the kernel's in-tree peers, in one guest per
# kernel. On each kernel built from source (make kernel): `hmmbench verify`
# passes, test_hmm.ko (packed by mkinitramfs.sh, loaded by the job) and
# debugfs gup_test are present, and `hmmbench peers` finds test_hmm's
# SNAPSHOT protection and gup_test's pinned PFNs equal to hmmbench's stock
# entries for 4k, THP and hugetlb buffers, with peer figures for each kind.
# On Debian 6.12 (no test_hmm, no gup_test) both peers must be skipped with
# a reason, not failed. Guest files in build/check-peers/<kernel>/.
#
# Kernels that are not built are skipped unless HMMBENCH_REQUIRE_KERNELS=1;
# HMMBENCH_KERNEL_SUFFIX=-debug checks the debug pair (what make check builds).
# check: after the kernel build
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

root=build/check-peers
mkdir -p "$root"
py=/usr/bin/python3

step_rc() { cat "$1/$2.rc" 2>/dev/null || echo none; }

# peers_json FILE EXPR: evaluate a Python expression over the peers document d.
peers_json() {
	"$py" -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$1" "$2" 2>/dev/null
}

if make -s runner tests >"$root/make.log" 2>&1; then
	ok "make runner tests"
else
	not_ok_log "make runner tests" "$root/make.log"
	finish
fi

# shellcheck disable=SC2016 # expanded in the guest
job='
step() { name=$1; shift; echo "== $name: $*"; "$@" >"$name.out" 2>&1; echo $? >"$name.rc"; cat "$name.out"; }
for m in $(cat /lib/kmod/peers); do insmod /lib/kmod/$m.ko || echo "insmod $m failed"; done
ls /dev/hmm_dmirror0 /sys/kernel/debug/gup_test >peer-nodes.out 2>&1
'
for k in "built-6.12${HMMBENCH_KERNEL_SUFFIX:-}" "built-6.12-flagtable${HMMBENCH_KERNEL_SUFFIX:-}" debian-6.12; do
	dir=$root/$k
	if [ ! -f ".cache/kernels/$k/release" ]; then
		skip_unless_required "$k: not built or fetched (make kernel / make kernels)"
		continue
	fi
	if ! make -s "build/module/$k/hmm_bench.ko" >"$root/module-$k.log" 2>&1; then
		not_ok_log "$k: build the module" "$root/module-$k.log"
		continue
	fi
	rm -rf "$dir"
	mkdir -p "$dir"
	case $k in
	debian-*) kjob="$job
step peers hmmbench peers --kinds 4k --pages 512 --repeats 3 --out peers.json" ;;
	*) kjob="$job
step verify hmmbench verify
step peers hmmbench peers --out peers.json" ;;
	esac
	grc=0
	bash runners/qemu/guest-run.sh --kernel "$k" --out "$dir" --timeout 900 -- "$kjob" \
		>"$dir/guest-run.out" 2>&1 || grc=$?
	if [ ! -f "$dir/job.rc" ]; then
		not_ok_log "$k: the guest boots and finishes the job (guest-run exit $grc)" "$dir/guest-run.out"
		continue
	fi
	if [ "$grc" -eq 4 ]; then
		not_ok_log "$k: guest log free of oops/WARN/BUG" "$dir/guest-run.out"
	fi
	case $k in
	debian-*)
		# Indented so check.sh never mistakes the runner's count line for ours.
		sed 's/^/  | /' "$dir/peers.out" || true
		if [ "$(step_rc "$dir" peers)" = 0 ] &&
			[ "$(peers_json "$dir/peers.json" 'd["summary"]["failed"] == 0 and d["summary"]["skipped"] > 0 and not d["peers"]["test_hmm"]["available"] and not d["peers"]["gup_test"]["available"] and all(c["result"] == "skip" for c in d["checks"])')" = True ]; then
			ok "$k: no test_hmm, no gup_test: every peer check skipped with a reason, exit 0"
		else
			not_ok_log "$k: peers must be skipped, not failed (exit $(step_rc "$dir" peers))" "$dir/peers.out"
		fi
		continue
		;;
	esac
	if [ "$(step_rc "$dir" verify)" = 0 ]; then
		ok "$k: hmmbench verify ($(grep -E 'passed' "$dir/verify.out" | tail -1))"
	else
		not_ok_log "$k: hmmbench verify exit $(step_rc "$dir" verify)" "$dir/verify.out"
	fi
	sed 's/^/  | /' "$dir/peers.out" || true
	if [ "$(step_rc "$dir" peers)" != 0 ]; then
		not_ok_log "$k: hmmbench peers exit $(step_rc "$dir" peers)" "$dir/peers.out"
		continue
	fi
	if [ "$(peers_json "$dir/peers.json" 'd["peers"]["test_hmm"]["available"] and d["peers"]["gup_test"]["available"]')" = True ]; then
		ok "$k: test_hmm.ko loaded from the initramfs, debugfs gup_test present"
	else
		not_ok_log "$k: test_hmm or gup_test missing" "$dir/peer-nodes.out"
	fi
	for peer in test_hmm gup_test; do
		want=9
		[ $peer = gup_test ] && want=3
		n=$(peers_json "$dir/peers.json" "sum(c['peer'] == '$peer' and c['result'] == 'pass' for c in d['checks'])" || true)
		bad=$(peers_json "$dir/peers.json" "sum(c['result'] == 'fail' for c in d['checks'])" || true)
		if [ "${n:-0}" -eq "$want" ] && [ "${bad:-1}" -eq 0 ]; then
			ok "$k: $peer agrees with hmmbench on all $want cases (4k, thp, hugetlb2m)"
		else
			not_ok_log "$k: $peer: ${n:-0} of $want cases agree, ${bad:-?} failed" "$dir/peers.out"
		fi
	done
	if [ "$(peers_json "$dir/peers.json" 'len(d["figures"]) == 3 and all(f[k] is not None and f[k]["median"] > 0 for f in d["figures"] for k in ("hmmbench_snapshot_fixed_ns", "test_hmm_snapshot_wall_ns")) and all(f["gup_fast_get_us"] is not None for f in d["figures"])')" = True ]; then
		ok "$k: peer figures for 4k, thp, hugetlb2m (hmmbench, test_hmm, gup_test)"
	else
		not_ok_log "$k: peer figures incomplete" "$dir/peers.out"
	fi
done
finish
