# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
# Sourced by the driver scripts after they set $top, the directory they
# were found in (the source tree, or PREFIX/share/hmmbench when installed).
# It sets:
#   home  where the state lives: .cache/ (kernels), build/ (modules,
#         initramfs), results/. $HMMBENCH_HOME if set; else $top when it is
#         a source checkout (it has the Makefile); else the current
#         directory. Exported, so every script a script calls agrees.
#   hb    the hmmbench binary: $HMMBENCH_BIN (set by the binary that handed
#         over to the script), else $top/runners/hmmbench.
# need_checkout WHAT: exit 2 unless $home is a source checkout, which
# building modules and kernels needs (make -C "$home").
: "${top:?home.sh needs \$top, the directory of the scripts}"
if [ -n "${HMMBENCH_HOME:-}" ]; then
	home=$HMMBENCH_HOME
elif [ -f "$top/Makefile" ]; then
	home=$top
else
	home=$PWD
fi
export HMMBENCH_HOME=$home
# shellcheck disable=SC2034 # hb is for the scripts that source this file
hb=${HMMBENCH_BIN:-$top/runners/hmmbench}

need_checkout() {
	if [ ! -f "$home/Makefile" ] || [ ! -d "$home/bench-module" ]; then
		echo "hmmbench: $1 needs a source checkout: set HMMBENCH_HOME to one (now $home)" >&2
		exit 2
	fi
}
