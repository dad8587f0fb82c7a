#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# hmmbench lava: hmmbench as LAVA jobs (README "On a LAVA lab").
#
#   hmmbench lava job --kernel NAME --out DIR [options]
#       DIR/job.yaml, a LAVA job for device type qemu, with DIR/vmlinuz and
#       DIR/initramfs.cpio.gz (the hmmbench guest: module, runner, the LAVA
#       test's guest side) that it deploys
#   hmmbench lava device JOB [--templates DIR] [--out FILE]
#       the qemu device dictionary, rendered from lava-server's qemu.jinja2
#       with JOB's context as lava-server does (for lava-run on this host)
#   hmmbench lava run JOB --out DIR [--validate]
#       run JOB here with Debian's lava-run (root), under the QEMU lock;
#       --validate: only check it
#   hmmbench lava collect OUTPUT_DIR|LOG [--out DIR]
#       results.json and cases.txt from a finished job's log
#
# job options:
#   --kernel NAME     a registered kernel (.cache/kernels/NAME: debian-*,
#                     built-6.12*, or 'hmmbench kernel add/build' ones)
#   --matrix M        tiny | default | full (default tiny)
#   --mode M          icount | tcg (default icount: -icount shift=0,sleep=off)
#   --mem MB          guest memory (default 4096: the range plus hugetlb pages)
#   --timeout MIN     the test action's timeout (default 10, 120 for default
#                     and full)
#   --run-args ARGS   more 'hmmbench run' flags, e.g. "--samples 20"
#   --no-verify       no 'hmmbench verify' test cases
#   --module KO       pack KO instead of build/module/NAME/hmm_bench.ko
#   --url-base URL    where a lab's worker downloads DIR's files from
#                     (default file://DIR, for lava-run on this host)
#   --testdef-repo URL [--testdef-revision REV]
#                     take the test definition from this git repository
#                     (runners/lava/hmmbench-test.yaml) instead of inline
#   --name NAME       the job's name (default hmmbench-KERNEL-MODE-MATRIX)
#
# Exit: 0 done; 2 bad usage or input; lava run: lava-run's exit; lava
# collect: 0 every case passed, 1 a test case failed (results.json kept),
# 2 no usable job output (no log, job incomplete or timed out, results
# document missing, torn or corrupt).
set -euo pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=runners/home.sh
. "$top/runners/home.sh"
# shellcheck source=runners/qemu/kernel-cmdline.sh
. "$top/runners/qemu/kernel-cmdline.sh"
here=$top/runners/lava

die() { echo "hmmbench lava: $*" >&2; exit 2; }

usage() {
	sed -n '4,40p' "$0" | sed 's/^# \{0,1\}//'
}

# The lava-server package's device-type templates (base.jinja2, qemu.jinja2),
# unpacked into .cache/lava/ once: lava-server itself would pull Django.
lava_templates() {
	local cache=$home/.cache/lava debs
	local dir=$cache/lava-server/usr/share/lava-server/device-types
	if [ ! -f "$dir/qemu.jinja2" ]; then
		mkdir -p "$cache"
		# apt's package lists may be missing on a machine that had every
		# package already (tools/install-deps.sh updates them only to install).
		(cd "$cache" && apt-get download lava-server >download.log 2>&1) ||
			{ [ "$(id -u)" = 0 ] && apt-get update -qq >>"$cache/download.log" 2>&1 &&
				(cd "$cache" && apt-get download lava-server >>download.log 2>&1); } ||
			die "apt-get download lava-server failed ($cache/download.log); or give --templates DIR"
		debs=("$cache"/lava-server_*.deb)
		[ -f "${debs[0]}" ] || die "apt-get download lava-server left no .deb in $cache"
		rm -rf "$cache/lava-server"
		dpkg-deb -x "${debs[-1]}" "$cache/lava-server"
	fi
	echo "$dir"
}

cmd_job() {
	local kernel='' out='' matrix=tiny mode=icount mem=4096 timeout='' run_args='' verify=1
	local module='' url_base='' testdef_repo='' testdef_rev=master name=''
	while [ $# -gt 0 ]; do
		case $1 in
		--kernel) kernel=${2-}; shift 2 ;;
		--out) out=${2-}; shift 2 ;;
		--matrix) matrix=${2-}; shift 2 ;;
		--mode) mode=${2-}; shift 2 ;;
		--mem) mem=${2-}; shift 2 ;;
		--timeout) timeout=${2-}; shift 2 ;;
		--run-args) run_args=${2-}; shift 2 ;;
		--no-verify) verify=0; shift ;;
		--module) module=${2-}; shift 2 ;;
		--url-base) url_base=${2-}; shift 2 ;;
		--testdef-repo) testdef_repo=${2-}; shift 2 ;;
		--testdef-revision) testdef_rev=${2-}; shift 2 ;;
		--name) name=${2-}; shift 2 ;;
		-h | --help) usage; exit 0 ;;
		*) die "job: unknown argument '$1' (see hmmbench lava --help)" ;;
		esac
	done
	[ -n "$kernel" ] || die "job: --kernel NAME is required (hmmbench kernel list names them)"
	[ -n "$out" ] || die "job: --out DIR is required"
	case $matrix in tiny | default | full) ;; *) die "job: --matrix must be tiny, default or full, not '$matrix'" ;; esac
	case $mode in icount | tcg) ;; *) die "job: --mode must be icount or tcg, not '$mode'" ;; esac
	[[ $mem =~ ^[1-9][0-9]*$ ]] || die "job: --mem must be a number of MiB, not '$mem'"
	if [ -z "$timeout" ]; then
		timeout=10
		[ "$matrix" = tiny ] || timeout=120
	fi
	[[ $timeout =~ ^[1-9][0-9]*$ ]] || die "job: --timeout must be a number of minutes, not '$timeout'"
	[[ $run_args =~ [\'\"\\] ]] && die "job: --run-args must not contain quotes or backslashes"
	local kdir=$home/.cache/kernels/$kernel
	{ [ -e "$kdir/vmlinuz" ] && [ -f "$kdir/release" ]; } ||
		die "job: kernel '$kernel' is not in $kdir ($(case $kernel in
			debian-* | built-6.12*) echo "run: make kernels KERNELS=$kernel" ;;
			*) echo "register it: hmmbench kernel add $kernel --tree DIR" ;;
			esac))"
	: "${module:=$home/build/module/$kernel/hmm_bench.ko}"
	[ -f "$module" ] || die "job: no module $module (make build/module/$kernel/hmm_bench.ko, or --module KO)"
	[ -x "$hb" ] || die "job: no runner $hb (make runner)"
	: "${name:=hmmbench-$kernel-$mode-$matrix}"

	mkdir -p "$out"
	out=$(cd "$out" && pwd)
	: "${url_base:=file://$out}"
	url_base=${url_base%/}

	# The guest: the initramfs guest-run.sh boots, plus the LAVA test's guest
	# side in /usr/share/hmmbench/lava (mkinitramfs.sh --add).
	local add
	add=$(mktemp -d "${TMPDIR:-/tmp}/hmmbench-lava-add.XXXXXX")
	# shellcheck disable=SC2064 # $add is fixed now
	trap "rm -rf '$add'" EXIT
	install -d "$add/usr/share/hmmbench/lava"
	install -m 0755 "$here/guest-test.sh" "$top/runners/qemu/scan-kernel-log.sh" \
		"$add/usr/share/hmmbench/lava/"
	install -m 0644 "$top/runners/qemu/kernel-report.pattern" \
		"$top/runners/qemu/known-kernel-reports.awk" "$add/usr/share/hmmbench/lava/"
	bash "$top/runners/qemu/mkinitramfs.sh" --kernel "$kernel" --out "$out/initramfs.cpio.gz" \
		--module "$module" --add "$add"
	cp "$kdir/vmlinuz" "$out/vmlinuz.tmp.$$"
	mv "$out/vmlinuz.tmp.$$" "$out/vmlinuz"

	# The kernel command line: guest-run.sh's (kernel-cmdline.sh), with
	# LAVA's console speed, without 'panic=-1' (LAVA watches for the panic;
	# a rebooting guest would hide it) and with no 'quiet' (LAVA waits for
	# the "Linux version" banner).
	local append
	append="console=ttyS0,115200 $(guest_kernel_args "$kdir" "$mode") hmmbench.lava=1"
	local extra="      - -cpu max"
	if [ "$mode" = icount ]; then
		# 6.1 hangs at SMP bring-up with -icount and 2 CPUs (guest-run.sh).
		extra+=$'\n'"      - -smp 1"$'\n'"      - -icount shift=0,sleep=off"
	else
		extra+=$'\n'"      - -smp 2"
	fi
	local kernel_sha initrd_sha testdef
	kernel_sha=$(sha256sum "$out/vmlinuz" | cut -d' ' -f1)
	initrd_sha=$(sha256sum "$out/initramfs.cpio.gz" | cut -d' ' -f1)
	if [ -n "$testdef_repo" ]; then
		testdef="    - from: git
      repository: $testdef_repo
      revision: $testdef_rev
      path: runners/lava/hmmbench-test.yaml
      name: hmmbench"
	else
		testdef="    - from: inline
      name: hmmbench
      path: inline/hmmbench-test.yaml
      repository:
$(grep -v '^#' "$here/hmmbench-test.yaml" | sed '/^$/d; s/^/        /')"
	fi

	cat >"$out/job.yaml.tmp" <<EOF
# Written by 'hmmbench lava job' for
# kernel $kernel ($(cat "$kdir/release")), mode $mode, matrix $matrix.
# Submit: lavacli jobs submit job.yaml; the worker downloads the images from
# $url_base/ (for a lab: 'hmmbench lava job --url-base URL' and publish them).
# Run here: hmmbench lava run job.yaml --out DIR; then hmmbench lava collect DIR.
device_type: qemu
job_name: $name
priority: medium
visibility: public

timeouts:
  job:
    minutes: $((timeout + 15))
  action:
    minutes: 5
  connection:
    minutes: 2

# The guest runs under TCG (no_kvm): -icount needs it, and it is what
# hmmbench's icount figures mean. memory: the measured range plus the
# hugetlb pages. extra_options: QEMU flags beyond the qemu device type's.
context:
  arch: amd64
  no_kvm: true
  memory: $mem
  extra_options:
$extra

actions:
# The initramfs is the guest's whole root file system. LAVA unpacks it
# (format, compression), adds its test shell (overlays: lava) and packs it
# again. On a real board the same images deploy with 'to: tftp' (kernel:
# {url: ...}, ramdisk: {url: ..., compression: gz, install_overlay: true})
# and boot with the board's method (ipxe, grub, u-boot; commands: ramdisk);
# or as an NFS root ('to: tftp' with nfsrootfs: {url: TARBALL of the same
# tree, compression: gz}; commands: nfs). README "On a LAVA lab" has both.
- deploy:
    timeout:
      minutes: 5
    to: tmpfs
    os: oe
    images:
      kernel:
        image_arg: -kernel {kernel} -append "$append"
        url: $url_base/vmlinuz
        sha256sum: $kernel_sha
      initrd:
        image_arg: -initrd {initrd}
        url: $url_base/initramfs.cpio.gz
        sha256sum: $initrd_sha
        format: cpio.newc
        compression: gz
        overlays:
          lava: true

# guest-init leaves a shell on the console with this prompt.
- boot:
    timeout:
      minutes: 5
    method: qemu
    media: tmpfs
    prompts:
    - 'hmmbench-lava# '

- test:
    timeout:
      minutes: $timeout
    definitions:
$testdef
      parameters:
        MATRIX: $matrix
        VERIFY: "$verify"
        RUN_ARGS: "$run_args"
EOF
	mv "$out/job.yaml.tmp" "$out/job.yaml"
	echo "hmmbench lava: $out/job.yaml (images $url_base/vmlinuz, $url_base/initramfs.cpio.gz)"
}

cmd_device() {
	local job='' templates='' out=''
	while [ $# -gt 0 ]; do
		case $1 in
		--templates) templates=${2-}; shift 2 ;;
		--out) out=${2-}; shift 2 ;;
		-h | --help) usage; exit 0 ;;
		-*) die "device: unknown option '$1'" ;;
		*) [ -z "$job" ] || die "device: one JOB only"; job=$1; shift ;;
		esac
	done
	[ -n "$job" ] || die "device: give the job file (hmmbench lava device JOB)"
	[ -f "$job" ] || die "device: no job file '$job'"
	[ -n "$templates" ] || templates=$(lava_templates)
	[ -f "$templates/qemu.jinja2" ] || die "device: no qemu.jinja2 in $templates"
	if [ -n "$out" ]; then
		python3 "$here/lava-device.py" "$templates" "$job" >"$out.tmp.$$"
		mv "$out.tmp.$$" "$out"
	else
		python3 "$here/lava-device.py" "$templates" "$job"
	fi
}

cmd_run() {
	local job='' out='' validate=0
	while [ $# -gt 0 ]; do
		case $1 in
		--out) out=${2-}; shift 2 ;;
		--validate) validate=1; shift ;;
		-h | --help) usage; exit 0 ;;
		-*) die "run: unknown option '$1'" ;;
		*) [ -z "$job" ] || die "run: one JOB only"; job=$1; shift ;;
		esac
	done
	{ [ -n "$job" ] && [ -f "$job" ]; } || die "run: give an existing job file (hmmbench lava run JOB --out DIR)"
	[ -n "$out" ] || die "run: --out DIR is required"
	command -v lava-run >/dev/null ||
		die "run: no lava-run (apt-get install --no-install-recommends lava-dispatcher lava-common)"
	[ "$(id -u)" = 0 ] || die "run: lava-run needs root"
	mkdir -p "$out"
	out=$(cd "$out" && pwd)
	cmd_device "$job" --out "$out/device.yaml"
	# lava-run's work directory is /var/lib/lava/dispatcher/tmp/ID: an id of
	# this process's, so runs from several checkouts do not share one.
	local job_id=$$
	if [ $validate = 1 ]; then
		lava-run --validate --job-id "$job_id" --output-dir "$out" --device "$out/device.yaml" "$job"
		return
	fi
	# Every QEMU boot on this host takes the lock guest-run.sh takes; the
	# wall time is lava-run's alone, the wait for the lock left out.
	local lock=${HMMBENCH_QEMU_LOCK:-/tmp/hmmbench-qemu.lock} rc=0 start end
	if [ "$lock" != none ]; then
		exec 9>"$lock"
		flock -n 9 || { echo "hmmbench lava: waiting for $lock (another QEMU boot is running)" >&2; flock 9; }
	fi
	start=$(date +%s.%N)
	lava-run --job-id "$job_id" --output-dir "$out" --device "$out/device.yaml" "$job" \
		>"$out/lava-run.log" 2>&1 || rc=$?
	end=$(date +%s.%N)
	[ "$lock" = none ] || exec 9>&-
	printf 'hmmbench lava: lava-run exit %s, %.1f s wall; its log: %s\n' \
		"$rc" "$(echo "$end - $start" | bc)" "$out/lava-run.log" >&2
	return "$rc"
}

cmd_collect() {
	python3 "$here/lava-collect.py" "$@"
}

[ $# -gt 0 ] || { usage >&2; exit 2; }
sub=$1
shift
case $sub in
job) cmd_job "$@" ;;
device) cmd_device "$@" ;;
run) cmd_run "$@" ;;
collect) cmd_collect "$@" ;;
-h | --help | help) usage ;;
*) die "unknown subcommand '$sub' (job, device, run, collect; see hmmbench lava --help)" ;;
esac
