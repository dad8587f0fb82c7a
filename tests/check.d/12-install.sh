#!/usr/bin/env bash
# 12-install: `make install` into a temporary prefix (with DESTDIR), then
# hmmbench run from there, in a directory outside the source tree, with the
# source tree out of reach of its lookups: --help, ab --help, kernel list
# (of an empty state directory, and of this tree's kernels through
# HMMBENCH_HOME), plot of a committed results file (PNG and SVG), doctor
# (exit code as its lines say), and the
# one-line refusals of what needs a source checkout. Then DKMS: the
# installed module source is added, built and installed with Debian's dkms
# for the Debian 6.1 and 6.12 headers in .cache/kernels/debian-*/kdir, in
# private dkms, source and install trees (nothing system-wide changes);
# the headers are fetched when missing. No QEMU; a minute. Logs in
# build/check-logs/12-install/.
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

logs=$(part_logs)
src=$PWD
work=$(mktemp -d /tmp/hmmbench-install.XXXXXX)
trap 'rm -rf "$work"' EXIT
stage=$work/stage prefix=/opt/hmmbench
version=$(sed -n 's/^HMM_BENCH_VERSION := //p' bench-module/Kbuild)

step "make install"
expect_rc_logged 0 "make install PREFIX=$prefix DESTDIR=..." "$logs/install.log" "$logs/install.log" \
	make -s install PREFIX="$prefix" DESTDIR="$stage"
bin=$stage$prefix/bin/hmmbench data=$stage$prefix/share/hmmbench
dkms_src=$stage/usr/src/hmm_bench-$version
for f in "$bin" "$data/runners/ab.sh" "$data/runners/home.sh" "$data/runners/kernel/kernel.sh" \
	"$data/runners/qemu/guest-run.sh" "$data/runners/qemu/kvm-probe.sh" "$data/plots/common.gp" "$data/kernel-patch/flagtable.matrix" \
	"$dkms_src/dkms.conf" "$dkms_src/Kbuild" "$dkms_src/hmm_bench_main.c"; do
	check "installed ${f#"$stage"}" test -s "$f"
done
check "dkms.conf PACKAGE_VERSION is the Kbuild version ($version)" \
	grep -qx "PACKAGE_VERSION=\"$version\"" bench-module/dkms.conf

# From here on, nothing may come from the source tree: run elsewhere, with
# the binary relocated (a copy of the staged prefix), so no compile-time or
# source path can be what made it work.
cp -a "$stage$prefix" "$work/moved"
bin=$work/moved/bin/hmmbench
run=$work/run
mkdir -p "$run"
cd "$run" || exit 1
unset HMMBENCH_DATADIR HMMBENCH_PLOTDIR HMMBENCH_HOME HMMBENCH_BIN

step "running the installed copy"
expect_rc_logged 0 "hmmbench --help" help.out help.err "$bin" --help
expect_grep "--help lists the commands" '^commands:' help.out
expect_rc_logged 0 "hmmbench ab --help" ab.out ab.err "$bin" ab --help
expect_grep "ab --help is ab.sh's usage" '^hmmbench ab: an A/B comparison' ab.out
expect_rc_logged 0 "hmmbench kernel list (empty state directory)" list.out list.err "$bin" kernel list
expect_grep "kernel list prints its header" '^NAME +RELEASE +CONFIG +SOURCE' list.out
check "kernel list: no kernel in an empty state directory" test "$(wc -l <list.out)" -eq 1
if [ -f "$src/.cache/kernels/debian-6.12/release" ]; then
	expect_rc_logged 0 "HMMBENCH_HOME=<checkout> hmmbench kernel list" home.out home.err \
		env HMMBENCH_HOME="$src" "$bin" kernel list
	expect_grep "kernel list with HMMBENCH_HOME names debian-6.12" '^debian-6\.12 ' home.out
else
	skip "kernel list with HMMBENCH_HOME: no debian-6.12 in .cache/kernels"
fi
cp "$src/results/reference/qemu-icount/debian-6.12/results.json" results.json
expect_rc_logged 0 "hmmbench plot results/reference/qemu-icount/debian-6.12/results.json" \
	plot.out plot.err "$bin" plot results.json --out plots
for f in ns-per-page-snapshot formats-snapshot write-patterns-fault-present; do
	check "plot wrote $f.png and $f.svg" test -s "plots/$f.png" -a -s "plots/$f.svg"
done
check "the PNG is a PNG" grep -q PNG <(head -c 8 plots/ns-per-page-snapshot.png)
check "the SVG is an SVG" grep -q '<svg' plots/ns-per-page-snapshot.svg

# doctor needs neither the module nor the tree: its exit code is what its
# lines say (a FAIL: 2, a warn: 1, else 0).
rc=0
"$bin" doctor >doctor.out 2>doctor.err || rc=$?
want=0
grep -q '^warn ' doctor.out && want=1
grep -q '^FAIL ' doctor.out && want=2
check "installed hmmbench doctor: exit $rc, as its lines say ($want)" test "$rc" = "$want"
expect_grep "installed doctor ends with its verdict" '^hmmbench doctor: (ready|runnable|not runnable)' doctor.out
expect_grep "installed doctor judges the module" '^(ok|warn|FAIL) +module ' doctor.out

# What needs a source checkout says so, on one line, exit 2.
expect_rc_logged 2 "ab without a checkout" abx.out abx.err "$bin" ab --a debian-6.1 --b debian-6.12
expect_grep "ab names the missing checkout" 'needs a source checkout' abx.err
check "ab's refusal is one line" test "$(wc -l <abx.err)" -eq 1
expect_rc_logged 2 "bisect without a checkout" bis.out bis.err "$bin" bisect --tree . --good a --bad b
expect_grep "bisect names the missing checkout" 'needs a source checkout' bis.err
expect_rc_logged 2 "HMMBENCH_DATADIR without data" dd.out dd.err env HMMBENCH_DATADIR=/nonexistent "$bin" ab --help
expect_grep "a bad HMMBENCH_DATADIR is named" 'no data directory' dd.err
cd "$src" || exit 1

step "DKMS"
# dkms signs a module when it finds the kernel's sign-file (Debian's
# headers packages ship one), with a key it would create in /var/lib/dkms:
# the key and its certificate are made private to this test instead
# (dkms takes them from the environment), so signing is exercised as on a
# Secure Boot machine and nothing system-wide changes.
signs() {
	local rel=$1
	[ -x "/usr/lib/linux-kbuild-${rel%.*}/scripts/sign-file" ] ||
		[ -x "/usr/src/linux-headers-$rel/scripts/sign-file" ] ||
		[ -x "/lib/modules/$rel/build/scripts/sign-file" ]
}
if ! command -v dkms >/dev/null; then
	not_ok "dkms is not installed (bash tools/install-deps.sh)"
else
	tree=$work/dkms
	mkdir -p "$tree/dkms" "$tree/modules"
	# A fresh checkout has no headers yet: fetch Debian's (no build, no QEMU).
	if ! make -s kernels KERNELS="debian-6.1 debian-6.12" >"$logs/make-kernels.log" 2>&1; then
		not_ok_log "make kernels KERNELS=\"debian-6.1 debian-6.12\"" "$logs/make-kernels.log"
	fi
	for k in debian-6.1 debian-6.12; do
		kdir=.cache/kernels/$k/kdir
		if [ ! -f "$kdir/Makefile" ]; then
			skip_unless_required "dkms for $k: no headers in $kdir (make kernels)"
			continue
		fi
		rel=$(cat ".cache/kernels/$k/release")
		mkdir -p "$tree/modules/$rel"
		dkms=(env mok_signing_key="$tree/mok.key" mok_certificate="$tree/mok.der"
			dkms --dkmstree "$tree/dkms" --sourcetree "$stage/usr/src" --installtree "$tree/modules"
			-k "$rel" --kernelsourcedir "$(cd "$kdir" && pwd -P)")
		log=$logs/dkms-$k
		if [ ! -d "$tree/dkms/hmm_bench/$version" ]; then
			expect_rc_logged 0 "dkms add hmm_bench/$version" "$log-add.log" "$log-add.log" \
				"${dkms[@]}" add "hmm_bench/$version"
		fi
		expect_rc_logged 0 "dkms build hmm_bench/$version for $k ($rel)" "$log-build.log" "$log-build.log" \
			"${dkms[@]}" build "hmm_bench/$version"
		expect_rc_logged 0 "dkms install hmm_bench/$version for $k" "$log-install.log" "$log-install.log" \
			"${dkms[@]}" install --no-depmod "hmm_bench/$version"
		ko=$(find "$tree/modules/$rel" -name 'hmm_bench.ko*' | head -1)
		if [ -n "$ko" ]; then
			ok "dkms installed ${ko#"$tree/modules/"}"
			check "$k: its vermagic is $rel" grep -q "^$rel " <(modinfo -F vermagic "$ko")
			check "$k: its version is $version" test "$(modinfo -F version "$ko")" = "$version"
			if signs "$rel"; then
				check "$k: signed with the test's own key" grep -qx 'DKMS module signing key' \
					<(modinfo -F signer "$ko")
			fi
		else
			not_ok_log "dkms installed no hmm_bench.ko for $k" "$log-build.log"
		fi
		"${dkms[@]}" status hmm_bench >"$log-status.log" 2>&1 || true
		check "dkms status: installed for $rel" grep -qF "hmm_bench/$version, $rel, x86_64: installed" "$log-status.log"
	done
fi
finish
