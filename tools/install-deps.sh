#!/usr/bin/env bash
# Install hmmbench's build and test dependencies from Debian (root needed).
# Idempotent: packages already present are left alone.
set -euo pipefail

packages=(
	build-essential pkg-config git
	# the runner
	libhwloc-dev hwloc libpfm4-dev libjansson-dev
	# kernel modules and kernels
	flex bison bc libelf-dev libssl-dev dwarves kmod cpio xz-utils zstd
	linux-source-6.12
	# the QEMU guest pipeline
	qemu-system-x86 busybox-static
	# plots and schema validation
	gnuplot-nox python3 python3-jsonschema
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
