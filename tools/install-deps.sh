#!/usr/bin/env bash
# Install hmmbench's build and test dependencies from Debian (root needed).
# Idempotent: packages already present are left alone.
#
# --ci-tools: also gitlab-ci-local (npm), which tests/check.d/38-ci-examples.sh
# runs examples/ci/gitlab-ci.yml with, into .cache/npm/ (no root needed; only
# when npm is there). Pinned: 4.75 needs Node 22 (Set.prototype.union), Debian
# 12's and this project's machines have Node 20.
set -euo pipefail

if [ "${1-}" = --ci-tools ]; then
	cd "$(dirname "$0")/.."
	gcl=.cache/npm/node_modules/.bin/gitlab-ci-local
	if [ -x "$gcl" ] && "$gcl" --version >/dev/null 2>&1; then
		echo "install-deps: gitlab-ci-local $("$gcl" --version) present"
		exit 0
	fi
	command -v npm >/dev/null ||
		{ echo "install-deps: --ci-tools needs npm (apt-get install npm)" >&2; exit 2; }
	mkdir -p .cache/npm
	npm install --prefix .cache/npm --no-audit --no-fund gitlab-ci-local@4.60.0
	exit 0
elif [ $# -gt 0 ]; then
	echo "install-deps: unknown argument '$1' (only --ci-tools)" >&2
	exit 2
fi

packages=(
	build-essential pkg-config git
	# running examples/ci/gitlab-ci.yml with gitlab-ci-local (--ci-tools)
	rsync
	# the runner
	libhwloc-dev hwloc libpfm4-dev libjansson-dev zlib1g-dev
	# kernel modules and kernels
	flex bison bc libelf-dev libssl-dev dwarves kmod cpio xz-utils zstd
	# DKMS builds of the module (tests/check.d/12-install.sh)
	dkms
	# kernel builds share their objects through .cache/ccache (a bisection's
	# first build compiles from the debug baseline's)
	ccache
	linux-source-6.12
	# the QEMU guest pipeline
	qemu-system-x86 busybox-static
	# plots and schema validation
	gnuplot-nox python3 python3-jsonschema
	# static checks (tests/check.d/10-static-checks.sh)
	shellcheck sparse
	# LAVA jobs run here standalone (hmmbench lava run, tests/check.d/
	# 47-lava.sh): Debian's dispatcher, ~150 packages without recommends;
	# hmmbench lava collect and device need only the YAML and jinja2 modules
	lava-dispatcher lava-common python3-yaml python3-jinja2
)

missing=()
for p in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
	echo "install-deps: all ${#packages[@]} packages present"
	exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages: ${missing[*]}; run as root: sudo $0" >&2
	exit 2
fi
echo "install-deps: installing ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
