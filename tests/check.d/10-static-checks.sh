#!/usr/bin/env bash
# 10-static-checks: shellcheck on every shell script of the project, and
# sparse on the module (a few seconds, no QEMU).
#
# The scripts are every *.sh and every file whose first line names sh, bash
# or busybox sh, under runners/, tools/, tests/, kernel-patch/, examples/
# and .ci/: each must be shellcheck-clean at every severity (run from the
# top with -x, so sourced files are followed). A finding the code is right
# about is silenced where it stands, with a reason:
# '# shellcheck disable=SCnnnn # why'.
#
# sparse: the module built with C=1 against Debian 6.12's headers
# (.cache/kernels/debian-6.12/kdir, fetched when missing) in a directory of
# its own, so every file is checked; any sparse warning or error fails.
# Logs in build/check-logs/10-static-checks/.
set -euo pipefail
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/lib.sh
. tests/lib.sh

logs=$(part_logs)

# The project's shell scripts, one per line, sorted.
scripts() {
	local f first
	find runners tools tests kernel-patch examples .ci -type f ! -path 'runners/src/*' | sort |
		while IFS= read -r f; do
			case $f in
			*.sh) echo "$f" ;;
			*)
				IFS= read -r first <"$f" || true
				case $first in '#!'*[/\ ]sh | '#!'*[/\ ]sh\ * | '#!'*bash*) echo "$f" ;; esac
				;;
			esac
		done
}

step "shellcheck"
if ! command -v shellcheck >/dev/null; then
	not_ok "shellcheck is not installed (bash tools/install-deps.sh)"
else
	mapfile -t files < <(scripts)
	ok "$(shellcheck --version | sed -n 's/^version: /shellcheck /p'): ${#files[@]} scripts found"
	findings=0
	for f in "${files[@]}"; do
		log=$logs/shellcheck-$(tr / - <<<"$f").log
		if shellcheck -x "$f" >"$log" 2>&1; then
			ok "shellcheck $f"
		else
			n=$(grep -cE '^In .* line [0-9]+:' "$log" || true)
			findings=$((findings + ${n:-0}))
			not_ok "shellcheck $f: ${n:-?} findings"
			grep -A2 -E '^In .* line [0-9]+:' "$log" | head -30 | sed 's/^/  | /' || true
		fi
	done
	echo "  shellcheck: $findings findings in ${#files[@]} scripts"
fi

step "sparse"
kernel=debian-6.12
kdir=.cache/kernels/$kernel/kdir
if ! command -v sparse >/dev/null; then
	not_ok "sparse is not installed (bash tools/install-deps.sh)"
	finish
fi
if [ ! -d "$kdir" ] && ! make -s ".cache/kernels/$kernel/release" >"$logs/make-kernel.log" 2>&1; then
	not_ok_log "the $kernel headers for sparse (make .cache/kernels/$kernel/release)" "$logs/make-kernel.log"
	finish
fi
# A directory of its own: C=1 checks the files it compiles, here all of them.
dir=build/check-module/$kernel-sparse
rm -rf "$dir"
mkdir -p "$dir"
ln -sfn "$PWD"/bench-module/*.c "$PWD"/bench-module/*.h "$PWD/bench-module/Kbuild" "$dir/"
log=$logs/sparse-$kernel.log
if nice make -C "$kdir/" M="$PWD/$dir" C=1 modules >"$log" 2>&1; then
	ok "make C=1 against $kernel's headers builds"
else
	not_ok_log "make C=1 against $kernel's headers builds" "$log"
fi
checked=$(grep -cE '^ +CHECK ' "$log" || true)
sources=(bench-module/*.c)
if [ "${checked:-0}" -eq "${#sources[@]}" ]; then
	ok "sparse checked all ${#sources[@]} module sources"
else
	not_ok "sparse checked ${checked:-0} of the ${#sources[@]} module sources ($log)"
fi
findings=$(grep -cE ':[0-9]+:[0-9]+: (warning|error):' "$log" || true)
if [ "${findings:-0}" -eq 0 ]; then
	ok "sparse: no findings in bench-module/"
else
	not_ok "sparse: $findings findings in bench-module/ ($log)"
	grep -E ':[0-9]+:[0-9]+: (warning|error):' "$log" | sed "s|$PWD/$dir/|bench-module/|; s/^/  | /" | head -40 || true
fi
finish
