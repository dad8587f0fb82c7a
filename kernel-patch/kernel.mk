# Kernels built from source (kernel-patch/), included by the top-level Makefile.
#
#   make kernel             built-6.12 (baseline) and built-6.12-flagtable
#                           (baseline + kernel-patch/series, relinked from the
#                           baseline's objects) in .cache/kernels/
#   make kernel-baseline    only built-6.12
#   make kernel-debug       built-6.12-debug and built-6.12-flagtable-debug
#                           (+ kernel-patch/debug.config: KASAN, lockdep, ...)
#
# build-kernel.sh skips a kernel whose inputs (pinned source, config
# fragments, series) have not changed, so these targets are cheap to repeat.

BUILD_KERNEL := bash kernel-patch/build-kernel.sh

.PHONY: kernel kernel-baseline kernel-patched kernel-debug
kernel: kernel-patched

kernel-baseline:
	$(BUILD_KERNEL) --baseline

# The patched kernel reuses the baseline's objects: never build both at once.
kernel-patched: kernel-baseline
	$(BUILD_KERNEL) --patched

kernel-debug:
	$(BUILD_KERNEL) --baseline --debug
	$(BUILD_KERNEL) --patched --debug

# A built kernel asked for by path (by the module or guest rules).
.cache/kernels/built-6.12/release:
	$(BUILD_KERNEL) --baseline
.cache/kernels/built-6.12-flagtable/release:
	$(BUILD_KERNEL) --patched

# The flag-table verdict: make ab-flagtable (kernel-patch/ab.mk).
include kernel-patch/ab.mk
